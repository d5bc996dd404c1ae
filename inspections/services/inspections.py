"""Inspections (监督检查) and the projects under online monitoring (网上监察).

Each change writes an audit event; the history tables keep the field-by-field detail.
"""

from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from core import audit, history
from core.audit import Actor
from responsibilities.models import Official, Unit

from ..audit import InspectionsAuditAction
from ..models import Inspection, MonitoredProject

Kind = Inspection.Kind
Status = Inspection.Status

# An inspection only moves forward: once done, its findings are what it leaves behind.
STATUS_STEPS = {
    Status.PLANNED: {Status.IN_PROGRESS, Status.DONE},
    Status.IN_PROGRESS: {Status.DONE},
    Status.DONE: set(),
}


def kind_errors(inspection: Inspection) -> dict[str, str | Promise]:
    """Return, per field, what the inspection's kind requires or forbids.

    A topic belongs to a special inspection, a media source to a response to media
    exposure and a monitored project to online monitoring; each needs its own.
    """
    errors: dict[str, str | Promise] = {}
    kind = inspection.kind
    if kind == Kind.SPECIAL and not inspection.topic:
        errors["topic"] = _("A special inspection needs a topic.")
    if kind != Kind.SPECIAL and inspection.topic:
        errors["topic"] = _("Only a special inspection has a topic.")
    if kind == Kind.MEDIA_RESPONSE and not inspection.media_source.strip():
        errors["media_source"] = _("Name the media that exposed the problem.")
    if kind != Kind.MEDIA_RESPONSE and inspection.media_source.strip():
        errors["media_source"] = _(
            "Only a response to media exposure has a media source."
        )
    if kind == Kind.ONLINE_MONITORING and inspection.project_id is None:
        errors["project"] = _("Online monitoring needs its monitored project.")
    if kind != Kind.ONLINE_MONITORING and inspection.project_id is not None:
        errors["project"] = _("Only online monitoring names a monitored project.")
    return errors


def check_inspection(
    *, inspection: Inspection, units: Iterable[Unit], team: Iterable[Official]
) -> None:
    """Raise ValidationError, per field, if the inspection breaks a rule of its kind."""
    errors = kind_errors(inspection)
    if not list(units):
        errors["units"] = _("Choose at least one inspected unit.")
    # Nobody but its team may see a covert visit before it is done: without a team,
    # nobody at all could.
    if inspection.kind == Kind.COVERT_VISIT and not list(team):
        errors["team"] = _("A covert visit needs its inspecting team.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_inspection(
    *,
    inspection: Inspection,
    units: Iterable[Unit],
    team: Iterable[Official],
    actor: Actor,
) -> Inspection:
    """Save a new or edited inspection with its inspected units and team."""
    units, team = list(units), list(team)
    check_inspection(inspection=inspection, units=units, team=team)
    history.attribute(inspection, to=actor)
    inspection.save()
    inspection.units.set(units)
    inspection.team.set(team)
    audit.record(
        action=InspectionsAuditAction.INSPECTION_SAVE, user=actor, target=inspection
    )
    return inspection


def next_statuses(inspection: Inspection) -> list[str]:
    """Return the statuses the inspection may move to, in lifecycle order."""
    allowed = STATUS_STEPS[Status(inspection.status)]
    return [status for status in Status if status in allowed]


@transaction.atomic
def set_inspection_status(
    *, inspection: Inspection, status: str, actor: Actor
) -> Inspection:
    """Move the inspection forward; finishing it fills in its end date if missing.

    When a covert visit is done, it and its findings become visible to the inspected
    units and to all staff in scope: the querysets' visible_to follow its status.
    """
    locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if status not in STATUS_STEPS[Status(locked.status)]:
        raise ValidationError(
            _("An inspection cannot go from “%(old)s” to “%(new)s”."),
            code="illegal_transition",
            params={
                "old": locked.get_status_display(),
                "new": dict(Status.choices).get(status, status),
            },
        )
    today = timezone.localdate()
    locked.status = status
    if status == Status.DONE and locked.ended_on is None:
        locked.ended_on = max(today, locked.started_on)
    history.attribute(locked, to=actor)
    locked.save()
    audit.record(
        action=InspectionsAuditAction.INSPECTION_SAVE,
        user=actor,
        target=locked,
        detail={"status": status},
    )
    return locked


@transaction.atomic
def save_project(*, project: MonitoredProject, actor: Actor) -> MonitoredProject:
    """Save a new or edited monitored project."""
    history.attribute(project, to=actor)
    project.save()
    audit.record(action=InspectionsAuditAction.PROJECT_SAVE, user=actor, target=project)
    return project


@transaction.atomic
def create_projects(
    *, projects: Sequence[MonitoredProject], actor: Actor
) -> list[MonitoredProject]:
    """Add many new monitored projects at once, as save_project adds one: each with its
    history row and its audit entry (a year's list of government investment projects)."""
    created = bulk_create_with_history(
        list(projects), MonitoredProject, default_user=actor
    )
    audit.record_each(
        action=InspectionsAuditAction.PROJECT_SAVE, user=actor, targets=created
    )
    return created
