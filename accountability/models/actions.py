"""Accountability actions (问责) and the double inquiry (一案双查) that leads to them."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from commitments.models import Signature
from core import dates
from core.evidence import EvidenceModel, EvidenceQuerySet
from inspections.models import Finding, Inspection
from responsibilities.models import BottomLine, Duty, Official, Unit

from .cases import Case
from .scope import enforcement_units


class Responsibility(models.TextChoices):
    MAIN = "main", _("Main responsibility (主体责任)")
    SUPERVISORY = "supervisory", _("Supervisory responsibility (监督责任)")
    EFFICIENCY = "efficiency", _("Efficiency accountability (效能责任追究)")


class ActionQuerySet(EvidenceQuerySet):
    def visible_to(self, user: User | AnonymousUser) -> "ActionQuerySet":
        return self.filter(
            unit__in=enforcement_units(user, "accountability.view_accountabilityaction")
        )

    def in_force(self) -> "ActionQuerySet":
        return self.filter(corrected_by__isnull=True)

    def of_year(self, year: int) -> "ActionQuerySet":
        return self.filter(decided_on__year=year)


class AccountabilityAction(EvidenceModel):
    """An accountability decision against a unit or an official. Immutable once decided:
    a correction is a new action that names the one it corrects."""

    class Measure(models.TextChoices):
        # Against a unit.
        CIRCULATED_CRITICISM = (
            "circulated_criticism",
            _("Circulated criticism (通报批评)"),
        )
        ORDERED_RECTIFICATION = (
            "ordered_rectification",
            _("Ordered to rectify (责令整改)"),
        )
        DISQUALIFIED = "disqualified", _("Disqualified from honours (取消评优资格)")
        # Against an official.
        ADMONISHMENT = "admonishment", _("Admonishment (诫勉)")
        ORDERED_SELF_EXAMINATION = (
            "ordered_self_examination",
            _("Ordered to make a self-examination (责令检查)"),
        )
        CIRCULATED = "circulated", _("Circulated (通报)")
        SUSPENSION = "suspension", _("Suspended for examination (停职检查)")
        REASSIGNMENT = "reassignment", _("Post adjusted (调整职务)")
        ORDERED_RESIGNATION = "ordered_resignation", _("Ordered to resign (责令辞职)")
        DEMOTION = "demotion", _("Demoted (降职)")
        REMOVAL = "removal", _("Removed from office (免职)")
        SANCTION = "sanction", _("Disciplinary sanction (纪律处分)")

    UNIT_MEASURES = (
        Measure.CIRCULATED_CRITICISM,
        Measure.ORDERED_RECTIFICATION,
        Measure.DISQUALIFIED,
    )

    class Source(models.TextChoices):
        DOUBLE_INQUIRY = "double_inquiry", _("Double inquiry of a case (一案双查)")
        FINDING = "finding", _("Supervision finding")
        ASSESSMENT = "assessment", _("Assessment")
        SPECIAL_INSPECTION = "special_inspection", _("Special inspection")
        OTHER = "other", _("Other")

    # The unit held accountable, or the official's unit: the action's scope.
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="accountability_actions",
        verbose_name=_("unit"),
    )
    # Empty for an action against the unit itself.
    official = models.ForeignKey(
        Official,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accountability_actions",
        verbose_name=_("official"),
    )
    bottom_lines = models.ManyToManyField(
        BottomLine,
        blank=True,
        related_name="accountability_actions",
        verbose_name=_("bottom lines breached"),
    )
    case = models.ForeignKey(
        Case,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accountability_actions",
        verbose_name=_("case"),
    )
    finding = models.ForeignKey(
        Finding,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accountability_actions",
        verbose_name=_("finding"),
    )
    inspection = models.ForeignKey(
        Inspection,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accountability_actions",
        verbose_name=_("special inspection"),
    )
    corrects = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrected_by",
        verbose_name=_("corrects"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    measure = models.CharField(_("measure"), max_length=32, choices=Measure)
    responsibility = models.CharField(
        _("responsibility failed"), max_length=12, choices=Responsibility
    )
    source = models.CharField(_("source"), max_length=20, choices=Source)
    # The official's post and rank when decided, for the year's counts (副科级以上).
    post = models.CharField(_("post"), max_length=50, blank=True)
    rank = models.CharField(_("rank"), max_length=32, choices=Official.Rank, blank=True)
    reasons = models.TextField(_("reasons"))
    decided_on = models.DateField(_("decided on"), validators=[dates.happened])
    decision_number = models.CharField(_("decision number"), max_length=50, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ActionQuerySet.as_manager()
    change_refusal = "A decided action is evidence and cannot be changed."
    deletion_refusal = "A decided action is evidence and cannot be deleted."
    # How the audit trail names it, without its content (core.audit.number_of).
    audit_number_field = "decision_number"

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = _("accountability action")
        verbose_name_plural = _("accountability actions")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    official__isnull=True,
                    measure__in=[
                        "circulated_criticism",
                        "ordered_rectification",
                        "disqualified",
                    ],
                )
                | (
                    Q(official__isnull=False)
                    & ~Q(
                        measure__in=[
                            "circulated_criticism",
                            "ordered_rectification",
                            "disqualified",
                        ]
                    )
                ),
                name="accountability_action_measure_fits_target",
            ),
            models.CheckConstraint(
                condition=~Q(source="double_inquiry")
                | Q(case__isnull=False)
                | Q(finding__isnull=False),
                name="accountability_action_inquiry_has_case_or_finding",
            ),
            models.CheckConstraint(
                condition=~Q(source="finding") | Q(finding__isnull=False),
                name="accountability_action_finding_source_has_finding",
            ),
        ]

    def __str__(self) -> str:
        target = self.official.name if self.official is not None else str(self.unit)
        return f"{target}: {self.get_measure_display()}"

    def get_absolute_url(self) -> str:
        return reverse("accountability:action_detail", args=[self.pk])

    def is_against_unit(self) -> bool:
        return self.official_id is None


class InquiryQuerySet(models.QuerySet):
    def visible_to(self, user: User | AnonymousUser) -> "InquiryQuerySet":
        return self.filter(
            unit__in=enforcement_units(user, "accountability.view_inquiry")
        )

    def open(self) -> "InquiryQuerySet":
        return self.filter(status=Inquiry.Status.OPEN)


class Inquiry(models.Model):
    """One leader's part of a double inquiry (一案双查): did they fail the main or the
    supervisory responsibility they signed for, where a case (or a serious finding)
    shows a violation in their unit?"""

    class Status(models.TextChoices):
        OPEN = "open", _("Under inquiry")
        HELD_ACCOUNTABLE = "held_accountable", _("Held accountable")
        NOT_RESPONSIBLE = "not_responsible", _("No responsibility found")

    class Basis(models.TextChoices):
        """Why the leader answers: the three the rule names for a case, or another
        leader of that year (for a case, added with a written reason)."""

        MAIN_LEADER = "main_leader", _("First responsible person (第一责任人)")
        IN_CHARGE = "in_charge", _("Leader directly responsible (直接责任领导)")
        DISCIPLINE = "discipline", _("Discipline secretary (监督责任)")
        LEADER = "leader", _("Another leader of that year")

    case = models.ForeignKey(
        Case,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inquiries",
        verbose_name=_("case"),
    )
    finding = models.ForeignKey(
        Finding,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inquiries",
        verbose_name=_("finding"),
    )
    # The unit whose responsibility is asked about: the inquiry's scope.
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="inquiries", verbose_name=_("unit")
    )
    official = models.ForeignKey(
        Official,
        on_delete=models.PROTECT,
        related_name="inquiries",
        verbose_name=_("leader"),
    )
    # What they were answerable for, found when the inquiry opened.
    duties = models.ManyToManyField(
        Duty, blank=True, related_name="inquiries", verbose_name=_("duties")
    )
    signatures = models.ManyToManyField(
        Signature,
        blank=True,
        related_name="inquiries",
        verbose_name=_("signed letters and sign-offs"),
    )
    action = models.OneToOneField(
        AccountabilityAction,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inquiry",
        verbose_name=_("accountability action"),
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("opened by"),
    )
    concluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("concluded by"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    responsibility = models.CharField(
        _("responsibility"), max_length=12, choices=Responsibility
    )
    # Blank only on inquiries opened before the basis was recorded.
    basis = models.CharField(
        pgettext_lazy("double inquiry", "basis"),
        max_length=16,
        choices=Basis,
        blank=True,
    )
    # Why a leader beyond those the rule names was added to a case's inquiry.
    added_reason = models.TextField(_("reason for adding"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status, default=Status.OPEN
    )
    # Why no responsibility was found.
    reasons = models.TextField(_("reasons"), blank=True)
    concluded_at = models.DateTimeField(_("concluded at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[duties, signatures])

    objects = InquiryQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("double inquiry")
        verbose_name_plural = _("double inquiries")
        constraints = [
            models.CheckConstraint(
                condition=Q(case__isnull=False, finding__isnull=True)
                | Q(case__isnull=True, finding__isnull=False),
                name="accountability_inquiry_case_or_finding",
            ),
            models.UniqueConstraint(
                fields=["case", "official"],
                name="accountability_inquiry_once_per_case",
            ),
            models.UniqueConstraint(
                fields=["finding", "official"],
                name="accountability_inquiry_once_per_finding",
            ),
            models.CheckConstraint(
                condition=Q(status="open")
                | Q(status="held_accountable", action__isnull=False)
                | (Q(status="not_responsible") & ~Q(reasons="")),
                name="accountability_inquiry_conclusion_complete",
            ),
            # Beyond the leaders the rule names, a case's inquiry asks someone only
            # for a written reason.
            models.CheckConstraint(
                condition=~Q(basis="leader", case__isnull=False) | ~Q(added_reason=""),
                name="accountability_inquiry_added_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.official.name}: {self.get_responsibility_display()}"

    def get_absolute_url(self) -> str:
        return reverse("accountability:inquiry_detail", args=[self.pk])

    def is_open(self) -> bool:
        return self.status == self.Status.OPEN
