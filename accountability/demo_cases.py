"""Last year's clue register and cases, written at once as the archive they are.

The essay's year: 146 cases filed, each from a registered clue proposed for filing (拟立案);
114 of them closed within the year, 16 major (大要案), 5 transferred to the procuratorate
(移送司法); 136 people sanctioned; 763,480.50 yuan recovered. More clues came in than
became cases: the rest were inquired into, verified, held or closed, and every disposal
was reported to the city committee and to the provincial discipline committee (两报告).

The records are complete (numbered without gaps, with their register sequences, history
rows and one audit entry per kind), but are bulk-created: the services act today, and this
is a year of archive. The cases still open carry over with time left in their stage.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.contrib.auth.models import User
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from core import audit
from responsibilities import demo_data
from responsibilities.models import Official, Unit

from . import demo_texts as texts
from .demo_clues import CHANGE_REASON, create_clues, set_register, who
from .models import (
    Case,
    CaseSubject,
    Clue,
    RegisterNumber,
    Sanction,
)
from .services.cases import check_period

FILED = 146
CLOSED = 114
MAJOR = 16
OPEN_MAJOR = 2  # major cases still under investigation at the year's end
TRANSFERRED = 5
SANCTIONED = 136
EXEMPT = 4  # closed cases whose single subject was spared a sanction (免予处分)
RECOVERED = Decimal("763480.50")
# The two major cases in townships whose leaders were held accountable by 一案双查.
INQUIRY_TOWNSHIPS = ("ZZ-T04", "ZZ-T10")
CENT = Decimal("0.01")


@dataclass
class PlannedCase:
    """A case as planned before numbering: its subjects and what became of it."""

    subjects: list[Official]
    category: str
    filed_on: date
    is_major: bool = False
    closed_on: date | None = None
    is_transferred: bool = False
    is_exempt: bool = False
    violation: tuple[str, str] = ("", "")
    money: Decimal = Decimal(0)
    case: Case | None = None
    clue: Clue | None = None


@dataclass
class Archive:
    """What the year's register holds, for the steps that follow."""

    cases: list[Case] = field(default_factory=list)
    inquiry_cases: list[Case] = field(default_factory=list)
    clues: int = 0
    sanctions: int = 0


def seed_previous_year(
    units: dict[str, Unit], *, year: int, staff: User, taken: set[int]
) -> Archive | None:
    """Write last year's register once; None when it is there already."""
    if RegisterNumber.objects.filter(
        register=RegisterNumber.Register.CASE, year=year
    ).exists():
        return None
    rng = random.Random(f"{demo_data.SEED}-cases-{year}")
    plans = plan_cases(units, year=year, rng=rng, taken=taken)
    clues = create_clues(
        plans,
        units,
        year=year,
        staff=staff,
        rng=rng,
        others=_subject_pool(units, taken),
    )
    archive = Archive(clues=len(clues))
    archive.cases = create_cases(plans, year=year, staff=staff, rng=rng)
    archive.sanctions = create_sanctions(plans, year=year, staff=staff, rng=rng)
    archive.inquiry_cases = [
        plan.case
        for plan in plans
        if plan.is_major and plan.case.unit.code in _inquiry_scope(units)
    ]
    return archive


def _inquiry_scope(units: dict[str, Unit]) -> set[str]:
    return set().union(*(_township_units(units, code) for code in INQUIRY_TOWNSHIPS))


# --- Planning ----------------------------------------------------------------------------


def plan_cases(
    units: dict[str, Unit], *, year: int, rng: random.Random, taken: set[int]
) -> list[PlannedCase]:
    """Plan the year's cases, in the order they were filed."""
    pool = _subject_pool(units, taken)
    days = sorted(rng.sample(range(25, 352), FILED))
    filed = [date(year, 1, 1) + timedelta(days=day) for day in days]
    # The last filed are still open; the rest closed within the year.
    plans = [
        PlannedCase(subjects=[], category="", filed_on=filed_on) for filed_on in filed
    ]
    closed = plans[:CLOSED]
    for plan in closed:
        span = timedelta(days=rng.randint(35, 150))
        plan.closed_on = min(plan.filed_on + span, date(year, 12, 28))
    _mark_major(closed, plans[CLOSED:], rng)
    for plan in rng.sample([p for p in closed if not p.is_major], EXEMPT):
        plan.is_exempt = True
    _choose_subjects(plans, pool, units, rng, taken)
    _share_money(closed, rng)
    return plans


def _mark_major(closed, still_open, rng: random.Random) -> None:
    """16 major cases: five transferred for prosecution, two 一案双查 cases, nine more."""
    majors = rng.sample(closed, MAJOR - OPEN_MAJOR) + rng.sample(still_open, OPEN_MAJOR)
    for number, plan in enumerate(majors):
        plan.is_major = True
        plan.is_transferred = number < TRANSFERRED
        plan.category = texts.Category.CRIME if plan.is_transferred else ""


def _subject_pool(units: dict[str, Unit], taken: set[int]) -> list[Official]:
    """Officials without a leading post in townships, stations and departments."""
    kinds = (Unit.Kind.TOWNSHIP, Unit.Kind.STATION, Unit.Kind.DEPARTMENT)
    return list(
        Official.objects.active()
        .filter(unit__kind__in=kinds, subject=Official.Subject.NONE)
        .exclude(pk__in=taken)
        .exclude(unit__code=demo_data.DEMO_TOWNSHIP)
        .select_related("unit")
        .order_by("pk")
    )


def _choose_subjects(plans, pool, units, rng: random.Random, taken: set[int]) -> None:
    """Give each case its subjects: one mostly, two or three in some closed cases so
    that exactly SANCTIONED people are sanctioned; the two 一案双查 cases in their
    townships, no other case there."""
    closed = [plan for plan in plans if plan.closed_on]
    sizes = {id(plan): 1 for plan in plans}
    candidates = [plan for plan in closed if not plan.is_exempt]
    pairs = rng.sample(candidates, SANCTIONED + EXEMPT - len(closed) - 3)
    for plan in pairs:
        sizes[id(plan)] = 2
    for plan in rng.sample(pairs, 3):
        sizes[id(plan)] = 3
    inquiry_plans = [p for p in closed if p.is_major and not p.is_transferred][:2]
    scope = _inquiry_scope(units)
    rng.shuffle(pool)
    for plan in plans:
        if plan in inquiry_plans:
            wanted = _township_units(
                units, INQUIRY_TOWNSHIPS[inquiry_plans.index(plan)]
            )
        else:
            wanted = None
        free = [
            o
            for o in pool
            if o.pk not in taken
            and (o.unit.code in wanted if wanted else o.unit.code not in scope)
        ]
        first = free[0]
        colleagues = [o for o in free[1:] if o.unit_id == first.unit_id]
        others = [o for o in free[1:] if o.unit_id != first.unit_id]
        plan.subjects = ([first] + colleagues + others)[: sizes[id(plan)]]
        taken.update(official.pk for official in plan.subjects)
        if not plan.category:
            plan.category = rng.choices(
                list(texts.CATEGORY_WEIGHTS), weights=texts.CATEGORY_WEIGHTS.values()
            )[0]
        plan.violation = rng.choice(texts.VIOLATIONS[plan.category])


def _township_units(units: dict[str, Unit], code: str) -> set[str]:
    township = units[code]
    return {
        u.code
        for u in units.values()
        if u.pk == township.pk or u.parent_id == township.pk
    }


def _share_money(closed: list[PlannedCase], rng: random.Random) -> None:
    """Share the year's recovered money among most closed cases, to the fen."""
    paying = [plan for plan in closed if plan.is_major] + rng.sample(
        [plan for plan in closed if not plan.is_major], 70
    )
    raw = [
        Decimal(
            rng.randint(3_000_000, 9_000_000)
            if plan.is_major
            else rng.randint(50_000, 1_500_000)
        )
        for plan in paying
    ]
    total = sum(raw)
    shares = [
        (amount * RECOVERED / total).quantize(CENT, ROUND_HALF_UP) for amount in raw
    ]
    shares[0] += RECOVERED - sum(shares)
    for plan, share in zip(paying, shares, strict=True):
        plan.money = share


# --- Writing -----------------------------------------------------------------------------


def create_cases(plans, *, year, staff, rng) -> list[Case]:
    today = timezone.localdate()
    cases = []
    for sequence, plan in enumerate(plans, 1):
        official = plan.subjects[0]
        title, facts = plan.violation
        factor = Decimal(rng.choice(("1", "1", "1.2", "1.5")))
        involved = (plan.money * factor).quantize(CENT)
        if not plan.money:
            involved = Decimal(rng.randint(20, 300) * 100)
        case = Case(
            clue=plan.clue,
            unit=official.unit,
            filed_by=staff,
            year=year,
            sequence=sequence,
            number=settings.CASE_NUMBER_FORMAT.format(year=year, number=sequence),
            title=f"{official.name}{title}",
            summary=facts.format(who=who(official), money=f"{involved:,}"),
            category=plan.category,
            violation_year=year,
            is_major=plan.is_major,
            money_involved=involved,
            money_recovered=plan.money,
            filed_on=plan.filed_on,
        )
        if plan.closed_on:
            _close(case, plan, official)
        else:
            stage = rng.choice((Case.Stage.INVESTIGATION, Case.Stage.TRIAL))
            back = (
                rng.randint(10, 60)
                if stage == Case.Stage.INVESTIGATION
                else rng.randint(3, 20)
            )
            case.stage = stage
            case.stage_started_on = max(plan.filed_on, today - timedelta(days=back))
            case.stage_due_on = case.stage_started_on + timedelta(
                days=settings.CASE_STAGE_DAYS[stage]
            )
        plan.case = case
        cases.append(case)
    cases = bulk_create_with_history(
        cases, Case, default_user=staff, default_change_reason=CHANGE_REASON
    )
    subjects = [
        CaseSubject(
            case=plan.case,
            official=official,
            unit=official.unit,
            post=official.post,
            rank=official.rank,
        )
        for plan in plans
        for official in plan.subjects
    ]
    bulk_create_with_history(
        subjects, CaseSubject, default_user=staff, default_change_reason=CHANGE_REASON
    )
    set_register(RegisterNumber.Register.CASE, year, len(cases))
    audit.record(
        action=audit.Action.CASE_FILE,
        user=staff,
        detail={"year": year, "created": len(cases), "by": CHANGE_REASON},
    )
    return cases


def _close(case: Case, plan: PlannedCase, official: Official) -> None:
    case.stage = Case.Stage.CLOSED
    case.stage_started_on = case.closed_on = plan.closed_on
    subject = who(official)
    if plan.is_transferred:
        case.conclusion = texts.TRANSFER_CONCLUSION.format(who=subject)
        case.transferred_on = plan.closed_on - timedelta(days=3)
        case.transferred_to = texts.TRANSFERRED_TO
    elif plan.is_exempt:
        case.conclusion = texts.EXEMPT_CONCLUSION.format(who=subject)
    else:
        case.conclusion = texts.CONCLUSION.format(who=subject)


def create_sanctions(plans, *, year, staff, rng) -> int:
    subjects = {
        (subject.case_id, subject.official_id): subject
        for subject in CaseSubject.objects.filter(case__year=year)
    }
    sanctions = []
    for plan in plans:
        if not plan.closed_on or plan.is_exempt:
            continue
        for official in plan.subjects:
            if plan.is_transferred:
                party, administrative, months = texts.EXPULSION
            elif plan.is_major:
                party, administrative, months = rng.choice(texts.SANCTIONS[6:])
            else:
                party, administrative, months = rng.choice(texts.SANCTIONS[:6])
            if not official.is_party_member:
                party = ""
                administrative = administrative or texts.Administrative.WARNING
            sanction = Sanction(
                subject=subjects[(plan.case.pk, official.pk)],
                decided_by=staff,
                party_sanction=party,
                administrative_sanction=administrative,
                decided_on=plan.closed_on,
                period_months=months if party == texts.Party.PROBATION else None,
            )
            check_period(sanction)  # the law's period of an administrative sanction
            sanctions.append(sanction)
    sanctions.sort(key=lambda sanction: (sanction.decided_on, sanction.subject.pk))
    for number, sanction in enumerate(sanctions, 1):
        sanction.decision_number = f"中纪处〔{year}〕{number}号"
    Sanction.objects.bulk_create(sanctions)
    audit.record(
        action=audit.Action.SANCTION_DECIDE,
        user=staff,
        detail={"year": year, "created": len(sanctions), "by": CHANGE_REASON},
    )
    return len(sanctions)
