import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from inspections.audit import InspectionsAuditAction
from inspections.models import Inspection
from tests.factories import (
    FindingFactory,
    InspectionFactory,
    MonitoredProjectFactory,
    OfficialFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db

LIST_URL = reverse("inspections:inspection_list")
CREATE_URL = reverse("inspections:inspection_create")


def inspection_data(units, team=(), **changes) -> dict:
    data = {
        "kind": Inspection.Kind.ROUTINE,
        "topic": "",
        "media_source": "",
        "project": "",
        "title": "2026年东湖镇作风效能日常监督",
        "started_on": "2026-05-10",
        "ended_on": "",
        "units": [unit.pk for unit in units],
        "team": [official.pk for official in team],
        "summary": "检查上班纪律。",
    }
    return data | changes


def status_url(inspection: Inspection) -> str:
    return reverse("inspections:inspection_status", args=[inspection.pk])


# --- Creating and editing ---------------------------------------------------------


def test_an_inspection_planned_for_year_9999_is_refused(client, city_staff, township):
    client.force_login(city_staff)

    response = client.post(
        CREATE_URL, inspection_data([township], started_on="9999-12-31")
    )

    [error] = response.context["form"].errors["started_on"]
    last_year = timezone.localdate().year + settings.PLANNING_HORIZON_YEARS
    assert error.startswith("请填写不晚于")
    assert str(last_year) in error
    assert not Inspection.objects.exists()


def test_staff_record_an_inspection_with_units_and_team(
    client, city_staff, staff_official, township, discipline_committee
):
    client.force_login(city_staff)

    response = client.post(
        CREATE_URL, inspection_data([township], team=[staff_official])
    )

    inspection = Inspection.objects.get()
    assert response.status_code == 302
    assert response.url == inspection.get_absolute_url()
    assert inspection.organiser == discipline_committee
    assert inspection.created_by == city_staff
    assert inspection.status == Inspection.Status.PLANNED
    assert list(inspection.units.all()) == [township]
    assert list(inspection.team.all()) == [staff_official]
    assert inspection.history.first().history_user == city_staff
    assert AuditEvent.objects.filter(
        action=InspectionsAuditAction.INSPECTION_SAVE, object_id=str(inspection.pk)
    ).exists()


def test_a_special_inspection_needs_a_topic(client, city_staff, township):
    client.force_login(city_staff)

    response = client.post(
        CREATE_URL, inspection_data([township], kind=Inspection.Kind.SPECIAL)
    )

    assert response.status_code == 200
    assert "topic" in response.context["form"].errors
    assert "检查上班纪律。" in response.text
    assert not Inspection.objects.exists()


def test_only_a_special_inspection_has_a_topic(client, city_staff, township):
    client.force_login(city_staff)

    response = client.post(
        CREATE_URL, inspection_data([township], topic=Inspection.Topic.TENDERING)
    )

    assert "topic" in response.context["form"].errors


def test_a_special_inspection_with_its_topic_is_saved(client, city_staff, township):
    client.force_login(city_staff)
    data = inspection_data(
        [township],
        kind=Inspection.Kind.SPECIAL,
        topic=Inspection.Topic.SMALL_COFFERS,
    )

    client.post(CREATE_URL, data)

    assert Inspection.objects.get().topic == Inspection.Topic.SMALL_COFFERS


def test_a_media_response_needs_its_media_source(client, city_staff, township):
    client.force_login(city_staff)
    data = inspection_data([township], kind=Inspection.Kind.MEDIA_RESPONSE)

    response = client.post(CREATE_URL, data)

    assert "media_source" in response.context["form"].errors


def test_online_monitoring_needs_a_monitored_project(client, city_staff, township):
    client.force_login(city_staff)
    project = MonitoredProjectFactory(owner=township)
    data = inspection_data([township], kind=Inspection.Kind.ONLINE_MONITORING)

    missing = client.post(CREATE_URL, data)
    saved = client.post(CREATE_URL, data | {"project": project.pk})

    assert "project" in missing.context["form"].errors
    assert saved.status_code == 302
    assert Inspection.objects.get().project == project


def test_an_inspection_needs_an_inspected_unit(client, city_staff):
    client.force_login(city_staff)

    response = client.post(CREATE_URL, inspection_data([]))

    assert "units" in response.context["form"].errors


def test_units_out_of_scope_cannot_be_chosen(client, township_staff, other_township):
    client.force_login(township_staff)

    response = client.post(CREATE_URL, inspection_data([other_township]))

    assert "units" in response.context["form"].errors


def test_the_new_inspection_form_offers_only_units_and_officials_in_scope(
    client, township_staff, township, other_township
):
    ours = OfficialFactory(unit=township)
    theirs = OfficialFactory(unit=other_township)
    client.force_login(township_staff)

    form = client.get(CREATE_URL).context["form"]

    assert set(form.fields["units"].queryset) == {township}
    assert ours in form.fields["team"].queryset
    assert theirs not in form.fields["team"].queryset


def test_member_cannot_record_an_inspection(client, member, township):
    client.force_login(member)

    assert client.get(CREATE_URL).status_code == 403
    assert client.post(CREATE_URL, inspection_data([township])).status_code == 403


def test_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(CREATE_URL)

    assert response.status_code == 302
    assert reverse("login") in response.url


def test_staff_edit_an_inspection(client, city_staff, township_inspection, township):
    client.force_login(city_staff)
    url = reverse("inspections:inspection_update", args=[township_inspection.pk])

    response = client.post(
        url, inspection_data([township], title="东湖镇上班纪律检查", summary="")
    )

    township_inspection.refresh_from_db()
    assert response.status_code == 302
    assert township_inspection.title == "东湖镇上班纪律检查"
    assert not township_inspection.team.exists()


def test_staff_of_an_inspected_unit_cannot_edit_the_citys_inspection(
    client, township_staff, township_inspection
):
    client.force_login(township_staff)
    url = reverse("inspections:inspection_update", args=[township_inspection.pk])

    assert client.get(url).status_code == 403


def test_an_inspection_out_of_scope_is_not_found(
    client, township_staff, other_township, discipline_committee
):
    elsewhere = InspectionFactory(
        organiser=discipline_committee, units=[other_township]
    )
    client.force_login(township_staff)

    assert client.get(elsewhere.get_absolute_url()).status_code == 404
    url = reverse("inspections:inspection_update", args=[elsewhere.pk])
    assert client.get(url).status_code == 404


# --- Detail and status ------------------------------------------------------------


def test_detail_shows_team_units_findings_and_the_links_to_act_on_them(
    client, city_staff, township_inspection, township
):
    FindingFactory(
        inspection=township_inspection,
        source="inspection",
        unit=township,
        description="值班记录缺失。",
    )
    client.force_login(city_staff)

    response = client.get(township_inspection.get_absolute_url())

    assert response.status_code == 200
    assert "值班记录缺失。" in response.text
    assert "陈静" in response.text
    assert 'data-testid="enter-findings"' in response.text
    notice_url = reverse("inspections:notice_create")
    assert f"{notice_url}?inspection={township_inspection.pk}" in response.text
    assert response.context["next_statuses"] == [Inspection.Status.DONE]


def test_a_secretary_opens_no_running_inspection_nor_the_list(
    client, secretary, township_inspection
):
    client.force_login(secretary)

    response = client.get(township_inspection.get_absolute_url())

    assert response.status_code == 404
    assert client.get(reverse("inspections:inspection_list")).status_code == 403


def test_staff_move_an_inspection_from_planned_to_done(
    client, city_staff, township_inspection
):
    township_inspection.status = Inspection.Status.PLANNED
    township_inspection.save()
    client.force_login(city_staff)

    started = client.post(status_url(township_inspection), {"status": "in_progress"})
    township_inspection.refresh_from_db()
    assert started.status_code == 302
    assert township_inspection.status == Inspection.Status.IN_PROGRESS

    client.post(status_url(township_inspection), {"status": "done"})
    township_inspection.refresh_from_db()
    assert township_inspection.status == Inspection.Status.DONE
    assert township_inspection.ended_on is not None


def test_a_done_inspection_cannot_be_reopened(client, city_staff, township_inspection):
    township_inspection.status = Inspection.Status.DONE
    township_inspection.ended_on = datetime.date(2026, 5, 20)
    township_inspection.save()
    client.force_login(city_staff)

    response = client.post(status_url(township_inspection), {"status": "in_progress"})

    township_inspection.refresh_from_db()
    assert response.status_code == 302
    assert township_inspection.status == Inspection.Status.DONE


def test_status_change_needs_post(client, city_staff, township_inspection):
    client.force_login(city_staff)

    assert client.get(status_url(township_inspection)).status_code == 405


def test_member_cannot_change_an_inspections_status(
    client, member, township_inspection
):
    client.force_login(member)

    response = client.post(status_url(township_inspection), {"status": "done"})

    township_inspection.refresh_from_db()
    assert response.status_code == 403
    assert township_inspection.status == Inspection.Status.IN_PROGRESS


# --- The list ---------------------------------------------------------------------


def test_list_filters_by_kind_topic_status_year_and_unit(
    client, city_staff, discipline_committee, township, other_township
):
    wanted = InspectionFactory(
        organiser=discipline_committee,
        kind=Inspection.Kind.SPECIAL,
        topic=Inspection.Topic.TENDERING,
        units=[township],
    )
    InspectionFactory(organiser=discipline_committee, units=[township])
    InspectionFactory(
        organiser=discipline_committee,
        kind=Inspection.Kind.SPECIAL,
        topic=Inspection.Topic.TENDERING,
        units=[other_township],
    )
    InspectionFactory(
        organiser=discipline_committee,
        kind=Inspection.Kind.SPECIAL,
        topic=Inspection.Topic.TENDERING,
        started_on=datetime.date(2025, 4, 1),
        units=[township],
    )
    client.force_login(city_staff)
    query = {
        "kind": "special",
        "topic": "tendering",
        "status": "planned",
        "year": 2026,
        "unit": township.pk,
    }

    response = client.get(LIST_URL, query)

    assert list(response.context["page"]) == [wanted]


def test_list_counts_only_the_findings_the_user_may_see(
    client, township_staff, discipline_committee, township, other_township
):
    inspection = InspectionFactory(
        organiser=discipline_committee, units=[township, other_township]
    )
    FindingFactory(inspection=inspection, source="inspection", unit=township)
    FindingFactory(inspection=inspection, source="inspection", unit=other_township)
    client.force_login(township_staff)

    response = client.get(LIST_URL)

    assert [row.finding_count for row in response.context["page"]] == [1]


def test_list_query_count_does_not_grow(
    client, city_staff, discipline_committee, city, count_queries
):
    client.force_login(city_staff)
    InspectionFactory(organiser=discipline_committee, units=[UnitFactory(parent=city)])
    few = count_queries(LIST_URL)

    for _number in range(12):
        unit = UnitFactory(parent=city)
        inspection = InspectionFactory(
            organiser=discipline_committee,
            units=[unit, UnitFactory(parent=city)],
        )
        FindingFactory(inspection=inspection, source="inspection", unit=unit)

    assert count_queries(LIST_URL) == few
