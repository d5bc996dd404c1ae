from celery import shared_task
from django.utils import timezone

from .services.reminders import send_due_reminders


@shared_task
def send_rectification_reminders() -> int:
    """Remind officials of rectification deadlines; each reminder goes once however
    often this runs."""
    return send_due_reminders(today=timezone.localdate())
