"""A rectification done on paper, registered from the archive with the papers' days.

Each paper falls between the step before it and today, and tells no one: the people
concerned had the paper in hand then.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from core.errors import NotPermitted
from core.models import AuditEvent, Notification
from inspections.audit import InspectionsAuditAction
from inspections.models import Finding, Rectification, RectificationStep
from inspections.services.rectifications import (
    accept_rectification,
    assign_rectification,
    return_rectification,
    submit_completion,
)
from tests.factories import FindingFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime.datetime(2026, 12, 3, 15, 30, tzinfo=SHANGHAI)
TODAY = NOW.date()
TOMORROW = TODAY + datetime.timedelta(days=1)
FOUND_ON = datetime.date(2025, 3, 1)
ASSIGNED_ON = datetime.date(2025, 3, 5)
DUE_ON = datetime.date(2025, 4, 30)
SUBMITTED_ON = datetime.date(2025, 4, 20)
ACCEPTED_ON = datetime.date(2025, 4, 25)
Kind = RectificationStep.Kind


def at_nine(day: datetime.date) -> datetime.datetime:
    """The moment a paper dated `day` counts from."""
    return datetime.datetime.combine(day, datetime.time(9), tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def registration_day():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def finding(township, city_staff) -> Finding:
    return FindingFactory(unit=township, created_by=city_staff, found_on=FOUND_ON)


def assign(finding, actor, responsible, assigned_on=ASSIGNED_ON, due_on=DUE_ON):
    return assign_rectification(
        finding=finding,
        responsible=responsible,
        due_on=due_on,
        plan="建立考勤制度。",
        actor=actor,
        assigned_on=assigned_on,
    )


def submit(rectification, actor, submitted_on=SUBMITTED_ON):
    return submit_completion(
        rectification=rectification,
        text="已建立考勤制度。",
        files=[],
        no_evidence_reason="制度以纸质文件存档。",
        actor=actor,
        submitted_on=submitted_on,
    )


@pytest.fixture
def assigned(finding, city_staff, member) -> Rectification:
    return assign(finding, city_staff, member.official)


@pytest.fixture
def submitted(assigned, member) -> Rectification:
    return submit(assigned, member)


def paper_events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action))


# --- Assignment ----------------------------------------------------------------


def test_a_rectification_set_on_paper_dates_from_the_papers_day(assigned, city_staff):
    assigned.refresh_from_db()
    assert assigned.created_at == at_nine(ASSIGNED_ON)
    assert assigned.created_by == city_staff
    assert assigned.finding.status == Finding.Status.RECTIFYING
    assert assigned.history.get().history_user == city_staff


def test_a_paper_assignment_tells_no_one_and_is_audited_once(assigned, city_staff):
    assert not Notification.objects.exists()
    (event,) = paper_events(InspectionsAuditAction.RECTIFICATION_ASSIGN)
    assert event.user == city_staff
    assert event.object_id == str(assigned.pk)
    assert event.detail["on_paper"] == ASSIGNED_ON.isoformat()
    assert "考勤" not in str(event.detail)


def test_a_deadline_already_past_today_is_accepted_from_the_paper(assigned):
    assert assigned.due_on == DUE_ON < TODAY


@pytest.mark.parametrize(
    "assigned_on",
    [FOUND_ON - datetime.timedelta(days=1), TOMORROW],
    ids=["before-the-finding", "in-the-future"],
)
def test_a_paper_assignment_outside_finding_and_today_is_refused(
    finding, city_staff, member, assigned_on
):
    with pytest.raises(ValidationError):
        assign(finding, city_staff, member.official, assigned_on=assigned_on)

    finding.refresh_from_db()
    assert finding.status == Finding.Status.OPEN
    assert not Rectification.objects.exists()


def test_a_paper_deadline_before_the_papers_day_is_refused(finding, city_staff, member):
    with pytest.raises(ValidationError):
        assign(
            finding,
            city_staff,
            member.official,
            due_on=ASSIGNED_ON - datetime.timedelta(days=1),
        )

    assert not Rectification.objects.exists()


def test_only_staff_who_may_assign_set_a_rectification_on_paper(finding, member):
    with pytest.raises(NotPermitted):
        assign(finding, member, member.official)

    assert not Rectification.objects.exists()


def test_a_finding_takes_one_rectification_even_on_paper(assigned, city_staff, member):
    with pytest.raises(ValidationError):
        assign(assigned.finding, city_staff, member.official)

    assert Rectification.objects.count() == 1


# --- Completion report -----------------------------------------------------------


def test_a_completion_report_handed_in_on_paper_dates_from_its_day(submitted, member):
    submitted.refresh_from_db()
    assert submitted.status == Rectification.Status.SUBMITTED
    assert submitted.submitted_at == at_nine(SUBMITTED_ON)
    assert submitted.was_on_time()
    step = submitted.steps.get(kind=Kind.COMPLETION)
    assert (step.created_at, step.created_by) == (at_nine(SUBMITTED_ON), member)
    assert submitted.history.first().history_user == member


def test_a_paper_completion_report_tells_no_one_and_is_audited_once(submitted, member):
    assert not Notification.objects.exists()
    (event,) = paper_events(InspectionsAuditAction.RECTIFICATION_SUBMIT)
    assert event.user == member
    assert event.detail == {
        "files": 0,
        "on_time": True,
        "on_paper": SUBMITTED_ON.isoformat(),
    }


@pytest.mark.parametrize(
    "submitted_on",
    [ASSIGNED_ON - datetime.timedelta(days=1), TOMORROW],
    ids=["before-the-assignment", "in-the-future"],
)
def test_a_paper_report_outside_assignment_and_today_is_refused(
    assigned, member, submitted_on
):
    with pytest.raises(ValidationError):
        submit(assigned, member, submitted_on=submitted_on)

    assigned.refresh_from_db()
    assert assigned.status == Rectification.Status.OPEN
    assert not assigned.steps.exists()


def test_a_report_after_a_return_is_not_dated_before_the_return(
    submitted, member, city_staff
):
    return_rectification(
        rectification=submitted, reasons="缺少制度文件。", actor=city_staff
    )

    with pytest.raises(ValidationError):
        submit(submitted, member, submitted_on=SUBMITTED_ON)

    submitted.refresh_from_db()
    assert submitted.status == Rectification.Status.RETURNED
    assert submit(submitted, member, submitted_on=TODAY).submitted_at == at_nine(TODAY)


def test_only_the_unit_hands_in_a_completion_report(assigned, city_staff):
    with pytest.raises(NotPermitted):
        submit(assigned, city_staff)


# --- Acceptance -----------------------------------------------------------------


def test_an_acceptance_given_on_paper_closes_the_finding_on_its_day(
    submitted, city_staff
):
    accepted = accept_rectification(
        rectification=submitted, actor=city_staff, accepted_on=ACCEPTED_ON
    )

    accepted.refresh_from_db()
    assert accepted.status == Rectification.Status.ACCEPTED
    assert accepted.closed_at == at_nine(ACCEPTED_ON)
    assert accepted.finding.status == Finding.Status.CLOSED
    step = accepted.steps.get(kind=Kind.ACCEPTED)
    assert (step.created_at, step.created_by) == (at_nine(ACCEPTED_ON), city_staff)
    assert accepted.history.first().history_user == city_staff


def test_a_paper_acceptance_tells_no_one_and_is_audited_once(submitted, city_staff):
    accept_rectification(
        rectification=submitted,
        actor=city_staff,
        comment="同意销号。",
        accepted_on=ACCEPTED_ON,
    )

    assert not Notification.objects.exists()
    (event,) = paper_events(InspectionsAuditAction.RECTIFICATION_ACCEPT)
    assert event.user == city_staff
    assert event.detail == {"on_paper": ACCEPTED_ON.isoformat()}


def test_an_acceptance_on_the_day_of_the_report_is_accepted(submitted, city_staff):
    accepted = accept_rectification(
        rectification=submitted, actor=city_staff, accepted_on=SUBMITTED_ON
    )

    assert accepted.closed_at == accepted.submitted_at


@pytest.mark.parametrize(
    "accepted_on",
    [SUBMITTED_ON - datetime.timedelta(days=1), TOMORROW],
    ids=["before-the-report", "in-the-future"],
)
def test_a_paper_acceptance_outside_report_and_today_is_refused(
    submitted, city_staff, accepted_on
):
    with pytest.raises(ValidationError):
        accept_rectification(
            rectification=submitted, actor=city_staff, accepted_on=accepted_on
        )

    submitted.refresh_from_db()
    assert submitted.status == Rectification.Status.SUBMITTED
    assert submitted.finding.status == Finding.Status.SUBMITTED


def test_only_staff_who_verify_accept_on_paper(submitted, member):
    with pytest.raises(NotPermitted):
        accept_rectification(
            rectification=submitted, actor=member, accepted_on=ACCEPTED_ON
        )
