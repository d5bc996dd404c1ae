import pytest
from django.core.exceptions import ValidationError

from accountability.models import Escalation
from core.models import AuditEvent
from inspections.audit import InspectionsAuditAction
from inspections.models import Finding, Rectification
from inspections.services.findings import escalate_finding, move_finding
from tests.factories import FindingFactory, RectificationFactory

pytestmark = pytest.mark.django_db

Status = Finding.Status


@pytest.mark.parametrize("to", [Status.CLOSED, Status.SUBMITTED, Status.RETURNED])
def test_an_open_finding_cannot_skip_rectification(city_staff, to):
    finding = FindingFactory()

    with pytest.raises(ValidationError):
        move_finding(finding=finding, to=to, actor=city_staff)

    finding.refresh_from_db()
    assert finding.status == Status.OPEN


def test_a_closed_finding_stays_closed(city_staff):
    finding = FindingFactory(status=Status.CLOSED)

    with pytest.raises(ValidationError):
        move_finding(finding=finding, to=Status.RECTIFYING, actor=city_staff)


def test_a_finding_goes_through_rectification_returned_once_then_closed(city_staff):
    finding = FindingFactory()

    for to in (
        Status.RECTIFYING,
        Status.SUBMITTED,
        Status.RETURNED,
        Status.SUBMITTED,
        Status.CLOSED,
    ):
        move_finding(finding=finding, to=to, actor=city_staff)

    finding.refresh_from_db()
    assert finding.status == Status.CLOSED
    assert finding.history.first().history_user == city_staff


def test_moving_a_stale_copy_checks_the_stored_status(city_staff):
    finding = FindingFactory()
    stale = Finding.objects.get(pk=finding.pk)
    move_finding(finding=finding, to=Status.RECTIFYING, actor=city_staff)

    with pytest.raises(ValidationError):
        move_finding(finding=stale, to=Status.RECTIFYING, actor=city_staff)


def test_escalating_records_where_it_went_when_and_why(city_staff):
    finding = FindingFactory(status=Status.RECTIFYING)

    escalate_finding(
        finding=finding,
        to=Escalation.CLUE,
        reason="涉嫌违纪，移交问题线索。",
        actor=city_staff,
    )

    finding.refresh_from_db()
    event = AuditEvent.objects.get(action=InspectionsAuditAction.FINDING_ESCALATE)
    assert finding.status == Status.ESCALATED
    assert finding.escalation == Escalation.CLUE
    assert finding.escalated_at is not None
    assert event.detail == {"to": "clue", "reason": "涉嫌违纪，移交问题线索。"}


def test_escalating_a_finding_under_rectification_withdraws_the_rectification(
    city_staff,
):
    rectification = RectificationFactory()

    escalate_finding(
        finding=rectification.finding,
        to=Escalation.ACCOUNTABILITY,
        reason="整改不力，启动问责。",
        actor=city_staff,
    )

    rectification.refresh_from_db()
    assert rectification.status == Rectification.Status.WITHDRAWN
    assert not Rectification.objects.pending().exists()
    assert rectification.steps.get().text == "整改不力，启动问责。"


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.CLOSED, Status.ESCALATED])
def test_a_finding_cannot_be_escalated_from(city_staff, status):
    escalation = Escalation.CLUE if status == Status.ESCALATED else ""
    finding = FindingFactory(status=status, escalation=escalation)

    with pytest.raises(ValidationError):
        escalate_finding(
            finding=finding,
            to=Escalation.ACCOUNTABILITY,
            reason="问责",
            actor=city_staff,
        )


def test_escalating_needs_a_reason(city_staff):
    finding = FindingFactory()

    with pytest.raises(ValidationError):
        escalate_finding(
            finding=finding, to=Escalation.CLUE, reason="  ", actor=city_staff
        )
