import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from core.audit import CoreAuditAction
from core.models import AuditEvent, Notification
from inspections.models import Rectification, RectificationReminder
from inspections.services.rectifications import extend_deadline
from inspections.tasks import send_rectification_reminders
from responsibilities.models import Official
from tests.factories import OfficialFactory, RectificationFactory, UserFactory

DEADLINE = datetime.date(2026, 12, 31)
SHANGHAI = ZoneInfo("Asia/Shanghai")


def run_on(day: datetime.date, times: int = 1) -> None:
    """Run the daily job as beat does: in the morning in Shanghai."""
    moment = datetime.datetime.combine(day, datetime.time(8, 5), tzinfo=SHANGHAI)
    with time_machine.travel(moment, tick=False):
        for _ in range(times):
            send_rectification_reminders()


def days_to_deadline(days: int) -> datetime.date:
    return DEADLINE - datetime.timedelta(days=days)


def thresholds(rectification: Rectification) -> list[str]:
    return list(rectification.reminders.values_list("threshold", flat=True))


@pytest.fixture
def responsible(township):
    user = UserFactory(email="yumin@example.gov.cn")
    return OfficialFactory(unit=township, user=user, name="余敏", post="副镇长")


@pytest.fixture
def rectification(township, responsible):
    return RectificationFactory(
        finding__unit=township, responsible=responsible, due_on=DEADLINE
    )


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


def test_running_the_job_three_times_a_day_sends_each_reminder_once(
    rectification, responsible, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run_on(days_to_deadline(7), times=3)

    assert thresholds(rectification) == [RectificationReminder.Threshold.SEVEN_DAYS]
    assert Notification.objects.filter(user=responsible.user).count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (8, []),
        (7, ["7d"]),
        (4, ["7d"]),
        (3, ["3d"]),
        (2, ["3d"]),
        (1, ["1d"]),
        (0, ["1d"]),
        (-1, ["overdue"]),
    ],
)
def test_the_reminder_matches_how_near_the_deadline_is(rectification, days, expected):
    run_on(days_to_deadline(days))

    assert thresholds(rectification) == expected


def test_a_month_of_daily_runs_sends_7_3_1_and_overdue_once_each(
    rectification, responsible
):
    for days in range(10, -20, -1):
        run_on(days_to_deadline(days), times=2)

    assert sorted(thresholds(rectification)) == ["1d", "3d", "7d", "overdue"]
    assert Notification.objects.filter(user=responsible.user).count() == 4


def test_overdue_is_also_reported_to_the_discipline_secretary(
    rectification, discipline_secretary
):
    run_on(days_to_deadline(-1), times=3)

    notices = Notification.objects.filter(user=discipline_secretary.user)
    assert notices.count() == 1
    assert "余敏" in notices.get().body


def test_the_discipline_secretary_hears_nothing_before_the_deadline(
    rectification, discipline_secretary
):
    run_on(days_to_deadline(1))

    assert not Notification.objects.filter(user=discipline_secretary.user).exists()


def test_an_extension_restarts_the_reminders_for_the_new_deadline(
    rectification, city_staff
):
    run_on(days_to_deadline(1))
    extend_deadline(
        rectification=rectification,
        new_due_on=DEADLINE + datetime.timedelta(days=30),
        reason="需招标采购",
        actor=city_staff,
    )

    run_on(DEADLINE + datetime.timedelta(days=29))

    assert sorted(thresholds(rectification)) == ["1d", "1d"]
    assert set(rectification.reminders.values_list("due_on", flat=True)) == {
        DEADLINE,
        DEADLINE + datetime.timedelta(days=30),
    }


@pytest.mark.parametrize("status", ["submitted", "accepted"])
def test_handed_in_rectifications_get_no_reminders(township, status):
    rectification = RectificationFactory(
        finding__unit=township, due_on=DEADLINE, status=status
    )

    run_on(days_to_deadline(-3))

    assert thresholds(rectification) == []


def test_a_returned_rectification_is_still_reminded(township):
    rectification = RectificationFactory(
        finding__unit=township, due_on=DEADLINE, status="returned"
    )

    run_on(days_to_deadline(-3))

    assert thresholds(rectification) == ["overdue"]


def test_each_run_leaves_one_audit_entry_with_its_counts(rectification):
    run_on(days_to_deadline(3), times=2)

    runs = AuditEvent.objects.filter(action=CoreAuditAction.REMINDER_SEND)
    assert [run.detail["sent"] for run in runs.order_by("pk")] == [{"3d": 1}, {}]
