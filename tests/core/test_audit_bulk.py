"""record_each: one audit entry per record written in bulk, as record writes one."""

import pytest

from core import audit
from core.models import AuditEvent
from responsibilities.audit import ResponsibilitiesAuditAction
from tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

ACTION = ResponsibilitiesAuditAction.UNIT_CREATE


def test_each_record_has_its_own_entry_naming_the_actor_and_the_record(
    administrator,
):
    units = [UnitFactory(code="T11"), UnitFactory(code="T12")]

    audit.record_each(action=ACTION, user=administrator, targets=units)

    events = list(AuditEvent.objects.order_by("pk"))
    assert [event.object_id for event in events] == [str(unit.pk) for unit in units]
    assert [event.object_number for event in events] == ["T11", "T12"]
    assert {event.object_type for event in events} == {"responsibilities.unit"}
    assert {event.action for event in events} == {ACTION}
    assert {event.user for event in events} == {administrator}
    assert {event.username for event in events} == {"admin"}
    assert {event.outcome for event in events} == {AuditEvent.Outcome.SUCCESS}


def test_each_entry_keeps_its_own_detail_in_the_order_given(administrator):
    units = [UnitFactory(), UnitFactory()]

    audit.record_each(
        action=ACTION,
        user=administrator,
        targets=units,
        details=[{"position": 1}, {"position": 2}],
    )

    assert [event.detail for event in AuditEvent.objects.order_by("pk")] == [
        {"position": 1},
        {"position": 2},
    ]


def test_entries_without_details_have_an_empty_detail(administrator):
    audit.record_each(action=ACTION, user=administrator, targets=[UnitFactory()])

    assert AuditEvent.objects.get().detail == {}


def test_details_that_do_not_match_the_records_are_refused(administrator):
    with pytest.raises(ValueError, match="shorter"):
        audit.record_each(
            action=ACTION,
            user=administrator,
            targets=[UnitFactory(), UnitFactory()],
            details=[{}],
        )

    assert not AuditEvent.objects.exists()


def test_the_system_acting_leaves_entries_without_an_account():
    audit.record_each(action=ACTION, user=None, targets=[UnitFactory()])

    event = AuditEvent.objects.get()
    assert event.user is None
    assert event.username == ""


def test_an_account_deactivated_since_is_still_named():
    former = UserFactory(username="former", is_active=False)

    audit.record_each(action=ACTION, user=former, targets=[UnitFactory()])

    assert AuditEvent.objects.get().username == "former"


def test_entries_keep_the_address_of_the_request_being_served(administrator):
    token = audit.current_address.set("203.0.113.7")
    try:
        audit.record_each(action=ACTION, user=administrator, targets=[UnitFactory()])
    finally:
        audit.current_address.reset(token)

    assert AuditEvent.objects.get().ip_address == "203.0.113.7"


def test_the_entries_are_written_in_one_insert_whatever_the_number(
    administrator, django_assert_num_queries
):
    units = [UnitFactory() for _number in range(20)]

    with django_assert_num_queries(1):
        audit.record_each(action=ACTION, user=administrator, targets=units)

    assert AuditEvent.objects.count() == 20


def test_nothing_to_record_writes_nothing(administrator):
    assert audit.record_each(action=ACTION, user=administrator, targets=[]) == []
    assert not AuditEvent.objects.exists()
