from celery import shared_task
from django.utils import timezone

from .services.clues import send_clue_reminders as send_reminders


@shared_task
def send_clue_reminders() -> int:
    """Remind of clues left unassigned or undisposed too long; each clue is reminded
    once per reason however often this runs."""
    return send_reminders(today=timezone.localdate())
