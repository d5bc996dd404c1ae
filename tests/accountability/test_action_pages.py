"""The pages of accountability actions: the year's list, deciding one, reading one."""

import datetime

import pytest
from django.urls import reverse

from accountability.models import AccountabilityAction, Inquiry, Responsibility
from accountability.services.inquiries import open_double_inquiry
from inspections.models import Finding
from responsibilities.models import Official
from tests.factories import (
    AccountabilityActionFactory,
    BottomLineFactory,
    CaseFactory,
    CaseSubjectFactory,
    OfficialFactory,
    RectificationFactory,
    UnitFactory,
)

from . import test_inquiries

pytestmark = pytest.mark.django_db

LIST_URL = reverse("accountability:action_list")
CREATE_URL = reverse("accountability:action_create")
Measure = AccountabilityAction.Measure
chain = test_inquiries.chain
station = test_inquiries.station


@pytest.fixture
def official(township):
    return OfficialFactory(
        unit=township, name="刘站长", post="站长", rank=Official.Rank.SECTION_DEPUTY
    )


@pytest.fixture
def inquiry(station, chain, city_staff):
    case = CaseFactory(unit=station, violation_year=2026)
    CaseSubjectFactory(case=case, official=OfficialFactory(unit=station))
    open_double_inquiry(case=case, actor=city_staff)
    return Inquiry.objects.get(official=chain["secretary"])


def detail_url(action: AccountabilityAction) -> str:
    return reverse("accountability:action_detail", args=[action.pk])


def form_data(**fields) -> dict:
    return {
        "measure": Measure.ADMONISHMENT,
        "responsibility": Responsibility.MAIN,
        "source": AccountabilityAction.Source.OTHER,
        "reasons": "对下属单位违规问题失察。",
        "decided_on": "2026-09-01",
        **fields,
    }


# --- The list -------------------------------------------------------------------------


def test_the_list_shows_the_actions_in_scope_with_the_years_summary(
    client, township_staff, township, other_township, official
):
    mine = AccountabilityActionFactory(official=official)
    AccountabilityActionFactory(
        official=None, unit=township, measure=Measure.CIRCULATED_CRITICISM
    )
    AccountabilityActionFactory(official=OfficialFactory(unit=other_township))
    client.force_login(township_staff)

    response = client.get(LIST_URL, {"year": 2026})

    assert response.status_code == 200
    assert {action.unit for action in response.context["page"]} == {township}
    assert mine in response.context["page"]
    assert response.context["summary"]["total"] == 2
    assert response.context["year"] == 2026


def test_the_list_filters_by_rank_and_target(client, city_staff, township, official):
    senior = AccountabilityActionFactory(official=official, rank=official.rank)
    junior = AccountabilityActionFactory(
        official=OfficialFactory(unit=township), rank=Official.Rank.GENERAL
    )
    against_unit = AccountabilityActionFactory(
        official=None, unit=township, measure=Measure.DISQUALIFIED
    )
    client.force_login(city_staff)

    seniors = client.get(LIST_URL, {"rank": "senior"}).context["page"]
    others = client.get(LIST_URL, {"rank": "other"}).context["page"]
    units = client.get(LIST_URL, {"target": "unit"}).context["page"]

    assert list(seniors) == [senior]
    assert list(others) == [junior]
    assert list(units) == [against_unit]


def test_the_summary_counts_measures_by_responsibility(client, city_staff, official):
    AccountabilityActionFactory(official=official)
    AccountabilityActionFactory(
        official=official, responsibility=Responsibility.SUPERVISORY
    )
    AccountabilityActionFactory(official=official, decided_on=datetime.date(2025, 3, 1))
    client.force_login(city_staff)

    summary = client.get(LIST_URL, {"year": 2026}).context["summary"]

    assert summary["total"] == 2
    assert summary["rows"][0]["counts"][:2] == [1, 1]
    assert [series["data"] for series in summary["chart"]["series"]] == [[1], [1], [0]]


def test_list_query_count_does_not_grow(client, city_staff, city, count_queries):
    client.force_login(city_staff)
    AccountabilityActionFactory(official=OfficialFactory(unit=UnitFactory(parent=city)))
    few = count_queries(LIST_URL)

    for _number in range(10):
        unit = UnitFactory(parent=city)
        first = AccountabilityActionFactory(official=OfficialFactory(unit=unit))
        AccountabilityActionFactory(official=first.official, corrects=first)
        AccountabilityActionFactory(
            official=None, unit=unit, measure=Measure.CIRCULATED_CRITICISM
        )

    assert count_queries(LIST_URL) == few


def test_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(LIST_URL)

    assert response.status_code == 302
    assert reverse("login") in response.url


@pytest.mark.parametrize("url", [LIST_URL, CREATE_URL])
def test_a_party_secretary_may_not_read_or_decide_actions(client, secretary, url):
    client.force_login(secretary)

    assert client.get(url).status_code == 403


# --- One action -------------------------------------------------------------------------


def test_the_detail_shows_the_bottom_lines_the_inquiry_and_the_letter_codes(
    client, city_staff, inquiry, chain
):
    line = BottomLineFactory(year=2026, number=901, text="对重大违纪问题隐瞒不报")
    client.force_login(city_staff)
    client.post(
        f"{CREATE_URL}?inquiry={inquiry.pk}",
        form_data(bottom_lines=[line.pk]),
    )
    action = AccountabilityAction.objects.get()

    response = client.get(detail_url(action))

    assert response.status_code == 200
    assert 'data-number="901"' in response.text
    assert "对重大违纪问题隐瞒不报" in response.text
    code = chain["letter"].signature.code
    assert reverse("public:verify", args=[code]) in response.text
    assert response.context["inquiry"] == inquiry


def test_an_action_out_of_scope_is_not_found(client, township_staff, other_township):
    action = AccountabilityActionFactory(official=OfficialFactory(unit=other_township))
    client.force_login(township_staff)

    assert client.get(detail_url(action)).status_code == 404


def test_a_corrected_action_links_to_its_correction(client, city_staff, official):
    first = AccountabilityActionFactory(official=official)
    second = AccountabilityActionFactory(official=official, corrects=first)
    client.force_login(city_staff)

    response = client.get(detail_url(first))

    assert response.context["corrected_by"] == second
    assert 'data-testid="correct-action"' not in response.text


# --- Deciding an action -------------------------------------------------------------------


def test_the_form_from_an_inquiry_is_prefilled_with_its_leader(
    client, city_staff, inquiry, chain
):
    client.force_login(city_staff)

    response = client.get(CREATE_URL, {"inquiry": inquiry.pk})

    form = response.context["form"]
    assert response.status_code == 200
    assert form["official"].value() == chain["secretary"].pk
    assert form["source"].value() == AccountabilityAction.Source.DOUBLE_INQUIRY
    assert form.fields["official"].disabled
    assert 'data-testid="confirm-decide"' in response.text


def test_deciding_from_an_inquiry_concludes_it(client, city_staff, inquiry, chain):
    client.force_login(city_staff)

    response = client.post(f"{CREATE_URL}?inquiry={inquiry.pk}", form_data())

    action = AccountabilityAction.objects.get()
    inquiry.refresh_from_db()
    assert response.status_code == 302
    assert response.url == detail_url(action)
    assert action.official == chain["secretary"]
    assert inquiry.status == Inquiry.Status.HELD_ACCOUNTABLE
    assert inquiry.action == action


def test_deciding_from_a_finding_escalates_it(client, city_staff, official):
    rectification = RectificationFactory(
        finding__unit=official.unit, responsible=official
    )
    finding = rectification.finding
    finding.officials.add(official)
    client.force_login(city_staff)

    prefilled = client.get(CREATE_URL, {"finding": finding.pk}).context["form"]
    response = client.post(
        f"{CREATE_URL}?finding={finding.pk}",
        form_data(
            unit=official.unit_id,
            official=official.pk,
            source="finding",
            finding=finding.pk,
        ),
    )

    finding.refresh_from_db()
    assert prefilled["official"].value() == official.pk
    assert response.status_code == 302
    assert finding.status == Finding.Status.ESCALATED
    assert AccountabilityAction.objects.get().finding == finding


def test_an_action_against_a_unit_is_recorded(client, city_staff, township):
    client.force_login(city_staff)

    response = client.post(
        CREATE_URL,
        form_data(unit=township.pk, measure=Measure.CIRCULATED_CRITICISM),
    )

    assert response.status_code == 302
    assert AccountabilityAction.objects.get().is_against_unit()


def test_a_unit_measure_against_a_person_is_refused_on_the_form(
    client, city_staff, official
):
    client.force_login(city_staff)

    response = client.post(
        CREATE_URL,
        form_data(
            unit=official.unit_id,
            official=official.pk,
            measure=Measure.CIRCULATED_CRITICISM,
        ),
    )

    assert response.status_code == 200
    assert "measure" in response.context["form"].errors
    assert not AccountabilityAction.objects.exists()


def test_bottom_lines_of_another_year_are_refused_on_the_form(
    client, city_staff, official
):
    line = BottomLineFactory(year=2000)
    client.force_login(city_staff)

    response = client.post(
        CREATE_URL,
        form_data(unit=official.unit_id, official=official.pk, bottom_lines=[line.pk]),
    )

    assert response.status_code == 200
    assert "bottom_lines" in response.context["form"].errors


def test_a_case_out_of_scope_cannot_start_an_action(
    client, township_staff, other_township
):
    case = CaseFactory(unit=other_township)
    client.force_login(township_staff)

    assert client.get(CREATE_URL, {"case": case.pk}).status_code == 404


def test_a_concluded_inquiry_cannot_be_decided_again(client, city_staff, inquiry):
    client.force_login(city_staff)
    client.post(f"{CREATE_URL}?inquiry={inquiry.pk}", form_data())

    response = client.get(CREATE_URL, {"inquiry": inquiry.pk})

    assert response.status_code == 403


def test_a_correction_starts_from_the_corrected_action(client, city_staff, official):
    first = AccountabilityActionFactory(official=official)
    client.force_login(city_staff)

    form = client.get(CREATE_URL, {"corrects": first.pk}).context["form"]
    response = client.post(
        f"{CREATE_URL}?corrects={first.pk}",
        form_data(
            unit=official.unit_id,
            official=official.pk,
            measure=Measure.CIRCULATED,
            corrects=first.pk,
        ),
    )

    assert form["official"].value() == official.pk
    assert response.status_code == 302
    assert (
        AccountabilityAction.objects.get(corrects=first).measure == Measure.CIRCULATED
    )


@pytest.mark.parametrize("param", ["inquiry", "case", "finding", "corrects"])
def test_a_new_action_from_a_malformed_source_is_not_found(client, city_staff, param):
    client.force_login(city_staff)

    response = client.get(reverse("accountability:action_create"), {param: "1 or 1"})

    assert response.status_code == 404
