import re
from uuid import uuid4

import pytest
from django.urls import reverse

from core.models import AuditEvent
from inspections.audit import InspectionsAuditAction
from inspections.models import Finding, Inspection
from tests.factories import (
    FindingFactory,
    InspectionFactory,
    OfficialFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db


def entry_url(inspection: Inspection) -> str:
    return reverse("inspections:finding_entry", args=[inspection.pk])


def row_url(inspection: Inspection) -> str:
    return reverse("inspections:finding_row", args=[inspection.pk])


def row_data(prefix: str = "row-a1", **changes) -> dict:
    fields = {
        "category": Finding.Category.CONDUCT,
        "severity": Finding.Severity.SERIOUS,
        "found_on": "2026-05-12",
        "description": "便民服务窗口工作人员迟到早退。",
    } | changes
    data = {f"{prefix}-{name}": value for name, value in fields.items()}
    return data | {"prefix": prefix}


def test_the_entry_page_offers_blank_rows_limited_to_the_inspections_units(
    client, city_staff, township_inspection, township, other_township
):
    client.force_login(city_staff)

    response = client.get(entry_url(township_inspection))

    assert response.status_code == 200
    rows = response.context["rows"]
    assert len(rows) == 3
    assert len({row.prefix for row in rows}) == 3
    assert set(rows[0].fields["unit"].queryset) == {township}
    assert rows[0].initial["unit"] == township.pk
    assert response.text.count('data-testid="finding-row"') == 4  # and the template


def test_the_entry_page_offers_officials_of_the_units_and_the_units_below(
    client, city_staff, township_inspection, township, other_township
):
    station = UnitFactory(parent=township, kind="station")
    town_head = OfficialFactory(unit=township)
    station_head = OfficialFactory(unit=station)
    stranger = OfficialFactory(unit=other_township)
    client.force_login(city_staff)

    row = client.get(entry_url(township_inspection)).context["rows"][0]

    officials = set(row.fields["officials"].queryset)
    assert {town_head, station_head} <= officials
    assert stranger not in officials


def test_saving_a_row_records_the_finding_and_answers_with_a_fresh_row(
    client, city_staff, township_inspection, township
):
    official = OfficialFactory(unit=township)
    client.force_login(city_staff)
    data = row_data(**{"unit": township.pk, "officials": [official.pk]})

    response = client.post(
        row_url(township_inspection), data, HTTP_HX_REQUEST="true", follow=True
    )

    finding = Finding.objects.get()
    assert response.status_code == 200
    assert response.redirect_chain == [
        (reverse("inspections:finding_row_saved", args=[finding.pk]), 302)
    ]
    assert finding.inspection == township_inspection
    assert finding.source == Finding.Source.INSPECTION
    assert finding.unit == township
    assert finding.created_by == city_staff
    assert list(finding.officials.all()) == [official]
    assert response.context["finding"] == finding
    assert 'data-testid="saved-finding"' in response.text
    assert "data-fresh-row" in response.text
    assert response.context["form"].prefix != "row-a1"
    assert not response.context["form"].is_bound
    assert AuditEvent.objects.filter(
        action=InspectionsAuditAction.FINDING_SAVE
    ).exists()


def test_an_invalid_row_keeps_everything_typed_and_shows_its_errors(
    client, city_staff, township_inspection, township
):
    client.force_login(city_staff)
    data = row_data(
        **{"unit": township.pk, "category": "", "description": "食堂超标准接待。"}
    )

    response = client.post(row_url(township_inspection), data)

    form = response.context["form"]
    assert response.status_code == 200
    assert not Finding.objects.exists()
    assert "category" in form.errors
    assert form.prefix == "row-a1"
    assert "食堂超标准接待。" in response.text
    assert 'name="row-a1-found_on" value="2026-05-12"' in response.text
    assert f'<option value="{township.pk}" selected>' in response.text


def test_a_unit_the_inspection_did_not_inspect_is_refused(
    client, city_staff, township_inspection, other_township
):
    client.force_login(city_staff)

    response = client.post(
        row_url(township_inspection), row_data(unit=other_township.pk)
    )

    assert "unit" in response.context["form"].errors
    assert not Finding.objects.exists()


def test_three_rows_saved_one_after_another_make_three_findings(
    client, city_staff, township_inspection, township
):
    client.force_login(city_staff)

    for number in range(3):
        data = row_data(
            prefix=f"row-{number}", unit=township.pk, description=f"问题{number}"
        )
        client.post(row_url(township_inspection), data)

    assert township_inspection.findings.count() == 3


def test_a_row_posted_twice_saves_one_finding_and_shows_it_saved(
    client, city_staff, township_inspection, township
):
    client.force_login(city_staff)
    page = client.get(entry_url(township_inspection))
    row = page.context["rows"][0]
    token = re.search(
        rf'name="submission_token" value="([0-9a-f-]+)">\s*'
        rf'<input type="hidden" name="prefix" value="{row.prefix}"',
        page.text,
    ).group(1)
    data = row_data(prefix=row.prefix, unit=township.pk) | {"submission_token": token}
    client.post(row_url(township_inspection), data, HTTP_HX_REQUEST="true")

    again = client.post(
        row_url(township_inspection), data, HTTP_HX_REQUEST="true", follow=True
    )

    finding = Finding.objects.get()
    assert again.context["finding"] == finding
    assert f'data-testid="saved-finding" data-pk="{finding.pk}"' in again.text
    assert "data-fresh-row" in again.text


def test_each_row_of_the_entry_page_has_its_own_token(
    client, city_staff, township_inspection, township
):
    client.force_login(city_staff)

    page = client.get(entry_url(township_inspection)).text

    tokens = re.findall(r'name="submission_token" value="([0-9a-f-]+)"', page)
    assert len(tokens) == len(set(tokens)) == 4  # three rows and the template


def test_rows_posted_with_their_own_tokens_make_a_finding_each(
    client, city_staff, township_inspection, township
):
    client.force_login(city_staff)

    for number in range(2):
        data = row_data(prefix=f"row-{number}", unit=township.pk)
        client.post(
            row_url(township_inspection), data | {"submission_token": str(uuid4())}
        )

    assert township_inspection.findings.count() == 2


def test_without_htmx_a_saved_row_goes_back_to_the_entry_page(
    client, city_staff, township_inspection, township
):
    client.force_login(city_staff)

    response = client.post(row_url(township_inspection), row_data(unit=township.pk))

    assert response.url == entry_url(township_inspection)
    assert Finding.objects.count() == 1


def test_the_saved_row_of_an_inspection_out_of_scope_is_not_found(
    client, township_staff, discipline_committee, other_township
):
    elsewhere = InspectionFactory(
        organiser=discipline_committee, units=[other_township]
    )
    finding = FindingFactory(inspection=elsewhere, unit=other_township)
    client.force_login(township_staff)

    response = client.get(reverse("inspections:finding_row_saved", args=[finding.pk]))

    assert response.status_code == 404


def test_a_row_with_a_strange_prefix_is_not_found(
    client, city_staff, township_inspection, township
):
    client.force_login(city_staff)

    response = client.post(
        row_url(township_inspection), row_data(prefix="x<y", unit=township.pk)
    )

    assert response.status_code == 404


def test_saving_a_row_needs_post(client, city_staff, township_inspection):
    client.force_login(city_staff)

    assert client.get(row_url(township_inspection)).status_code == 405


def test_member_cannot_enter_findings(client, member, township_inspection, township):
    client.force_login(member)

    assert client.get(entry_url(township_inspection)).status_code == 403
    response = client.post(row_url(township_inspection), row_data(unit=township.pk))
    assert response.status_code == 403


def test_staff_of_the_inspected_unit_cannot_enter_the_citys_findings(
    client, township_staff, township_inspection
):
    client.force_login(township_staff)

    assert client.get(entry_url(township_inspection)).status_code == 403


def test_an_inspection_out_of_scope_is_not_found(
    client, township_staff, discipline_committee, other_township
):
    elsewhere = InspectionFactory(
        organiser=discipline_committee, units=[other_township]
    )
    client.force_login(township_staff)

    assert client.get(entry_url(elsewhere)).status_code == 404


def test_anonymous_visitor_is_sent_to_log_in(client, township_inspection):
    response = client.get(entry_url(township_inspection))

    assert response.status_code == 302
    assert reverse("login") in response.url
