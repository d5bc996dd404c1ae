"""Last year's clue register (问题线索), registered from the archive (see demo.cases).

A clue lies behind every case, proposed for filing (拟立案), a third of them verified
first; the others were inquired into by talk or letter, verified, held or closed. Every
disposal was reported to the city committee and to the discipline committee one level
up (两报告) a few days after it was decided.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.contrib.auth.models import User
from django.utils import timezone

from accountability.models import Clue, ClueDisposal
from accountability.services.archive import ArchiveClue, register_archive_clues
from demo import enforcement_texts as texts
from responsibilities.models import Official

if TYPE_CHECKING:
    from demo.cases import PlannedCase

# Clues that did not become cases, by their route: (first route, final route, count).
OTHER_CLUES = (
    (texts.Route.TALK_INQUIRY, texts.Route.CLOSE, 30),
    (texts.Route.VERIFICATION, texts.Route.CLOSE, 22),
    (texts.Route.CLOSE, None, 30),
    (texts.Route.HOLD, None, 10),
)


@dataclass(frozen=True)
class Received:
    """A clue as it came in: the day, the official it names, its first and last
    disposals' routes, and the case it led to, if any."""

    on: date
    official: Official
    first: str | None
    final: str | None
    plan: "PlannedCase | None" = None


def who(official: Official) -> str:
    return f"{official.unit.display_name}{official.post}{official.name}"


def register_clues(
    plans: list["PlannedCase"],
    *,
    year: int,
    staff: User,
    rng: random.Random,
    others: list[Official],
) -> list[Clue]:
    """Register the year's register: a clue behind every case, and those disposed of
    otherwise, naming `others`; numbered in the order they came in."""
    received = _case_clues(plans, year, rng) + _other_clues(others, year, rng)
    received.sort(key=lambda clue: clue.on)
    entries = [_archive_clue(clue, rng) for clue in received]
    clues = register_archive_clues(entries=entries, actor=staff)
    for clue, registered in zip(received, clues, strict=True):
        if clue.plan is not None:
            clue.plan.clue = registered
    return clues


def _case_clues(
    plans: list["PlannedCase"], year: int, rng: random.Random
) -> list[Received]:
    """A clue came in a few weeks before each case was filed; some were verified
    first."""
    received = []
    for plan in plans:
        days = rng.randint(15, 40)
        on = max(plan.filed_on - timedelta(days=days), date(year, 1, 2))
        first = texts.Route.VERIFICATION if rng.random() < 0.4 else None
        official = plan.subjects[0]
        received.append(
            Received(on, official, first, texts.Route.PROPOSE_CASE, plan=plan)
        )
    return received


def _other_clues(
    others: list[Official], year: int, rng: random.Random
) -> list[Received]:
    others = list(others)
    rng.shuffle(others)
    received = []
    for first, final, count in OTHER_CLUES:
        for _ in range(count):
            official = others.pop()
            on = date(year, 1, 2) + timedelta(days=rng.randint(0, 300))
            received.append(Received(on, official, first, final))
    return received


def _archive_clue(received: Received, rng: random.Random) -> ArchiveClue:
    """The clue as the register holds it: its source, summary, assignment a day to
    three after it came in, and its disposals."""
    plan, official = received.plan, received.official
    source, channel, _weight = rng.choices(
        texts.CLUE_SOURCES, weights=[w for *_r, w in texts.CLUE_SOURCES]
    )[0]
    if plan is not None:
        problem = plan.violation[0].removesuffix("案") + "问题。"
    else:
        problem = rng.choice(texts.MINOR_PROBLEMS)
    assigned_on = received.on + timedelta(days=rng.randint(1, 3))
    clue = Clue(
        unit=official.unit,
        source=source,
        channel=channel,
        received_on=received.on,
        summary=texts.CLUE_SUMMARY[source].format(who=who(official), problem=problem),
    )
    return ArchiveClue(
        clue=clue,
        officials=plan.subjects if plan is not None else [official],
        assigned_on=assigned_on,
        disposals=_disposals(received, assigned_on, rng),
    )


def _disposals(
    received: Received, assigned_on: date, rng: random.Random
) -> list[ClueDisposal]:
    """The clue's disposals, each reported twice (两报告) a few days later: a case's
    last one a day or three before it was filed."""
    first_on = assigned_on + timedelta(days=rng.randint(2, 8))
    routes = [(received.first, first_on)] if received.first else []
    if received.plan is not None:
        assert received.final is not None  # a clue that led to a case was disposed of
        filed_on = received.plan.filed_on
        routes.append((received.final, filed_on - timedelta(days=rng.randint(1, 3))))
    elif received.final:
        final_on = first_on + timedelta(days=rng.randint(20, 45))
        routes.append((received.final, final_on))
    return [_disposal(route, on, received.first) for route, on in routes]


def _disposal(route: str, decided_on: date, first: str | None) -> ClueDisposal:
    today = timezone.localdate()
    return ClueDisposal(
        route=route,
        decided_on=min(decided_on, today),
        reasoning=_reasoning(route, first),
        reported_to_committee_on=min(decided_on + timedelta(days=2), today),
        reported_to_higher_on=min(decided_on + timedelta(days=5), today),
    )


def _reasoning(route: str, first: str | None) -> str:
    if route == texts.Route.CLOSE and first == texts.Route.TALK_INQUIRY:
        return texts.CLOSE_AFTER_INQUIRY
    if route == texts.Route.CLOSE and first == texts.Route.VERIFICATION:
        return texts.CLOSE_AFTER_VERIFICATION
    return texts.DISPOSAL_REASONS[route]
