"""Units' and officials' pages show their assessment results and accountability actions
to those allowed to read them, and nothing to a party secretary."""

import datetime
from decimal import Decimal

import pytest

from accountability.models import AccountabilityAction, Deduction, ScoreSheet, Step
from accountability.services.assessments import (
    create_scheme,
    propose_deductions,
    save_deduction,
)
from tests.factories import (
    AccountabilityActionFactory,
    DutyReportFactory,
    OfficialFactory,
)

pytestmark = pytest.mark.django_db

YEAR = 2025


def _vetoed_result(township, actor, year=YEAR):
    scheme = create_scheme(year=year, title=f"{year}年度考核", actor=actor)
    DutyReportFactory(unit=township, year=year, written_by=actor)
    propose_deductions(scheme=scheme, actor=actor, today=datetime.date(year + 1, 3, 1))
    sheet = ScoreSheet.objects.get(scheme=scheme, unit=township)
    for step in (Step.COMPREHENSIVE, Step.OVERALL):
        item = scheme.items.filter(step=step).first()
        deduction = Deduction(sheet=sheet, item=item, points=Decimal(15), reason="差")
        save_deduction(deduction=deduction, actor=actor)
    return sheet


def _unit_action(township, actor):
    return AccountabilityActionFactory(
        official=None,
        unit=township,
        decided_by=actor,
        measure=AccountabilityAction.Measure.CIRCULATED_CRITICISM,
        decided_on=datetime.date(YEAR, 7, 1),
    )


@pytest.fixture
def official(township):
    return OfficialFactory(unit=township, name="王强")


@pytest.fixture
def records(township, official, city_staff):
    _vetoed_result(township, city_staff)
    _unit_action(township, city_staff)
    AccountabilityActionFactory(official=official, decided_by=city_staff)


def test_staff_see_the_units_results_and_actions(client, city_staff, township, records):
    client.force_login(city_staff)

    html = client.get(township.get_absolute_url()).content.decode()

    assert html.count('data-testid="section-sheet"') == 1
    assert html.count('data-testid="veto-badge"') == 1
    # The action against the unit itself; the one against its official is on theirs.
    assert html.count('data-testid="section-action"') == 1


def test_an_administrator_sees_the_results_but_not_the_actions(
    client, administrator, township, records
):
    client.force_login(administrator)

    html = client.get(township.get_absolute_url()).content.decode()

    assert 'data-testid="section-assessments"' in html
    assert 'data-testid="section-actions"' not in html


def test_a_secretary_sees_no_results_and_no_actions(
    client, secretary, township, official, records
):
    client.force_login(secretary)

    unit_page = client.get(township.get_absolute_url())
    official_page = client.get(official.get_absolute_url())

    assert unit_page.status_code == official_page.status_code == 200
    for page in (unit_page, official_page):
        html = page.content.decode()
        assert 'data-testid="section-assessments"' not in html
        assert 'data-testid="section-actions"' not in html


def test_staff_see_the_actions_against_an_official(
    client, city_staff, official, records
):
    client.force_login(city_staff)

    html = client.get(official.get_absolute_url()).content.decode()

    assert html.count('data-testid="section-action"') == 1


def test_the_unit_page_query_count_does_not_grow(
    client, city_staff, township, count_queries
):
    client.force_login(city_staff)
    _vetoed_result(township, city_staff)
    _unit_action(township, city_staff)
    few = count_queries(township.get_absolute_url())

    for year in range(YEAR - 4, YEAR):
        _vetoed_result(township, city_staff, year=year)
    for _number in range(5):
        _unit_action(township, city_staff)

    assert count_queries(township.get_absolute_url()) == few
