from decimal import Decimal

import pytest
from django.urls import reverse

from core.models import AuditEvent
from inspections.audit import InspectionsAuditAction
from inspections.models import Inspection, MonitoredProject
from tests.factories import InspectionFactory, MonitoredProjectFactory, UnitFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("inspections:project_list")
CREATE_URL = reverse("inspections:project_create")


def project_data(owner, **changes) -> dict:
    data = {
        "owner": owner.pk,
        "name": "东湖镇污水管网改造工程",
        "year": 2026,
        "budget": "8600000.00",
        "savings": "420000.00",
        "stage": MonitoredProject.Stage.TENDERING,
    }
    return data | changes


def test_staff_record_a_monitored_project(client, city_staff, township):
    client.force_login(city_staff)

    response = client.post(CREATE_URL, project_data(township))

    project = MonitoredProject.objects.get()
    assert response.status_code == 302
    assert response.url == project.get_absolute_url()
    assert project.savings == Decimal("420000.00")
    assert AuditEvent.objects.filter(
        action=InspectionsAuditAction.PROJECT_SAVE
    ).exists()


def test_negative_savings_are_refused(client, city_staff, township):
    client.force_login(city_staff)

    response = client.post(CREATE_URL, project_data(township, savings="-1"))

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not MonitoredProject.objects.exists()


def test_a_negative_budget_is_refused_with_a_sentence(client, city_staff, township):
    client.force_login(city_staff)

    response = client.post(CREATE_URL, project_data(township, budget="-1"))

    assert response.context["form"].non_field_errors() == ["金额不能为负数。"]
    assert "inspections_monitoredproject" not in response.text
    assert not MonitoredProject.objects.exists()


def test_a_project_of_year_9999_is_refused(client, city_staff, township):
    client.force_login(city_staff)

    response = client.post(CREATE_URL, project_data(township, year=9999))

    assert "year" in response.context["form"].errors
    assert not MonitoredProject.objects.exists()


def test_staff_edit_a_project(client, city_staff, township):
    project = MonitoredProjectFactory(owner=township)
    client.force_login(city_staff)
    url = reverse("inspections:project_update", args=[project.pk])

    response = client.post(url, project_data(township, stage="settled"))

    project.refresh_from_db()
    assert response.status_code == 302
    assert project.stage == MonitoredProject.Stage.SETTLED


def test_a_project_out_of_scope_is_not_found(client, township_staff, other_township):
    project = MonitoredProjectFactory(owner=other_township)
    client.force_login(township_staff)

    assert client.get(project.get_absolute_url()).status_code == 404
    url = reverse("inspections:project_update", args=[project.pk])
    assert client.get(url).status_code == 404


def test_member_cannot_open_projects(client, member, township):
    project = MonitoredProjectFactory(owner=township)
    client.force_login(member)

    assert client.get(LIST_URL).status_code == 403
    assert client.get(project.get_absolute_url()).status_code == 403
    assert client.post(CREATE_URL, project_data(township)).status_code == 403


def test_detail_lists_the_projects_inspections(
    client, city_staff, township, discipline_committee
):
    project = MonitoredProjectFactory(owner=township)
    inspection = InspectionFactory(
        organiser=discipline_committee,
        kind=Inspection.Kind.ONLINE_MONITORING,
        project=project,
        units=[township],
    )
    client.force_login(city_staff)

    response = client.get(project.get_absolute_url())

    assert list(response.context["inspections"]) == [inspection]


def test_list_totals_budget_and_savings_of_the_filtered_projects(
    client, city_staff, township, other_township
):
    MonitoredProjectFactory(owner=township, budget=1_000_000, savings=50_000)
    MonitoredProjectFactory(owner=township, budget=2_000_000, savings=70_000)
    MonitoredProjectFactory(owner=other_township, budget=9_000_000, savings=1)
    MonitoredProjectFactory(owner=township, year=2025, budget=5, savings=5)
    client.force_login(city_staff)

    response = client.get(LIST_URL, {"owner": township.pk, "year": 2026})

    totals = response.context["totals"]
    assert totals["count"] == 2
    assert totals["budget"] == Decimal("3000000")
    assert totals["savings"] == Decimal("120000")


def test_list_filters_by_stage(client, city_staff, township):
    wanted = MonitoredProjectFactory(owner=township, stage="acceptance")
    MonitoredProjectFactory(owner=township, stage="approval")
    client.force_login(city_staff)

    response = client.get(LIST_URL, {"stage": "acceptance"})

    assert list(response.context["page"]) == [wanted]


def test_list_query_count_does_not_grow(
    client, city_staff, city, discipline_committee, count_queries
):
    client.force_login(city_staff)
    MonitoredProjectFactory(owner=UnitFactory(parent=city))
    few = count_queries(LIST_URL)

    for _number in range(12):
        unit = UnitFactory(parent=city)
        project = MonitoredProjectFactory(owner=unit)
        InspectionFactory(
            organiser=discipline_committee,
            kind=Inspection.Kind.ONLINE_MONITORING,
            project=project,
            units=[unit],
        )

    assert count_queries(LIST_URL) == few
