"""Problem clues (问题线索): the register, ordered distribution and disposal."""

from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core import dates
from core.evidence import EvidenceModel
from inspections.models import Finding
from responsibilities.models import Official, Unit

from .scope import enforcement_units


class ClueQuerySet(models.QuerySet):
    def visible_to(self, user: User | AnonymousUser) -> "ClueQuerySet":
        return self.filter(unit__in=enforcement_units(user, "accountability.view_clue"))

    def unassigned(self) -> "ClueQuerySet":
        return self.filter(status=Clue.Status.UNASSIGNED)

    def open(self) -> "ClueQuerySet":
        return self.exclude(status__in=Clue.FINAL_STATUSES)

    def overdue(self, today: date) -> "ClueQuerySet":
        """Clues unassigned, or assigned and not disposed of, past the set days."""
        assign_by = today - timedelta(days=settings.CLUE_ASSIGN_WITHIN_DAYS)
        dispose_by = today - timedelta(days=settings.CLUE_DISPOSE_WITHIN_DAYS)
        return self.filter(
            Q(status=Clue.Status.UNASSIGNED, received_on__lt=assign_by)
            | Q(status=Clue.Status.ASSIGNED, assigned_at__date__lt=dispose_by)
        )


class Clue(models.Model):
    """A problem clue about officials or units, from registration to its disposal."""

    class Source(models.TextChoices):
        FINDING = "finding", _("Supervision finding")
        PUBLIC_REPORT = "public_report", _("Public report (举报)")
        MEDIA = "media", _("Media")
        HIGHER_REFERRAL = "higher_referral", _("Referred by a higher level (上级转办)")
        AUDIT = "audit", _("Audit")
        OTHER = "other", _("Other")

    class Channel(models.TextChoices):
        PHONE = "phone", _("Phone")
        LETTER = "letter", pgettext_lazy("clue channel", "Letter")
        VISIT = "visit", _("Visit")
        ONLINE = "online", _("Online")
        DOCUMENT = "document", _("Document or transfer")

    class Status(models.TextChoices):
        UNASSIGNED = "unassigned", _("Awaiting assignment")
        ASSIGNED = "assigned", _("Awaiting disposal")
        IN_HAND = "in_hand", _("Being inquired into or verified")
        HELD = "held", _("Held for later (暂存待查)")
        PROPOSED = "proposed", _("Case proposed (拟立案)")
        CLOSED = "closed", _("Closed (予以了结)")
        FILED = "filed", _("Case filed (已立案)")

    FINAL_STATUSES = (Status.CLOSED, Status.FILED)

    # The discipline body that holds the clue.
    handling_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="handled_clues",
        verbose_name=_("handled by"),
    )
    # The unit concerned: the clue's scope.
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="clues",
        verbose_name=_("unit concerned"),
    )
    officials = models.ManyToManyField(
        Official,
        blank=True,
        related_name="clues",
        verbose_name=_("officials concerned"),
    )
    # The finding escalated into this clue.
    finding = models.OneToOneField(
        Finding,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="clue",
        verbose_name=_("finding"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registered by"),
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handled_clues",
        verbose_name=_("handler"),
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("number in the year"))
    number = models.CharField(_("register number"), max_length=50, unique=True)
    source = models.CharField(_("source"), max_length=20, choices=Source)
    channel = models.CharField(
        _("received by"), max_length=10, choices=Channel, blank=True
    )
    received_on = models.DateField(_("received on"), validators=[dates.happened])
    summary = models.TextField(pgettext_lazy("clue", "summary"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status, default=Status.UNASSIGNED
    )
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[officials])

    objects = ClueQuerySet.as_manager()
    # How the audit trail names it, without its content (core.audit.number_of).
    audit_number_field = "number"

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("problem clue")
        verbose_name_plural = _("problem clues")
        permissions = [("assign_clue", "Can assign clues to handlers")]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "sequence"], name="accountability_clue_unique_number"
            ),
            models.CheckConstraint(
                condition=~Q(source="finding") | Q(finding__isnull=False),
                name="accountability_clue_finding_source_has_finding",
            ),
            # Past the register, a clue always has someone answering for it.
            models.CheckConstraint(
                condition=Q(status="unassigned")
                | Q(handler__isnull=False, assigned_at__isnull=False),
                name="accountability_clue_assigned_has_handler",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.summary[:30]}"

    def get_absolute_url(self) -> str:
        return reverse("accountability:clue_detail", args=[self.pk])

    def is_final(self) -> bool:
        return self.status in self.FINAL_STATUSES

    def overdue_since(self, today: date | None = None) -> date | None:
        """Return the day the clue became overdue for assignment or disposal, or None."""
        today = today or timezone.localdate()
        if self.status == self.Status.UNASSIGNED:
            due = self.received_on + timedelta(days=settings.CLUE_ASSIGN_WITHIN_DAYS)
        elif self.status == self.Status.ASSIGNED:
            assigned_on = timezone.localdate(self.assigned_at)
            due = assigned_on + timedelta(days=settings.CLUE_DISPOSE_WITHIN_DAYS)
        else:
            return None
        return due if due < today else None


class ClueDisposal(EvidenceModel):
    """One disposal decision on a clue, with its dual report (两报告). Evidence: only
    the dates of the two reports may be filled in after the decision."""

    class Route(models.TextChoices):
        TALK_INQUIRY = "talk_inquiry", _("Talk or letter inquiry (谈话函询)")
        VERIFICATION = "verification", _("Preliminary verification (初步核实)")
        HOLD = "hold", _("Hold for later (暂存待查)")
        CLOSE = "close", _("Close (予以了结)")
        PROPOSE_CASE = "propose_case", _("Propose filing a case (拟立案)")

    # The clue status each route leads to.
    RESULTING_STATUS = {
        Route.TALK_INQUIRY: Clue.Status.IN_HAND,
        Route.VERIFICATION: Clue.Status.IN_HAND,
        Route.HOLD: Clue.Status.HELD,
        Route.CLOSE: Clue.Status.CLOSED,
        Route.PROPOSE_CASE: Clue.Status.PROPOSED,
    }

    clue = models.ForeignKey(
        Clue,
        on_delete=models.PROTECT,
        related_name="disposals",
        verbose_name=_("clue"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by"),
    )
    route = models.CharField(_("disposal"), max_length=16, choices=Route)
    decided_on = models.DateField(_("decided on"), validators=[dates.happened])
    reasoning = models.TextField(_("reasoning"))
    # The dual report: to the party committee of the same level and to the discipline
    # committee one level up.
    reported_to_committee_on = models.DateField(
        _("reported to the same-level party committee on"),
        null=True,
        blank=True,
        validators=[dates.happened],
    )
    reported_to_higher_on = models.DateField(
        _("reported to the higher discipline committee on"),
        null=True,
        blank=True,
        validators=[dates.happened],
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    open_fields = frozenset({"reported_to_committee_on", "reported_to_higher_on"})
    change_refusal = "A disposal decision is evidence and cannot change."
    deletion_refusal = "A disposal decision is evidence and cannot be deleted."

    class Meta:
        ordering = ["decided_on", "pk"]
        verbose_name = _("clue disposal")
        verbose_name_plural = _("clue disposals")

    def __str__(self) -> str:
        return f"{self.clue.number}: {self.get_route_display()}"

    def is_fully_reported(self) -> bool:
        return bool(self.reported_to_committee_on and self.reported_to_higher_on)


class ClueReminder(models.Model):
    """That a reminder about an overdue clue went out: one per clue and reason, so the
    daily job reminds once however often it runs."""

    class Reason(models.TextChoices):
        UNASSIGNED = "unassigned", _("Not assigned in time")
        UNDISPOSED = "undisposed", _("Not disposed of in time")

    clue = models.ForeignKey(
        Clue, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("clue")
    )
    reason = models.CharField(_("reason"), max_length=12, choices=Reason)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("clue reminder")
        verbose_name_plural = _("clue reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["clue", "reason"], name="accountability_cluereminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.clue.number}: {self.get_reason_display()}"
