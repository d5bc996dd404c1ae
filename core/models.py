import datetime

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Audit events are append-only.")

    def delete(self):
        raise PermissionError("Audit events are append-only.")


class AuditEvent(models.Model):
    """One entry of the append-only audit trail: who did what to which record, and how it went."""

    class Action(models.TextChoices):
        # The catalogue of what the trail records; each app's services add theirs here.
        LOGIN = "auth.login", _("Login")
        LOGIN_FAILED = "auth.login_failed", _("Failed login")
        LOGOUT = "auth.logout", _("Logout")
        ACCESS_DENIED = "access.denied", _("Access denied")
        ACCOUNT_CHANGE = "account.change", _("Account changed")
        IMPORT = "responsibilities.import", _("Units and officials imported")
        UNIT_CREATE = "unit.create", _("Unit created")
        UNIT_UPDATE = "unit.update", _("Unit changed")
        UNIT_DEACTIVATE = "unit.deactivate", _("Unit deactivated")
        UNIT_REACTIVATE = "unit.reactivate", _("Unit reactivated")
        OFFICIAL_CREATE = "official.create", _("Official added")
        OFFICIAL_UPDATE = "official.update", _("Official changed")
        OFFICIAL_DEACTIVATE = "official.deactivate", _("Official deactivated")
        OFFICIAL_REACTIVATE = "official.reactivate", _("Official reactivated")
        CATALOGUE_COPY = "catalogue.copy", _("Catalogue copied to a new year")
        CATALOGUE_CHANGE = "catalogue.change", _("Catalogue changed")
        LIST_GENERATE = "list.generate", _("Responsibility list generated")
        LIST_PUBLISH = "list.publish", _("Responsibility list published")
        DUTY_UPDATE = "duty.update", _("Duty measures changed")
        PROGRESS_RECORD = "progress.record", _("Progress recorded")
        KEY_TASK_SAVE = "key_task.save", _("Key task saved")
        REPORT_SUBMIT = "report.submit", _("Duty report submitted")
        MEETING_CREATE = "meeting.create", _("Review meeting created")
        REVIEW_RECORD = "review.record", _("Review recorded")
        PORTFOLIO_CHANGE = "portfolio.change", _("Portfolios changed")
        LETTER_TEMPLATE_CHANGE = "letter_template.change", _("Letter template saved")
        CAMPAIGN_SAVE = "campaign.save", _("Campaign saved")
        CAMPAIGN_ISSUE = "campaign.issue", _("Campaign letters issued")
        LETTER_SIGN = "letter.sign", _("Letter signed")
        LETTER_WITHDRAW = "letter.withdraw", _("Letter withdrawn")
        LETTER_REISSUE = "letter.reissue", _("Corrected letter issued")
        SIGN_OFF = "sign_off.sign", _("Record signed off")
        REMINDER_SEND = "reminder.send", _("Reminders sent")
        INSPECTION_SAVE = "inspection.save", _("Inspection saved")
        PROJECT_SAVE = "project.save", _("Monitored project saved")
        FINDING_SAVE = "finding.save", _("Finding saved")
        FINDING_ESCALATE = "finding.escalate", _("Finding escalated")
        NOTICE_TEMPLATE_CHANGE = "notice_template.change", _("Notice template saved")
        NOTICE_SAVE = "notice.save", _("Notice drafted")
        NOTICE_ISSUE = "notice.issue", _("Notice issued")
        NOTICE_ACKNOWLEDGE = "notice.acknowledge", _("Notice receipt acknowledged")
        RECTIFICATION_ASSIGN = "rectification.assign", _("Rectification assigned")
        RECTIFICATION_STEP = "rectification.step", _("Rectification progress recorded")
        RECTIFICATION_SUBMIT = "rectification.submit", _("Completion report submitted")
        RECTIFICATION_RETURN = "rectification.return", _("Rectification returned")
        RECTIFICATION_ACCEPT = "rectification.accept", _("Rectification accepted")
        RECTIFICATION_EXTEND = (
            "rectification.extend",
            _("Rectification deadline extended"),
        )
        CLUE_REGISTER = "clue.register", _("Clue registered")
        CLUE_UPDATE = "clue.update", _("Clue changed")
        CLUE_ASSIGN = "clue.assign", _("Clue assigned")
        CLUE_DISPOSE = "clue.dispose", _("Clue disposal decided")
        CLUE_REPORT = "clue.report", _("Clue disposal reported")
        CASE_FILE = "case.file", _("Case filed")
        CASE_UPDATE = "case.update", _("Case changed")
        CASE_STAGE = "case.stage", _("Case moved to its next stage")
        CASE_TRANSFER = "case.transfer", _("Case transferred to the judicial organs")
        CASE_READ = "case.read", _("Case file read")
        SANCTION_DECIDE = "sanction.decide", _("Sanction recorded")
        ACTION_DECIDE = "accountability.decide", _("Accountability action recorded")
        INQUIRY_OPEN = "inquiry.open", _("Double inquiry opened")
        INQUIRY_CONCLUDE = "inquiry.conclude", _("Double inquiry concluded")
        ASSESSMENT_SAVE = "assessment.save", _("Assessment scheme saved")
        ASSESSMENT_PROPOSE = "assessment.propose", _("Deductions proposed")
        DEDUCTION_SAVE = "deduction.save", _("Deduction entered or adjusted")
        SCORE_SHEET_APPROVE = "score_sheet.approve", _("Score sheet approved")

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

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        at = timezone.localtime(self.created_at)
        return f"{at:%Y-%m-%d %H:%M:%S} {self.username} {self.action}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise PermissionError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit events are append-only.")

    @property
    def object_type_label(self) -> str:
        """Return the kind of record in words (单位, 干部…), or its code if unknown."""
        try:
            return str(apps.get_model(self.object_type)._meta.verbose_name)
        except (LookupError, ValueError):
            return self.object_type

    @property
    def action_label(self) -> str:
        known = self.action in self.Action.values
        return self.Action(self.action).label if known else self.action

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
