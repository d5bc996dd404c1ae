"""Rectification (整改): assignment, the unit's reports, and discipline staff's check.

Each service moves the finding along its lifecycle through `move_finding`, which refuses
a move the lifecycle does not allow, so a finding and its rectification never disagree.
"""

from collections.abc import Iterable
from datetime import date, datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit, dates, history
from core.errors import NotPermitted
from core.notifications import notify
from responsibilities.models import Official, Unit

from ..audit import InspectionsAuditAction
from ..models import Evidence, Finding, Rectification, RectificationStep
from .findings import SECRET_FINDING, move_finding

Status = Rectification.Status
Kind = RectificationStep.Kind


def is_unit_side(user: User, rectification: Rectification) -> bool:
    """Return whether the user reports for the unit: the responsible official, or the
    party secretary (active main leader) of the finding's unit. Queries officials."""
    if not user.is_authenticated:
        return False
    if rectification.responsible.user_id == user.pk:
        return True
    return (
        Official.objects.active()
        .filter(
            unit_id=rectification.finding.unit_id,
            subject=Official.Subject.MAIN_LEADER,
            user=user,
        )
        .exists()
    )


def may_verify(user: User) -> bool:
    return user.has_perm("inspections.change_rectification")


def responsible_candidates(finding: Finding):
    """Return the officials who may answer for a finding's fix: those of its unit and
    the units below it, as a station's head answers for the station."""
    return Official.objects.active().filter(unit__in=Unit.objects.under(finding.unit))


@transaction.atomic
def assign_rectification(
    *,
    finding: Finding,
    responsible: Official,
    due_on: date,
    plan: str,
    actor: User,
    assigned_on: date | None = None,
) -> Rectification:
    """Give an open finding its rectification and tell the responsible official.

    `assigned_on` registers a rectification set on paper that day, with a notice from
    the archive: its deadline counts from that day, and no one is told, the paper
    having reached them.
    """
    if not actor.has_perm("inspections.add_rectification"):
        raise NotPermitted
    _check_assignable(finding, responsible)
    created_at = _paper_moment(assigned_on, not_before=finding.found_on)
    if due_on < (assigned_on or timezone.localdate()):
        raise ValidationError(_("The deadline cannot be in the past."))
    move_finding(finding=finding, to=Finding.Status.RECTIFYING, actor=actor)
    rectification = Rectification(
        finding=finding,
        responsible=responsible,
        due_on=due_on,
        plan=plan,
        created_at=created_at,
    )
    rectification.created_by = actor
    history.attribute(rectification, to=actor)
    rectification.save()
    audit.record(
        action=InspectionsAuditAction.RECTIFICATION_ASSIGN,
        user=actor,
        target=rectification,
        detail={
            "due_on": due_on.isoformat(),
            "responsible": responsible.pk,
            **_on_paper(assigned_on),
        },
    )
    if assigned_on is None:
        title = _("Rectification assigned to you: %(unit)s, due %(due_on)s")
        _notify_responsible(rectification, title)
    return rectification


def _check_assignable(finding: Finding, responsible: Official) -> None:
    # The responsible official is told, and reminded, of the finding.
    if finding.is_secret():
        raise ValidationError(SECRET_FINDING)
    if Rectification.objects.filter(finding=finding).exists():
        raise ValidationError(_("This finding already has a rectification."))
    if not responsible_candidates(finding).filter(pk=responsible.pk).exists():
        raise ValidationError(
            _("The responsible official must be an active official of the unit.")
        )


@transaction.atomic
def record_progress(
    *,
    rectification: Rectification,
    text: str,
    files: Iterable[UploadedFile],
    actor: User,
) -> RectificationStep:
    """Record the unit's progress on a rectification that is still under way."""
    rectification = _lock(rectification)
    _require_unit_side(actor, rectification)
    _require_pending(rectification)
    step = _add_step(rectification, Kind.PROGRESS, text, actor, files=files)
    audit.record(
        action=InspectionsAuditAction.RECTIFICATION_STEP,
        user=actor,
        target=rectification,
        detail={"kind": Kind.PROGRESS, "files": step.evidence.count()},
    )
    return step


@transaction.atomic
def submit_completion(
    *,
    rectification: Rectification,
    text: str,
    files: Iterable[UploadedFile],
    actor: User,
    no_evidence_reason: str = "",
    submitted_on: date | None = None,
) -> Rectification:
    """Hand in the completion report: evidence files, or a reason why there are none.

    `submitted_on` registers a report handed in on paper that day (the archive's):
    staff are not told, having received it then.
    """
    rectification = _lock(rectification)
    _require_unit_side(actor, rectification)
    _require_pending(rectification)
    submitted_at = _paper_moment(submitted_on, not_before=_last_step_day(rectification))
    files = list(files)
    if not files and not no_evidence_reason.strip():
        raise ValidationError(
            _("Attach evidence files, or explain why there are none.")
        )
    if not files:
        reason = _("No evidence files: %(reason)s")
        text = f"{text}\n\n{reason % {'reason': no_evidence_reason.strip()}}"
    move_finding(
        finding=rectification.finding, to=Finding.Status.SUBMITTED, actor=actor
    )
    _add_step(rectification, Kind.COMPLETION, text, actor, files=files, at=submitted_at)
    _set_status(rectification, Status.SUBMITTED, actor, submitted_at=submitted_at)
    audit.record(
        action=InspectionsAuditAction.RECTIFICATION_SUBMIT,
        user=actor,
        target=rectification,
        detail={
            "files": len(files),
            "on_time": rectification.was_on_time(),
            **_on_paper(submitted_on),
        },
    )
    if submitted_on is None:
        _notify_verifier(rectification, text)
    return rectification


def _notify_verifier(rectification: Rectification, report: str) -> None:
    """Tell the staff who assigned the rectification that a report awaits them."""
    if rectification.created_by.is_active:
        notify(
            user=rectification.created_by,
            title=_("Completion report to verify: %(unit)s")
            % {"unit": rectification.finding.unit.name},
            body=report,
            url=rectification.get_absolute_url(),
        )


@transaction.atomic
def return_rectification(
    *, rectification: Rectification, reasons: str, actor: User
) -> Rectification:
    """Send a completion report back to the unit, with the reasons why."""
    rectification = _lock(rectification)
    _require_staff(actor)
    _require_submitted(rectification)
    if not reasons.strip():
        raise ValidationError(_("Say why the report is returned."))
    move_finding(finding=rectification.finding, to=Finding.Status.RETURNED, actor=actor)
    _add_step(rectification, Kind.RETURNED, reasons, actor)
    _set_status(rectification, Status.RETURNED, actor)
    audit.record(
        action=InspectionsAuditAction.RECTIFICATION_RETURN,
        user=actor,
        target=rectification,
    )
    _notify_responsible(
        rectification, _("Rectification returned for more work: %(unit)s"), reasons
    )
    return rectification


@transaction.atomic
def accept_rectification(
    *,
    rectification: Rectification,
    actor: User,
    comment: str = "",
    accepted_on: date | None = None,
) -> Rectification:
    """Accept the completion report, which closes the finding.

    `accepted_on` registers an acceptance given on paper that day (the archive's): the
    unit is not told, having been told then.
    """
    rectification = _lock(rectification)
    _require_staff(actor)
    _require_submitted(rectification)
    closed_at = _paper_moment(
        accepted_on, not_before=timezone.localdate(rectification.submitted_at)
    )
    move_finding(finding=rectification.finding, to=Finding.Status.CLOSED, actor=actor)
    text = comment or _("Accepted.")
    _add_step(rectification, Kind.ACCEPTED, text, actor, at=closed_at)
    _set_status(rectification, Status.ACCEPTED, actor, closed_at=closed_at)
    audit.record(
        action=InspectionsAuditAction.RECTIFICATION_ACCEPT,
        user=actor,
        target=rectification,
        detail=_on_paper(accepted_on),
    )
    if accepted_on is None:
        title = _("Rectification accepted: %(unit)s")
        _notify_responsible(rectification, title, comment)
    return rectification


@transaction.atomic
def extend_deadline(
    *,
    rectification: Rectification,
    new_due_on: date,
    reason: str,
    actor: User,
) -> Rectification:
    """Move the deadline later, for a recorded reason; reminders start again from it."""
    rectification = _lock(rectification)
    _require_staff(actor)
    _require_pending(rectification)
    if not reason.strip():
        raise ValidationError(_("An extension needs a reason."))
    previous = rectification.due_on
    if new_due_on <= previous:
        raise ValidationError(_("The new deadline must be after the current one."))
    RectificationStep.objects.create(
        rectification=rectification,
        created_by=actor,
        kind=Kind.EXTENDED,
        text=reason,
        previous_due_on=previous,
        new_due_on=new_due_on,
    )
    rectification.due_on = new_due_on
    history.attribute(rectification, to=actor)
    rectification.save(update_fields=["due_on", "updated_at"])
    audit.record(
        action=InspectionsAuditAction.RECTIFICATION_EXTEND,
        user=actor,
        target=rectification,
        detail={
            "previous_due_on": previous.isoformat(),
            "new_due_on": new_due_on.isoformat(),
        },
    )
    _notify_responsible(
        rectification, _("Deadline extended to %(due_on)s: %(unit)s"), reason
    )
    return rectification


def _lock(rectification: Rectification) -> Rectification:
    """Reload the row under a lock, so two staff acting at once cannot both succeed."""
    return (
        Rectification.objects.select_for_update(of=("self",))
        .select_related("finding__unit", "responsible__user", "created_by")
        .get(pk=rectification.pk)
    )


def _require_unit_side(actor: User, rectification: Rectification) -> None:
    if not is_unit_side(actor, rectification):
        raise NotPermitted


def _require_staff(actor: User) -> None:
    if not may_verify(actor):
        raise NotPermitted


def _require_pending(rectification: Rectification) -> None:
    if not rectification.is_pending():
        raise ValidationError(_("This rectification is no longer under way."))


def _require_submitted(rectification: Rectification) -> None:
    if rectification.status != Status.SUBMITTED:
        raise ValidationError(_("Only a submitted completion report can be verified."))


def _add_step(
    rectification: Rectification,
    kind: str,
    text: str,
    actor: User,
    files: Iterable[UploadedFile] = (),
    at: datetime | None = None,
) -> RectificationStep:
    step = RectificationStep.objects.create(
        rectification=rectification,
        created_by=actor,
        kind=kind,
        text=text,
        created_at=at or timezone.now(),
    )
    max_length = Evidence._meta.get_field("original_name").max_length
    # The storage writes each file under a random name when its row is saved.
    for upload in files:
        Evidence.objects.create(
            step=step,
            file=upload,
            # An upload always has both; the stubs allow None for a File in general.
            original_name=(upload.name or "")[:max_length],
            size=upload.size or 0,
            uploaded_by=actor,
        )
    return step


def _last_step_day(rectification: Rectification) -> date:
    """Return the day of the rectification's latest step, or of its assignment: a
    report handed in again after a return cannot predate the return."""
    last = rectification.steps.order_by("-created_at", "-pk").first()
    return timezone.localdate(last.created_at if last else rectification.created_at)


def _paper_moment(on: date | None, *, not_before: date) -> datetime:
    """Return now, or the moment a paper from the archive dated `on` counts from; the
    paper falls between `not_before` (the step before it) and today."""
    if on is None:
        return timezone.now()
    if not not_before <= on <= timezone.localdate():
        raise ValidationError(
            _("A paper from the archive is dated between the step before it and today.")
        )
    return dates.paper_moment(on)


def _on_paper(on: date | None) -> dict[str, str]:
    """Return the audit detail of a step registered from a paper dated `on`."""
    return {"on_paper": on.isoformat()} if on else {}


def _set_status(
    rectification: Rectification, status: str, actor: User, **dates
) -> None:
    rectification.status = status
    for field, value in dates.items():
        setattr(rectification, field, value)
    history.attribute(rectification, to=actor)
    rectification.save(update_fields=["status", *dates, "updated_at"])


def _notify_responsible(
    rectification: Rectification, title: str, body: str = ""
) -> None:
    user = rectification.responsible.user
    if user is None or not user.is_active:
        return
    values = {
        "unit": rectification.finding.unit.name,
        "due_on": rectification.due_on.isoformat(),
    }
    notify(
        user=user,
        title=title % values,
        body=body or rectification.finding.description,
        url=rectification.get_absolute_url(),
    )
