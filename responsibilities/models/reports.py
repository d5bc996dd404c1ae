"""Written reports on the main responsibility (主体责任情况报告) and their review meetings (评议会)."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import dates
from core.evidence import Deletion, EvidenceModel

from .organisation import Official, Unit


class Period(models.TextChoices):
    YEAR = "year", _("Whole year")
    FIRST_HALF = "h1", _("First half")
    SECOND_HALF = "h2", _("Second half")


class DutyReportQuerySet(models.QuerySet):
    def visible_to(self, user: User | AnonymousUser) -> "DutyReportQuerySet":
        return self.filter(unit__in=Unit.objects.visible_to(user))

    def for_period(self, year: int, period: str) -> "DutyReportQuerySet":
        return self.filter(year=year, period=period)

    def submitted(self) -> "DutyReportQuerySet":
        return self.filter(status=DutyReport.Status.SUBMITTED)

    def drafts(self) -> "DutyReportQuerySet":
        return self.filter(status=DutyReport.Status.DRAFT)


class DutyReport(EvidenceModel):
    """A unit committee's written report on its main responsibility for a period.

    The secretary writes it as a draft; their sign-off (签字背书, a signature in the
    commitments chain) submits it, and from then on it is evidence that never changes.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="duty_reports"
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("written by"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    period = models.CharField(_("period"), max_length=8, choices=Period)
    text = models.TextField(_("report"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status, default=Status.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = DutyReportQuerySet.as_manager()
    frozen_rows = Q(status=Status.SUBMITTED)
    deletion = Deletion.REFUSED_ONCE_FROZEN
    change_refusal = deletion_refusal = (
        "A submitted report is evidence and cannot change."
    )

    class Meta:
        ordering = ["-year", "period", "unit__order", "unit_id"]
        verbose_name = _("duty report")
        verbose_name_plural = _("duty reports")
        constraints = [
            # Drafts count: a unit writes one report per period, then signs it off.
            models.UniqueConstraint(
                fields=["unit", "year", "period"],
                name="responsibilities_dutyreport_one_per_period",
            ),
            models.CheckConstraint(
                condition=Q(status="draft", submitted_at__isnull=True)
                | Q(status="submitted", submitted_at__isnull=False),
                name="responsibilities_dutyreport_submitted_at_status",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year} {self.get_period_display()}"

    def get_absolute_url(self) -> str:
        return reverse("responsibilities:report_detail", args=[self.pk])

    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED

    def is_year_end_summary(self) -> bool:
        """A whole-year report is the unit's year-end summary (年度总结)."""
        return self.period == Period.YEAR


class ReviewMeetingQuerySet(models.QuerySet):
    def visible_to(self, user: User | AnonymousUser) -> "ReviewMeetingQuerySet":
        """Meetings organised, attended or reviewing reports within the user's scope.

        Seeing a meeting does not show all its reviews: each review is read only when its
        report is in scope (see reviews_visible_to)."""
        if not user.is_authenticated:
            return self.none()
        units = Unit.objects.visible_to(user)
        reports = DutyReport.objects.visible_to(user)
        return self.filter(
            Q(organiser__in=units)
            | Q(created_by=user)
            | Q(participants__unit__in=units)
            | Q(reviews__report__in=reports)
        ).distinct()


class ReviewMeeting(models.Model):
    """A review meeting (评议会) where secretaries report on duty and integrity (述责述廉)."""

    # The discipline body that holds the meeting: whoever oversees it may record reviews.
    organiser = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="organised_review_meetings",
        verbose_name=_("organising unit"),
    )
    held_on = models.DateField(_("held on"), validators=[dates.planned])
    title = models.CharField(_("title"), max_length=200)
    participants = models.ManyToManyField(
        Official,
        blank=True,
        related_name="review_meetings",
        verbose_name=_("participants"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[participants])

    objects = ReviewMeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("review meeting")
        verbose_name_plural = _("review meetings")

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("responsibilities:meeting_detail", args=[self.pk])

    def reviews_visible_to(self, user: User) -> models.QuerySet:
        """Return the meeting's reviews of reports within the user's scope."""
        return self.reviews.filter(report__in=DutyReport.objects.visible_to(user))


class Review(models.Model):
    """The meeting's review of one report."""

    class Rating(models.TextChoices):
        GOOD = "good", _("Good")
        FAIRLY_GOOD = "fairly_good", _("Fairly good")
        FAIR = "fair", _("Fair")
        POOR = "poor", _("Poor")

    meeting = models.ForeignKey(
        ReviewMeeting, on_delete=models.PROTECT, related_name="reviews"
    )
    report = models.ForeignKey(
        DutyReport, on_delete=models.PROTECT, related_name="reviews"
    )
    comments = models.TextField(_("comments"))
    rating = models.CharField(_("rating"), max_length=16, choices=Rating)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "report"],
                name="responsibilities_review_once_per_meeting",
            )
        ]

    def __str__(self) -> str:
        return f"{self.report} · {self.get_rating_display()}"


class ReviewProblem(models.Model):
    """A problem a review found, with what must be rectified. The inspections issue turns
    these into findings; this row is what such a finding will point back to."""

    review = models.ForeignKey(
        Review, on_delete=models.PROTECT, related_name="problems"
    )
    description = models.TextField(_("problem"))
    rectification_requirement = models.TextField(_("rectification requirement"))
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("problem found in review")
        verbose_name_plural = _("problems found in reviews")

    def __str__(self) -> str:
        return self.description[:40]
