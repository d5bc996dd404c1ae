"""Reminders of clues left unassigned or undisposed past the set days."""

import datetime

import pytest
import time_machine

from accountability.models import Clue, ClueReminder
from accountability.services.clues import send_clue_reminders
from accountability.tasks import send_clue_reminders as reminder_task
from core import roles
from core.models import Notification
from tests.accountability.test_clues import assigned, dispose, register
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 30)
Reason = ClueReminder.Reason


@pytest.fixture
def late_unassigned(city_staff, township):
    return register(city_staff, township, received_on=datetime.date(2026, 6, 1))


@pytest.fixture
def late_undisposed(township_staff, township):
    # Assigned on 2026-05-20, 41 days before TODAY: past the 30 days to dispose.
    with time_machine.travel(datetime.datetime(2026, 5, 20, 10, tzinfo=datetime.UTC)):
        return assigned(
            township_staff, township, received_on=datetime.date(2026, 5, 20)
        )


def test_the_handler_is_reminded_of_a_clue_not_disposed_of(
    late_undisposed, township_staff
):
    sent = send_clue_reminders(today=TODAY)

    assert sent == 1
    notification = Notification.objects.get(user=township_staff)
    assert notification.url == late_undisposed.get_absolute_url()
    assert ClueReminder.objects.get().reason == Reason.UNDISPOSED


def test_leaders_of_the_scope_are_reminded_of_a_clue_nobody_took(
    late_unassigned, city_staff, township_staff, other_township
):
    elsewhere = UserFactory(
        profile__unit=other_township, roles=[roles.DISCIPLINE_STAFF]
    )

    sent = send_clue_reminders(today=TODAY)

    assert sent == 1
    told = set(Notification.objects.values_list("user", flat=True))
    assert told == {city_staff.pk, township_staff.pk}
    assert elsewhere.pk not in told


def test_each_clue_is_reminded_once_per_reason(late_unassigned, late_undisposed):
    first = send_clue_reminders(today=TODAY)
    again = send_clue_reminders(today=TODAY + datetime.timedelta(days=5))

    assert first == 2
    assert again == 0
    assert ClueReminder.objects.count() == 2


def test_a_clue_taken_after_its_reminder_is_reminded_again_only_for_disposal(
    late_unassigned, city_staff
):
    send_clue_reminders(today=TODAY)
    Clue.objects.filter(pk=late_unassigned.pk).update(
        status=Clue.Status.ASSIGNED,
        handler=city_staff,
        assigned_at=datetime.datetime(2026, 6, 1, 1, tzinfo=datetime.UTC),
    )

    sent = send_clue_reminders(today=datetime.date(2026, 8, 1))

    assert sent == 1
    assert set(ClueReminder.objects.values_list("reason", flat=True)) == {
        Reason.UNASSIGNED,
        Reason.UNDISPOSED,
    }


def test_clues_in_time_or_disposed_of_are_not_reminded(
    city_staff, township, late_undisposed, township_staff
):
    register(city_staff, township, received_on=datetime.date(2026, 6, 28))
    dispose(late_undisposed, township_staff)

    assert send_clue_reminders(today=TODAY) == 0
    assert not Notification.objects.exists()


def test_the_task_runs_the_reminders_for_today(late_unassigned):
    with time_machine.travel(datetime.datetime(2026, 6, 30, 2, tzinfo=datetime.UTC)):
        sent = reminder_task()

    assert sent == 1
