"""create_projects: a year's list of monitored projects added at once."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import AuditEvent
from inspections.audit import InspectionsAuditAction
from inspections.models import MonitoredProject
from inspections.services.inspections import create_projects

pytestmark = pytest.mark.django_db


def new_projects(owner, count: int, prefix: str = "污水管网改造工程"):
    return [
        MonitoredProject(
            owner=owner,
            name=f"{prefix}{number}期",
            year=2026,
            budget=Decimal("8600000.00"),
            stage=MonitoredProject.Stage.TENDERING,
        )
        for number in range(count)
    ]


def test_the_projects_are_added_with_a_history_row_naming_the_actor(
    township, city_staff
):
    created = create_projects(projects=new_projects(township, 2), actor=city_staff)

    assert MonitoredProject.objects.filter(owner=township).count() == 2
    assert [project.name for project in created] == [
        "污水管网改造工程0期",
        "污水管网改造工程1期",
    ]
    for project in created:
        row = project.history.get()
        assert (row.history_type, row.history_user) == ("+", city_staff)


def test_each_project_has_one_audit_entry_without_its_name(township, city_staff):
    created = create_projects(projects=new_projects(township, 3), actor=city_staff)

    events = AuditEvent.objects.filter(action=InspectionsAuditAction.PROJECT_SAVE)
    assert sorted(events.values_list("object_id", flat=True)) == sorted(
        str(project.pk) for project in created
    )
    assert {event.user for event in events} == {city_staff}
    for event in events:
        assert "污水" not in f"{event.object_number}{event.object_repr}{event.detail}"


def test_adding_more_projects_takes_no_more_queries(township, city_staff):
    def queries_to_add(count: int) -> int:
        with CaptureQueriesContext(connection) as queries:
            create_projects(
                projects=new_projects(township, count, prefix=f"{count}号工程"),
                actor=city_staff,
            )
        return len(queries.captured_queries)

    assert queries_to_add(2) == queries_to_add(12)
    assert MonitoredProject.objects.count() == 14
