"""Last year's clue register (问题线索), bulk-written as the archive it is (see demo_cases).

A clue lies behind every case, proposed for filing (拟立案), a third of them verified
first; the others were inquired into by talk or letter, verified, held or closed. Every
disposal was reported to the city committee and to the discipline committee one level
up (两报告) a few days after it was decided.
"""

import random
from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from core import audit
from inspections.demo_history import moment
from responsibilities import demo_data
from responsibilities.models import Official

from . import demo_texts as texts
from .models import Clue, ClueDisposal, RegisterNumber

CHANGE_REASON = "seed_demo"
# Clues that did not become cases, by their route: (first route, final route, count).
OTHER_CLUES = (
    (texts.Route.TALK_INQUIRY, texts.Route.CLOSE, 30),
    (texts.Route.VERIFICATION, texts.Route.CLOSE, 22),
    (texts.Route.CLOSE, None, 30),
    (texts.Route.HOLD, None, 10),
)


def who(official: Official) -> str:
    return f"{official.unit.display_name}{official.post}{official.name}"


def create_clues(plans, units, *, year, staff, rng, others) -> list[Clue]:
    """The year's register: a clue behind every case, and those disposed otherwise."""
    entries = [(_case_clue(plan, year, rng), plan, None) for plan in plans]
    others = list(others)
    rng.shuffle(others)
    for first, final, count in OTHER_CLUES:
        for _ in range(count):
            official = others.pop()
            received = date(year, 1, 2) + timedelta(days=rng.randint(0, 300))
            entries.append(((received, official, first, final), None, official))
    entries.sort(key=lambda entry: entry[0][0])
    now = timezone.now()
    clues, disposals, links = [], [], []
    for sequence, (spec, plan, _official) in enumerate(entries, 1):
        received, official, first, final = spec
        source, channel, _weight = rng.choices(
            texts.CLUE_SOURCES, weights=[w for *_r, w in texts.CLUE_SOURCES]
        )[0]
        problem = (
            plan.violation[0].removesuffix("案") + "问题。"
            if plan
            else rng.choice(texts.MINOR_PROBLEMS)
        )
        assigned = received + timedelta(days=rng.randint(1, 3))
        clue = Clue(
            handling_unit=units[demo_data.DISCIPLINE],
            unit=official.unit,
            registered_by=staff,
            handler=staff,
            assigned_by=staff,
            year=year,
            sequence=sequence,
            number=settings.CLUE_NUMBER_FORMAT.format(year=year, number=sequence),
            source=source,
            channel=channel,
            received_on=received,
            summary=texts.CLUE_SUMMARY[source].format(
                who=who(official), problem=problem
            ),
            status=Clue.Status.FILED if plan else _final_status(first, final),
            assigned_at=moment(assigned),
            created_at=now,
        )
        clues.append(clue)
        links.append([o.pk for o in plan.subjects] if plan else [official.pk])
        disposals.append(_disposals(clue, plan, first, final, assigned, staff, rng))
        if plan:
            plan.clue = clue
    clues = bulk_create_with_history(
        clues, Clue, default_user=staff, default_change_reason=CHANGE_REASON
    )
    for clue, plan_disposals in zip(clues, disposals, strict=True):
        for disposal in plan_disposals:
            disposal.clue = clue
    Through = Clue.officials.through
    Through.objects.bulk_create(
        Through(clue_id=clue.pk, official_id=pk)
        for clue, pks in zip(clues, links, strict=True)
        for pk in pks
    )
    flat = [disposal for group in disposals for disposal in group]
    bulk_create_with_history(
        flat, ClueDisposal, default_user=staff, default_change_reason=CHANGE_REASON
    )
    set_register(RegisterNumber.Register.CLUE, year, len(clues))
    for action, count in (
        (audit.Action.CLUE_REGISTER, len(clues)),
        (audit.Action.CLUE_DISPOSE, len(flat)),
    ):
        audit.record(
            action=action,
            user=staff,
            detail={"year": year, "created": count, "by": CHANGE_REASON},
        )
    return clues


def _case_clue(plan, year: int, rng: random.Random):
    received = max(
        plan.filed_on - timedelta(days=rng.randint(15, 40)), date(year, 1, 2)
    )
    first = texts.Route.VERIFICATION if rng.random() < 0.4 else None
    return received, plan.subjects[0], first, texts.Route.PROPOSE_CASE


def _final_status(first, final) -> str:
    route = final or first
    return ClueDisposal.RESULTING_STATUS[route]


def _disposals(clue, plan, first, final, assigned, staff, rng) -> list[ClueDisposal]:
    """The clue's disposals, each reported twice (两报告) a few days later."""
    today = timezone.localdate()
    first_on = assigned + timedelta(days=rng.randint(2, 8))
    if plan:
        routes = [(first, first_on)] if first else []
        routes.append((final, plan.filed_on - timedelta(days=rng.randint(1, 3))))
    else:
        routes = [(first, first_on)]
        if final:
            routes.append((final, first_on + timedelta(days=rng.randint(20, 45))))
    return [
        ClueDisposal(
            decided_by=staff,
            route=route,
            decided_on=min(decided_on, today),
            reasoning=_reasoning(route, first),
            reported_to_committee_on=min(decided_on + timedelta(days=2), today),
            reported_to_higher_on=min(decided_on + timedelta(days=5), today),
        )
        for route, decided_on in routes
    ]


def _reasoning(route: str, first: str | None) -> str:
    if route == texts.Route.CLOSE and first == texts.Route.TALK_INQUIRY:
        return texts.CLOSE_AFTER_INQUIRY
    if route == texts.Route.CLOSE and first == texts.Route.VERIFICATION:
        return texts.CLOSE_AFTER_VERIFICATION
    return texts.DISPOSAL_REASONS[route]


def set_register(register: str, year: int, last: int) -> None:
    RegisterNumber.objects.update_or_create(
        register=register, year=year, defaults={"last": last}
    )
