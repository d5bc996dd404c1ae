"""register_paper_report: a report handed in on paper, registered by an administrator."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from core.errors import NotPermitted
from responsibilities.models import DutyReport, Official, Period
from responsibilities.services.reports import register_paper_report, write_report
from tests.factories import OfficialFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 3, 15, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def registration_day():
    with time_machine.travel(NOW, tick=False):
        yield


def register(unit, actor, year=2025, period=Period.YEAR) -> DutyReport:
    return register_paper_report(
        unit=unit, year=year, period=period, text="2025年度履责情况报告。", actor=actor
    )


def test_an_administrator_registers_a_paper_report_as_a_draft(township, administrator):
    report = register(township, administrator)

    report.refresh_from_db()
    assert report.status == DutyReport.Status.DRAFT
    assert (report.unit, report.year, report.period) == (township, 2025, Period.YEAR)
    assert report.written_by == administrator
    assert report.submitted_at is None
    row = report.history.get()
    assert (row.history_type, row.history_user) == ("+", administrator)


@pytest.mark.parametrize("who", ["city_staff", "secretary", "auditor"])
def test_only_an_administrator_registers_a_paper_report(township, request, who):
    with pytest.raises(NotPermitted):
        register(township, request.getfixturevalue(who))

    assert not DutyReport.objects.exists()


def test_a_report_of_a_future_year_is_refused(township, administrator):
    with pytest.raises(ValidationError):
        register(township, administrator, year=2027)

    assert not DutyReport.objects.exists()


def test_this_years_report_may_be_registered(township, administrator):
    assert register(township, administrator, year=2026).year == 2026


def test_a_second_paper_report_for_the_period_is_refused(township, administrator):
    register(township, administrator)

    with pytest.raises(ValidationError):
        register(township, administrator)

    assert DutyReport.objects.filter(unit=township).count() == 1


def test_another_period_of_the_same_year_is_accepted(township, administrator):
    register(township, administrator, period=Period.FIRST_HALF)
    register(township, administrator, period=Period.SECOND_HALF)

    assert DutyReport.objects.filter(unit=township, year=2025).count() == 2


def test_a_paper_report_and_a_written_one_share_the_duplicate_check(
    township, administrator, secretary
):
    OfficialFactory(
        unit=township,
        user=secretary,
        subject=Official.Subject.MAIN_LEADER,
        post="党委书记",
    )
    register(township, administrator)

    with pytest.raises(ValidationError):
        write_report(
            unit=township,
            year=2025,
            period=Period.YEAR,
            text="重复的报告。",
            files=[],
            written_by=secretary,
        )
    write_report(
        unit=township,
        year=2026,
        period=Period.YEAR,
        text="本年度报告。",
        files=[],
        written_by=secretary,
    )
    with pytest.raises(ValidationError):
        register(township, administrator, year=2026)

    assert DutyReport.objects.filter(unit=township).count() == 2
