"""Editing a case, moving it through its stages and transferring it, on its pages."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accountability.models import Case
from accountability.services.cases import advance_case
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def case_url(name: str, case: Case) -> str:
    return reverse(f"accountability:{name}", args=[case.pk])


# --- Editing, stages, transfer ----------------------------------------------------


def update_data(**changes) -> dict:
    data = {
        "title": "违规发放津补贴案",
        "summary": "查实违规发放津补贴3.2万元。",
        "category": Case.Category.INTEGRITY,
        "violation_year": "2025",
        "is_major": "on",
        "money_involved": "32000",
        "money_recovered": "32000.00",
    }
    return data | changes


def test_staff_edit_an_open_case(client, city_staff, township_case):
    client.force_login(city_staff)
    assert client.get(case_url("case_update", township_case)).status_code == 200

    response = client.post(case_url("case_update", township_case), update_data())

    township_case.refresh_from_db()
    assert response.status_code == 302
    assert township_case.money_recovered == Decimal("32000.00")
    assert (township_case.violation_year, township_case.is_major) == (2025, True)


def test_an_invalid_edit_shows_its_errors(client, city_staff, township_case):
    client.force_login(city_staff)

    response = client.post(
        case_url("case_update", township_case), update_data(money_involved="-1")
    )

    assert response.status_code == 200
    assert "money_involved" in response.context["form"].errors


def test_a_closed_case_cannot_be_edited(client, city_staff, township_case):
    for _stage in range(2):
        advance_case(case=township_case, actor=city_staff)
    advance_case(case=township_case, actor=city_staff, closed_on=TODAY, conclusion="结")
    client.force_login(city_staff)

    assert client.get(case_url("case_update", township_case)).status_code == 403


def test_staff_move_a_case_on_and_close_it(client, city_staff, township_case):
    client.force_login(city_staff)
    url = case_url("case_advance", township_case)

    client.post(url, {"to": "investigation"})
    client.post(url, {"to": "trial"})
    response = client.post(
        url, {"to": "closed", "closed_on": TODAY.isoformat(), "conclusion": "结案。"}
    )

    township_case.refresh_from_db()
    assert response.status_code == 302
    assert township_case.stage == Case.Stage.CLOSED
    assert township_case.conclusion == "结案。"


def test_a_stale_or_skipping_move_is_refused_on_the_page(
    client, city_staff, township_case
):
    client.force_login(city_staff)
    url = case_url("case_advance", township_case)

    response = client.post(url, {"to": "trial"})

    assert response.status_code == 200
    assert response.context["advance_form"].errors
    assert b'data-testid="advance-errors"' in response.content
    township_case.refresh_from_db()
    assert township_case.stage == Case.Stage.FILED


def test_closing_without_a_conclusion_shows_its_errors(
    client, city_staff, township_case
):
    for _stage in range(2):
        advance_case(case=township_case, actor=city_staff)
    client.force_login(city_staff)

    response = client.post(
        case_url("case_advance", township_case),
        {"to": "closed", "closed_on": TODAY.isoformat(), "conclusion": ""},
    )

    assert response.status_code == 200
    assert "conclusion" in response.context["advance_form"].errors
    assert b'data-testid="advance-card"' in response.content


def test_staff_record_a_transfer(client, city_staff, township_case):
    client.force_login(city_staff)

    response = client.post(
        case_url("case_transfer", township_case),
        {"transferred_on": TODAY.isoformat(), "transferred_to": "中州市人民检察院"},
    )

    township_case.refresh_from_db()
    assert response.status_code == 302
    assert township_case.transferred_to == "中州市人民检察院"


def test_an_invalid_transfer_shows_its_errors(client, city_staff, township_case):
    client.force_login(city_staff)

    response = client.post(
        case_url("case_transfer", township_case),
        {"transferred_on": "", "transferred_to": "检察院"},
    )

    assert response.status_code == 200
    assert "transferred_on" in response.context["transfer_form"].errors


@pytest.mark.parametrize("name", ["case_advance", "case_transfer"])
def test_moves_and_transfers_are_posted(client, city_staff, township_case, name):
    client.force_login(city_staff)

    assert client.get(case_url(name, township_case)).status_code == 405


@pytest.mark.parametrize(
    "name", ["case_detail", "case_update", "case_advance", "case_transfer"]
)
def test_case_pages_refuse_a_secretary(client, secretary, township_case, name):
    client.force_login(secretary)

    assert client.post(case_url(name, township_case)).status_code == 403


@pytest.mark.parametrize(
    "name", ["case_detail", "case_update", "case_advance", "case_transfer"]
)
def test_case_pages_send_anonymous_visitors_to_log_in(client, township_case, name):
    response = client.post(case_url(name, township_case))

    assert response.status_code == 302
    assert reverse("login") in response.url


@pytest.mark.parametrize(
    "name", ["case_update", "case_advance", "case_transfer", "sanction_create"]
)
def test_case_pages_of_another_township_are_not_found(
    client, township_staff, other_township, name
):
    other = CaseFactory(year=2020, unit=other_township)
    client.force_login(township_staff)

    assert client.post(case_url(name, other)).status_code == 404
    other.refresh_from_db()
    assert other.stage == Case.Stage.FILED
