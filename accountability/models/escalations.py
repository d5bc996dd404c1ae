"""Where an escalated finding went: the enforcement record that took it over."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Escalation(models.TextChoices):
    """The codes a finding's `escalation` holds, and what they mean.

    inspections stores the code and knows only that the finding left rectification;
    the record it went to points back at the finding from this app (a clue or an
    accountability action names its finding). The codes are stored: they never change.
    """

    CLUE = "clue", _("Problem clue (问题线索)")
    ACCOUNTABILITY = "accountability", _("Accountability action (问责)")
