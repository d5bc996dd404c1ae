"""The assessment pages: who may open and change what, and queries that do not grow."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from accountability.models import AssessmentScheme, Deduction, ScoreSheet, Step
from accountability.services.assessments import (
    approve_sheet,
    create_scheme,
    propose_deductions,
    save_deduction,
)
from responsibilities.models import Unit
from tests.factories import CaseFactory, DutyReportFactory, UnitFactory

pytestmark = pytest.mark.django_db

YEAR = 2025
TODAY = datetime.date(2026, 3, 1)


@pytest.fixture
def scheme(city_staff, township, other_township):
    scheme = create_scheme(year=YEAR, title="2025年度考核", actor=city_staff)
    for unit in (township, other_township):
        DutyReportFactory(unit=unit, year=YEAR, written_by=city_staff)
    propose_deductions(scheme=scheme, actor=city_staff, today=TODAY)
    return scheme


def _sheet(scheme, unit):
    return ScoreSheet.objects.get(scheme=scheme, unit=unit)


def _deduct(sheet, points, actor, step=Step.COMPREHENSIVE):
    item = sheet.scheme.items.filter(step=step).first()
    deduction = Deduction(sheet=sheet, item=item, points=Decimal(points), reason="扣分")
    return save_deduction(deduction=deduction, actor=actor)


def _url(name, pk=None):
    return reverse(f"accountability:{name}", args=[pk] if pk else [])


# The list


def test_staff_and_administrators_see_the_schemes(client, scheme, administrator):
    client.force_login(administrator)

    response = client.get(_url("assessment_list"))

    assert response.status_code == 200
    assert response.content.decode().count('data-testid="assessment-row"') == 1


def test_a_secretary_may_not_see_the_assessment(client, scheme, secretary):
    client.force_login(secretary)

    assert client.get(_url("assessment_list")).status_code == 403
    assert client.get(_url("assessment_detail", scheme.pk)).status_code == 403
    sheet = scheme.sheets.first()
    assert client.get(_url("scoresheet_detail", sheet.pk)).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, scheme):
    response = client.get(_url("assessment_detail", scheme.pk))

    assert response.status_code == 302
    assert reverse("login") in response.url


def test_the_list_query_count_does_not_grow(client, city_staff, count_queries):
    client.force_login(city_staff)
    create_scheme(year=YEAR, title="一", actor=city_staff)
    few = count_queries(_url("assessment_list"))

    for year in range(2010, 2020):
        create_scheme(year=year, title=str(year), actor=city_staff)

    assert count_queries(_url("assessment_list")) == few


# Creating a scheme and editing its items


def test_staff_create_a_scheme_with_the_default_items(client, city_staff):
    client.force_login(city_staff)

    response = client.post(_url("assessment_create"), {"year": 2030, "title": "考核"})

    scheme = AssessmentScheme.objects.get(year=2030)
    assert response.status_code == 302
    assert response.url == scheme.get_absolute_url()
    assert scheme.items.count() == 9


def test_a_scheme_without_a_title_or_for_a_taken_year_is_refused(
    client, city_staff, scheme
):
    client.force_login(city_staff)

    untitled = client.post(_url("assessment_create"), {"year": 2031, "title": ""})
    taken = client.post(_url("assessment_create"), {"year": YEAR, "title": "又一个"})

    assert untitled.status_code == taken.status_code == 200
    assert untitled.context["form"].errors
    assert taken.context["form"].errors
    assert AssessmentScheme.objects.count() == 1


def test_township_staff_may_not_run_the_citys_assessment(
    client, township_staff, scheme
):
    client.force_login(township_staff)

    assert client.get(_url("assessment_create")).status_code == 403
    assert client.get(_url("assessment_items", scheme.pk)).status_code == 403
    assert client.post(_url("assessment_propose", scheme.pk)).status_code == 403


def _items_data(scheme, **changes):
    items = list(scheme.items.all())
    data = {
        "form-TOTAL_FORMS": len(items),
        "form-INITIAL_FORMS": len(items),
        "form-MIN_NUM_FORMS": 0,
        "form-MAX_NUM_FORMS": 1000,
    }
    for index, item in enumerate(items):
        fields = {
            "id": item.pk,
            "step": item.step,
            "order": item.order,
            "title": item.title,
            "max_points": item.max_points,
            "weight": item.weight,
            "rule": item.rule,
            "points_per_record": item.points_per_record,
        }
        if index == 0:
            fields.update(changes)
        data.update({f"form-{index}-{name}": value for name, value in fields.items()})
    return data


def test_staff_edit_the_items(client, city_staff, scheme):
    client.force_login(city_staff)
    first = scheme.items.first()

    page = client.get(_url("assessment_items", scheme.pk))
    response = client.post(
        _url("assessment_items", scheme.pk), _items_data(scheme, max_points="25")
    )

    assert page.status_code == 200
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.max_points == Decimal(25)
    assert scheme.sheets.first().total == Decimal(105)


def test_invalid_items_show_their_errors(client, city_staff, scheme):
    client.force_login(city_staff)

    response = client.post(
        _url("assessment_items", scheme.pk), _items_data(scheme, title="")
    )

    assert response.status_code == 200
    assert response.context["formset"].errors[0]


def test_items_are_frozen_once_a_sheet_is_approved(
    client, city_staff, scheme, township
):
    client.force_login(city_staff)
    approve_sheet(sheet=_sheet(scheme, township), actor=city_staff)
    first = scheme.items.first()

    response = client.post(
        _url("assessment_items", scheme.pk), _items_data(scheme, max_points="25")
    )

    assert response.status_code == 302
    first.refresh_from_db()
    assert first.max_points != Decimal(25)


# Proposing, the ranking and the export


def test_proposing_opens_a_sheet_per_unit(client, city_staff, township):
    client.force_login(city_staff)
    scheme = create_scheme(year=YEAR, title="考核", actor=city_staff)

    response = client.post(_url("assessment_propose", scheme.pk))

    assert response.status_code == 302
    assert scheme.sheets.filter(unit=township).exists()


def test_proposing_is_post_only(client, city_staff, scheme):
    client.force_login(city_staff)

    assert client.get(_url("assessment_propose", scheme.pk)).status_code == 405


def test_the_ranking_marks_the_vetoed_units_with_their_causes(
    client, city_staff, scheme, township
):
    client.force_login(city_staff)
    _deduct(_sheet(scheme, township), "20", city_staff)
    _deduct(_sheet(scheme, township), "5", city_staff, step=Step.OVERALL)

    response = client.get(_url("assessment_detail", scheme.pk))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('data-testid="veto-badge"') == 1
    assert html.count('data-testid="veto-cause"') == 2
    assert response.context["chart"]["line"]["value"] == 80.0


def test_township_staff_see_only_their_townships_sheet(
    client, township_staff, scheme, township, other_township
):
    client.force_login(township_staff)

    response = client.get(_url("assessment_detail", scheme.pk))
    other = client.get(_url("scoresheet_detail", _sheet(scheme, other_township).pk))

    assert [sheet.unit for sheet in response.context["sheets"]] == [township]
    assert other.status_code == 404


def test_an_unknown_scheme_is_not_found(client, city_staff):
    client.force_login(city_staff)

    assert client.get(_url("assessment_detail", 999)).status_code == 404


def test_the_ranking_query_count_does_not_grow(client, city_staff, city, count_queries):
    client.force_login(city_staff)
    UnitFactory(kind=Unit.Kind.DEPARTMENT, parent=city)
    scheme = create_scheme(year=YEAR, title="考核", actor=city_staff)
    _propose_and_veto_all(scheme, city_staff)
    few = count_queries(_url("assessment_detail", scheme.pk))

    for _number in range(10):
        UnitFactory(kind=Unit.Kind.TOWNSHIP, parent=city)
    _propose_and_veto_all(scheme, city_staff)

    assert count_queries(_url("assessment_detail", scheme.pk)) == few


def _propose_and_veto_all(scheme, actor):
    propose_deductions(scheme=scheme, actor=actor, today=TODAY)
    for sheet in scheme.sheets.exclude(deductions__reason="扣分"):
        _deduct(sheet, "20", actor)
        _deduct(sheet, "1", actor, step=Step.OVERALL)


def test_the_export_downloads_the_results(client, administrator, scheme):
    client.force_login(administrator)

    response = client.get(_url("assessment_export", scheme.pk))

    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.active.max_row == 1 + scheme.sheets.count()


# A score sheet, its deductions and approval


def test_a_score_sheet_shows_its_items_by_step(client, city_staff, scheme, township):
    client.force_login(city_staff)
    _deduct(_sheet(scheme, township), "3", city_staff)

    response = client.get(_url("scoresheet_detail", _sheet(scheme, township).pk))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('data-testid="step"') == len(Step.values)
    assert html.count('data-testid="deduction"') == 1
    assert 'data-testid="approve"' in html


def test_staff_enter_a_deduction_with_a_reason(client, city_staff, scheme, township):
    client.force_login(city_staff)
    sheet = _sheet(scheme, township)
    item = scheme.items.first()
    url = _url("deduction_create", sheet.pk)

    page = client.get(url)
    invalid = client.post(url, {"item": item.pk, "points": "2", "reason": ""})
    response = client.post(url, {"item": item.pk, "points": "2", "reason": "材料不全"})

    assert page.status_code == 200
    assert invalid.status_code == 200
    assert invalid.context["form"].errors
    assert response.status_code == 302
    sheet.refresh_from_db()
    assert sheet.total == Decimal(98)


def test_staff_adjust_a_deduction_with_a_reason(client, city_staff, scheme, township):
    client.force_login(city_staff)
    deduction = _deduct(_sheet(scheme, township), "4", city_staff)
    url = _url("deduction_adjust", deduction.pk)

    invalid = client.post(url, {"points": "1", "reason": ""})
    response = client.post(url, {"points": "1", "reason": "经复核减轻"})

    assert invalid.status_code == 200
    assert response.status_code == 302
    deduction.refresh_from_db()
    assert deduction.points == Decimal(1)


def test_township_staff_cannot_touch_another_townships_sheet(
    client, township_staff, scheme, other_township, city_staff
):
    client.force_login(township_staff)
    sheet = _sheet(scheme, other_township)
    deduction = _deduct(sheet, "1", city_staff)

    assert client.get(_url("deduction_create", sheet.pk)).status_code == 404
    assert client.get(_url("deduction_adjust", deduction.pk)).status_code == 404
    assert client.post(_url("scoresheet_approve", sheet.pk)).status_code == 404


def test_staff_approve_a_sheet_after_confirming(client, city_staff, scheme, township):
    client.force_login(city_staff)
    sheet = _sheet(scheme, township)

    response = client.post(_url("scoresheet_approve", sheet.pk))

    assert response.status_code == 302
    sheet.refresh_from_db()
    assert sheet.is_approved()


def test_approving_is_post_only_and_for_the_city(
    client, city_staff, township_staff, secretary, scheme, township
):
    sheet = _sheet(scheme, township)
    client.force_login(city_staff)
    get = client.get(_url("scoresheet_approve", sheet.pk))
    client.force_login(township_staff)
    township = client.post(_url("scoresheet_approve", sheet.pk))
    client.force_login(secretary)
    secretary_response = client.post(_url("scoresheet_approve", sheet.pk))

    assert get.status_code == 405
    assert township.status_code == 403
    assert secretary_response.status_code == 403
    sheet.refresh_from_db()
    assert not sheet.is_approved()


def test_an_approved_sheet_takes_no_new_or_changed_deduction(
    client, city_staff, scheme, township
):
    client.force_login(city_staff)
    sheet = _sheet(scheme, township)
    deduction = _deduct(sheet, "4", city_staff)
    approve_sheet(sheet=sheet, actor=city_staff)
    item = scheme.items.first()

    created = client.post(
        _url("deduction_create", sheet.pk),
        {"item": item.pk, "points": "2", "reason": "迟到"},
    )
    adjusted = client.post(
        _url("deduction_adjust", deduction.pk), {"points": "0", "reason": "撤销"}
    )

    assert created.status_code == adjusted.status_code == 302
    assert sheet.deductions.count() == 1
    deduction.refresh_from_db()
    assert deduction.points == Decimal(4)


def test_administrators_see_a_case_deduction_without_the_case(
    client, city_staff, administrator, township
):
    case = CaseFactory(
        unit=township, year=YEAR, filed_on=datetime.date(YEAR, 5, 1), is_major=True
    )
    scheme = create_scheme(year=YEAR, title="2025年度考核", actor=city_staff)
    propose_deductions(scheme=scheme, actor=city_staff, today=TODAY)
    sheet_url = _url("scoresheet_detail", _sheet(scheme, township).pk)

    client.force_login(administrator)
    hidden = client.get(sheet_url).content.decode()
    client.force_login(city_staff)
    shown = client.get(sheet_url).content.decode()

    assert case.title not in hidden
    assert case.get_absolute_url() not in hidden
    assert case.title in shown
    assert case.get_absolute_url() in shown
