"""The daily reminder job, run by a real Celery worker on Redis against the database."""

import datetime

import pytest
from celery.contrib.testing.worker import start_worker
from django.utils import timezone

from commitments.models import Reminder
from commitments.tasks import send_letter_reminders
from core.models import Notification
from responsibilities.models import Official
from tests.factories import CampaignFactory, LetterFactory, OfficialFactory, UserFactory

# The worker runs in a thread with its own database connection, so the test's rows must
# be committed for it to see them; the rollback then restores what migrations wrote (the
# roles, the content types) for the tests that follow.
pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_worker_sends_a_week_ahead_reminder_once(worker_app, queue):
    signer = UserFactory(email="wang@example.gov.cn")
    official = OfficialFactory(user=signer, rank=Official.Rank.SECTION_CHIEF)
    deadline = timezone.localdate() + datetime.timedelta(days=7)
    letter = LetterFactory(
        addressee=official, campaign=CampaignFactory(deadline=deadline)
    )

    with start_worker(worker_app, queues=[queue], perform_ping_check=False):
        first = send_letter_reminders.apply_async(queue=queue).get(timeout=20)
        second = send_letter_reminders.apply_async(queue=queue).get(timeout=20)

    assert (first, second) == (1, 0)
    assert (
        Reminder.objects.get(letter=letter).threshold == Reminder.Threshold.SEVEN_DAYS
    )
    assert Notification.objects.filter(user=signer).count() == 1
