"""Findings (发现问题): entering them, moving them through their lifecycle, escalating.

Each change writes an audit event; the history tables keep the field-by-field detail.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import audit, history
from core.audit import Actor
from responsibilities.models import Official

from ..audit import InspectionsAuditAction
from ..models import Finding, Rectification, RectificationStep

Source = Finding.Source
SECRET_FINDING = _(
    "The findings of a covert visit go to their unit only once the visit is done."
)


def check_finding(*, finding: Finding, officials: Iterable[Official]) -> None:
    """Raise ValidationError, per field, if the finding breaks a rule of its source."""
    errors = {}
    if finding.inspection is not None:
        if finding.source != Source.INSPECTION:
            errors["source"] = _("A finding of an inspection has that as its source.")
        inspected = finding.inspection.units.filter(pk=finding.unit_id)
        if finding.unit_id and not inspected.exists():
            errors["unit"] = _("Choose one of the units the inspection inspected.")
    elif finding.source == Source.INSPECTION:
        errors["source"] = _("Enter findings of an inspection from the inspection.")
    if finding.source == Source.REVIEW and finding.review_id is None:
        errors["review"] = _("Choose the duty-report review that found it.")
    if finding.source != Source.REVIEW and finding.review_id is not None:
        errors["review"] = _("Only a finding of a review names a review.")
    if finding.unit_id and not finding.unit.employs_all(officials):
        errors["officials"] = _("Choose officials of the unit concerned.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_finding(
    *, finding: Finding, officials: Iterable[Official], actor: Actor
) -> Finding:
    """Save a new finding, or edit one that is still open, with its officials."""
    officials = list(officials)
    if finding.pk is not None:
        stored = Finding.objects.select_for_update().get(pk=finding.pk)
        if stored.status != Finding.Status.OPEN:
            raise ValidationError(
                _("Only an open finding can be edited."), code="not_open"
            )
    check_finding(finding=finding, officials=officials)
    history.attribute(finding, to=actor)
    finding.save()
    finding.officials.set(officials)
    audit.record(action=InspectionsAuditAction.FINDING_SAVE, user=actor, target=finding)
    return finding


@transaction.atomic
def move_finding(*, finding: Finding, to: str, actor: Actor) -> Finding:
    """Move the finding to status `to`, refusing what Finding.TRANSITIONS forbids.

    The row is locked first, so two moves at once cannot both start from the same
    status. It writes no audit event: the rectification or notice service that calls
    it records the step that caused the move.
    """
    locked = Finding.objects.select_for_update().get(pk=finding.pk)
    if not locked.can_become(to):
        raise ValidationError(
            _("A finding cannot go from “%(old)s” to “%(new)s”."),
            code="illegal_transition",
            params={
                "old": locked.get_status_display(),
                "new": Finding.Status(to).label,
            },
        )
    locked.status = to
    history.attribute(locked, to=actor)
    locked.save(update_fields=["status", "updated_at"])
    finding.status = locked.status
    return finding


@transaction.atomic
def escalate_finding(
    *, finding: Finding, to: str, reason: str, actor: Actor
) -> Finding:
    """Escalate the finding into enforcement, out of rectification.

    `to` is the code of the kind of enforcement record that takes the finding over,
    defined and labelled by the app that keeps those records (accountability's
    Escalation). The record itself points back at the finding with its own foreign
    key; the finding keeps no link to it, so that escalating never waits for that
    record to exist. The reason is kept in the audit event's detail.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for escalating.")})
    locked = Finding.objects.select_for_update().get(pk=finding.pk)
    if not locked.can_become(Finding.Status.ESCALATED):
        raise ValidationError(
            _("A finding that is “%(status)s” cannot be escalated."),
            code="illegal_transition",
            params={"status": locked.get_status_display()},
        )
    locked.status = Finding.Status.ESCALATED
    locked.escalation = to
    locked.escalated_at = timezone.now()
    history.attribute(locked, to=actor)
    locked.save()
    _withdraw_rectification(locked, reason=reason, actor=actor)
    audit.record(
        action=InspectionsAuditAction.FINDING_ESCALATE,
        user=actor,
        target=locked,
        detail={"to": locked.escalation, "reason": reason},
    )
    return locked


def _withdraw_rectification(finding: Finding, *, reason: str, actor: Actor) -> None:
    """Stop a pending rectification of an escalated finding, so that it is no longer
    reminded of or counted as overdue; its record keeps the reason."""
    rectification = (
        Rectification.objects.select_for_update()
        .filter(finding=finding, status__in=Rectification.PENDING_STATUSES)
        .first()
    )
    if rectification is None:
        return
    RectificationStep.objects.create(
        rectification=rectification,
        # Not the stubs' error: a step needs its author, so an escalation by the
        # system (actor None) of a finding under rectification fails here.
        created_by=actor,  # type: ignore[misc]
        kind=RectificationStep.Kind.WITHDRAWN,
        text=reason,
    )
    rectification.status = Rectification.Status.WITHDRAWN
    rectification.closed_at = finding.escalated_at
    history.attribute(rectification, to=actor)
    rectification.save(update_fields=["status", "closed_at", "updated_at"])
