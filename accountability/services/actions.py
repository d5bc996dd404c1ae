"""Accountability actions (问责): deciding one, the evidence of who answered for what.

A decided action never changes; a correction is a new action naming the one it corrects.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import audit, history
from core.audit import Actor
from inspections.models import Finding
from inspections.services.findings import escalate_finding
from responsibilities.models import BottomLine, Unit

from ..audit import AccountabilityAuditAction
from ..models import AccountabilityAction, Escalation, Inquiry

Source = AccountabilityAction.Source


def bottom_line_years(action: AccountabilityAction) -> set[int]:
    """Return the catalogue years an action may cite: the year it is decided in, and
    the year of the violation (a case's, or the finding's)."""
    years = {action.decided_on.year} if action.decided_on else set()
    if action.case is not None:
        years.add(action.case.violation_year)
    if action.finding is not None:
        years.add(action.finding.found_on.year)
    return years


def _in_scope(unit_id: int, actor: Actor) -> bool:
    """Return whether the actor may decide about the unit; the system always may."""
    return actor is None or Unit.objects.visible_to(actor).filter(pk=unit_id).exists()


def check_action(
    *,
    action: AccountabilityAction,
    bottom_lines: Iterable[BottomLine],
    actor: Actor,
) -> None:
    """Raise ValidationError, per field, if the action breaks a rule of its target,
    scope, catalogue or source."""
    errors = {}
    against_unit = action.measure in AccountabilityAction.UNIT_MEASURES
    if action.official_id is None and not against_unit:
        errors["official"] = _("Choose the official this measure is taken against.")
    if action.official_id is not None and against_unit:
        errors["measure"] = _("This measure is taken against a unit, not a person.")
    if action.official is not None and action.official.unit_id != action.unit_id:
        errors["official"] = _("Choose an official of the unit.")
    if action.unit_id and not _in_scope(action.unit_id, actor):
        errors["unit"] = _("Choose a unit of your scope.")
    years = bottom_line_years(action)
    if any(line.year not in years for line in bottom_lines):
        errors["bottom_lines"] = _(
            "Cite the bottom lines of the year decided or of the year of the violation."
        )
    if action.decided_on and action.decided_on > timezone.localdate():
        errors["decided_on"] = _("The decision date cannot be in the future.")
    if action.source == Source.FINDING and not action.finding_id:
        errors["source"] = _("An action from a finding names the finding.")
    if action.source == Source.DOUBLE_INQUIRY and not (
        action.case_id or action.finding_id
    ):
        errors["source"] = _("An action from a double inquiry comes from its inquiry.")
    if action.source == Source.SPECIAL_INSPECTION and not action.inspection_id:
        errors["inspection"] = _("Choose the special inspection.")
    if errors:
        raise ValidationError(errors)


def _take_over_inquiry(action: AccountabilityAction, inquiry: Inquiry) -> Inquiry:
    """Lock the open inquiry and make the action its conclusion's: same leader, source."""
    locked = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
    if not locked.is_open():
        raise ValidationError(_("This inquiry is already concluded."), code="concluded")
    if action.official_id != locked.official_id:
        raise ValidationError(
            {"official": _("The action is against the leader of the inquiry.")}
        )
    action.source = Source.DOUBLE_INQUIRY
    action.case_id = locked.case_id
    action.finding_id = locked.finding_id
    return locked


@transaction.atomic
def decide_action(
    *,
    action: AccountabilityAction,
    bottom_lines: Iterable[BottomLine],
    actor: Actor,
    inquiry: Inquiry | None = None,
) -> AccountabilityAction:
    """Record a decided action, citing the bottom lines breached.

    With `inquiry`, the action concludes it (held accountable). An action from a
    finding that is still being handled escalates it to accountability in the same
    transaction, which withdraws its pending rectification.
    """
    if action.pk is not None:
        raise ValidationError(_("This action is already decided."), code="decided")
    bottom_lines = list(bottom_lines)
    if inquiry is not None:
        inquiry = _take_over_inquiry(action, inquiry)
    if action.corrects_id is not None:
        corrected = AccountabilityAction.objects.select_for_update().get(
            pk=action.corrects_id
        )
        if AccountabilityAction.objects.filter(corrects=corrected).exists():
            raise ValidationError(
                _("This action has already been corrected."), code="corrected"
            )
    check_action(action=action, bottom_lines=bottom_lines, actor=actor)
    if action.official_id:
        action.post = action.official.post
        action.rank = action.official.rank
    action.decided_by = actor
    action.save()
    action.bottom_lines.set(bottom_lines)
    if action.finding_id:
        _escalate(action, action.finding_id, actor)
    if inquiry is not None:
        _conclude(inquiry, action, actor)
    audit.record(
        action=AccountabilityAuditAction.ACTION_DECIDE,
        user=actor,
        target=action,
        detail={
            "measure": action.measure,
            "responsibility": action.responsibility,
            "source": action.source,
            "bottom_lines": sorted(line.number for line in bottom_lines),
            "corrects": action.corrects_id,
        },
    )
    return action


def _escalate(action: AccountabilityAction, finding_id: int, actor: Actor) -> None:
    """Escalate the action's finding to accountability, unless it is escalated already
    or closed (verified as rectified: accountability afterwards changes nothing of it)."""
    # Read afresh and locked: the caller's copy may be older than another escalation.
    finding = Finding.objects.select_for_update().get(pk=finding_id)
    if finding.can_become(Finding.Status.ESCALATED):
        escalate_finding(
            finding=finding,
            to=Escalation.ACCOUNTABILITY,
            reason=action.reasons,
            actor=actor,
        )


def _conclude(inquiry: Inquiry, action: AccountabilityAction, actor: Actor) -> None:
    inquiry.action = action
    inquiry.status = Inquiry.Status.HELD_ACCOUNTABLE
    inquiry.concluded_by = actor
    inquiry.concluded_at = timezone.now()
    history.attribute(inquiry, to=actor)
    inquiry.save()
    audit.record(
        action=AccountabilityAuditAction.INQUIRY_CONCLUDE,
        user=actor,
        target=inquiry,
        detail={"status": inquiry.status, "action": action.pk},
    )
