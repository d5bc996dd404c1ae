"""Letter templates and campaigns: a year's round of one kind of letter to chosen addressees."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core import dates
from core.documents.placeholders import unknown_placeholders
from core.text import join_words
from responsibilities.models import Official, Unit

# The placeholders a template's text may use, filled in for each addressee.
PLACEHOLDERS = {
    "unit": _("the addressee's unit"),
    "name": _("the addressee's name"),
    "post": _("the addressee's post"),
    "year": _("the campaign's year"),
    "duties": _("the addressee's duties from the year's responsibility list"),
}


class LetterKind(models.TextChoices):
    COMMITMENT = "commitment", _("Integrity commitment (廉政承诺书)")
    ACKNOWLEDGEMENT = (
        "acknowledgement",
        _("Main responsibility acknowledgement (主体责任认领书)"),
    )
    YEAR_END = "year_end", _("Year-end sign-off (年终签字)")

    @classmethod
    def with_personal_part(cls) -> set[str]:
        """Return the kinds whose signer writes a part of their own."""
        return {cls.COMMITMENT, cls.YEAR_END}


def validate_placeholders(text: str) -> None:
    unknown = unknown_placeholders(text, PLACEHOLDERS)
    if unknown:
        raise ValidationError(
            _("Unknown placeholders: %(names)s."),
            params={"names": join_words("{" + name + "}" for name in unknown)},
        )


class LetterTemplate(models.Model):
    """The text of one kind of letter, with placeholders, kept by administrators."""

    kind = models.CharField(_("kind"), max_length=16, choices=LetterKind)
    name = models.CharField(_("name"), max_length=100)
    # The document's heading, e.g. 《党风廉政建设主体责任认领书》.
    title = models.CharField(_("document title"), max_length=200)
    body = models.TextField(_("text"), validators=[validate_placeholders])
    # Shown above the box where the signer writes their own commitments.
    personal_prompt = models.TextField(_("prompt for the personal part"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("commitments:template_update", args=[self.pk])

    def has_personal_part(self) -> bool:
        return self.kind in LetterKind.with_personal_part()


class CampaignQuerySet(models.QuerySet):
    def visible_to(self, user: User | AnonymousUser) -> "CampaignQuerySet":
        """Campaigns for those who run or follow them; addressees reach their letters."""
        if not user.is_authenticated or not user.has_perm("commitments.view_campaign"):
            return self.none()
        return self


class Campaign(models.Model):
    """A year's round of one kind of letter, with a deadline and its addressees by rule."""

    template = models.ForeignKey(
        LetterTemplate,
        on_delete=models.PROTECT,
        related_name="campaigns",
        verbose_name=_("template"),
    )
    # The addressees' rule: officials of these units (and the units below them when
    # include_subunits), of these ranks and responsibility subjects. Empty means any.
    units = models.ManyToManyField(
        Unit, blank=True, related_name="campaigns", verbose_name=_("units")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), db_index=True, validators=[dates.planned_year]
    )
    kind = models.CharField(_("kind"), max_length=16, choices=LetterKind)
    title = models.CharField(_("title"), max_length=200)
    deadline = models.DateField(
        pgettext_lazy("signing", "deadline"), validators=[dates.planned]
    )
    include_subunits = models.BooleanField(_("include units below"), default=True)
    ranks = models.JSONField(_("ranks"), default=list, blank=True)
    subjects = models.JSONField(_("responsibility subjects"), default=list, blank=True)
    issued_at = models.DateTimeField(_("last issued at"), null=True, blank=True)
    # A round run on paper: its letters were issued and signed on paper and registered
    # afterwards, with the dates the papers bear.
    is_from_archive = models.BooleanField(
        _("registered from the archive"), default=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[units])

    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-deadline", "-pk"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("commitments:campaign_detail", args=[self.pk])

    def addressees(self) -> models.QuerySet[Official]:
        """Return the active officials the rule selects (queries the campaign's units)."""
        officials = Official.objects.active()
        units = list(self.units.all())
        if units:
            in_units = models.Q(unit__in=units)
            if self.include_subunits:
                for unit in units:
                    in_units |= models.Q(unit__path__startswith=unit.subtree_prefix)
            officials = officials.filter(in_units)
        if self.ranks:
            officials = officials.filter(rank__in=self.ranks)
        if self.subjects:
            officials = officials.filter(subject__in=self.subjects)
        return officials
