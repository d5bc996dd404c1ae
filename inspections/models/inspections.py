"""Supervision (监督检查): inspections of every kind, and the projects monitored online."""

from datetime import date

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import dates
from responsibilities.models import Official, Unit


class MonitoredProjectQuerySet(models.QuerySet):
    def visible_to(self, user: User | AnonymousUser) -> "MonitoredProjectQuerySet":
        return self.filter(owner__in=Unit.objects.visible_to(user))


class MonitoredProject(models.Model):
    """A government investment project under online monitoring (网上监察)."""

    class Stage(models.TextChoices):
        APPROVAL = "approval", _("Approval")
        TENDERING = "tendering", _("Tendering")
        CONSTRUCTION = "construction", _("Construction")
        ACCEPTANCE = "acceptance", _("Acceptance")
        SETTLED = "settled", _("Final accounts settled")

    owner = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="monitored_projects",
        verbose_name=_("owner unit"),
    )
    name = models.CharField(_("name"), max_length=200)
    year = models.PositiveSmallIntegerField(
        _("year"), db_index=True, validators=[dates.planned_year]
    )
    # Yuan, to the fen: money is never a float.
    budget = models.DecimalField(_("budget (yuan)"), max_digits=16, decimal_places=2)
    # What supervision saved the public purse on this project (审减), in yuan.
    savings = models.DecimalField(
        _("savings (yuan)"), max_digits=16, decimal_places=2, default=0
    )
    stage = models.CharField(_("stage"), max_length=16, choices=Stage)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = MonitoredProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "name", "pk"]
        verbose_name = _("monitored project")
        verbose_name_plural = _("monitored projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(budget__gte=0) & Q(savings__gte=0),
                name="inspections_monitoredproject_amounts_not_negative",
                violation_error_message=_("Amounts cannot be negative."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("inspections:project_detail", args=[self.pk])


class InspectionQuerySet(models.QuerySet):
    def visible_to(self, user: User | AnonymousUser) -> "InspectionQuerySet":
        """Inspections run by or aimed at units in the user's scope.

        A covert visit (暗访) that is not done is seen by its team and whoever planned it
        alone: its plan must not reach the units it will visit, nor anyone else, before
        then.
        """
        if not user.is_authenticated:
            return self.none()
        units = Unit.objects.visible_to(user)
        in_scope = Q(organiser__in=units) | Q(units__in=units)
        secret = Q(kind=Inspection.Kind.COVERT_VISIT) & ~Q(
            status=Inspection.Status.DONE
        )
        in_the_secret = Q(team__user=user) | Q(created_by=user)
        return self.filter((in_scope & ~secret) | (secret & in_the_secret)).distinct()

    def readable_by(self, user: User | AnonymousUser) -> "InspectionQuerySet":
        """Inspections the user may open: every list links to one only through this.

        Those who oversee supervision open every inspection in their scope. The leaders
        of an inspected unit, who read its findings, open an inspection of their units
        once it is done, a covert visit too, and read of it only what their unit may
        know (oversees_inspections tells the two apart).
        """
        if oversees_inspections(user):
            return self.visible_to(user)
        if not user.has_perm("inspections.view_finding"):
            return self.none()
        inspected = Inspection.units.through.objects.filter(
            inspection=OuterRef("pk"), unit__in=Unit.objects.visible_to(user)
        )
        return self.filter(Exists(inspected), status=Inspection.Status.DONE)


def oversees_inspections(user: User | AnonymousUser) -> bool:
    """Return whether the user reads inspections whole (their team, summary, other
    units, history), not only what an inspected unit is told."""
    return user.has_perm("inspections.view_inspection")


class Inspection(models.Model):
    """One piece of supervision: who inspected which units, how, when, and what it found."""

    class Kind(models.TextChoices):
        ROUTINE = "routine", _("Routine supervision (日常监督)")
        SPECIAL = "special", _("Special inspection (专项检查)")
        OPEN_VISIT = "open_visit", _("Open visit (明查)")
        COVERT_VISIT = "covert_visit", _("Covert visit (暗访)")
        DUTY_PERFORMANCE = (
            "duty_performance",
            _("Duty-performance supervision (履职监督)"),
        )
        ONLINE_MONITORING = "online_monitoring", _("Online monitoring (网上监察)")
        MEDIA_RESPONSE = "media_response", _("Response to media exposure (回应式监督)")

    class Topic(models.TextChoices):
        TENDERING = "tendering", _("Tendering (招投标)")
        ADVANCE_PAYMENTS = "advance_payments", _("Advance payments (暂领款)")
        PROJECT_CHANGES = "project_changes", _("Project changes (工程变更)")
        SMALL_COFFERS = "small_coffers", _("Small coffers (小金库)")
        THREE_REFORMS = "three_reforms", _("三改一拆")
        FIVE_WATERS = "five_waters", _("五水共治")
        CONDUCT = "conduct", _("Conduct and efficiency (作风效能)")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    # The discipline body that runs it: its staff keep the inspection.
    organiser = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="organised_inspections",
        verbose_name=_("organising unit"),
    )
    units = models.ManyToManyField(
        Unit, related_name="inspections", verbose_name=_("inspected units")
    )
    team = models.ManyToManyField(
        Official, related_name="inspections", verbose_name=_("inspecting team")
    )
    project = models.ForeignKey(
        MonitoredProject,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inspections",
        verbose_name=_("monitored project"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic, blank=True)
    media_source = models.CharField(_("media source"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=200)
    started_on = models.DateField(_("start date"), validators=[dates.planned])
    ended_on = models.DateField(
        _("end date"), null=True, blank=True, validators=[dates.planned]
    )
    summary = models.TextField(_("summary"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status, default=Status.PLANNED
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[units, team])

    objects = InspectionQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="special") | Q(topic=""),
                name="inspections_inspection_topic_only_for_special",
                violation_error_message=_("Only a special inspection has a topic."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="inspections_inspection_ends_after_start",
                violation_error_message=_(
                    "The end date cannot be before the start date."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("inspections:inspection_detail", args=[self.pk])

    def is_covert(self) -> bool:
        return self.kind == self.Kind.COVERT_VISIT

    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    def is_secret(self) -> bool:
        """Return whether it is a covert visit not yet done, seen by its team alone."""
        return self.is_covert() and not self.is_done()

    @property
    def year(self) -> int:
        return self.started_on.year

    def is_running_on(self, day: date) -> bool:
        return self.started_on <= day and (
            self.ended_on is None or day <= self.ended_on
        )
