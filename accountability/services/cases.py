"""Cases (案件): filing, moving through the stages, transfer, and their sanctions (处分).

Each change writes an audit event; the history tables keep the field-by-field detail.
A sanction has no history table: it is never changed, and its decision is the event.
"""

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit, history
from core.errors import NotPermitted
from responsibilities.models import Official

from ..audit import AccountabilityAuditAction
from ..models import Case, CaseSubject, Clue, RegisterNumber, Sanction
from ..models.scope import enforcement_units
from .numbering import next_number

Stage = Case.Stage
MONEY_FIELDS = ("money_involved", "money_recovered")
# What may be corrected while a case is open; its number, unit and dates stay.
UPDATABLE_FIELDS = [
    "title",
    "summary",
    "category",
    "area",
    "violation_year",
    "is_major",
    *MONEY_FIELDS,
]
# Months a sanction lasts where it has a period: 留党察看 one or two years; the
# administrative ones as the law on administrative sanctions (政务处分法) fixes them.
PROBATION_MONTHS = (12, 24)
ADMINISTRATIVE_MONTHS: dict[str, int] = {
    Sanction.Administrative.WARNING: 6,
    Sanction.Administrative.DEMERIT: 12,
    Sanction.Administrative.MAJOR_DEMERIT: 18,
    Sanction.Administrative.DEMOTION: 24,
    Sanction.Administrative.DISMISSAL_FROM_POST: 24,
}


def stage_due_on(stage: str, started_on: date) -> date | None:
    """Return the day a stage started on `started_on` is due, or None (closed)."""
    days = settings.CASE_STAGE_DAYS.get(str(stage))
    return started_on + timedelta(days=days) if days is not None else None


def check_money(case: Case) -> None:
    """Raise ValidationError, per field, for an amount that is not an exact sum of
    yuan (a Decimal, or a whole number) or is negative; floats are refused."""
    errors = {}
    for field in MONEY_FIELDS:
        value = getattr(case, field)
        if isinstance(value, int) and not isinstance(value, bool):
            value = Decimal(value)  # the model's default, 0
            setattr(case, field, value)
        if not isinstance(value, Decimal) or not value.is_finite():
            errors[field] = _("Enter the amount in yuan as a decimal number.")
        elif value < 0:
            errors[field] = _("An amount cannot be negative.")
    if errors:
        raise ValidationError(errors)


def check_case_date(day: date | None, field: str, case: Case) -> date:
    """Raise ValidationError unless the day of something done in the case is given,
    not before the case was filed and not in the future; return the day."""
    if day is None:
        raise ValidationError({field: _("Enter the date.")})
    if day < case.filed_on:
        raise ValidationError(
            {field: _("The date cannot be before the case was filed.")}
        )
    if day > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})
    return day


def _check_stage_start(day: date | None, field: str, case: Case) -> date:
    day = check_case_date(day, field, case)
    if day < case.stage_started_on:
        raise ValidationError(
            {field: _("The date cannot be before the current stage began.")}
        )
    return day


def _check_scope(case: Case, officials: list[Official], actor: User) -> None:
    units = enforcement_units(actor, "accountability.add_case")
    if not units.filter(pk=case.unit_id).exists():
        raise NotPermitted
    pks = {official.pk for official in officials}
    if Official.objects.visible_to(actor).filter(pk__in=pks).count() != len(pks):
        raise ValidationError({"officials": _("Choose officials within your scope.")})


def _take_clue(case: Case, actor: User) -> Clue | None:
    """Lock the clue the case comes from; it must be a proposed case in scope."""
    if case.clue_id is None:
        return None
    visible = Clue.objects.visible_to(actor).values("pk")
    clue = Clue.objects.select_for_update().filter(pk__in=visible, pk=case.clue_id)
    clue = clue.first()
    if clue is None:
        raise NotPermitted
    if clue.status != Clue.Status.PROPOSED:
        raise ValidationError(
            {"clue": _("Only a clue whose disposal proposed a case can become one.")}
        )
    if case.unit_id is None:
        case.unit = clue.unit
    return clue


def check_filing(case: Case, officials: list[Official], actor: User) -> Clue | None:
    """Check a case about to be filed against the officials and set what filing sets
    (its year, its first stage, who filed it); lock and return the clue it comes from."""
    if not officials:
        raise ValidationError({"officials": _("Name at least one subject.")})
    if case.filed_on is None:
        raise ValidationError({"filed_on": _("Enter the date.")})
    clue = _take_clue(case, actor)
    if case.unit_id is None:
        raise ValidationError({"unit": _("Choose the unit where it happened.")})
    _check_scope(case, officials, actor)
    check_money(case)
    if case.filed_on > timezone.localdate():
        raise ValidationError({"filed_on": _("The date cannot be in the future.")})
    if not case.violation_year:
        case.violation_year = case.filed_on.year
    case.year = case.filed_on.year
    case.filed_by = actor
    case.stage = Stage.FILED
    case.stage_started_on = case.filed_on
    case.stage_due_on = stage_due_on(Stage.FILED, case.filed_on)
    return clue


@transaction.atomic
def file_case(*, case: Case, officials: Iterable[Official], actor: User) -> Case:
    """File (立案) a new case against the officials, numbered in the year it is filed.

    Each official becomes a subject with the unit, post and rank they hold today. A
    case from a clue needs the clue's disposal to have proposed it, and files the clue.
    """
    officials = list(dict.fromkeys(officials))
    clue = check_filing(case, officials, actor)
    case.sequence, case.number = next_number(RegisterNumber.Register.CASE, case.year)
    case.full_clean(validate_unique=False, validate_constraints=False)
    history.attribute(case, to=actor)
    case.save()
    _add_subjects(case, officials, actor)
    if clue is not None:
        clue.status = Clue.Status.FILED
        history.attribute(clue, to=actor)
        clue.save(update_fields=["status", "updated_at"])
    detail: dict[str, Any] = {"subjects": [official.pk for official in officials]}
    if clue is not None:
        detail["clue"] = clue.pk
    audit.record(
        action=AccountabilityAuditAction.CASE_FILE,
        user=actor,
        target=case,
        detail=detail,
    )
    return case


def _add_subjects(case: Case, officials: list[Official], actor: User) -> None:
    """Make each official a subject, with the unit, post and rank they hold today."""
    for official in officials:
        subject = CaseSubject(
            case=case,
            official=official,
            unit_id=official.unit_id,
            post=official.post,
            rank=official.rank,
        )
        history.attribute(subject, to=actor)
        subject.save()


def _lock(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


@transaction.atomic
def update_case(*, case: Case, actor: User) -> Case:
    """Save changes to an open case's facts, category, major flag and money."""
    if _lock(case).is_closed():
        raise ValidationError(_("A closed case cannot be changed."), code="closed")
    check_money(case)
    case.full_clean(validate_unique=False, validate_constraints=False)
    history.attribute(case, to=actor)
    case.save(update_fields=[*UPDATABLE_FIELDS, "updated_at"])
    audit.record(action=AccountabilityAuditAction.CASE_UPDATE, user=actor, target=case)
    return case


@transaction.atomic
def advance_case(
    *,
    case: Case,
    actor: User,
    closed_on: date | None = None,
    conclusion: str = "",
    to: str | None = None,
    started_on: date | None = None,
) -> Case:
    """Move the case on to its next stage; nothing else (Case.NEXT_STAGE).

    `to`, when given, names the stage the user saw as the next one: a second click on a
    stale page is refused instead of moving the case two stages. `started_on` is the
    day the next stage began, for work entered after the fact (default today); its
    deadline counts from then. Closing needs the date and the conclusion, and ends the
    deadlines. No date may come before the current stage began.
    """
    stored = _lock(case)
    following = stored.next_stage()
    if following is None or (to is not None and to != following):
        raise ValidationError(
            _("The case cannot move from %(stage)s to that stage."),
            code="illegal_stage",
            params={"stage": stored.get_stage_display()},
        )
    if following == Stage.CLOSED:
        closed_on = _check_stage_start(closed_on, "closed_on", stored)
        if not conclusion.strip():
            raise ValidationError({"conclusion": _("Enter the conclusion.")})
        stored.closed_on = closed_on
        stored.conclusion = conclusion.strip()
        stored.stage_started_on = closed_on
        stored.stage_due_on = None
    else:
        started_on = started_on or timezone.localdate()
        _check_stage_start(started_on, "started_on", stored)
        stored.stage_started_on = started_on
        stored.stage_due_on = stage_due_on(following, started_on)
    previous = stored.stage
    stored.stage = following
    history.attribute(stored, to=actor)
    stored.save()
    audit.record(
        action=AccountabilityAuditAction.CASE_STAGE,
        user=actor,
        target=stored,
        detail={"from": previous, "to": following},
    )
    return stored


@transaction.atomic
def transfer_case(
    *,
    case: Case,
    transferred_on: date | None,
    transferred_to: str,
    actor: User,
) -> Case:
    """Record the transfer to the judicial organs (移送司法): once, with date and organ."""
    stored = _lock(case)
    if stored.is_transferred():
        raise ValidationError(_("The case has been transferred already."))
    check_case_date(transferred_on, "transferred_on", stored)
    if not transferred_to.strip():
        raise ValidationError({"transferred_to": _("Name the receiving organ.")})
    stored.transferred_on = transferred_on
    stored.transferred_to = transferred_to.strip()
    history.attribute(stored, to=actor)
    stored.save(update_fields=["transferred_on", "transferred_to", "updated_at"])
    audit.record(
        action=AccountabilityAuditAction.CASE_TRANSFER,
        user=actor,
        target=stored,
        detail={"to": stored.transferred_to},
    )
    return stored


def check_period(sanction: Sanction) -> None:
    """Raise ValidationError unless the period fits the sanctions; fill in a period
    the law fixes when it was left blank."""
    party, administrative = sanction.party_sanction, sanction.administrative_sanction
    months = sanction.period_months
    if party == Sanction.Party.PROBATION:
        if months not in PROBATION_MONTHS:
            raise ValidationError(
                {"period_months": _("Probation lasts 12 or 24 months.")}
            )
    elif administrative in ADMINISTRATIVE_MONTHS:
        fixed = ADMINISTRATIVE_MONTHS[administrative]
        if months not in (None, fixed):
            raise ValidationError(
                {
                    "period_months": _("This sanction lasts %(months)s months.")
                    % {"months": fixed}
                }
            )
        sanction.period_months = fixed
    elif months is not None:
        raise ValidationError({"period_months": _("This sanction has no period.")})


def check_sanction_stage(case: Case) -> None:
    """Raise ValidationError unless the case has reached the hearing (审理): a sanction
    is decided on the hearing's findings, never during review and investigation."""
    if not case.may_decide_sanctions():
        raise ValidationError(
            _(
                "A sanction is decided after the hearing (审理), and this case is "
                "still at the stage %(stage)s: record it once the case has reached "
                "the hearing."
            ),
            code="before_hearing",
            params={"stage": case.get_stage_display()},
        )


def _check_sanction(sanction: Sanction, subject: CaseSubject) -> None:
    check_sanction_stage(subject.case)
    if not sanction.party_sanction and not sanction.administrative_sanction:
        raise ValidationError(
            _("Choose a party discipline, an administrative sanction or both.")
        )
    if sanction.party_sanction and not subject.official.is_party_member:
        raise ValidationError(
            {"party_sanction": _("Party discipline is only for party members.")}
        )
    check_case_date(sanction.decided_on, "decided_on", subject.case)
    hearing_began_on = subject.case.hearing_began_on()
    if hearing_began_on and sanction.decided_on < hearing_began_on:
        raise ValidationError(
            {
                "decided_on": _(
                    "The date cannot be before the hearing began (%(date)s)."
                )
                % {"date": hearing_began_on.isoformat()}
            }
        )
    check_period(sanction)


def _check_correction(
    subject: CaseSubject, corrects: Sanction | None
) -> Sanction | None:
    """Return the sanction in force that the new one corrects, or None. The caller
    holds the subject's row, so two decisions for one subject run one after the other."""
    in_force = Sanction.objects.in_force().filter(subject=subject)
    if corrects is None:
        if in_force.exists():
            raise ValidationError(
                {
                    "corrects": _(
                        "The subject has a sanction: record a correction of it."
                    )
                }
            )
        return None
    corrected = in_force.filter(pk=corrects.pk).first()
    if corrected is None:
        raise ValidationError(
            {"corrects": _("Correct a sanction of this subject that is in force.")}
        )
    return corrected


@transaction.atomic
def decide_sanction(
    *,
    subject: CaseSubject,
    actor: User,
    corrects: Sanction | None = None,
    **fields,
) -> Sanction:
    """Record the sanction decided for a subject of a case. It is final: a later
    correction is a new sanction naming the one it corrects, which then is no longer
    in force."""
    subject = (
        CaseSubject.objects.select_for_update(of=("self",))
        .select_related("case", "official")
        .get(pk=subject.pk)
    )
    if not Case.objects.visible_to(actor).filter(pk=subject.case_id).exists():
        raise NotPermitted
    sanction = Sanction(subject=subject, decided_by=actor, **fields)
    _check_sanction(sanction, subject)
    sanction.corrects = _check_correction(subject, corrects)
    sanction.full_clean(validate_unique=False, validate_constraints=False)
    sanction.save()
    detail = {"case": subject.case_id, "subject": subject.pk}
    if sanction.corrects is not None:
        detail["corrects"] = sanction.corrects.pk
    audit.record(
        action=AccountabilityAuditAction.SANCTION_DECIDE,
        user=actor,
        target=sanction,
        detail=detail,
    )
    return sanction


@transaction.atomic
def decide_sanctions(*, sanctions: Sequence[Sanction], actor: User) -> list[Sanction]:
    """Record many subjects' first sanctions at once, as decide_sanction records one:
    each checked by the same rules, with its audit entry, in one insert. Each unsaved
    sanction names its subject, once."""
    subject_ids = [sanction.subject_id for sanction in sanctions]
    if len(set(subject_ids)) != len(subject_ids):
        raise ValueError("Record one sanction per subject at a time.")
    subjects = (
        CaseSubject.objects.select_for_update(of=("self",))
        .select_related("case", "official")
        .in_bulk(subject_ids)
    )
    case_ids = {subject.case_id for subject in subjects.values()}
    visible = Case.objects.visible_to(actor).filter(pk__in=case_ids)
    if visible.count() != len(case_ids):
        raise NotPermitted
    for sanction in sanctions:
        sanction.subject = subjects[sanction.subject_id]
        sanction.decided_by = actor
        _check_sanction(sanction, sanction.subject)
        _check_correction(sanction.subject, None)
        sanction.full_clean(validate_unique=False, validate_constraints=False)
    created = Sanction.objects.bulk_create(sanctions)
    audit.record_each(
        action=AccountabilityAuditAction.SANCTION_DECIDE,
        user=actor,
        targets=created,
        details=[
            {"case": sanction.subject.case_id, "subject": sanction.subject_id}
            for sanction in created
        ],
    )
    return created
