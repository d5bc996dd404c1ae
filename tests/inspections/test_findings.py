import datetime

import pytest
from django.urls import reverse

from inspections.models import Finding
from tests.factories import (
    FindingFactory,
    InspectionFactory,
    OfficialFactory,
    RectificationFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db

LIST_URL = reverse("inspections:finding_list")
CREATE_URL = reverse("inspections:finding_create")


def finding_data(unit, **changes) -> dict:
    data = {
        "source": Finding.Source.PUBLIC_REPORT,
        "review": "",
        "unit": unit.pk,
        "officials": [],
        "category": Finding.Category.EIGHT_RULES,
        "severity": Finding.Severity.SERIOUS,
        "found_on": "2026-04-02",
        "description": "群众举报镇干部违规接受宴请。",
    }
    return data | changes


def update_url(finding: Finding) -> str:
    return reverse("inspections:finding_update", args=[finding.pk])


# --- Creating and editing ---------------------------------------------------------


def test_staff_record_a_finding_from_a_public_report(client, city_staff, township):
    official = OfficialFactory(unit=township)
    client.force_login(city_staff)

    response = client.post(CREATE_URL, finding_data(township, officials=[official.pk]))

    finding = Finding.objects.get()
    assert response.status_code == 302
    assert response.url == finding.get_absolute_url()
    assert finding.status == Finding.Status.OPEN
    assert finding.created_by == city_staff
    assert list(finding.officials.all()) == [official]


def test_findings_of_an_inspection_are_not_entered_here(client, city_staff, township):
    client.force_login(city_staff)

    response = client.post(CREATE_URL, finding_data(township, source="inspection"))

    assert response.status_code == 200
    assert "source" in response.context["form"].errors


def test_a_finding_found_in_the_future_is_refused(client, city_staff, township):
    client.force_login(city_staff)

    response = client.post(CREATE_URL, finding_data(township, found_on="9999-12-31"))

    assert response.context["form"].errors["found_on"] == [
        "该日期在将来：请填写实际发生的日期。"
    ]
    assert not Finding.objects.exists()


def test_a_description_keeps_its_lines_but_no_invisible_characters(
    client, city_staff, township
):
    client.force_login(city_staff)
    typed = "违规接受宴请\u202e。\r\n\t涉及\u200b两人。"

    client.post(CREATE_URL, finding_data(township, description=typed))

    assert Finding.objects.get().description == "违规接受宴请。\r\n\t涉及两人。"


def test_a_finding_of_a_review_needs_its_review(client, city_staff, township):
    client.force_login(city_staff)

    response = client.post(CREATE_URL, finding_data(township, source="review"))

    assert "review" in response.context["form"].errors
    assert "群众举报镇干部违规接受宴请。" in response.text


def test_officials_of_another_unit_are_refused(
    client, city_staff, township, other_township
):
    stranger = OfficialFactory(unit=other_township)
    client.force_login(city_staff)

    response = client.post(CREATE_URL, finding_data(township, officials=[stranger.pk]))

    assert "officials" in response.context["form"].errors
    assert not Finding.objects.exists()


def test_a_unit_out_of_scope_is_refused(client, township_staff, other_township):
    client.force_login(township_staff)

    response = client.post(CREATE_URL, finding_data(other_township))

    assert "unit" in response.context["form"].errors


def test_member_cannot_record_a_finding(client, member, township):
    client.force_login(member)

    assert client.get(CREATE_URL).status_code == 403
    assert client.post(CREATE_URL, finding_data(township)).status_code == 403


def test_staff_edit_an_open_finding(client, city_staff, township):
    finding = FindingFactory(unit=township)
    client.force_login(city_staff)

    response = client.post(
        update_url(finding), finding_data(township, description="改正后的描述。")
    )

    finding.refresh_from_db()
    assert response.status_code == 302
    assert finding.description == "改正后的描述。"


def test_staff_edit_an_open_finding_of_an_inspection(
    client, city_staff, township_inspection, township
):
    finding = FindingFactory(
        inspection=township_inspection, source="inspection", unit=township
    )
    client.force_login(city_staff)
    data = {
        "unit": township.pk,
        "category": Finding.Category.DUTY,
        "severity": Finding.Severity.MINOR,
        "found_on": "2026-05-12",
        "description": "台账不全。",
    }

    response = client.post(update_url(finding), data)

    finding.refresh_from_db()
    assert response.status_code == 302
    assert finding.category == Finding.Category.DUTY


def test_a_finding_being_rectified_cannot_be_edited(client, city_staff, township):
    finding = FindingFactory(unit=township, status=Finding.Status.RECTIFYING)
    client.force_login(city_staff)

    assert client.get(update_url(finding)).status_code == 403


def test_a_finding_out_of_scope_is_not_found(client, township_staff, other_township):
    finding = FindingFactory(unit=other_township)
    client.force_login(township_staff)

    assert client.get(finding.get_absolute_url()).status_code == 404
    assert client.get(update_url(finding)).status_code == 404


# --- Detail -----------------------------------------------------------------------


def test_detail_offers_to_assign_a_rectification_when_there_is_none(
    client, city_staff, township
):
    finding = FindingFactory(unit=township)
    client.force_login(city_staff)

    response = client.get(finding.get_absolute_url())

    url = reverse("inspections:rectification_create", args=[finding.pk])
    assert response.status_code == 200
    assert url in response.text
    assert response.context["can_escalate"]


def test_detail_shows_the_rectification_and_marks_it_overdue(
    client, city_staff, township
):
    rectification = RectificationFactory(
        finding__unit=township, due_on=datetime.date(2020, 1, 1)
    )
    client.force_login(city_staff)

    response = client.get(rectification.finding.get_absolute_url())

    assert response.context["rectification"] == rectification
    assert "data-overdue" in response.text


def test_a_secretary_reads_the_findings_of_their_unit_without_actions(
    client, secretary, township
):
    finding = FindingFactory(unit=township)
    client.force_login(secretary)

    response = client.get(finding.get_absolute_url())

    assert response.status_code == 200
    assert not response.context["can_edit"]
    assert not response.context["can_escalate"]


# --- The list ---------------------------------------------------------------------


def test_a_township_user_lists_only_findings_of_its_units(
    client, secretary, township, other_township
):
    ours = FindingFactory(unit=township)
    below = FindingFactory(unit=UnitFactory(parent=township, kind="station"))
    FindingFactory(unit=other_township)
    client.force_login(secretary)

    response = client.get(LIST_URL)

    assert set(response.context["page"]) == {ours, below}


def test_list_filters_findings(client, city_staff, township, other_township):
    wanted = FindingFactory(
        unit=township,
        source=Finding.Source.MEDIA,
        category=Finding.Category.FUNDS,
        severity=Finding.Severity.GRAVE,
    )
    FindingFactory(unit=township, source=Finding.Source.MEDIA)
    FindingFactory(
        unit=other_township,
        source=Finding.Source.MEDIA,
        category=Finding.Category.FUNDS,
        severity=Finding.Severity.GRAVE,
    )
    client.force_login(city_staff)
    query = {
        "year": 2026,
        "source": "media",
        "category": "funds",
        "severity": "grave",
        "status": "open",
        "unit": township.pk,
    }

    response = client.get(LIST_URL, query)

    assert list(response.context["page"]) == [wanted]


def test_list_filters_by_inspection(client, city_staff, township_inspection, township):
    wanted = FindingFactory(
        inspection=township_inspection, source="inspection", unit=township
    )
    FindingFactory(unit=township)
    client.force_login(city_staff)

    response = client.get(LIST_URL, {"inspection": township_inspection.pk})

    assert list(response.context["page"]) == [wanted]


def test_list_marks_overdue_rectifications(client, city_staff, township):
    late = RectificationFactory(
        finding__unit=township, due_on=datetime.date(2020, 1, 1)
    )
    RectificationFactory(finding__unit=township, due_on=datetime.date(2999, 1, 1))
    client.force_login(city_staff)

    page = client.get(LIST_URL).context["page"]

    assert [finding for finding in page if finding.is_overdue] == [late.finding]


def test_list_query_count_does_not_grow(
    client, city_staff, discipline_committee, city, count_queries
):
    client.force_login(city_staff)
    FindingFactory(unit=UnitFactory(parent=city))
    few = count_queries(LIST_URL)

    for _number in range(12):
        unit = UnitFactory(parent=city)
        inspection = InspectionFactory(organiser=discipline_committee, units=[unit])
        FindingFactory(inspection=inspection, source="inspection", unit=unit)
        RectificationFactory(finding__unit=unit, due_on=datetime.date(2020, 1, 1))

    assert count_queries(LIST_URL) == few


def test_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(LIST_URL)

    assert response.status_code == 302
    assert reverse("login") in response.url


def test_auditor_cannot_list_findings(client, auditor):
    client.force_login(auditor)

    assert client.get(LIST_URL).status_code == 403
