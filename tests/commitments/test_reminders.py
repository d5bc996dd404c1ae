import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from commitments.models import Letter, Reminder
from commitments.tasks import send_letter_reminders
from core.audit import CoreAuditAction
from core.models import AuditEvent, Notification
from responsibilities.models import Official
from tests.factories import LetterFactory, OfficialFactory, UnitFactory, UserFactory

DEADLINE = datetime.date(2026, 12, 31)
SHANGHAI = ZoneInfo("Asia/Shanghai")


def run_on(day: datetime.date, times: int = 1) -> None:
    """Run the daily job as beat does: at 08:00 in Shanghai, which is midnight UTC."""
    moment = datetime.datetime.combine(day, datetime.time(8), tzinfo=SHANGHAI)
    with time_machine.travel(moment, tick=False):
        for _ in range(times):
            send_letter_reminders()


def days_to_deadline(days: int) -> datetime.date:
    return DEADLINE - datetime.timedelta(days=days)


def thresholds(letter: Letter) -> list[str]:
    return list(letter.reminders.values_list("threshold", flat=True))


@pytest.fixture
def discipline_secretary(township):
    user = UserFactory(email="jiwei@example.gov.cn")
    return OfficialFactory(
        unit=township,
        user=user,
        name="周纪",
        post="纪委书记",
        subject=Official.Subject.DISCIPLINE_HEAD,
    )


def test_running_the_job_three_times_a_day_sends_each_reminder_once(letter, secretary):
    run_on(days_to_deadline(7), times=3)

    assert thresholds(letter) == [Reminder.Threshold.SEVEN_DAYS]
    assert Notification.objects.filter(user=secretary).count() == 1


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (8, []),
        (7, ["7d"]),
        (5, ["7d"]),
        (3, ["3d"]),
        (2, ["3d"]),
        (1, ["1d"]),
        (0, ["1d"]),
        (-1, ["overdue"]),
        (-20, ["overdue"]),
    ],
)
def test_the_reminder_sent_is_the_most_urgent_threshold_reached(letter, days, expected):
    run_on(days_to_deadline(days))

    assert thresholds(letter) == expected


def test_a_daily_job_sends_the_four_reminders_in_turn_each_once(letter, secretary):
    for days in range(10, -4, -1):
        run_on(days_to_deadline(days), times=2)

    assert thresholds(letter) == ["7d", "3d", "1d", "overdue"]
    titles = Notification.objects.filter(user=secretary).values_list("title", flat=True)
    assert len(titles) == 4


def test_reminder_links_the_addressee_to_the_letter(letter, secretary):
    run_on(days_to_deadline(3))

    notification = Notification.objects.get(user=secretary)
    assert notification.url == letter.get_absolute_url()
    assert letter.campaign.title in notification.title


def test_overdue_letters_are_reported_to_the_units_discipline_secretary(
    letter, member, discipline_secretary
):
    other = LetterFactory(campaign=letter.campaign, addressee=member.official)

    run_on(days_to_deadline(-1), times=2)

    notices = Notification.objects.filter(user=discipline_secretary.user)
    assert notices.count() == 1
    assert "王建国" in notices.get().body
    assert other.addressee.name in notices.get().body


def test_discipline_secretary_hears_nothing_before_the_deadline(
    letter, discipline_secretary
):
    run_on(days_to_deadline(1))

    assert not Notification.objects.filter(user=discipline_secretary.user).exists()


def test_a_station_reports_to_the_discipline_secretary_of_its_township(
    township, discipline_secretary
):
    station = UnitFactory(kind="station", name="东湖镇农技站", parent=township)
    LetterFactory(addressee__unit=station)

    run_on(days_to_deadline(-1))

    assert Notification.objects.filter(user=discipline_secretary.user).count() == 1


def test_reminders_are_emailed_only_to_users_with_an_address(
    letter, secretary, member, django_capture_on_commit_callbacks
):
    secretary.email = "wang@example.gov.cn"
    secretary.save()
    LetterFactory(campaign=letter.campaign, addressee=member.official)

    with django_capture_on_commit_callbacks(execute=True):
        run_on(days_to_deadline(1))

    assert Notification.objects.count() == 2
    assert [message.to for message in mail.outbox] == [["wang@example.gov.cn"]]
    assert letter.campaign.title in mail.outbox[0].subject
    assert letter.get_absolute_url() in mail.outbox[0].body


def test_signed_and_withdrawn_letters_get_no_reminder(signed_letter, member):
    withdrawn = LetterFactory(
        campaign=signed_letter.campaign,
        addressee=member.official,
        status=Letter.Status.WITHDRAWN,
        withdrawal_reason="错发",
    )

    for days in (7, 3, 1, -1):
        run_on(days_to_deadline(days))

    assert not Reminder.objects.exists()
    assert not Notification.objects.exists()
    assert withdrawn.reminders.count() == 0


def test_each_run_leaves_one_audit_entry_with_its_counts(letter):
    run_on(days_to_deadline(-1), times=2)

    events = AuditEvent.objects.filter(action=CoreAuditAction.REMINDER_SEND)
    assert [event.detail["sent"] for event in events.order_by("pk")] == [
        {"overdue": 1},
        {},
    ]
