"""Rectification (整改): each finding's fix, with its deadline, steps, evidence and check."""

import uuid
from datetime import date
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import dates
from core.evidence import Deletion, EvidenceModel
from responsibilities.models import Official

from .findings import Finding


class RectificationQuerySet(models.QuerySet):
    def visible_to(self, user: User | AnonymousUser) -> "RectificationQuerySet":
        return self.filter(finding__in=Finding.objects.visible_to(user))

    def pending(self) -> "RectificationQuerySet":
        """Rectifications the unit still has to do: not yet submitted, or sent back."""
        return self.filter(status__in=Rectification.PENDING_STATUSES)

    def overdue(self, today: date) -> "RectificationQuerySet":
        return self.pending().filter(due_on__lt=today)


class Rectification(models.Model):
    """The fix of one finding: who answers for it, by when, how, and whether it held."""

    class Status(models.TextChoices):
        OPEN = "open", _("Being rectified")
        SUBMITTED = "submitted", _("Completion report submitted")
        RETURNED = "returned", _("Returned for more work")
        ACCEPTED = "accepted", _("Accepted")
        # The finding went to enforcement (a clue or an accountability action) instead.
        WITHDRAWN = "withdrawn", _("Withdrawn: the finding was escalated")

    PENDING_STATUSES = (Status.OPEN, Status.RETURNED)

    finding = models.OneToOneField(
        Finding,
        on_delete=models.PROTECT,
        related_name="rectification",
        verbose_name=_("finding"),
    )
    responsible = models.ForeignKey(
        Official,
        on_delete=models.PROTECT,
        related_name="rectifications",
        verbose_name=_("responsible official"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("deadline"), validators=[dates.planned])
    plan = models.TextField(_("rectification plan"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status, default=Status.OPEN
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    # When it was assigned: now, or the day a paper from the archive bears.
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = RectificationQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("rectification")
        verbose_name_plural = _("rectifications")

    def __str__(self) -> str:
        return str(self.finding)

    def get_absolute_url(self) -> str:
        return reverse("inspections:rectification_detail", args=[self.pk])

    def is_pending(self) -> bool:
        return self.status in self.PENDING_STATUSES

    def is_overdue(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.is_pending() and self.due_on < today

    def was_on_time(self) -> bool | None:
        """Return whether the completion report came by the deadline; None if none yet."""
        if self.submitted_at is None:
            return None
        return timezone.localdate(self.submitted_at) <= self.due_on


class RectificationStep(EvidenceModel):
    """One step in a rectification's record: progress, the completion report, a return,
    the acceptance or an extension of the deadline. Steps are never edited."""

    class Kind(models.TextChoices):
        PROGRESS = "progress", _("Progress")
        COMPLETION = "completion", _("Completion report")
        RETURNED = "returned", _("Returned")
        ACCEPTED = "accepted", _("Accepted")
        EXTENDED = "extended", _("Deadline extended")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    rectification = models.ForeignKey(
        Rectification, on_delete=models.PROTECT, related_name="steps"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind)
    # The report, the reasons for a return or for an extension.
    text = models.TextField(_("text"))
    previous_due_on = models.DateField(
        _("previous deadline"), null=True, blank=True, validators=[dates.planned]
    )
    new_due_on = models.DateField(
        _("new deadline"), null=True, blank=True, validators=[dates.planned]
    )
    # Now, or the day a paper from the archive bears.
    created_at = models.DateTimeField(_("time"), default=timezone.now, editable=False)

    deletion = Deletion.ALLOWED
    change_refusal = "A rectification step is a record and never changes."

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("rectification step")
        verbose_name_plural = _("rectification steps")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="extended")
                | Q(previous_due_on__isnull=False, new_due_on__isnull=False),
                name="inspections_rectificationstep_extension_has_dates",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d}"


def evidence_path(instance: "Evidence", filename: str) -> str:
    # A random name on disk: what users typed stays in original_name only.
    return f"rectifications/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class Evidence(EvidenceModel):
    """A file supporting a rectification step, kept privately and downloaded only through
    a view that checks the reader's scope."""

    step = models.ForeignKey(
        RectificationStep, on_delete=models.PROTECT, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to=evidence_path)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    deletion = Deletion.ALLOWED
    change_refusal = "Evidence is part of the record and never changes."

    class Meta:
        ordering = ["pk"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("inspections:evidence_download", args=[self.pk])


class RectificationReminder(models.Model):
    """A reminder that went out; its row makes a second run of the daily job a no-op."""

    class Threshold(models.TextChoices):
        SEVEN_DAYS = "7d", _("7 days before the deadline")
        THREE_DAYS = "3d", _("3 days before the deadline")
        ONE_DAY = "1d", _("1 day before the deadline")
        OVERDUE = "overdue", _("Overdue")

    rectification = models.ForeignKey(
        Rectification, on_delete=models.PROTECT, related_name="reminders"
    )
    threshold = models.CharField(_("threshold"), max_length=8, choices=Threshold)
    # The deadline reminded of: an extension starts the reminders afresh.
    due_on = models.DateField(_("deadline"), validators=[dates.planned])
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["sent_at", "pk"]
        verbose_name = _("rectification reminder")
        verbose_name_plural = _("rectification reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["rectification", "threshold", "due_on"],
                name="inspections_rectificationreminder_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.rectification} {self.get_threshold_display()}"
