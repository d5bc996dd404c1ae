"""Problem clues (问题线索): registration, ordered distribution (有序发放), disposal with
its dual report (两报告), escalation of a finding, and reminders of overdue clues.

Each change writes an audit event; the history tables keep the field-by-field detail.
"""

from collections.abc import Iterable
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import audit, history, roles
from core.errors import NotPermitted
from core.notifications import notify
from inspections.models import Finding
from inspections.services.findings import escalate_finding
from responsibilities.models import Official, Unit, home_unit

from ..audit import AccountabilityAuditAction
from ..models import Clue, ClueDisposal, Escalation, RegisterNumber
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
DISPOSABLE: dict[str, set[str]] = {
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


def check_clue(*, clue: Clue, officials: Iterable[Official], actor: User):
    """Raise ValidationError, per field, if the clue is outside the actor's scope or
    names officials outside its unit."""
    in_scope = clue.unit_id is not None and (
        Unit.objects.visible_to(actor).filter(pk=clue.unit_id).exists()
    )
    employs_all = in_scope and clue.unit.employs_all(officials)
    raise_clue_errors(clue, in_scope=in_scope, employs_all=employs_all)


def raise_clue_errors(clue: Clue, *, in_scope: bool, employs_all: bool) -> None:
    """Raise ValidationError, per field, for a clue whose unit is outside the scope, or
    whose officials are not all of its unit or below, or received in the future."""
    errors: dict[str, str | Promise] = {}
    if not in_scope:
        errors["unit"] = _("Choose a unit of your scope.")
    elif not employs_all:
        errors["officials"] = _("Choose officials of the unit concerned or below it.")
    if clue.received_on and clue.received_on > timezone.localdate():
        errors["received_on"] = NOT_IN_FUTURE
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def register_clue(*, clue: Clue, officials: Iterable[Official], actor: User) -> Clue:
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
    history.attribute(clue, to=actor)
    clue.save()
    clue.officials.set(officials)
    audit.record(
        action=AccountabilityAuditAction.CLUE_REGISTER,
        user=actor,
        target=clue,
        detail={"number": clue.number, "source": clue.source},
    )
    return clue


@transaction.atomic
def update_clue(*, clue: Clue, officials: Iterable[Official], actor: User) -> Clue:
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
    history.attribute(clue, to=actor)
    # Only the facts: the caller's copy may predate an assignment made meanwhile.
    clue.save(update_fields=[*EDITABLE_FIELDS, "updated_at"])
    clue.officials.set(officials)
    audit.record(
        action=AccountabilityAuditAction.CLUE_UPDATE,
        user=actor,
        target=clue,
        detail={"number": clue.number},
    )
    return clue


@transaction.atomic
def escalate_to_clue(*, finding: Finding, reason: str, actor: User) -> Clue:
    """Escalate the finding and register it as a clue, in one step."""
    finding = escalate_finding(
        finding=finding, to=Escalation.CLUE, reason=reason, actor=actor
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


def handlers_in_scope(actor: User) -> QuerySet:
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


def can_handle(user: User, clue: Clue) -> bool:
    """Return whether the user may handle the clue: active discipline staff who read
    it (queries the user's scope)."""
    return (
        user.is_active
        and roles.has_role(user, roles.DISCIPLINE_STAFF)
        and Clue.objects.visible_to(user).filter(pk=clue.pk).exists()
    )


def _hand_over(clue: Clue, *, handler: User, actor: User):
    clue.handler = handler
    clue.assigned_by = actor
    clue.assigned_at = timezone.now()
    clue.status = Status.ASSIGNED
    history.attribute(clue, to=actor)
    clue.save(
        update_fields=["handler", "assigned_by", "assigned_at", "status", "updated_at"]
    )


@transaction.atomic
def assign_clue(*, clue: Clue, handler: User, actor: User) -> Clue:
    """Assign, or reassign before its disposal, the clue to a handler."""
    if not actor.has_perm(ASSIGN_PERMISSION):
        raise NotPermitted
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
        action=AccountabilityAuditAction.CLUE_ASSIGN,
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
def take_next_clue(*, actor: User) -> Clue | None:
    """Take the oldest unassigned clue of the actor's scope; None if there is none.

    Rows another handler is taking right now are skipped rather than waited for, so
    two handlers taking at once get two different clues.
    """
    if not roles.has_role(actor, roles.DISCIPLINE_STAFF):
        raise NotPermitted
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
        action=AccountabilityAuditAction.CLUE_ASSIGN,
        user=actor,
        target=clue,
        detail={"handler": actor.get_username(), "taken": True},
    )
    return clue


# --- Disposal (处置) and the dual report (两报告) ------------------------------------


def may_dispose(user: User, clue: Clue) -> bool:
    """Return whether the user may decide on the clue: its handler or a leader."""
    return clue.handler_id == user.pk or user.has_perm(ASSIGN_PERMISSION)


def routes_for(clue: Clue) -> set[str]:
    return DISPOSABLE.get(Status(clue.status), set())


def _check_report_dates(decided_on: date, **dates: date | None) -> dict:
    errors: dict[str, str | Promise] = {}
    for field, value in dates.items():
        if value is None:
            continue
        if value > timezone.localdate():
            errors[field] = NOT_IN_FUTURE
        elif value < decided_on:
            errors[field] = _("The report cannot precede the decision.")
    return errors


def _check_disposal(clue: Clue, **disposal) -> None:
    """Raise ValidationError unless the clue may take the disposal (check_disposal);
    queries the clue's last disposal."""
    last = clue.disposals.order_by("-decided_on").first()
    not_before = max(clue.received_on, last.decided_on) if last else clue.received_on
    check_disposal(status=clue.status, not_before=not_before, **disposal)


def check_disposal(
    *,
    status: str,
    route: str,
    decided_on: date,
    reasoning: str,
    not_before: date,
    **reports: date | None,
) -> None:
    """Raise ValidationError unless a clue in `status` may take the route, and the
    dates and reasoning make sense: decided on or after `not_before` (the clue's
    receipt or its last disposal), reported after the decision, none in the future."""
    if route not in DISPOSABLE.get(Status(status), set()):
        raise ValidationError(
            _("A clue that is “%(status)s” cannot take this disposal."),
            code="illegal_transition",
            params={"status": Status(status).label},
        )
    errors = _check_report_dates(decided_on, **reports)
    if decided_on > timezone.localdate():
        errors["decided_on"] = NOT_IN_FUTURE
    elif decided_on < not_before:
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
    actor: User,
) -> ClueDisposal:
    """Record a disposal decision and move the clue to the status it leads to."""
    locked = Clue.objects.select_for_update().get(pk=clue.pk)
    if not may_dispose(actor, locked):
        raise NotPermitted
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
    history.attribute(disposal, to=actor)
    disposal.save()
    locked.status = ClueDisposal.RESULTING_STATUS[Route(route)]
    history.attribute(locked, to=actor)
    locked.save(update_fields=["status", "updated_at"])
    clue.status = locked.status
    audit.record(
        action=AccountabilityAuditAction.CLUE_DISPOSE,
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
    actor: User,
) -> ClueDisposal:
    """Fill in the dates of the dual report that are still missing; a date once
    recorded never changes."""
    locked = (
        ClueDisposal.objects.select_for_update()
        .select_related("clue")
        .get(pk=disposal.pk)
    )
    if not may_dispose(actor, locked.clue):
        raise NotPermitted
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
    history.attribute(locked, to=actor)
    locked.save(update_fields=changed)
    audit.record(
        action=AccountabilityAuditAction.CLUE_REPORT,
        user=actor,
        target=locked.clue,
        detail={
            field: value.isoformat()
            for field, value in given.items()
            if value is not None
        },
    )
    return locked
