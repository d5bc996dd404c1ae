import datetime

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .audit_actions import action_labels
from .evidence import EvidenceModel, EvidenceQuerySet


class AuditEvent(EvidenceModel):
    """One entry of the append-only audit trail: who did what to which record, and how it went."""

    class Outcome(models.TextChoices):
        SUCCESS = "success", _("Success")
        FAILURE = "failure", _("Failure")
        DENIED = "denied", _("Denied")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        # An account that has acted is never deleted: it is deactivated, and its trail stays.
        on_delete=models.PROTECT,
        related_name="audit_events",
        verbose_name=_("user"),
    )
    # Kept beside the key so the trail still names the person if the account is renamed,
    # and names what was typed on a failed login, where there is no account.
    username = models.CharField(_("user name"), max_length=150, blank=True)
    # A code that one of the apps declares in its `audit.py` (see core/audit_actions.py).
    action = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    # What identifies the record besides its id: its 文号, register number, login name.
    object_number = models.CharField(_("object number"), max_length=150, blank=True)
    # Older rows described the record here in its own words (a case's title naming the
    # accused), which the auditor must not read: no longer written nor shown, and kept
    # only because the trail is never rewritten.
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=Outcome, default=Outcome.SUCCESS
    )
    ip_address = models.GenericIPAddressField(
        _("client address"), null=True, blank=True
    )
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    objects = EvidenceQuerySet.as_manager()
    change_refusal = deletion_refusal = "Audit events are append-only."

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        at = timezone.localtime(self.created_at)
        return f"{at:%Y-%m-%d %H:%M:%S} {self.username} {self.action}"

    @property
    def object_type_label(self) -> str:
        """Return the kind of record in words (单位, 干部…), or its code if unknown."""
        try:
            return str(apps.get_model(self.object_type)._meta.verbose_name)
        except (LookupError, ValueError):
            return self.object_type

    @property
    def action_label(self) -> str:
        """Return what was done in words, or its code if no app declares it."""
        return action_labels().get(self.action, self.action)

    @property
    def object_label(self) -> str:
        """Return what the event was about: a record's kind, number and id, or the path
        of a refused page; never what the record says."""
        if self.object_type:
            parts = [self.object_type_label, self.object_number, f"#{self.object_id}"]
            return " ".join(part for part in parts if part)
        return self.detail.get("path", "")


class BackgroundJobQuerySet(models.QuerySet):
    def due_for_dispatch(
        self, *, sent_before: datetime.datetime
    ) -> "BackgroundJobQuerySet":
        """Queued jobs never sent, or sent before `sent_before` and still not started
        (their message was lost, e.g. with a broker restarted without persistence).

        Jobs from before tasks were kept on the job have no task name to send.
        """
        return (
            self.filter(status=BackgroundJob.Status.QUEUED)
            .exclude(task_name="")
            .filter(
                models.Q(dispatched_at__isnull=True)
                | models.Q(dispatched_at__lt=sent_before)
            )
        )


class BackgroundJob(models.Model):
    """A long piece of work done by a Celery task, with its progress for the page to show."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=64)
    description = models.CharField(_("description"), max_length=200)
    # What to run, kept with the job so that it survives a broker that is down when the
    # job is started: the sweep sends it from here once the broker answers again.
    task_name = models.CharField(_("task"), max_length=200, blank=True)
    arguments = models.JSONField(_("arguments"), default=dict, blank=True)
    total = models.PositiveIntegerField(_("steps in all"), default=0)
    done = models.PositiveIntegerField(_("steps done"), default=0)
    status = models.CharField(
        _("status"), max_length=16, choices=Status, default=Status.QUEUED
    )
    message = models.TextField(_("message"), blank=True)
    # What the job made for its starter to download (an export), kept in private storage.
    result = models.FileField(_("result"), upload_to="jobs/%Y/%m/", blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # When the job was handed to the broker; empty while it waits for the broker.
    dispatched_at = models.DateTimeField(
        _("sent to the queue at"), null=True, blank=True
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = BackgroundJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        # The sweep looks for queued jobs every minute among all the jobs ever run.
        indexes = [
            models.Index(fields=["status", "dispatched_at"], name="core_job_dispatch")
        ]

    def __str__(self) -> str:
        return f"{self.description} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    def is_waiting_for_queue(self) -> bool:
        """Return whether the job is kept until the broker answers again."""
        return self.status == self.Status.QUEUED and self.dispatched_at is None


class NotificationQuerySet(models.QuerySet):
    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)

    def unread_first(self) -> "NotificationQuerySet":
        return self.order_by(models.F("read_at").desc(nulls_first=True), "-created_at")


class Notification(models.Model):
    """A message for one user in the product itself (reminders, things awaiting them)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("user"),
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.title

    def is_read(self) -> bool:
        return self.read_at is not None


class FormSubmission(models.Model):
    """One posting of a rendered create form, kept so that posting it again makes nothing.

    The row is inserted in the same transaction as what the form creates; the unique
    constraint makes a second, simultaneous post of the same form wait for the first and
    then fail, so it can only point at what the first one made.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("user"),
    )
    token = models.UUIDField(_("form token"))
    # Where the first post sent its user: the record it created, or the page showing it.
    url = models.CharField(_("link"), max_length=500)
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "token"], name="core_formsubmission_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.token}"
