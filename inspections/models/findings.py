"""Findings (发现问题): a problem found, wherever it came from, and where it stands."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core import dates
from responsibilities.models import Official, Review, Unit

from .inspections import Inspection

# Findings of a covert visit (暗访) that is not done yet.
SECRET = Q(inspection__kind=Inspection.Kind.COVERT_VISIT) & ~Q(
    inspection__status=Inspection.Status.DONE
)


class FindingQuerySet(models.QuerySet):
    def visible_to(self, user: User | AnonymousUser) -> "FindingQuerySet":
        """Findings about units in the user's scope; those of a covert visit that is not
        done are seen only by those who see the visit itself (its team and planner)."""
        if not user.is_authenticated:
            return self.none()
        in_scope = Q(unit__in=Unit.objects.visible_to(user)) & ~SECRET
        in_the_secret = SECRET & (
            Q(inspection__team__user=user) | Q(inspection__created_by=user)
        )
        return self.filter(in_scope | in_the_secret).distinct()

    def readable_by(self, user: User | AnonymousUser) -> "FindingQuerySet":
        """Findings the user may open: those in scope, for a role that reads findings."""
        if not user.has_perm("inspections.view_finding"):
            return self.none()
        return self.visible_to(user)

    def with_readability(self, user: User | AnonymousUser) -> "FindingQuerySet":
        """Annotate `is_readable`: whether the user may open each finding, so that a
        page links to it only then, in the page's own query."""
        readable = Finding.objects.readable_by(user).filter(pk=OuterRef("pk"))
        return self.annotate(is_readable=Exists(readable))

    def with_inspection_readable_by(
        self, user: User | AnonymousUser
    ) -> "FindingQuerySet":
        """Annotate `inspection_is_readable`: whether the user may open the finding's
        inspection, so that a page links to it only then, in the page's own query."""
        readable = Inspection.objects.readable_by(user).filter(
            pk=OuterRef("inspection_id")
        )
        return self.annotate(inspection_is_readable=Exists(readable))

    def secret(self) -> "FindingQuerySet":
        """Findings that must not reach their unit yet: their covert visit is not done."""
        return self.filter(SECRET)

    def open(self) -> "FindingQuerySet":
        return self.exclude(status__in=Finding.FINAL_STATUSES)


class Finding(models.Model):
    """A problem found in a unit, to be rectified or escalated."""

    class Source(models.TextChoices):
        INSPECTION = "inspection", _("Inspection")
        REVIEW = "review", _("Duty-report review")
        SELF_INSPECTION = "self_inspection", _("Self-inspection")
        PUBLIC_REPORT = "public_report", _("Public report")
        MEDIA = "media", _("Media")
        HIGHER_LEVEL = "higher_level", _("Higher level")

    class Category(models.TextChoices):
        EIGHT_RULES = "eight_rules", _("Central eight-point rules (八项规定)")
        TENDERING = "tendering", _("Tendering and procurement")
        FUNDS = "funds", _("Funds and finance")
        PROJECTS = "projects", _("Project management")
        CONDUCT = "conduct", _("Conduct and efficiency (作风效能)")
        DUTY = "duty", _("Failure to perform duties (履职不力)")
        INTEGRITY = "integrity", _("Integrity and self-discipline")
        OTHER = "other", _("Other")

    class Severity(models.TextChoices):
        MINOR = "minor", _("Minor")
        SERIOUS = "serious", _("Serious")
        GRAVE = "grave", _("Grave")

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("finding status", "Open")
        RECTIFYING = "rectifying", _("Being rectified")
        SUBMITTED = "submitted", _("Rectification submitted")
        RETURNED = "returned", _("Returned for more work")
        CLOSED = "closed", _("Verified and closed")
        ESCALATED = "escalated", _("Escalated")

    FINAL_STATUSES = (Status.CLOSED, Status.ESCALATED)
    # The lifecycle: which status may follow which.
    TRANSITIONS = {
        Status.OPEN: {Status.RECTIFYING, Status.ESCALATED},
        Status.RECTIFYING: {Status.SUBMITTED, Status.ESCALATED},
        Status.SUBMITTED: {Status.CLOSED, Status.RETURNED},
        Status.RETURNED: {Status.SUBMITTED, Status.ESCALATED},
        Status.CLOSED: set(),
        Status.ESCALATED: set(),
    }

    inspection = models.ForeignKey(
        Inspection,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="findings",
        verbose_name=_("inspection"),
    )
    review = models.ForeignKey(
        Review,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="findings",
        verbose_name=_("duty-report review"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="findings", verbose_name=_("unit")
    )
    officials = models.ManyToManyField(
        Official,
        blank=True,
        related_name="findings",
        verbose_name=_("responsible officials"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(_("source"), max_length=20, choices=Source)
    category = models.CharField(_("category"), max_length=20, choices=Category)
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity, default=Severity.MINOR
    )
    description = models.TextField(pgettext_lazy("finding", "description"))
    found_on = models.DateField(_("found on"), validators=[dates.happened])
    status = models.CharField(
        _("status"), max_length=16, choices=Status, default=Status.OPEN
    )
    # Where an escalated finding went, as a code the enforcement app defines and
    # labels (accountability's Escalation); here it only tells that the finding went.
    escalation = models.CharField(_("escalated to"), max_length=16, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[officials])

    objects = FindingQuerySet.as_manager()

    class Meta:
        ordering = ["-found_on", "-pk"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        constraints = [
            models.CheckConstraint(
                condition=~Q(source="inspection") | Q(inspection__isnull=False),
                name="inspections_finding_inspection_source_has_inspection",
            ),
            models.CheckConstraint(
                condition=~Q(source="review") | Q(review__isnull=False),
                name="inspections_finding_review_source_has_review",
            ),
            # An escalated finding says where it went, and only an escalated one.
            models.CheckConstraint(
                condition=(Q(status="escalated") & ~Q(escalation=""))
                | (~Q(status="escalated") & Q(escalation="")),
                name="inspections_finding_escalation_matches_status",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit}: {self.description[:40]}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:finding_detail", args=[self.pk])

    def can_become(self, status: str) -> bool:
        """Return whether the lifecycle allows moving from the current status to status."""
        return status in self.TRANSITIONS[self.Status(self.status)]

    def can_be_escalated_by(self, user: User) -> bool:
        """Return whether the user may take the finding out of rectification into
        enforcement: they change findings, and its lifecycle allows it now."""
        return user.has_perm("inspections.change_finding") and self.can_become(
            self.Status.ESCALATED
        )

    def is_final(self) -> bool:
        return self.status in self.FINAL_STATUSES

    def is_secret(self) -> bool:
        """Return whether its covert visit is not done yet (queries the inspection)."""
        return self.inspection is not None and self.inspection.is_secret()
