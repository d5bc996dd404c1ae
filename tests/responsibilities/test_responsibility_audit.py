"""The lists' state changes leave their mark on the audit trail, as every service must."""

import datetime

import pytest

from core.models import AuditEvent
from responsibilities.audit import ResponsibilitiesAuditAction
from responsibilities.services.lists import publish_list
from responsibilities.services.work import record_progress
from tests.factories import DutyFactory

pytestmark = pytest.mark.django_db


def test_publishing_a_list_is_on_the_audit_trail(administrator):
    duty = DutyFactory()

    publish_list(responsibility_list=duty.responsibility_list, actor=administrator)

    event = AuditEvent.objects.get(action=ResponsibilitiesAuditAction.LIST_PUBLISH)
    assert event.user == administrator
    assert event.object_id == str(duty.responsibility_list.pk)


def test_recording_progress_on_a_duty_is_on_the_audit_trail(member):
    duty = DutyFactory(holder=member.official)

    record_progress(
        author=member,
        happened_on=datetime.date(2026, 3, 1),
        text="召开专题会议部署。",
        files=[],
        duty=duty,
    )

    event = AuditEvent.objects.get(action=ResponsibilitiesAuditAction.PROGRESS_RECORD)
    assert event.user == member
    assert event.object_type == "responsibilities.duty"
