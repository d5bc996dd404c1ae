"""Rectification (整改): assignment, the unit's reports, and discipline staff's check.

Each service moves the finding along its lifecycle through `move_finding`, which refuses
a move the lifecycle does not allow, so a finding and its rectification never disagree.
"""

from collections.abc import Iterable
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.notifications import notify
from responsibilities.models import Official, Unit

from ..models import Evidence, Finding, Rectification, RectificationStep
from .findings import SECRET_FINDING, move_finding

Status = Rectification.Status
Kind = RectificationStep.Kind


def is_unit_side(user: AbstractBaseUser, rectification: Rectification) -> bool:
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


def may_verify(user: AbstractBaseUser) -> bool:
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
    actor: AbstractBaseUser,
) -> Rectification:
    """Give an open finding its rectification and tell the responsible official."""
    if not actor.has_perm("inspections.add_rectification"):
        raise PermissionDenied
    # The responsible official is told, and reminded, of the finding.
    if finding.is_secret():
        raise ValidationError(SECRET_FINDING)
    if Rectification.objects.filter(finding=finding).exists():
        raise ValidationError(_("This finding already has a rectification."))
    if not responsible_candidates(finding).filter(pk=responsible.pk).exists():
        raise ValidationError(
            _("The responsible official must be an active official of the unit.")
        )
    if due_on < timezone.localdate():
        raise ValidationError(_("The deadline cannot be in the past."))
    move_finding(finding=finding, to=Finding.Status.RECTIFYING, actor=actor)
    rectification = Rectification(
        finding=finding, responsible=responsible, due_on=due_on, plan=plan
    )
    rectification.created_by = actor
    rectification._history_user = actor
    rectification.save()
    audit.record(
        action=audit.Action.RECTIFICATION_ASSIGN,
        user=actor,
        target=rectification,
        detail={"due_on": due_on.isoformat(), "responsible": responsible.pk},
    )
    title = _("Rectification assigned to you: %(unit)s, due %(due_on)s")
    _notify_responsible(rectification, title)
    return rectification


@transaction.atomic
def record_progress(
    *,
    rectification: Rectification,
    text: str,
    files: Iterable[UploadedFile],
    actor: AbstractBaseUser,
) -> RectificationStep:
    """Record the unit's progress on a rectification that is still under way."""
    rectification = _lock(rectification)
    _require_unit_side(actor, rectification)
    _require_pending(rectification)
    step = _add_step(rectification, Kind.PROGRESS, text, actor, files=files)
    audit.record(
        action=audit.Action.RECTIFICATION_STEP,
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
    actor: AbstractBaseUser,
    no_evidence_reason: str = "",
) -> Rectification:
    """Hand in the completion report: evidence files, or a reason why there are none."""
    rectification = _lock(rectification)
    _require_unit_side(actor, rectification)
    _require_pending(rectification)
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
    _add_step(rectification, Kind.COMPLETION, text, actor, files=files)
    _set_status(rectification, Status.SUBMITTED, actor, submitted_at=timezone.now())
    audit.record(
        action=audit.Action.RECTIFICATION_SUBMIT,
        user=actor,
        target=rectification,
        detail={"files": len(files), "on_time": rectification.was_on_time()},
    )
    if rectification.created_by.is_active:
        notify(
            user=rectification.created_by,
            title=_("Completion report to verify: %(unit)s")
            % {"unit": rectification.finding.unit.name},
            body=text,
            url=rectification.get_absolute_url(),
        )
    return rectification


@transaction.atomic
def return_rectification(
    *, rectification: Rectification, reasons: str, actor: AbstractBaseUser
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
        action=audit.Action.RECTIFICATION_RETURN,
        user=actor,
        target=rectification,
        detail={"reasons": reasons},
    )
    _notify_responsible(
        rectification, _("Rectification returned for more work: %(unit)s"), reasons
    )
    return rectification


@transaction.atomic
def accept_rectification(
    *, rectification: Rectification, actor: AbstractBaseUser, comment: str = ""
) -> Rectification:
    """Accept the completion report, which closes the finding."""
    rectification = _lock(rectification)
    _require_staff(actor)
    _require_submitted(rectification)
    move_finding(finding=rectification.finding, to=Finding.Status.CLOSED, actor=actor)
    _add_step(rectification, Kind.ACCEPTED, comment or _("Accepted."), actor)
    _set_status(rectification, Status.ACCEPTED, actor, closed_at=timezone.now())
    audit.record(
        action=audit.Action.RECTIFICATION_ACCEPT, user=actor, target=rectification
    )
    _notify_responsible(rectification, _("Rectification accepted: %(unit)s"), comment)
    return rectification


@transaction.atomic
def extend_deadline(
    *,
    rectification: Rectification,
    new_due_on: date,
    reason: str,
    actor: AbstractBaseUser,
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
    rectification._history_user = actor
    rectification.save(update_fields=["due_on", "updated_at"])
    audit.record(
        action=audit.Action.RECTIFICATION_EXTEND,
        user=actor,
        target=rectification,
        detail={
            "previous_due_on": previous.isoformat(),
            "new_due_on": new_due_on.isoformat(),
            "reason": reason,
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


def _require_unit_side(actor: AbstractBaseUser, rectification: Rectification) -> None:
    if not is_unit_side(actor, rectification):
        raise PermissionDenied


def _require_staff(actor: AbstractBaseUser) -> None:
    if not may_verify(actor):
        raise PermissionDenied


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
    actor: AbstractBaseUser,
    files: Iterable[UploadedFile] = (),
) -> RectificationStep:
    step = RectificationStep.objects.create(
        rectification=rectification, created_by=actor, kind=kind, text=text
    )
    max_length = Evidence._meta.get_field("original_name").max_length
    # The storage writes each file under a random name when its row is saved.
    for upload in files:
        Evidence.objects.create(
            step=step,
            file=upload,
            original_name=upload.name[:max_length],
            size=upload.size,
            uploaded_by=actor,
        )
    return step


def _set_status(
    rectification: Rectification, status: str, actor: AbstractBaseUser, **dates
) -> None:
    rectification.status = status
    for field, value in dates.items():
        setattr(rectification, field, value)
    rectification._history_user = actor
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
