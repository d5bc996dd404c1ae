"""Notices (文书): the numbered documents supervision issues, and their numbering."""

from collections.abc import Iterable
from typing import cast

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import dates
from core.evidence import Deletion, EvidenceModel
from responsibilities.models import Official, Unit

from .findings import Finding


class NoticeKind(models.TextChoices):
    OPINION = "opinion", _("Supervision opinion letter (监督检查意见书)")
    EFFICIENCY = (
        "efficiency",
        _("Efficiency supervision recommendation (效能监察建议书)"),
    )
    FEEDBACK = "feedback", _("Feedback letter (反馈意见书)")
    RECTIFICATION = "rectification", _("Rectification notice (整改通知书)")
    WORK_RECOMMENDATION = "work_recommendation", _("Work recommendation (工作建议书)")


class NoticeTemplate(models.Model):
    """The standard text of one kind of notice, kept by administrators."""

    kind = models.CharField(_("kind"), max_length=24, choices=NoticeKind, unique=True)
    # The document's heading, e.g. 监督检查意见书.
    title = models.CharField(_("document title"), max_length=100)
    # Placeholders: {recipient} {findings} {due_on} {year}.
    body = models.TextField(_("text"))
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind"]
        verbose_name = _("notice template")
        verbose_name_plural = _("notice templates")

    def __str__(self) -> str:
        return self.get_kind_display()


class NoticeNumber(models.Model):
    """The last number issued for one kind of notice in one year (文号 sequence).

    Issuing locks this row, so numbers are handed out one at a time: gap-free and
    unique under concurrent issuing.
    """

    kind = models.CharField(_("kind"), max_length=24, choices=NoticeKind)
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number issued"), default=0)

    class Meta:
        verbose_name = _("notice number sequence")
        verbose_name_plural = _("notice number sequences")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "year"], name="inspections_noticenumber_one_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}: {self.last}"


class NoticeQuerySet(models.QuerySet):
    def visible_to(self, user: User | AnonymousUser) -> "NoticeQuerySet":
        """Notices issued by or addressed to units in the user's scope, and those addressed
        to the user as a leader; a recipient sees a notice only once it is issued."""
        if not user.is_authenticated:
            return self.none()
        units = Unit.objects.visible_to(user)
        issued = Q(status__in=[Notice.Status.ISSUED, Notice.Status.ACKNOWLEDGED])
        return self.filter(
            Q(issuer__in=units)
            | (issued & Q(recipient_unit__in=units))
            | (issued & Q(recipient_leader__user=user))
        ).distinct()

    def issued(self) -> "NoticeQuerySet":
        return self.exclude(status=Notice.Status.DRAFT)


class Notice(EvidenceModel):
    """A supervision document to a unit or a leader, numbered and immutable once issued."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ISSUED = "issued", _("Issued")
        ACKNOWLEDGED = "acknowledged", _("Receipt acknowledged")

    # What may still change once a notice is issued: its acknowledgement, nothing else.
    ACKNOWLEDGEMENT_FIELDS = frozenset(
        {"status", "acknowledged_at", "acknowledged_by", "updated_at"}
    )

    # The discipline body that issues it.
    issuer = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="issued_notices",
        verbose_name=_("issuing unit"),
    )
    recipient_unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notices",
        verbose_name=_("recipient unit"),
    )
    # A work recommendation (工作建议书) goes to a city leader about the units in their charge.
    recipient_leader = models.ForeignKey(
        Official,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notices",
        verbose_name=_("recipient leader"),
    )
    findings = models.ManyToManyField(
        Finding, blank=True, related_name="notices", verbose_name=_("findings")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=NoticeKind)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    response_due_on = models.DateField(
        _("response due on"), null=True, blank=True, validators=[dates.planned]
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status, default=Status.DRAFT
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    sequence = models.PositiveIntegerField(
        _("number in the year"), null=True, blank=True
    )
    number = models.CharField(_("document number"), max_length=50, blank=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("issued by"),
    )
    # Issued on paper at issued_at and registered afterwards by issued_by.
    is_from_archive = models.BooleanField(
        _("registered from the archive"), default=False
    )
    acknowledged_at = models.DateTimeField(
        _("receipt acknowledged at"), null=True, blank=True
    )
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("receipt acknowledged by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[findings])

    objects = NoticeQuerySet.as_manager()
    frozen_rows = ~Q(status=Status.DRAFT)
    open_fields = ACKNOWLEDGEMENT_FIELDS
    deletion = Deletion.REFUSED_ONCE_FROZEN
    change_refusal = "An issued notice is evidence and cannot be changed."
    deletion_refusal = "An issued notice is evidence and cannot be deleted."
    # How the audit trail names it, without its content (core.audit.number_of).
    audit_number_field = "number"

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        constraints = [
            models.CheckConstraint(
                condition=Q(recipient_unit__isnull=False)
                | Q(recipient_leader__isnull=False),
                name="inspections_notice_has_recipient",
                violation_error_message=_(
                    "Name the unit or the leader it is addressed to."
                ),
            ),
            # The number is unique within its kind and year; drafts have none yet.
            models.UniqueConstraint(
                fields=["kind", "year", "sequence"],
                condition=Q(sequence__isnull=False),
                name="inspections_notice_unique_number",
            ),
            models.CheckConstraint(
                condition=Q(status="draft")
                | (
                    Q(sequence__isnull=False)
                    & ~Q(number="")
                    & Q(issued_at__isnull=False)
                ),
                name="inspections_notice_issued_has_number",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number or _('Draft')} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:notice_detail", args=[self.pk])

    def saves_only_open_fields(self, update_fields: Iterable[str] | None) -> bool:
        # A status back to draft would make it editable again: that is no acknowledgement.
        return super().saves_only_open_fields(update_fields) and self.is_issued()

    def is_issued(self) -> bool:
        return self.status != self.Status.DRAFT

    @property
    def recipient(self) -> Unit | Official:
        # A check constraint keeps at least one of the two set.
        return cast(Unit | Official, self.recipient_unit or self.recipient_leader)
