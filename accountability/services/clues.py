"""Problem clues (问题线索): registration, ordered distribution (有序发放), disposal with
its dual report (两报告), escalation of a finding, and reminders of overdue clues.

Each change writes an audit event; the history tables keep the field-by-field detail.
"""

from collections.abc import Iterable
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import audit, roles
from core.notifications import notify
from inspections.models import Finding
from inspections.services.findings import escalate_finding
from responsibilities.models import Official, Unit, home_unit

from ..models import Clue, ClueDisposal, RegisterNumber
from .clue_reminders import send_clue_reminders
from .numbering import next_number

Status = Clue.Status
Route = ClueDisposal.Route
__all__ = [
    "assign_clue",
    "dispose_clue",
    "escalate_to_clue",
    "record_dual_report",
    "register_clue",
    "send_clue_reminders",
    "take_next_clue",
    "update_clue",
]
ASSIGN_PERMISSION = "accountability.assign_clue"
# The statuses a clue may be disposed of from, and the routes each allows: a clue
# proposed for a case (拟立案) waits for the case, and may only be closed meanwhile.
DISPOSABLE = {
    Status.ASSIGNED: set(Route),
    Status.IN_HAND: set(Route),
    Status.HELD: set(Route),
    Status.PROPOSED: {Route.CLOSE},
}
EDITABLE_STATUSES = (Status.UNASSIGNED, Status.ASSIGNED)
# What editing a clue may change: its number, handler and status stay as they are.
EDITABLE_FIELDS = ["source", "channel", "received_on", "unit", "summary"]
NOT_IN_FUTURE = gettext_lazy("This date is in the future.")


# --- Registration ---------------------------------------------------------------


def check_clue(*, clue: Clue, officials: Iterable[Official], actor: AbstractBaseUser):
    """Raise ValidationError, per field, if the clue is outside the actor's scope or
    names officials outside its unit."""
    errors = {}
    if clue.unit_id is None or not (
        Unit.objects.visible_to(actor).filter(pk=clue.unit_id).exists()
    ):
        errors["unit"] = _("Choose a unit of your scope.")
    elif not clue.unit.employs_all(officials):
        errors["officials"] = _("Choose officials of the unit concerned or below it.")
    if clue.received_on and clue.received_on > timezone.localdate():
        errors["received_on"] = NOT_IN_FUTURE
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def register_clue(
    *, clue: Clue, officials: Iterable[Official], actor: AbstractBaseUser
) -> Clue:
    """Number and save a new clue, held by the actor's discipline body."""
    officials = list(officials)
    check_clue(clue=clue, officials=officials, actor=actor)
    handling_unit = home_unit(actor)
    if handling_unit is None:
        raise ValidationError(_("Your account belongs to no unit."), code="no_unit")
    clue.handling_unit = handling_unit
    clue.registered_by = actor
    clue.status = Status.UNASSIGNED
    clue.year = clue.received_on.year
    clue.sequence, clue.number = next_number(RegisterNumber.Register.CLUE, clue.year)
    clue._history_user = actor
    clue.save()
    clue.officials.set(officials)
    audit.record(
        action=audit.Action.CLUE_REGISTER,
        user=actor,
        target=clue,
        detail={"number": clue.number, "source": clue.source},
    )
    return clue


@transaction.atomic
def update_clue(
    *, clue: Clue, officials: Iterable[Official], actor: AbstractBaseUser
) -> Clue:
    """Save changed facts of a clue not yet disposed of; its number stays."""
    officials = list(officials)
    stored = Clue.objects.select_for_update().get(pk=clue.pk)
    if stored.status not in EDITABLE_STATUSES:
        raise ValidationError(
            _("Only a clue not yet disposed of can be edited."), code="disposed"
        )
    check_clue(clue=clue, officials=officials, actor=actor)
    if clue.received_on.year != stored.year:
        raise ValidationError(
            {"received_on": _("The date must stay in the year of the number.")}
        )
    clue._history_user = actor
    # Only the facts: the caller's copy may predate an assignment made meanwhile.
    clue.save(update_fields=[*EDITABLE_FIELDS, "updated_at"])
    clue.officials.set(officials)
    audit.record(
        action=audit.Action.CLUE_UPDATE,
        user=actor,
        target=clue,
        detail={"number": clue.number},
    )
    return clue


@transaction.atomic
def escalate_to_clue(*, finding: Finding, reason: str, actor: AbstractBaseUser) -> Clue:
    """Escalate the finding and register it as a clue, in one step."""
    finding = escalate_finding(
        finding=finding, to=Finding.Escalation.CLUE, reason=reason, actor=actor
    )
    clue = Clue(
        finding=finding,
        source=Clue.Source.FINDING,
        channel=Clue.Channel.DOCUMENT,
        unit=finding.unit,
        received_on=timezone.localdate(),
        summary=f"{finding.description}\n\n{reason.strip()}",
    )
    return register_clue(clue=clue, officials=finding.officials.all(), actor=actor)


# --- Ordered distribution (有序发放) ------------------------------------------------


def handlers_in_scope(actor: AbstractBaseUser) -> QuerySet:
    """Return the active discipline staff of the actor's scope: who may handle clues."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__name=roles.DISCIPLINE_STAFF,
            profile__unit__in=Unit.objects.visible_to(actor),
        )
        .distinct()
        .order_by("username")
    )


def can_handle(user: AbstractBaseUser, clue: Clue) -> bool:
    """Return whether the user may handle the clue: active discipline staff who read
    it (queries the user's scope)."""
    return (
        user.is_active
        and roles.has_role(user, roles.DISCIPLINE_STAFF)
        and Clue.objects.visible_to(user).filter(pk=clue.pk).exists()
    )


def _hand_over(clue: Clue, *, handler: AbstractBaseUser, actor: AbstractBaseUser):
    clue.handler = handler
    clue.assigned_by = actor
    clue.assigned_at = timezone.now()
    clue.status = Status.ASSIGNED
    clue._history_user = actor
    clue.save(
        update_fields=["handler", "assigned_by", "assigned_at", "status", "updated_at"]
    )


@transaction.atomic
def assign_clue(
    *, clue: Clue, handler: AbstractBaseUser, actor: AbstractBaseUser
) -> Clue:
    """Assign, or reassign before its disposal, the clue to a handler."""
    if not actor.has_perm(ASSIGN_PERMISSION):
        raise PermissionDenied
    locked = Clue.objects.select_for_update().get(pk=clue.pk)
    if locked.status not in EDITABLE_STATUSES:
        raise ValidationError(
            _("A clue already disposed of cannot be reassigned."), code="disposed"
        )
    if not can_handle(handler, locked):
        raise ValidationError(
            {"handler": _("Choose discipline staff who may handle this clue.")}
        )
    _hand_over(locked, handler=handler, actor=actor)
    audit.record(
        action=audit.Action.CLUE_ASSIGN,
        user=actor,
        target=locked,
        detail={"handler": handler.get_username()},
    )
    if handler != actor:
        notify(
            user=handler,
            title=_("Clue %(number)s assigned to you") % {"number": locked.number},
            body=locked.summary,
            url=locked.get_absolute_url(),
        )
    return locked


@transaction.atomic
def take_next_clue(*, actor: AbstractBaseUser) -> Clue | None:
    """Take the oldest unassigned clue of the actor's scope; None if there is none.

    Rows another handler is taking right now are skipped rather than waited for, so
    two handlers taking at once get two different clues.
    """
    if not roles.has_role(actor, roles.DISCIPLINE_STAFF):
        raise PermissionDenied
    clue = (
        Clue.objects.visible_to(actor)
        .unassigned()
        .order_by("received_on", "pk")
        .select_for_update(skip_locked=True)
        .first()
    )
    if clue is None:
        return None
    _hand_over(clue, handler=actor, actor=actor)
    audit.record(
        action=audit.Action.CLUE_ASSIGN,
        user=actor,
        target=clue,
        detail={"handler": actor.get_username(), "taken": True},
    )
    return clue


# --- Disposal (处置) and the dual report (两报告) ------------------------------------


def may_dispose(user: AbstractBaseUser, clue: Clue) -> bool:
    """Return whether the user may decide on the clue: its handler or a leader."""
    return clue.handler_id == user.pk or user.has_perm(ASSIGN_PERMISSION)


def routes_for(clue: Clue) -> set[str]:
    return DISPOSABLE.get(Status(clue.status), set())


def _check_report_dates(decided_on: date, **dates: date | None) -> dict:
    errors = {}
    for field, value in dates.items():
        if value is None:
            continue
        if value > timezone.localdate():
            errors[field] = NOT_IN_FUTURE
        elif value < decided_on:
            errors[field] = _("The report cannot precede the decision.")
    return errors


def _check_disposal(
    clue: Clue, *, route: str, decided_on: date, reasoning: str, **reports: date | None
) -> None:
    """Raise ValidationError unless the clue's status allows the route and the dates
    and reasoning make sense; queries the clue's last disposal."""
    if route not in routes_for(clue):
        raise ValidationError(
            _("A clue that is “%(status)s” cannot take this disposal."),
            code="illegal_transition",
            params={"status": clue.get_status_display()},
        )
    errors = _check_report_dates(decided_on, **reports)
    last = clue.disposals.order_by("-decided_on").first()
    if decided_on > timezone.localdate():
        errors["decided_on"] = NOT_IN_FUTURE
    elif decided_on < clue.received_on or (last and decided_on < last.decided_on):
        errors["decided_on"] = _(
            "The decision cannot precede the clue or its last disposal."
        )
    if not reasoning.strip():
        errors["reasoning"] = _("Give the reasoning for the decision.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def dispose_clue(
    *,
    clue: Clue,
    route: str,
    decided_on: date,
    reasoning: str,
    reported_to_committee_on: date | None = None,
    reported_to_higher_on: date | None = None,
    actor: AbstractBaseUser,
) -> ClueDisposal:
    """Record a disposal decision and move the clue to the status it leads to."""
    locked = Clue.objects.select_for_update().get(pk=clue.pk)
    if not may_dispose(actor, locked):
        raise PermissionDenied
    _check_disposal(
        locked,
        route=route,
        decided_on=decided_on,
        reasoning=reasoning,
        reported_to_committee_on=reported_to_committee_on,
        reported_to_higher_on=reported_to_higher_on,
    )
    disposal = ClueDisposal(
        clue=locked,
        decided_by=actor,
        route=route,
        decided_on=decided_on,
        reasoning=reasoning.strip(),
        reported_to_committee_on=reported_to_committee_on,
        reported_to_higher_on=reported_to_higher_on,
    )
    disposal._history_user = actor
    disposal.save()
    locked.status = ClueDisposal.RESULTING_STATUS[Route(route)]
    locked._history_user = actor
    locked.save(update_fields=["status", "updated_at"])
    clue.status = locked.status
    audit.record(
        action=audit.Action.CLUE_DISPOSE,
        user=actor,
        target=locked,
        detail={"route": route, "decided_on": decided_on.isoformat()},
    )
    return disposal


@transaction.atomic
def record_dual_report(
    *,
    disposal: ClueDisposal,
    reported_to_committee_on: date | None,
    reported_to_higher_on: date | None,
    actor: AbstractBaseUser,
) -> ClueDisposal:
    """Fill in the dates of the dual report that are still missing; a date once
    recorded never changes."""
    locked = (
        ClueDisposal.objects.select_for_update()
        .select_related("clue")
        .get(pk=disposal.pk)
    )
    if not may_dispose(actor, locked.clue):
        raise PermissionDenied
    given = {
        "reported_to_committee_on": reported_to_committee_on,
        "reported_to_higher_on": reported_to_higher_on,
    }
    errors = _check_report_dates(locked.decided_on, **given)
    for field, value in given.items():
        if value is not None and getattr(locked, field) is not None:
            errors[field] = _("This report is recorded already.")
    if not any(given.values()):
        errors[NON_FIELD_ERRORS] = _("Enter the date of at least one report.")
    if errors:
        raise ValidationError(errors)
    changed = [field for field, value in given.items() if value is not None]
    for field in changed:
        setattr(locked, field, given[field])
    locked._history_user = actor
    locked.save(update_fields=changed)
    audit.record(
        action=audit.Action.CLUE_REPORT,
        user=actor,
        target=locked.clue,
        detail={field: given[field].isoformat() for field in changed},
    )
    return locked
