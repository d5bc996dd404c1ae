"""The yearly assessment (考核): scheme, each unit's score sheet, deductions, the veto."""

from decimal import Decimal
from typing import TypedDict

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import dates
from core.evidence import Deletion, EvidenceModel
from responsibilities.models import Unit


class DecimalSize(TypedDict):
    """The size of a DecimalField, typed so that mypy can check `**POINTS`."""

    max_digits: int
    decimal_places: int


POINTS: DecimalSize = {"max_digits": 6, "decimal_places": 2}


class Step(models.TextChoices):
    """The five steps of the city's assessment."""

    COMPREHENSIVE = "comprehensive", _("Comprehensive assessment (综合考核)")
    SPECIAL = "special", _("Special assessment (专项考核)")
    OVERALL = "overall", _("Overall evaluation (全面评价)")
    QUANTITATIVE = "quantitative", _("Quantitative assessment (量化考核)")
    APPROVAL = "approval", _("Approval by the city committee (市委审定)")


class AssessmentScheme(models.Model):
    """A year's assessment: its items and the veto line."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[dates.planned_year]
    )
    title = models.CharField(_("title"), max_length=200)
    # A unit below it fails its annual work-target assessment (一票否决).
    veto_line = models.DecimalField(
        _("veto line"), default=Decimal(settings.ASSESSMENT_VETO_LINE), **POINTS
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("assessment scheme")
        verbose_name_plural = _("assessment schemes")
        permissions = [("approve_scoresheet", "Can approve score sheets (市委审定)")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("accountability:assessment_detail", args=[self.pk])


class AssessmentItem(models.Model):
    """One scored item of a scheme: its step, its points and weight, and the records
    whose deductions the system proposes for it."""

    class Rule(models.TextChoices):
        # Which records propose deductions on this item, one per record.
        MANUAL = "", _("Entered by the assessor")
        OVERDUE_RECTIFICATION = "overdue_rectification", _("Overdue rectification")
        MAJOR_CASE = "major_case", _("Major case in the unit")
        CASE = "case", _("Case in the unit")
        UNIT_ACCOUNTABILITY = (
            "unit_accountability",
            _("Accountability action against the unit"),
        )
        UNSIGNED_LETTER = "unsigned_letter", _("Letter unsigned past its deadline")
        MISSING_DUTY_REPORT = "missing_duty_report", _("Year-end duty report missing")

    scheme = models.ForeignKey(
        AssessmentScheme,
        on_delete=models.CASCADE,
        related_name="items",
        verbose_name=_("scheme"),
    )
    step = models.CharField(_("step"), max_length=16, choices=Step)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("item"), max_length=200)
    max_points = models.DecimalField(
        _("maximum points"), validators=[MinValueValidator(0)], **POINTS
    )
    weight = models.DecimalField(
        _("weight"),
        default=Decimal(1),
        validators=[MinValueValidator(0)],
        max_digits=5,
        decimal_places=2,
    )
    rule = models.CharField(_("proposed from"), max_length=24, choices=Rule, blank=True)
    points_per_record = models.DecimalField(
        _("points per record"), default=Decimal(0), **POINTS
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["scheme", "order", "pk"]
        verbose_name = _("assessment item")
        verbose_name_plural = _("assessment items")

    def __str__(self) -> str:
        return self.title


class ScoreSheetQuerySet(models.QuerySet):
    def visible_to(self, user: User | AnonymousUser) -> "ScoreSheetQuerySet":
        if not user.has_perm("accountability.view_scoresheet"):
            return self.none()
        return self.filter(unit__in=Unit.objects.visible_to(user))

    def vetoed(self) -> "ScoreSheetQuerySet":
        return self.filter(is_vetoed=True)


class ScoreSheet(models.Model):
    """A unit's score sheet for a year; approval (市委审定) freezes it."""

    class Status(models.TextChoices):
        OPEN = "open", _("Being assessed")
        APPROVED = "approved", _("Approved (市委审定)")

    scheme = models.ForeignKey(
        AssessmentScheme,
        on_delete=models.PROTECT,
        related_name="sheets",
        verbose_name=_("scheme"),
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="score_sheets",
        verbose_name=_("unit"),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("approved by"),
    )
    # Kept current by the services on every change, and frozen by approval.
    total = models.DecimalField(_("total"), default=Decimal(0), **POINTS)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    is_vetoed = models.BooleanField(_("vetoed (一票否决)"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.OPEN
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = ScoreSheetQuerySet.as_manager()

    class Meta:
        ordering = ["scheme", "rank", "unit__order"]
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "unit"], name="accountability_scoresheet_one_per_unit"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scheme.year} {self.unit}"

    def get_absolute_url(self) -> str:
        return reverse("accountability:scoresheet_detail", args=[self.pk])

    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED


class Deduction(EvidenceModel):
    """Points taken off one item of a sheet: proposed from a record, or entered by an
    assessor; an assessor's adjustment keeps the proposal and gives a reason."""

    sheet = models.ForeignKey(
        ScoreSheet,
        on_delete=models.PROTECT,
        related_name="deductions",
        verbose_name=_("score sheet"),
    )
    item = models.ForeignKey(
        AssessmentItem,
        on_delete=models.PROTECT,
        related_name="deductions",
        verbose_name=_("item"),
    )
    adjusted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("adjusted by"),
    )
    # The record it follows from, e.g. "inspections.rectification:12", so proposing
    # twice adds nothing; empty for a deduction an assessor entered.
    source_key = models.CharField(max_length=80, blank=True)
    source_label = models.CharField(_("source"), max_length=200, blank=True)
    source_url = models.CharField(max_length=200, blank=True)
    proposed_points = models.DecimalField(
        _("proposed points"), default=Decimal(0), **POINTS
    )
    points = models.DecimalField(_("points deducted"), **POINTS)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    deletion = Deletion.REFUSED_ONCE_FROZEN
    change_refusal = deletion_refusal = (
        "An approved score sheet is final and cannot change."
    )

    class Meta:
        ordering = ["item__order", "pk"]
        verbose_name = _("deduction")
        verbose_name_plural = _("deductions")
        constraints = [
            models.UniqueConstraint(
                fields=["sheet", "source_key"],
                condition=~models.Q(source_key=""),
                name="accountability_deduction_once_per_record",
            )
        ]

    def __str__(self) -> str:
        return f"{self.item}: -{self.points}"

    def is_frozen(self) -> bool:
        """Return whether its sheet is approved (市委审定), so that no deduction is added
        to it either; queries the sheet."""
        approved = ScoreSheet.objects.filter(
            pk=self.sheet_id, status=ScoreSheet.Status.APPROVED
        )
        return approved.exists()

    def is_adjusted(self) -> bool:
        return bool(self.source_key) and self.points != self.proposed_points
