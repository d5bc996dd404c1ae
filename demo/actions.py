"""Last year's accountability (问责), through the same services as the staff's pages.

- 34 units criticised in a circular (通报批评) for what inspections found in them;
- after the special inspections, 7 people (4 of them 副科级以上): the party secretary of
  桃源 (small coffers), a deputy town head of 河口 (project changes), two deputy heads of
  stationed discipline groups, and three officials for efficiency;
- after the 华发 case, 8 people: 柳林's town head and a deputy town head, the heads of
  the two departments' enforcement brigades, and four officials for efficiency;
- the double inquiries (一案双查) of last year's closed major cases: where the violation
  happened in 石桥 or 红星, the township's party secretary (main responsibility) and
  discipline secretary (supervisory) were held accountable; every other leader was
  cleared with reasons;
- 71 people under efficiency accountability in all (5 of them 副科级以上), mostly for
  what the open and covert visits and the online monitoring found.

Every official answers once. Idempotent through the case register of the year (see
demo.py): this step runs only when that year's cases were just written.
"""

import random
from collections.abc import Iterator
from datetime import date, timedelta

from django.contrib.auth.models import User

from accountability.models import AccountabilityAction, Case, Inquiry, Responsibility
from accountability.services.actions import decide_action
from accountability.services.inquiries import clear_inquiry, open_double_inquiry
from demo import city
from demo import enforcement_texts as texts
from inspections.models import Finding, Inspection
from responsibilities.models import BottomLine, Official, Subject, Unit

Measure = AccountabilityAction.Measure
Source = AccountabilityAction.Source
Rank = Official.Rank
SENIOR_RANKS = (
    Rank.COUNTY_CHIEF,
    Rank.COUNTY_DEPUTY,
    Rank.SECTION_CHIEF,
    Rank.SECTION_DEPUTY,
)
UNITS_CRITICISED = 34
EFFICIENCY = 71
EFFICIENCY_SENIOR = 5
# (township or unit code, post, responsibility, special inspection topic or None for 华发)
SPECIAL_LEADERS = (
    ("ZZ-T08", "党委书记", Responsibility.MAIN, Inspection.Topic.SMALL_COFFERS),
    ("ZZ-T06", "副镇长", Responsibility.MAIN, Inspection.Topic.PROJECT_CHANGES),
    ("ZZ-JW-G2", "纪检副组长", Responsibility.SUPERVISORY, Inspection.Topic.TENDERING),
    (
        "ZZ-JW-G3",
        "纪检副组长",
        Responsibility.SUPERVISORY,
        Inspection.Topic.ADVANCE_PAYMENTS,
    ),
)
SPECIAL_EFFICIENCY = (
    ("ZZ-D05", Inspection.Topic.TENDERING),
    ("ZZ-D09", Inspection.Topic.ADVANCE_PAYMENTS),
    ("ZZ-D13", Inspection.Topic.SMALL_COFFERS),
)
HUAFA_MAIN = (
    ("ZZ-T05", "镇长"),
    ("ZZ-T05", "副镇长"),
    ("ZZ-D11", "生态环境保护综合行政执法大队大队长"),
    ("ZZ-D12", "市场监管综合执法大队大队长"),
)
HUAFA_EFFICIENCY = (
    ("ZZ-D11", "生态环境保护综合行政执法大队副大队长"),
    ("ZZ-D12", "市场监管综合执法大队副大队长"),
    ("ZZ-T05", "村镇建设办公室主任"),
    ("ZZ-T05", "一级科员"),
)
# The kinds of inspection whose findings the remaining efficiency cases come from.
VISIT_KINDS = (
    Inspection.Kind.OPEN_VISIT,
    Inspection.Kind.COVERT_VISIT,
    Inspection.Kind.ONLINE_MONITORING,
)
LEADER_MEASURES = (Measure.ADMONISHMENT, Measure.CIRCULATED, Measure.REASSIGNMENT)
EFFICIENCY_MEASURES = (
    Measure.ORDERED_SELF_EXAMINATION,
    Measure.ADMONISHMENT,
    Measure.CIRCULATED,
    Measure.ORDERED_SELF_EXAMINATION,
)


def reserve(units: dict[str, Unit]) -> set[int]:
    """Return the officials held accountable by name, before the cases take theirs."""
    named = [
        *((c, p) for c, p, _r, _t in SPECIAL_LEADERS),
        *HUAFA_MAIN,
        *HUAFA_EFFICIENCY,
    ]
    return {_official(units, code, post).pk for code, post in named}


def _official(units: dict[str, Unit], code: str, post: str) -> Official:
    official = (
        Official.objects.active()
        .filter(unit=units[code], post=post)
        .select_related("unit")
        .order_by("pk")
        .first()
    )
    assert official is not None, f"{code} has a {post}"
    return official


class Decider:
    """Decide the year's actions through the service, numbering them and citing the
    year's bottom lines. Every draw of chance comes from one generator, in order."""

    def __init__(self, *, year: int, staff: User, rng: random.Random) -> None:
        self.year, self.staff, self.rng = year, staff, rng
        self.lines = {
            subject: list(BottomLine.objects.filter(year=year, subject=subject))
            for subject in Subject.values
        }
        self.count = 0

    def hold(
        self,
        official: Official,
        responsibility: str,
        *,
        measure: str = "",
        inquiry: Inquiry | None = None,
        **action,
    ) -> AccountabilityAction:
        """Hold the official accountable; without a measure given, one fitting the
        responsibility is drawn."""
        return self.decide(
            AccountabilityAction(
                unit=official.unit,
                official=official,
                measure=measure or self._measure(responsibility),
                responsibility=responsibility,
                **action,
            ),
            inquiry=inquiry,
        )

    def decide(
        self, action: AccountabilityAction, *, inquiry: Inquiry | None = None
    ) -> AccountabilityAction:
        action.decided_on = min(action.decided_on, date(self.year, 12, 30))
        self.count += 1
        prefix = "中纪通" if action.official_id is None else "中纪问"
        action.decision_number = f"{prefix}〔{self.year}〕{self.count}号"
        return decide_action(
            action=action,
            bottom_lines=self._lines_for(action),
            actor=self.staff,
            inquiry=inquiry,
        )

    def _measure(self, responsibility: str) -> str:
        if responsibility == Responsibility.EFFICIENCY:
            return self.rng.choice(EFFICIENCY_MEASURES)
        return self.rng.choice(LEADER_MEASURES)

    def _lines_for(self, action: AccountabilityAction) -> list[BottomLine]:
        if action.responsibility == Responsibility.EFFICIENCY:
            return []
        if action.official is None:
            subject = Subject.COMMITTEE
        elif action.responsibility == Responsibility.SUPERVISORY:
            subject = Subject.DISCIPLINE
        elif action.official.subject == Official.Subject.MAIN_LEADER:
            subject = Subject.MAIN_LEADER
        else:
            subject = Subject.TEAM_MEMBER
        lines = self.lines[subject]
        return self.rng.sample(lines, min(len(lines), self.rng.choice((1, 2))))


def seed_previous_year(
    units: dict[str, Unit], *, year: int, staff: User, inquiry_cases: list[Case]
) -> int:
    rng = random.Random(f"{city.SEED}-accountability-{year}")
    decider = Decider(year=year, staff=staff, rng=rng)
    findings = Finding.objects.filter(found_on__year=year).select_related(
        "inspection", "unit"
    )
    specials = {
        inspection.topic: inspection
        for inspection in Inspection.objects.filter(
            kind=Inspection.Kind.SPECIAL, started_on__year=year
        )
    }
    criticise_units(decider, findings)
    taken = held_after_special_inspections(decider, units, specials, findings)
    taken |= held_after_huafa(decider, units, findings)
    held_by_double_inquiry(decider, inquiry_cases)
    held_for_efficiency(decider, findings, taken)
    return decider.count


def criticise_units(decider: Decider, findings) -> None:
    """通报批评 of 34 units: the 华发 units, the special inspections', then visits'."""
    for finding in _first_finding_per_unit(findings, UNITS_CRITICISED):
        inspection = finding.inspection
        assert inspection is not None  # the findings of inspections
        special = inspection.kind == Inspection.Kind.SPECIAL
        decider.decide(
            AccountabilityAction(
                unit=finding.unit,
                measure=Measure.CIRCULATED_CRITICISM,
                responsibility=Responsibility.MAIN,
                source=Source.SPECIAL_INSPECTION if special else Source.FINDING,
                inspection=inspection if special else None,
                finding=finding,
                reasons=texts.UNIT_CRITICISM.format(
                    inspection=inspection.title,
                    finding=finding.description.rstrip("。"),
                ),
                decided_on=finding.found_on + timedelta(days=25),
            )
        )


def _first_finding_per_unit(findings, count: int) -> list[Finding]:
    """The first finding in each of `count` units but stationed groups: 华发's first,
    then the special inspections', then the rest, in the order they were made."""
    order = sorted(
        findings.exclude(unit__kind=Unit.Kind.STATIONED_GROUP),
        key=lambda f: (
            "华发" not in f.inspection.title,
            f.inspection.kind != Inspection.Kind.SPECIAL,
            f.pk,
        ),
    )
    first: dict[int, Finding] = {}
    for finding in order:
        if len(first) < count:
            first.setdefault(finding.unit_id, finding)
    return list(first.values())


def held_after_special_inspections(decider, units, specials, findings) -> set[int]:
    """The leaders named in SPECIAL_LEADERS and an official of each unit in
    SPECIAL_EFFICIENCY, each for a lapse the topic's inspection found."""
    taken: set[int] = set()
    people = [
        (_official(units, code, post), responsibility, topic)
        for code, post, responsibility, topic in SPECIAL_LEADERS
    ]
    for code, topic in SPECIAL_EFFICIENCY:
        junior = _junior(units[code], taken)
        assert junior is not None, f"{code} has a junior official"
        people.append((junior, Responsibility.EFFICIENCY, topic))
    for official, responsibility, topic in people:
        taken.add(official.pk)
        inspection = specials[topic]
        finding = findings.filter(inspection=inspection).first()
        decider.hold(
            official,
            responsibility,
            source=Source.SPECIAL_INSPECTION,
            inspection=inspection,
            reasons=texts.SPECIAL_REASONS.format(
                inspection=inspection.title,
                unit=finding.unit.display_name,
                finding=finding.description.rstrip("。"),
                post=official.post,
                name=official.name,
                kind=Responsibility(responsibility).label,
            ),
            decided_on=inspection.ended_on + timedelta(days=30),
        )
    return taken


def held_after_huafa(decider, units, findings) -> set[int]:
    """Those named in HUAFA_MAIN and HUAFA_EFFICIENCY, for what 华发's case found in
    their unit."""
    huafa = {
        f.unit.code: f for f in findings.filter(inspection__title__contains="华发")
    }
    people = [(code, post, Responsibility.MAIN) for code, post in HUAFA_MAIN]
    people += [
        (code, post, Responsibility.EFFICIENCY) for code, post in HUAFA_EFFICIENCY
    ]
    taken = set()
    for code, post, responsibility in people:
        official = _official(units, code, post)
        taken.add(official.pk)
        finding = huafa[code]
        decider.hold(
            official,
            responsibility,
            source=Source.FINDING,
            finding=finding,
            reasons=texts.HUAFA_REASONS.format(
                unit=official.unit.display_name,
                post=official.post,
                name=official.name,
                kind=Responsibility(responsibility).label,
            ),
            decided_on=finding.found_on + timedelta(days=40),
        )
    return taken


def held_by_double_inquiry(decider: Decider, cases: list[Case]) -> None:
    """Open the double inquiry of every closed major case and conclude each inquiry:
    in the cases given (石桥's and 红星's), the party secretary and the discipline
    secretary are held accountable; every other leader is cleared."""
    majors = Case.objects.filter(
        year=decider.year, is_major=True, stage=Case.Stage.CLOSED
    ).order_by("sequence")
    accountable = {case.pk for case in cases}
    for case in majors:
        for inquiry in open_double_inquiry(case=case, actor=decider.staff):
            leads = inquiry.official.subject in (
                Official.Subject.MAIN_LEADER,
                Official.Subject.DISCIPLINE_HEAD,
            )
            if case.pk in accountable and leads:
                _hold_for_the_case(decider, case, inquiry)
            else:
                clear_inquiry(
                    inquiry=inquiry,
                    reasons=texts.INQUIRY_CLEARED.format(
                        name=inquiry.official.name, case=case.number
                    ),
                    actor=decider.staff,
                )


def _hold_for_the_case(decider: Decider, case: Case, inquiry: Inquiry) -> None:
    """Conclude the inquiry by admonishing its leader, for the responsibility it asked
    about."""
    assert case.closed_on is not None  # inquiries follow closed cases
    official = inquiry.official
    template = (
        texts.INQUIRY_MAIN
        if inquiry.responsibility == Responsibility.MAIN
        else texts.INQUIRY_SUPERVISORY
    )
    decider.hold(
        official,
        inquiry.responsibility,
        measure=Measure.ADMONISHMENT,
        inquiry=inquiry,
        source=Source.DOUBLE_INQUIRY,
        case=case,
        reasons=template.format(
            case=f"{case.number}{case.title}", post=official.post, name=official.name
        ),
        decided_on=case.closed_on + timedelta(days=15),
    )


def held_for_efficiency(decider: Decider, findings, taken: set[int]) -> None:
    """The rest of the year's 71 efficiency cases, from the visits and monitoring:
    graded section-level cadres until 5 are senior, then middle managers and cadres."""
    already = AccountabilityAction.objects.filter(
        decided_on__year=decider.year, responsibility=Responsibility.EFFICIENCY
    )
    missing = EFFICIENCY - already.count()
    senior = EFFICIENCY_SENIOR - already.filter(rank__in=SENIOR_RANKS).count()
    visited = findings.filter(inspection__kind__in=VISIT_KINDS).order_by("pk")
    for finding, official in _in_turn(list(visited), missing, senior, taken):
        assert finding.inspection is not None  # a visit's or monitoring's
        decider.hold(
            official,
            Responsibility.EFFICIENCY,
            source=Source.FINDING,
            finding=finding,
            reasons=texts.EFFICIENCY_REASONS.format(
                inspection=finding.inspection.title,
                finding=finding.description.rstrip("。"),
                post=official.post,
                name=official.name,
            ),
            decided_on=finding.found_on + timedelta(days=20),
        )


def _in_turn(
    visited: list[Finding], count: int, senior: int, taken: set[int]
) -> Iterator[tuple[Finding, Official]]:
    """Yield `count` findings in turn, each with an official of its unit not yet
    taken, the first `senior` of them graded section-level cadres; a finding whose
    unit has nobody left drops out of the turn."""
    number = 0
    while number < count:
        finding = visited[number % len(visited)]
        official = _junior(finding.unit, taken, senior=number < senior)
        if official is None:
            visited.remove(finding)
            continue
        taken.add(official.pk)
        number += 1
        yield finding, official


def _junior(unit: Unit, taken: set[int], *, senior: bool = False) -> Official | None:
    """An official of the unit without a leading post, not yet answering for anything:
    a graded section-level cadre when `senior`, else a middle manager or cadre."""
    ranks = (
        (Rank.SECTION_CHIEF, Rank.SECTION_DEPUTY)
        if senior
        else (Rank.MIDDLE_MANAGER, Rank.GENERAL)
    )
    return (
        Official.objects.active()
        .filter(unit=unit, subject=Official.Subject.NONE, rank__in=ranks)
        .exclude(pk__in=taken)
        .exclude(case_subjects__isnull=False)
        .exclude(accountability_actions__isnull=False)
        .select_related("unit")
        .order_by("pk")
        .first()
    )
