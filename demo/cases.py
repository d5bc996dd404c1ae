"""Last year's clue register and cases, registered from the archive at once.

The essay's year: 146 cases filed, each from a registered clue proposed for filing (拟立案);
114 of them closed within the year, 16 major (大要案), 5 transferred to the procuratorate
(移送司法); 136 people sanctioned; 763,480.50 yuan recovered. More clues came in than
became cases: the rest were inquired into, verified, held or closed, and every disposal
was reported to the city committee and to the provincial discipline committee (两报告).

The register is planned first (who, what, when), then registered from the archive through
the services' bulk paths, which check each record by the rules of the single ones and
number, keep history and audit as they do. The cases still open carry over with time
left in their stage.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, cast

from django.contrib.auth.models import User
from django.utils import timezone

from accountability.models import Case, CaseSubject, Clue, RegisterNumber, Sanction
from accountability.services.archive import ArchiveCase, register_archive_cases
from accountability.services.cases import decide_sanctions
from demo import city
from demo import enforcement_texts as texts
from demo.clues import register_clues, who
from responsibilities.models import Official, Unit

FILED = 146
CLOSED = 114
MAJOR = 16
OPEN_MAJOR = 2  # major cases still under investigation at the year's end
TRANSFERRED = 5
SANCTIONED = 136
EXEMPT = 4  # closed cases whose single subject was spared a sanction (免予处分)
TRIOS = 3  # closed cases with three subjects; the other cases with more have two
RECOVERED = Decimal("763480.50")
PAYING = 70  # closed cases besides the major ones that recovered money
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
    """Register last year's register once; None when it is there already."""
    if RegisterNumber.objects.filter(
        register=RegisterNumber.Register.CASE, year=year
    ).exists():
        return None
    rng = random.Random(f"{city.SEED}-cases-{year}")
    plans = plan_cases(units, year=year, rng=rng, taken=taken)
    others = _subject_pool(units, taken)
    clues = register_clues(plans, year=year, staff=staff, rng=rng, others=others)
    archive = Archive(clues=len(clues))
    archive.cases = file_cases(plans, staff=staff, rng=rng)
    archive.sanctions = decide_the_sanctions(plans, year=year, staff=staff, rng=rng)
    scope = _inquiry_scope(units)
    archive.inquiry_cases = [
        plan.case
        for plan in plans
        if plan.is_major and plan.case and plan.case.unit.code in scope
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
    plans = [
        PlannedCase(subjects=[], category="", filed_on=date(year, 1, 1) + timedelta(d))
        for d in days
    ]
    # The last filed are still open; the rest closed within the year.
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
        .exclude(unit__code=city.DEMO_TOWNSHIP)
        .select_related("unit")
        .order_by("pk")
    )


def _choose_subjects(plans, pool, units, rng: random.Random, taken: set[int]) -> None:
    """Give each case its subjects and its violation. The two 一案双查 cases take
    theirs in their townships, and no other case does."""
    sizes = _subject_counts(plans, rng)
    closed = [plan for plan in plans if plan.closed_on]
    inquiry_plans = [p for p in closed if p.is_major and not p.is_transferred][:2]
    townships = {
        id(plan): _township_units(units, code)
        for plan, code in zip(inquiry_plans, INQUIRY_TOWNSHIPS, strict=True)
    }
    scope = _inquiry_scope(units)
    rng.shuffle(pool)
    for plan in plans:
        wanted = townships.get(id(plan))
        free = [
            o
            for o in pool
            if o.pk not in taken
            and (o.unit.code in wanted if wanted else o.unit.code not in scope)
        ]
        plan.subjects = _colleagues_first(free)[: sizes[id(plan)]]
        taken.update(official.pk for official in plan.subjects)
        _describe(plan, rng)


def _subject_counts(plans: list[PlannedCase], rng: random.Random) -> dict[int, int]:
    """One subject per case, two or three in some closed cases: exactly SANCTIONED
    people are sanctioned, the exempt cases' subjects aside."""
    closed = [plan for plan in plans if plan.closed_on]
    sizes = {id(plan): 1 for plan in plans}
    candidates = [plan for plan in closed if not plan.is_exempt]
    pairs = rng.sample(candidates, SANCTIONED + EXEMPT - len(closed) - TRIOS)
    for plan in pairs:
        sizes[id(plan)] = 2
    for plan in rng.sample(pairs, TRIOS):
        sizes[id(plan)] = 3
    return sizes


def _colleagues_first(free: list[Official]) -> list[Official]:
    """The first free official, then those of the same unit, then the rest."""
    first, rest = free[0], free[1:]
    colleagues = [o for o in rest if o.unit_id == first.unit_id]
    return [first, *colleagues, *(o for o in rest if o.unit_id != first.unit_id)]


def _describe(plan: PlannedCase, rng: random.Random) -> None:
    if not plan.category:
        plan.category = rng.choices(
            list(texts.CATEGORY_WEIGHTS), weights=list(texts.CATEGORY_WEIGHTS.values())
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
        [plan for plan in closed if not plan.is_major], PAYING
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


# --- Registering -------------------------------------------------------------------------


def file_cases(
    plans: list[PlannedCase], *, staff: User, rng: random.Random
) -> list[Case]:
    """Register the year's case files from the archive, in the order they were filed."""
    entries = [_archive_case(plan, rng) for plan in plans]
    cases = register_archive_cases(entries=entries, actor=staff)
    for plan, case in zip(plans, cases, strict=True):
        plan.case = case
    return cases


def _archive_case(plan: PlannedCase, rng: random.Random) -> ArchiveCase:
    official = plan.subjects[0]
    title, facts = plan.violation
    factor = Decimal(rng.choice(("1", "1", "1.2", "1.5")))
    involved = (plan.money * factor).quantize(CENT)
    if not plan.money:
        involved = Decimal(rng.randint(20, 300) * 100)
    case = Case(
        clue=plan.clue,
        unit=official.unit,
        title=f"{official.name}{title}",
        summary=facts.format(who=who(official), money=f"{involved:,}"),
        category=plan.category,
        violation_year=plan.filed_on.year,
        is_major=plan.is_major,
        money_involved=involved,
        money_recovered=plan.money,
        filed_on=plan.filed_on,
    )
    papers = _closing(plan, official) if plan.closed_on else _open_stage(plan, rng)
    return ArchiveCase(case=case, officials=plan.subjects, **papers)


def _closing(plan: PlannedCase, official: Official) -> dict:
    """A closed case's papers: its conclusion and, for a crime, its transfer."""
    subject = who(official)
    assert plan.closed_on is not None  # called for closed cases
    papers: dict[str, Any] = {"stage": Case.Stage.CLOSED, "closed_on": plan.closed_on}
    if plan.is_transferred:
        papers["conclusion"] = texts.TRANSFER_CONCLUSION.format(who=subject)
        papers["transferred_on"] = plan.closed_on - timedelta(days=3)
        papers["transferred_to"] = texts.TRANSFERRED_TO
    elif plan.is_exempt:
        papers["conclusion"] = texts.EXEMPT_CONCLUSION.format(who=subject)
    else:
        papers["conclusion"] = texts.CONCLUSION.format(who=subject)
    return papers


def _open_stage(plan: PlannedCase, rng: random.Random) -> dict:
    """An open case's stage: investigated for weeks, or at its hearing for days."""
    stage = rng.choice((Case.Stage.INVESTIGATION, Case.Stage.TRIAL))
    if stage == Case.Stage.INVESTIGATION:
        back = rng.randint(10, 60)
    else:
        back = rng.randint(3, 20)
    started_on = timezone.localdate() - timedelta(days=back)
    return {"stage": stage, "stage_started_on": max(plan.filed_on, started_on)}


def decide_the_sanctions(
    plans: list[PlannedCase], *, year: int, staff: User, rng: random.Random
) -> int:
    """Record the sanctions of the closed cases but the exempt ones, numbered in the
    order they were decided; return how many."""
    subjects = {
        (subject.case_id, subject.official_id): subject
        for subject in CaseSubject.objects.filter(case__year=year)
    }
    sanctions = [
        _sanction(plan, official, subjects[cast(Case, plan.case).pk, official.pk], rng)
        for plan in plans
        if plan.closed_on and not plan.is_exempt
        for official in plan.subjects
    ]
    sanctions.sort(key=lambda sanction: (sanction.decided_on, sanction.subject.pk))
    for number, decided in enumerate(sanctions, 1):
        decided.decision_number = f"中纪处〔{year}〕{number}号"
    return len(decide_sanctions(sanctions=sanctions, actor=staff))


def _sanction(
    plan: PlannedCase, official: Official, subject: CaseSubject, rng: random.Random
) -> Sanction:
    """Expulsion for a crime, a heavier sanction for a major case; never party
    discipline for someone outside the party."""
    assert plan.closed_on is not None  # called for closed cases
    if plan.is_transferred:
        party, administrative, months = texts.EXPULSION
    elif plan.is_major:
        party, administrative, months = rng.choice(texts.SANCTIONS[6:])
    else:
        party, administrative, months = rng.choice(texts.SANCTIONS[:6])
    if not official.is_party_member:
        party = ""
        administrative = administrative or texts.Administrative.WARNING
    return Sanction(
        subject=subject,
        party_sanction=party,
        administrative_sanction=administrative,
        decided_on=plan.closed_on,
        period_months=months if party == texts.Party.PROBATION else None,
    )
