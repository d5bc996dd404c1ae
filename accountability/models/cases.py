"""Cases (案件) and their sanctions (处分)."""

from datetime import date
from typing import TypedDict

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import dates
from core.evidence import EvidenceModel, EvidenceQuerySet
from responsibilities.models import Official, PortfolioArea, Unit

from .clues import Clue
from .scope import enforcement_units


class MoneyOptions(TypedDict):
    """A DecimalField's options for an amount, typed so that mypy can check `**MONEY`."""

    max_digits: int
    decimal_places: int
    validators: list[MinValueValidator]


# Yuan to the fen; money is never a float.
MONEY: MoneyOptions = {
    "max_digits": 14,
    "decimal_places": 2,
    "validators": [MinValueValidator(0)],
}


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user: User | AnonymousUser) -> "CaseQuerySet":
        return self.filter(unit__in=enforcement_units(user, "accountability.view_case"))

    def open(self) -> "CaseQuerySet":
        return self.exclude(stage=Case.Stage.CLOSED)

    def overdue(self, today: date) -> "CaseQuerySet":
        return self.open().filter(stage_due_on__lt=today)

    def of_year(self, year: int) -> "CaseQuerySet":
        return self.filter(year=year)


class Case(models.Model):
    """A case filed (立案) against one or more officials, through to its closing."""

    class Stage(models.TextChoices):
        FILED = "filed", _("Filed (立案)")
        INVESTIGATION = "investigation", _("Review and investigation (审查调查)")
        TRIAL = "trial", _("Hearing (审理)")
        CLOSED = "closed", _("Closed (办结)")

    class Category(models.TextChoices):
        # The six disciplines of the party's disciplinary regulations, and crime.
        POLITICAL = "political", _("Political discipline")
        ORGANISATIONAL = "organisational", _("Organisational discipline")
        INTEGRITY = "integrity", _("Integrity discipline")
        MASSES = "masses", _("Discipline towards the masses")
        WORK = "work", _("Work discipline")
        PERSONAL = "personal", _("Personal-life discipline")
        CRIME = "crime", _("Suspected crime")

    # The lifecycle: each stage may only move on to the next.
    NEXT_STAGE = {
        Stage.FILED: Stage.INVESTIGATION,
        Stage.INVESTIGATION: Stage.TRIAL,
        Stage.TRIAL: Stage.CLOSED,
    }
    # A sanction is decided on the hearing's (审理) findings: from the hearing on, never
    # while the facts are still being reviewed and investigated.
    SANCTION_STAGES = (Stage.TRIAL, Stage.CLOSED)

    clue = models.OneToOneField(
        Clue,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case",
        verbose_name=_("clue"),
    )
    # Where the violation happened: the case's scope.
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="cases", verbose_name=_("unit")
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("filed by"),
    )
    # The portfolio (分管领域) the matter falls in: its leader in charge answers in the
    # double inquiry as the leader directly responsible (直接责任领导).
    area = models.ForeignKey(
        PortfolioArea,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("area concerned (分管领域)"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("number in the year"))
    number = models.CharField(_("case number"), max_length=50, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("facts"), blank=True)
    category = models.CharField(_("category"), max_length=16, choices=Category)
    # The year the violation took place: whose signed responsibilities 一案双查 asks about.
    violation_year = models.PositiveSmallIntegerField(
        _("year of the violation"), validators=[dates.happened_year]
    )
    is_major = models.BooleanField(_("major case (大要案)"), default=False)
    money_involved = models.DecimalField(_("money involved (yuan)"), default=0, **MONEY)
    money_recovered = models.DecimalField(
        _("money recovered (yuan)"), default=0, **MONEY
    )
    filed_on = models.DateField(_("filed on"), validators=[dates.happened])
    stage = models.CharField(
        _("stage"), max_length=16, choices=Stage, default=Stage.FILED
    )
    stage_started_on = models.DateField(
        _("stage started on"), validators=[dates.happened]
    )
    stage_due_on = models.DateField(
        _("stage due on"), null=True, blank=True, validators=[dates.planned]
    )
    closed_on = models.DateField(
        _("closed on"), null=True, blank=True, validators=[dates.happened]
    )
    conclusion = models.TextField(_("conclusion"), blank=True)
    # Transfer to the judicial organs (移送司法).
    transferred_on = models.DateField(
        _("transferred on"), null=True, blank=True, validators=[dates.happened]
    )
    transferred_to = models.CharField(_("receiving organ"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = CaseQuerySet.as_manager()
    # How the audit trail names it, without its content (core.audit.number_of).
    audit_number_field = "number"

    class Meta:
        ordering = ["-year", "-sequence"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "sequence"], name="accountability_case_unique_number"
            ),
            models.CheckConstraint(
                condition=~Q(stage="closed")
                | (Q(closed_on__isnull=False) & ~Q(conclusion="")),
                name="accountability_case_closed_has_date_and_conclusion",
                violation_error_message=_(
                    "A closed case needs its closing date and conclusion."
                ),
            ),
            models.CheckConstraint(
                condition=Q(transferred_on__isnull=True, transferred_to="")
                | (Q(transferred_on__isnull=False) & ~Q(transferred_to="")),
                name="accountability_case_transfer_has_date_and_organ",
                violation_error_message=_(
                    "A transfer needs both its date and the organ it went to."
                ),
            ),
            models.CheckConstraint(
                condition=Q(money_recovered__gte=0) & Q(money_involved__gte=0),
                name="accountability_case_money_not_negative",
                violation_error_message=_("Amounts cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("accountability:case_detail", args=[self.pk])

    def is_closed(self) -> bool:
        return self.stage == self.Stage.CLOSED

    def is_transferred(self) -> bool:
        return self.transferred_on is not None

    def next_stage(self) -> "Case.Stage | None":
        return self.NEXT_STAGE.get(self.Stage(self.stage))

    def may_decide_sanctions(self) -> bool:
        return self.stage in self.SANCTION_STAGES

    def hearing_began_on(self) -> date | None:
        """Return the day the hearing (审理) began, or None when the case has not
        reached it or its history does not say (queries the history once closed)."""
        if self.stage == self.Stage.TRIAL:
            return self.stage_started_on
        if self.stage != self.Stage.CLOSED:
            return None
        return (
            self.history.filter(stage=self.Stage.TRIAL)
            .order_by("history_date", "history_id")
            .values_list("stage_started_on", flat=True)
            .first()
        )

    def days_left(self, today: date | None = None) -> int | None:
        """Return the days left in the current stage (negative once overdue), or None."""
        if self.is_closed() or self.stage_due_on is None:
            return None
        return (self.stage_due_on - (today or timezone.localdate())).days

    def is_overdue(self, today: date | None = None) -> bool:
        days_left = self.days_left(today)
        return days_left is not None and days_left < 0


class CaseSubject(models.Model):
    """An official a case is against, with their post and rank when it was filed."""

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="subjects", verbose_name=_("case")
    )
    official = models.ForeignKey(
        Official,
        on_delete=models.PROTECT,
        related_name="case_subjects",
        verbose_name=_("official"),
    )
    # Where the official worked at the time: the unit 一案双查 looks at.
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    post = models.CharField(_("post"), max_length=50)
    rank = models.CharField(_("rank"), max_length=32, choices=Official.Rank)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "pk"]
        verbose_name = _("case subject")
        verbose_name_plural = _("case subjects")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "official"], name="accountability_casesubject_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.official.name}（{self.post}）"


class SanctionQuerySet(EvidenceQuerySet):
    def visible_to(self, user: User | AnonymousUser) -> "SanctionQuerySet":
        return self.filter(subject__case__in=Case.objects.visible_to(user))

    def in_force(self) -> "SanctionQuerySet":
        """Sanctions not corrected by a later decision."""
        return self.filter(corrected_by__isnull=True)


class Sanction(EvidenceModel):
    """The sanction decided for one subject of a case. Immutable: a correction is a new
    sanction that names the one it corrects."""

    class Party(models.TextChoices):
        WARNING = "warning", _("Warning (警告)")
        SERIOUS_WARNING = "serious_warning", _("Serious warning (严重警告)")
        REMOVAL_FROM_POST = (
            "removal_from_post",
            _("Removal from party posts (撤销党内职务)"),
        )
        PROBATION = "probation", _("Probation within the party (留党察看)")
        EXPULSION = "expulsion", _("Expulsion from the party (开除党籍)")

    class Administrative(models.TextChoices):
        WARNING = "warning", _("Warning (警告)")
        DEMERIT = "demerit", _("Demerit (记过)")
        MAJOR_DEMERIT = "major_demerit", _("Major demerit (记大过)")
        DEMOTION = "demotion", _("Demotion (降级)")
        DISMISSAL_FROM_POST = "dismissal_from_post", _("Dismissal from post (撤职)")
        DISCHARGE = "discharge", _("Discharge (开除)")

    subject = models.ForeignKey(
        CaseSubject,
        on_delete=models.PROTECT,
        related_name="sanctions",
        verbose_name=_("subject"),
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
    party_sanction = models.CharField(
        _("party discipline (党纪处分)"), max_length=20, choices=Party, blank=True
    )
    administrative_sanction = models.CharField(
        _("administrative sanction (政务处分)"),
        max_length=20,
        choices=Administrative,
        blank=True,
    )
    decided_on = models.DateField(_("decided on"), validators=[dates.happened])
    # How long the sanction lasts, where it has a period (e.g. 留党察看 one or two years).
    period_months = models.PositiveSmallIntegerField(
        _("period (months)"), null=True, blank=True
    )
    decision_number = models.CharField(_("decision number"), max_length=50, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SanctionQuerySet.as_manager()
    change_refusal = "A decided sanction is evidence and cannot be changed."
    deletion_refusal = "A decided sanction is evidence and cannot be deleted."
    # How the audit trail names it, without its content (core.audit.number_of).
    audit_number_field = "decision_number"

    class Meta:
        ordering = ["decided_on", "pk"]
        verbose_name = _("sanction")
        verbose_name_plural = _("sanctions")
        constraints = [
            models.CheckConstraint(
                condition=~Q(party_sanction="") | ~Q(administrative_sanction=""),
                name="accountability_sanction_has_a_sanction",
                violation_error_message=_(
                    "Choose a party sanction, an administrative sanction or both."
                ),
            )
        ]

    def __str__(self) -> str:
        parts = [
            self.get_party_sanction_display(),
            self.get_administrative_sanction_display(),
        ]
        return " / ".join(part for part in parts if part)
