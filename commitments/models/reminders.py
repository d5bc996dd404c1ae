"""Reminders sent about unsigned letters, one row per letter and threshold."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .letters import Letter


class Reminder(models.Model):
    """A reminder that went out; its row makes a second run of the daily job a no-op."""

    class Threshold(models.TextChoices):
        SEVEN_DAYS = "7d", _("7 days before the deadline")
        THREE_DAYS = "3d", _("3 days before the deadline")
        ONE_DAY = "1d", _("1 day before the deadline")
        OVERDUE = "overdue", _("The day after the deadline")

    letter = models.ForeignKey(
        Letter, on_delete=models.PROTECT, related_name="reminders"
    )
    threshold = models.CharField(_("threshold"), max_length=8, choices=Threshold)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["sent_at", "pk"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["letter", "threshold"], name="commitments_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.letter} {self.get_threshold_display()}"
