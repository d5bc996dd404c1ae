"""The city's catalogues, kept as data per year: duties (9/4/4/6) and the 40 bottom lines."""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Subject(models.TextChoices):
    """The four responsibility subjects (责任主体) that the catalogues are written for."""

    COMMITTEE = "committee", _("Party committee leadership team")
    MAIN_LEADER = "main_leader", _("Main leader of the party committee")
    TEAM_MEMBER = "team_member", _("Leadership team member")
    DISCIPLINE = "discipline", _("Discipline committee")


# The counts of the city's implementation opinion. Local policy may differ: the catalogue
# page warns about a difference, and nothing else depends on these numbers.
STANDARD_DUTY_COUNTS = {
    Subject.COMMITTEE: 9,
    Subject.MAIN_LEADER: 4,
    Subject.TEAM_MEMBER: 4,
    Subject.DISCIPLINE: 6,
}
STANDARD_BOTTOM_LINE_COUNT = 40


class CatalogueQuerySet(models.QuerySet):
    def of_year(self, year: int) -> "CatalogueQuerySet":
        return self.filter(year=year)

    def years(self) -> list[int]:
        return list(self.order_by("-year").values_list("year", flat=True).distinct())


class DutyTemplate(models.Model):
    """One duty of the yearly catalogue, for one responsibility subject."""

    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    subject = models.CharField(
        _("responsibility subject"), max_length=16, choices=Subject
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=60)
    text = models.TextField(_("duty"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        ordering = ["year", "subject", "number"]
        verbose_name = _("duty template")
        verbose_name_plural = _("duty catalogue")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "subject", "number"],
                name="responsibilities_dutytemplate_unique_number",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_subject_display()} {self.number}. {self.title}"


class BottomLine(models.Model):
    """One of the bottom lines (责任底线) an accountable subject must never fail."""

    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    subject = models.CharField(
        _("responsibility subject"), max_length=16, choices=Subject
    )
    # Numbered through all four subjects (1 to 40), as accountability decisions cite them.
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("bottom line"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        ordering = ["year", "number"]
        verbose_name = _("bottom line")
        verbose_name_plural = _("bottom lines")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "number"],
                name="responsibilities_bottomline_unique_number",
            )
        ]

    def __str__(self) -> str:
        return gettext("%(year)s bottom line %(number)s") % {
            "year": self.year,
            "number": self.number,
        }
