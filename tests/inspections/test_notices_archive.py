"""Receipt of a notice from the archive, acknowledged on the paper's day."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from core.errors import NotPermitted
from core.models import AuditEvent
from inspections.audit import InspectionsAuditAction
from inspections.models import Notice
from inspections.services.notices import acknowledge_notice, issue_notice

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime.datetime(2026, 12, 3, 15, 30, tzinfo=SHANGHAI)
ISSUED_AT = datetime.datetime(2025, 3, 4, 10, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def registration_day():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def paper_notice(township_notice, city_staff, secretary_official) -> Notice:
    """The township's notice, issued on paper in March 2025 and registered now."""
    return issue_notice(notice=township_notice, actor=city_staff, issued_at=ISSUED_AT)


def acknowledge(notice: Notice, actor, on: datetime.date) -> Notice:
    return acknowledge_notice(notice=notice, actor=actor, acknowledged_on=on)


def test_a_receipt_signed_on_paper_counts_from_the_papers_day(paper_notice, secretary):
    notice = acknowledge(paper_notice, secretary, datetime.date(2025, 3, 6))

    notice.refresh_from_db()
    assert notice.status == Notice.Status.ACKNOWLEDGED
    assert notice.acknowledged_by == secretary
    assert notice.acknowledged_at == datetime.datetime(2025, 3, 6, 9, tzinfo=SHANGHAI)
    latest = notice.history.first()
    assert (latest.status, latest.history_user) == (
        Notice.Status.ACKNOWLEDGED,
        secretary,
    )


def test_a_receipt_on_the_day_of_issue_is_not_before_the_issue(paper_notice, secretary):
    notice = acknowledge(paper_notice, secretary, ISSUED_AT.date())

    assert notice.acknowledged_at == ISSUED_AT


def test_the_receipt_has_one_audit_entry_with_the_papers_day_and_no_text(
    paper_notice, secretary
):
    acknowledge(paper_notice, secretary, datetime.date(2025, 3, 6))

    event = AuditEvent.objects.get(action=InspectionsAuditAction.NOTICE_ACKNOWLEDGE)
    assert event.user == secretary
    assert event.object_number == paper_notice.number
    assert event.detail == {"on_paper": "2025-03-06"}


@pytest.mark.parametrize(
    "on",
    [datetime.date(2025, 3, 3), NOW.date() + datetime.timedelta(days=1)],
    ids=["before-the-issue", "in-the-future"],
)
def test_a_receipt_dated_outside_issue_and_today_is_refused(
    paper_notice, secretary, on
):
    with pytest.raises(ValidationError):
        acknowledge(paper_notice, secretary, on)

    paper_notice.refresh_from_db()
    assert paper_notice.status == Notice.Status.ISSUED
    assert not AuditEvent.objects.filter(
        action=InspectionsAuditAction.NOTICE_ACKNOWLEDGE
    ).exists()


def test_a_receipt_dated_today_is_accepted(paper_notice, secretary):
    notice = acknowledge(paper_notice, secretary, NOW.date())

    assert notice.status == Notice.Status.ACKNOWLEDGED


def test_only_a_notice_from_the_archive_is_received_on_paper(
    issued_township_notice, secretary
):
    with pytest.raises(ValidationError):
        acknowledge(issued_township_notice, secretary, NOW.date())

    issued_township_notice.refresh_from_db()
    assert issued_township_notice.status == Notice.Status.ISSUED


@pytest.mark.parametrize("who", ["city_staff", "member"])
def test_only_who_answers_for_the_recipient_acknowledges_on_paper(
    paper_notice, request, who
):
    with pytest.raises(NotPermitted):
        acknowledge(paper_notice, request.getfixturevalue(who), NOW.date())

    paper_notice.refresh_from_db()
    assert paper_notice.status == Notice.Status.ISSUED


def test_a_receipt_is_registered_only_once(paper_notice, secretary):
    acknowledge(paper_notice, secretary, datetime.date(2025, 3, 6))

    with pytest.raises(ValidationError):
        acknowledge(paper_notice, secretary, datetime.date(2025, 3, 7))

    paper_notice.refresh_from_db()
    assert paper_notice.acknowledged_at.date() == datetime.date(2025, 3, 6)
