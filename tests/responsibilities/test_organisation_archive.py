"""create_officials: a unit's people added at once, as save_official adds one."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import AuditEvent
from responsibilities.audit import ResponsibilitiesAuditAction
from responsibilities.models import Official, Unit
from responsibilities.services.organisation import create_officials

pytestmark = pytest.mark.django_db


def new_officials(unit: Unit, count: int, prefix: str = "干部") -> list[Official]:
    return [
        Official(
            unit=unit,
            name=f"{prefix}{number}",
            post="站所负责人",
            rank=Official.Rank.MIDDLE_MANAGER,
        )
        for number in range(count)
    ]


def test_the_officials_are_added_with_a_history_row_naming_the_actor(
    township, administrator
):
    created = create_officials(
        officials=new_officials(township, 3), actor=administrator
    )

    assert [official.name for official in created] == ["干部0", "干部1", "干部2"]
    assert Official.objects.filter(unit=township).count() == 3
    for official in created:
        (row,) = official.history.all()
        assert (row.history_type, row.history_user) == ("+", administrator)


def test_each_official_has_one_audit_entry_without_their_name_or_post(
    township, administrator
):
    created = create_officials(
        officials=new_officials(township, 2, prefix="王"), actor=administrator
    )

    events = AuditEvent.objects.filter(
        action=ResponsibilitiesAuditAction.OFFICIAL_CREATE
    ).order_by("pk")
    assert [event.object_id for event in events] == [str(o.pk) for o in created]
    assert {event.user for event in events} == {administrator}
    for event in events:
        assert "王" not in f"{event.object_number}{event.object_repr}{event.detail}"
        assert "站所负责人" not in str(event.detail)


def test_officials_added_by_the_system_name_nobody(township):
    (official,) = create_officials(officials=new_officials(township, 1), actor=None)

    assert official.history.get().history_user is None
    assert AuditEvent.objects.get(object_id=str(official.pk)).user is None


def test_adding_more_officials_takes_no_more_queries(township, administrator):
    def queries_to_add(count: int) -> int:
        with CaptureQueriesContext(connection) as queries:
            create_officials(
                officials=new_officials(township, count, prefix=f"{count}号"),
                actor=administrator,
            )
        return len(queries.captured_queries)

    assert queries_to_add(2) == queries_to_add(12)
    assert Official.objects.count() == 14
