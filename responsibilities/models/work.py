"""Key anti-corruption tasks (反腐倡廉重点工作) and the record of performing duties (履责纪实)."""

from datetime import date
from uuid import uuid4

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import dates

from .lists import Duty
from .organisation import Official, Unit
from .reports import DutyReport


class KeyTaskQuerySet(models.QuerySet):
    def visible_to(self, user: User | AnonymousUser) -> "KeyTaskQuerySet":
        units = Unit.objects.visible_to(user)
        return self.filter(
            Q(lead_unit__in=units) | Q(participating_units__in=units)
        ).distinct()

    def overdue(self, today: date) -> "KeyTaskQuerySet":
        return self.exclude(status=KeyTask.Status.DONE).filter(due_on__lt=today)


class KeyTask(models.Model):
    """A key task of the year, led by a named city leader."""

    class Status(models.TextChoices):
        OPEN = "open", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    lead_leader = models.ForeignKey(
        Official,
        on_delete=models.PROTECT,
        related_name="led_key_tasks",
        verbose_name=_("lead city leader"),
    )
    lead_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="led_key_tasks",
        verbose_name=_("lead unit"),
    )
    participating_units = models.ManyToManyField(
        Unit,
        blank=True,
        related_name="key_tasks",
        verbose_name=_("participating units"),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), db_index=True, validators=[dates.planned_year]
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    due_on = models.DateField(_("deadline"), validators=[dates.planned])
    status = models.CharField(
        _("status"), max_length=16, choices=Status, default=Status.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[participating_units])

    objects = KeyTaskQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "due_on", "pk"]
        verbose_name = _("key task")
        verbose_name_plural = _("key tasks")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("responsibilities:keytask_detail", args=[self.pk])

    def is_overdue(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status != self.Status.DONE and self.due_on < today


class ProgressEntry(models.Model):
    """A dated record of work done on a key task or on a duty of a list."""

    key_task = models.ForeignKey(
        KeyTask,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="progress_entries",
    )
    duty = models.ForeignKey(
        Duty,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="progress_entries",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    happened_on = models.DateField(_("date"), validators=[dates.happened])
    text = models.TextField(_("what was done"))
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-happened_on", "-pk"]
        verbose_name = _("progress entry")
        verbose_name_plural = _("progress entries")
        constraints = [
            models.CheckConstraint(
                condition=Q(key_task__isnull=False, duty__isnull=True)
                | Q(key_task__isnull=True, duty__isnull=False),
                name="responsibilities_progressentry_one_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.happened_on} {self.text[:30]}"


def attachment_path(attachment: "Attachment", filename: str) -> str:
    # The original name is kept in the row; the stored name reveals nothing.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    return f"attachments/{timezone.now():%Y/%m}/{uuid4().hex}.{suffix}"


class AttachmentQuerySet(models.QuerySet):
    def visible_to(self, user: User | AnonymousUser) -> "AttachmentQuerySet":
        """Return the files behind the entries and reports the user may read."""
        return self.filter(
            Q(progress_entry__key_task__in=KeyTask.objects.visible_to(user))
            | Q(progress_entry__duty__in=Duty.objects.visible_to(user))
            | Q(duty_report__in=DutyReport.objects.visible_to(user))
        )


class Attachment(models.Model):
    """A file behind a progress entry or a duty report, downloaded only through a view
    that checks the reader's scope (never served as a public media URL)."""

    progress_entry = models.ForeignKey(
        ProgressEntry,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attachments",
    )
    duty_report = models.ForeignKey(
        DutyReport,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [
            models.CheckConstraint(
                condition=Q(progress_entry__isnull=False, duty_report__isnull=True)
                | Q(progress_entry__isnull=True, duty_report__isnull=False),
                name="responsibilities_attachment_one_owner",
            )
        ]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("responsibilities:attachment_download", args=[self.pk])
