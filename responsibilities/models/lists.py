"""Yearly responsibility lists (责任清单), their breakdown to people, and portfolios (分管领域)."""

from dataclasses import dataclass, field
from itertools import groupby

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import dates

from .catalogue import DutyTemplate, Subject
from .organisation import Official, Unit


class PortfolioArea(models.Model):
    """An area a team member can be in charge of: personnel, finance, education…"""

    name = models.CharField(_("name"), max_length=40, unique=True)
    duty_text = models.TextField(
        _("duty for the member in charge"),
        help_text=_("Added to the list of each team member in charge of this area."),
    )
    # "三转": a discipline secretary or stationed group head must not hold these areas.
    is_forbidden_to_discipline_heads = models.BooleanField(
        _("forbidden to discipline heads"), default=False
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("portfolio area")
        verbose_name_plural = _("portfolio areas")

    def __str__(self) -> str:
        return self.name


class PortfolioQuerySet(models.QuerySet):
    def visible_to(self, user: User | AnonymousUser) -> "PortfolioQuerySet":
        return self.filter(official__unit__in=Unit.objects.visible_to(user))

    def breaches(self) -> "PortfolioQuerySet":
        """Return the portfolios that break "三转": a discipline head in a forbidden area."""
        return self.filter(
            official__is_active=True,
            official__subject=Official.Subject.DISCIPLINE_HEAD,
            area__is_forbidden_to_discipline_heads=True,
        )


class Portfolio(models.Model):
    """An official is in charge of an area (分管)."""

    official = models.ForeignKey(
        Official, on_delete=models.CASCADE, related_name="portfolios"
    )
    area = models.ForeignKey(
        PortfolioArea, on_delete=models.PROTECT, related_name="portfolios"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = PortfolioQuerySet.as_manager()

    class Meta:
        ordering = ["official", "area"]
        verbose_name = _("portfolio")
        verbose_name_plural = _("portfolios")
        constraints = [
            models.UniqueConstraint(
                fields=["official", "area"], name="responsibilities_portfolio_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.official.name} · {self.area}"


class ResponsibilityListQuerySet(models.QuerySet):
    def visible_to(self, user: User | AnonymousUser) -> "ResponsibilityListQuerySet":
        return self.filter(unit__in=Unit.objects.visible_to(user))

    def published(self) -> "ResponsibilityListQuerySet":
        return self.filter(status=ResponsibilityList.Status.PUBLISHED)


class ResponsibilityList(models.Model):
    """A unit's responsibility list for one year."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="responsibility_lists"
    )
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    # For the unit's own staff; never shown on the public list page.
    internal_notes = models.TextField(_("internal notes"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("published by"),
    )
    # When a leader first signed off the breakdown (签字背书); its duties are fixed since.
    signed_off_at = models.DateTimeField(
        _("breakdown signed off at"), null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = ResponsibilityListQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "unit__order", "unit_id"]
        verbose_name = _("responsibility list")
        verbose_name_plural = _("responsibility lists")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year"],
                name="responsibilities_responsibilitylist_one_per_year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("responsibilities:list_detail", args=[self.pk])

    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def is_signed_off(self) -> bool:
        return self.signed_off_at is not None

    def is_locked(self) -> bool:
        """Return whether the duties are fixed: a published or signed-off list is
        evidence, so it is neither generated again nor edited."""
        return self.is_published() or self.is_signed_off()


class DutyQuerySet(models.QuerySet):
    def visible_to(self, user: User | AnonymousUser) -> "DutyQuerySet":
        """Duties of lists in the user's scope, and the user's own duties anywhere."""
        in_scope = Q(responsibility_list__unit__in=Unit.objects.visible_to(user))
        if not user.is_authenticated:
            return self.none()
        return self.filter(in_scope | Q(holder__user=user))

    def held_by(self, user: User) -> "DutyQuerySet":
        return self.filter(holder__user=user)


class Duty(models.Model):
    """One duty on a unit's list, held by the team (no holder) or by one official."""

    class Source(models.TextChoices):
        CATALOGUE = "catalogue", _("Catalogue")
        PORTFOLIO = "portfolio", _("Portfolio")

    responsibility_list = models.ForeignKey(
        ResponsibilityList, on_delete=models.CASCADE, related_name="duties"
    )
    template = models.ForeignKey(
        DutyTemplate,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duties",
    )
    area = models.ForeignKey(
        PortfolioArea,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duties",
    )
    holder = models.ForeignKey(
        Official,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duties",
        verbose_name=_("holder"),
    )
    source = models.CharField(_("source"), max_length=16, choices=Source)
    subject = models.CharField(
        _("responsibility subject"), max_length=16, choices=Subject
    )
    number = models.PositiveSmallIntegerField(_("number"))
    # Copied at generation, so a later edit of the catalogue leaves this year's list alone.
    text = models.TextField(_("duty"))
    measures = models.TextField(_("concrete measures"), blank=True)
    targets = models.TextField(_("targets"), blank=True)
    due_on = models.DateField(
        _("deadline"), null=True, blank=True, validators=[dates.planned]
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = DutyQuerySet.as_manager()

    class Meta:
        ordering = ["responsibility_list", "subject", "holder_id", "source", "number"]
        verbose_name = _("duty")
        verbose_name_plural = _("duties")
        constraints = [
            # Generating again must find these and leave them be: one row per duty and
            # holder, where the team's duties have no holder.
            models.UniqueConstraint(
                fields=["responsibility_list", "template", "holder"],
                condition=Q(template__isnull=False, holder__isnull=False),
                name="responsibilities_duty_unique_template_holder",
            ),
            models.UniqueConstraint(
                fields=["responsibility_list", "template"],
                condition=Q(template__isnull=False, holder__isnull=True),
                name="responsibilities_duty_unique_team_template",
            ),
            models.UniqueConstraint(
                fields=["responsibility_list", "area", "holder"],
                condition=Q(area__isnull=False),
                name="responsibilities_duty_unique_portfolio",
            ),
            models.CheckConstraint(
                condition=Q(
                    source="catalogue", template__isnull=False, area__isnull=True
                )
                | Q(source="portfolio", area__isnull=False, template__isnull=True),
                name="responsibilities_duty_source_matches",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.responsibility_list} · {self.number}. {self.text[:30]}"

    def get_absolute_url(self) -> str:
        return reverse("responsibilities:duty_detail", args=[self.pk])


# The order of the official document: the team, its main leader, each member, the
# discipline committee.
SUBJECT_ORDER: list[str] = [
    Subject.COMMITTEE,
    Subject.MAIN_LEADER,
    Subject.TEAM_MEMBER,
    Subject.DISCIPLINE,
]
RANK_ORDER = {rank: position for position, rank in enumerate(Official.Rank.values)}


@dataclass
class DutyGroup:
    """The duties one subject holds on a list: the team, or one person in one role."""

    subject: str
    holder: Official | None
    duties: list[Duty] = field(default_factory=list)

    @property
    def subject_label(self) -> str | Promise:
        return Subject(self.subject).label


def _group_key(duty: Duty) -> tuple:
    holder = duty.holder
    seniority = (
        (RANK_ORDER.get(holder.rank, 99), holder.name, holder.pk) if holder else ()
    )
    # A vacant post's duties (no holder) come after the people holding the subject.
    return (SUBJECT_ORDER.index(duty.subject), holder is None, seniority)


def duty_groups(duties: list[Duty]) -> list[DutyGroup]:
    """Return the list's duties grouped as the document reads: subject, then person."""
    ordered = sorted(
        duties,
        key=lambda duty: (
            _group_key(duty),
            duty.source == Duty.Source.PORTFOLIO,
            duty.number,
        ),
    )
    return [
        DutyGroup(subject=members[0].subject, holder=members[0].holder, duties=members)
        for members in (list(group) for _key, group in groupby(ordered, key=_group_key))
    ]
