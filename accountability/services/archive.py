"""A paper clue register and its case files, registered from the archive at once.

A discipline committee that starts keeping its register here brings its paper one along:
each clue as it stands, with the day it was assigned and its disposals, and each case
filed from a clue, with the stage its papers show. Every record is checked by the rules
of the services that write one (register_clue, dispose_clue, file_case, advance_case,
transfer_case), numbered in the register's order, and written with its history row and
its audit entries, marked as from the archive, in a few inserts whatever the number.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core import audit, dates
from core.errors import NotPermitted
from responsibilities.models import Official, Unit, home_unit

from ..audit import AccountabilityAuditAction
from ..models import Case, CaseSubject, Clue, ClueDisposal, RegisterNumber
from .cases import check_case_date, check_filing, stage_due_on
from .clues import check_disposal, raise_clue_errors
from .numbering import next_numbers

Stage = Case.Stage
FROM_ARCHIVE = {"from_archive": True}


@dataclass(frozen=True)
class ArchiveClue:
    """A clue of the paper register as it stands: the unsaved clue (its unit, source,
    channel, day received and summary), the officials it names (their units loaded),
    the day it was assigned, and its disposals in order (unsaved: route, day decided,
    reasoning and the days of the dual report)."""

    clue: Clue
    officials: Sequence[Official]
    assigned_on: date
    disposals: Sequence[ClueDisposal] = ()


@dataclass(frozen=True)
class ArchiveCase:
    """A case file as its papers show it: the unsaved case with the facts file_case
    takes, its subjects, the stage it reached and the day that stage began, or the day
    it closed with its conclusion, and its transfer to the judicial organs, if any."""

    case: Case
    officials: Sequence[Official]
    stage: str = Stage.FILED
    stage_started_on: date | None = None
    closed_on: date | None = None
    conclusion: str = ""
    transferred_on: date | None = None
    transferred_to: str = ""


@transaction.atomic
def register_archive_clues(
    *, entries: Sequence[ArchiveClue], actor: User
) -> list[Clue]:
    """Register the clues in the order given, held by the actor's discipline body and
    handled by the actor: each checked as register_clue checks one, assigned on its
    paper's day, and disposed of by the rules of dispose_clue."""
    if not actor.has_perm("accountability.add_clue"):
        raise NotPermitted
    handling_unit = home_unit(actor)
    if handling_unit is None:
        raise ValidationError(_("Your account belongs to no unit."), code="no_unit")
    scope = set(Unit.objects.visible_to(actor).values_list("pk", flat=True))
    for entry in entries:
        _check_clue(entry, scope)
        entry.clue.handling_unit = handling_unit
    clues = _save_clues(entries, actor)
    disposals = _save_disposals(entries, actor)
    _record_clues(clues, disposals, actor)
    return clues


def _check_clue(entry: ArchiveClue, scope: set[int]) -> None:
    """Check the clue against the actor's units, read once for the register, then
    its disposals in order; set the status the last one leaves it in."""
    clue = entry.clue
    in_scope = clue.unit_id in scope
    employs_all = in_scope and all(o.unit.is_under(clue.unit) for o in entry.officials)
    raise_clue_errors(clue, in_scope=in_scope, employs_all=employs_all)
    if not clue.received_on <= entry.assigned_on <= timezone.localdate():
        raise ValidationError(
            {"assigned_on": _("A clue is assigned between its receipt and today.")}
        )
    status, not_before = Clue.Status.ASSIGNED, clue.received_on
    for disposal in entry.disposals:
        check_disposal(
            status=status,
            route=disposal.route,
            decided_on=disposal.decided_on,
            reasoning=disposal.reasoning,
            not_before=not_before,
            reported_to_committee_on=disposal.reported_to_committee_on,
            reported_to_higher_on=disposal.reported_to_higher_on,
        )
        status = ClueDisposal.RESULTING_STATUS[ClueDisposal.Route(disposal.route)]
        not_before = disposal.decided_on
    clue.status = status


def _save_clues(entries: Sequence[ArchiveClue], actor: User) -> list[Clue]:
    years = [entry.clue.received_on.year for entry in entries]
    numbers = _numbers(RegisterNumber.Register.CLUE, years)
    for entry, year, (sequence, number) in zip(entries, years, numbers, strict=True):
        clue = entry.clue
        clue.year, clue.sequence, clue.number = year, sequence, number
        clue.registered_by = clue.handler = clue.assigned_by = actor
        clue.assigned_at = dates.paper_moment(entry.assigned_on)
    clues = bulk_create_with_history(
        [entry.clue for entry in entries], Clue, default_user=actor
    )
    Named = Clue.officials.through
    Named.objects.bulk_create(
        Named(clue_id=entry.clue.pk, official_id=official.pk)
        for entry in entries
        for official in entry.officials
    )
    return clues


def _save_disposals(entries: Sequence[ArchiveClue], actor: User) -> list[ClueDisposal]:
    disposals = []
    for entry in entries:
        for disposal in entry.disposals:
            disposal.clue, disposal.decided_by = entry.clue, actor
            disposal.reasoning = disposal.reasoning.strip()
            disposals.append(disposal)
    return bulk_create_with_history(disposals, ClueDisposal, default_user=actor)


def _record_clues(
    clues: list[Clue], disposals: list[ClueDisposal], actor: User
) -> None:
    """Audit each clue's registration and assignment, and each disposal, as the
    services that do them one at a time do."""
    registered = [
        {"number": clue.number, "source": clue.source, **FROM_ARCHIVE} for clue in clues
    ]
    audit.record_each(
        action=AccountabilityAuditAction.CLUE_REGISTER,
        user=actor,
        targets=clues,
        details=registered,
    )
    assigned = {"handler": actor.get_username(), **FROM_ARCHIVE}
    audit.record_each(
        action=AccountabilityAuditAction.CLUE_ASSIGN,
        user=actor,
        targets=clues,
        details=[assigned] * len(clues),
    )
    audit.record_each(
        action=AccountabilityAuditAction.CLUE_DISPOSE,
        user=actor,
        targets=[disposal.clue for disposal in disposals],
        details=[
            {
                "route": disposal.route,
                "decided_on": disposal.decided_on.isoformat(),
                **FROM_ARCHIVE,
            }
            for disposal in disposals
        ],
    )


@transaction.atomic
def register_archive_cases(
    *, entries: Sequence[ArchiveCase], actor: User
) -> list[Case]:
    """Register the case files in the order given: each filed as file_case files one
    (from its proposed clue, which it files), then taken to the stage its papers show,
    closed and transferred by the rules of advance_case and transfer_case."""
    if not actor.has_perm("accountability.add_case"):
        raise NotPermitted
    clues = []
    for entry in entries:
        clue = check_filing(entry.case, list(dict.fromkeys(entry.officials)), actor)
        if clue is not None and clue in clues:
            # An earlier file of this register files it: it is no longer proposed.
            raise ValidationError(
                {
                    "clue": _(
                        "Only a clue whose disposal proposed a case can become one."
                    )
                }
            )
        clues.append(clue)
        _follow_papers(entry)
    cases = _save_cases(entries, actor)
    _file_clues([clue for clue in clues if clue is not None], actor)
    _record_cases(entries, actor)
    return cases


def _follow_papers(entry: ArchiveCase) -> None:
    """Take the filed case to the stage, closing and transfer its papers show."""
    case, stage = entry.case, Stage(entry.stage)
    if stage == Stage.CLOSED:
        closed_on = check_case_date(entry.closed_on, "closed_on", case)
        if not entry.conclusion.strip():
            raise ValidationError({"conclusion": _("Enter the conclusion.")})
        case.closed_on, case.conclusion = closed_on, entry.conclusion.strip()
        case.stage_started_on, case.stage_due_on = closed_on, None
    elif stage != Stage.FILED:
        started_on = check_case_date(entry.stage_started_on, "started_on", case)
        case.stage_started_on = started_on
        case.stage_due_on = stage_due_on(stage, started_on)
    case.stage = stage
    if entry.transferred_on or entry.transferred_to:
        check_case_date(entry.transferred_on, "transferred_on", case)
        if not entry.transferred_to.strip():
            raise ValidationError({"transferred_to": _("Name the receiving organ.")})
        case.transferred_on = entry.transferred_on
        case.transferred_to = entry.transferred_to.strip()


def _save_cases(entries: Sequence[ArchiveCase], actor: User) -> list[Case]:
    """Number and save the cases, and make each official a subject, with the unit,
    post and rank they hold today (as file_case does)."""
    cases = [entry.case for entry in entries]
    numbers = _numbers(RegisterNumber.Register.CASE, [case.year for case in cases])
    for case, (sequence, number) in zip(cases, numbers, strict=True):
        case.sequence, case.number = sequence, number
        case.full_clean(validate_unique=False, validate_constraints=False)
    cases = bulk_create_with_history(cases, Case, default_user=actor)
    subjects = [
        CaseSubject(
            case=entry.case,
            official=official,
            unit_id=official.unit_id,
            post=official.post,
            rank=official.rank,
        )
        for entry in entries
        for official in dict.fromkeys(entry.officials)
    ]
    bulk_create_with_history(subjects, CaseSubject, default_user=actor)
    return cases


def _file_clues(clues: list[Clue], actor: User) -> None:
    now = timezone.now()
    for clue in clues:
        # bulk_update leaves auto_now fields as they were.
        clue.status, clue.updated_at = Clue.Status.FILED, now
    bulk_update_with_history(
        clues, Clue, ["status", "updated_at"], batch_size=500, default_user=actor
    )


def _record_cases(entries: Sequence[ArchiveCase], actor: User) -> None:
    """Audit each filing, with the stage the papers show, and each transfer."""
    audit.record_each(
        action=AccountabilityAuditAction.CASE_FILE,
        user=actor,
        targets=[entry.case for entry in entries],
        details=[
            {
                "subjects": [
                    official.pk for official in dict.fromkeys(entry.officials)
                ],
                "clue": entry.case.clue_id,
                "stage": entry.case.stage,
                **FROM_ARCHIVE,
            }
            for entry in entries
        ],
    )
    transferred = [entry.case for entry in entries if entry.case.is_transferred()]
    audit.record_each(
        action=AccountabilityAuditAction.CASE_TRANSFER,
        user=actor,
        targets=transferred,
        details=[{"to": case.transferred_to, **FROM_ARCHIVE} for case in transferred],
    )


def _numbers(register: RegisterNumber.Register, years: list[int]) -> list[tuple]:
    """Take a number for each record, in order, from its year's register."""
    taken = {
        year: iter(next_numbers(register, year, count=years.count(year)))
        for year in dict.fromkeys(years)
    }
    return [next(taken[year]) for year in years]
