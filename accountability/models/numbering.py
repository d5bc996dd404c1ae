"""Register numbers (编号): a gap-free sequence per register and year."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegisterNumber(models.Model):
    """The last number given in one register (clues or cases) in one year.

    Taking a number locks this row (services.numbering.next_number), so numbers are
    handed out one at a time: gap-free and unique under concurrent registration.
    """

    class Register(models.TextChoices):
        CLUE = "clue", _("Clue register")
        CASE = "case", _("Case register")

    register = models.CharField(_("register"), max_length=8, choices=Register)
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number given"), default=0)

    class Meta:
        verbose_name = _("register number sequence")
        verbose_name_plural = _("register number sequences")
        constraints = [
            models.UniqueConstraint(
                fields=["register", "year"],
                name="accountability_registernumber_one_per_year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_register_display()} {self.year}: {self.last}"
