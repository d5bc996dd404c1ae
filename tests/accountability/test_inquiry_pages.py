"""The pages of 一案双查: opening it from a case or finding, the gaps, one inquiry."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from accountability.models import Inquiry
from accountability.services.inquiries import (
    clear_inquiry,
    open_double_inquiry,
    propose_double_inquiry,
)
from inspections.models import Finding
from tests.factories import (
    CaseFactory,
    CaseSubjectFactory,
    FindingFactory,
    OfficialFactory,
    UnitFactory,
)

from . import test_inquiries

pytestmark = pytest.mark.django_db

GAPS_URL = reverse("accountability:inquiry_gaps")
chain = test_inquiries.chain
station = test_inquiries.station


@pytest.fixture
def case(station, chain):
    case = CaseFactory(unit=station, violation_year=2026)
    CaseSubjectFactory(case=case, official=OfficialFactory(unit=station))
    return case


@pytest.fixture
def inquiry(case, chain, city_staff):
    open_double_inquiry(case=case, actor=city_staff)
    return Inquiry.objects.get(official=chain["secretary"])


def open_url(case) -> str:
    return reverse("accountability:case_open_inquiry", args=[case.pk])


def proposal_url(case) -> str:
    return reverse("accountability:case_inquiry_proposal", args=[case.pk])


def confirm(client, case, **data):
    """Post the case's confirmation page as it would be shown now, with `data`."""
    shown = propose_double_inquiry(case=case).shown
    return client.post(open_url(case), {"shown": shown, **data})


def finding_open_url(finding) -> str:
    return reverse("accountability:finding_open_inquiry", args=[finding.pk])


def detail_url(inquiry) -> str:
    return reverse("accountability:inquiry_detail", args=[inquiry.pk])


def clear_url(inquiry) -> str:
    return reverse("accountability:inquiry_clear", args=[inquiry.pk])


def message_levels(response) -> list[str]:
    return [message.level_tag for message in get_messages(response.wsgi_request)]


# --- Opening ----------------------------------------------------------------------------


def test_the_proposal_shows_who_will_be_asked_and_why_without_the_subject(
    client, township_staff, case, chain
):
    CaseSubjectFactory(case=case, official=chain["inspector"])
    client.force_login(township_staff)

    response = client.get(proposal_url(case))

    assert response.status_code == 200
    named = response.context["proposal"].named
    assert [leader.official for leader in named] == [chain["secretary"]]
    page = response.text
    assert f'data-testid="named-leader" data-official="{chain["secretary"].pk}"' in page
    assert f'data-official="{chain["inspector"].pk}"' not in page
    assert f'data-testid="other-leader" data-official="{chain["mayor"].pk}"' in page
    assert chain["letter"].signature.code in page
    assert 'data-testid="no-area"' in page
    assert "按规定应调查" in page
    assert "是党风廉政建设第一责任人" in page
    assert not Inquiry.objects.exists()


def test_confirming_opens_exactly_the_named_leaders(
    client, township_staff, case, chain
):
    client.force_login(township_staff)

    response = confirm(client, case)

    assert response.status_code == 302
    assert response.url == case.get_absolute_url()
    assert {i.official for i in Inquiry.objects.filter(case=case)} == {
        chain["secretary"],
        chain["inspector"],
    }
    assert message_levels(response) == ["success"]


def test_confirming_again_says_every_leader_has_one(client, township_staff, case):
    client.force_login(township_staff)
    confirm(client, case)

    response = confirm(client, case)

    assert Inquiry.objects.filter(case=case).count() == 2
    assert message_levels(response)[-1] == "info"


def test_another_leader_is_added_with_the_reason_written(
    client, township_staff, case, chain
):
    mayor = chain["mayor"].pk
    client.force_login(township_staff)

    response = confirm(
        client, case, **{f"add_{mayor}": "on", f"reason_{mayor}": "镇长分管财政所。"}
    )

    assert response.status_code == 302
    added = Inquiry.objects.get(case=case, official=mayor)
    assert added.added_reason == "镇长分管财政所。"
    page = client.get(reverse("accountability:inquiry_detail", args=[added.pk]))
    assert "镇长分管财政所。" in page.text


def test_adding_a_leader_without_a_reason_shows_the_error(
    client, township_staff, case, chain
):
    mayor = chain["mayor"].pk
    client.force_login(township_staff)

    response = confirm(client, case, **{f"add_{mayor}": "on", f"reason_{mayor}": " "})

    assert response.status_code == 200
    assert f"reason_{mayor}" in response.context["form"].errors
    assert not Inquiry.objects.exists()


def test_a_proposal_changed_since_it_was_shown_is_shown_again(
    client, township_staff, case, chain
):
    client.force_login(township_staff)

    response = client.post(open_url(case), {"shown": str(chain["secretary"].pk)})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert f'value="{propose_double_inquiry(case=case).shown}"' in response.text
    assert not Inquiry.objects.exists()


def test_the_proposal_costs_the_same_queries_however_many_leaders(
    client, township_staff, township, case, count_queries
):
    client.force_login(township_staff)
    few = count_queries(proposal_url(case))

    for number in range(4):
        test_inquiries.signed_letter(
            test_inquiries.leader(township, f"新{number}", "team_member")
        )

    assert count_queries(proposal_url(case)) == few


def test_the_proposal_of_another_townships_case_is_not_found(
    client, township_staff, other_township
):
    case = CaseFactory(unit=other_township)
    client.force_login(township_staff)

    assert client.get(proposal_url(case)).status_code == 404


def test_a_party_secretary_may_not_see_the_proposal(client, secretary, case):
    client.force_login(secretary)

    assert client.get(proposal_url(case)).status_code == 403


def test_anonymous_visitor_is_sent_to_log_in_from_the_proposal(client, case):
    response = client.get(proposal_url(case))

    assert response.status_code == 302
    assert reverse("login") in response.url


def test_a_case_with_nobody_answerable_says_so(client, city_staff, city):
    case = CaseFactory(unit=UnitFactory(parent=city))
    client.force_login(city_staff)

    response = client.post(open_url(case))

    assert not Inquiry.objects.exists()
    assert message_levels(response) == ["warning"]


def test_opening_another_townships_case_is_not_found(
    client, township_staff, other_township
):
    case = CaseFactory(unit=other_township)
    client.force_login(township_staff)

    assert client.post(open_url(case)).status_code == 404


def test_a_party_secretary_may_not_open_an_inquiry(client, secretary, case):
    client.force_login(secretary)

    assert client.post(open_url(case)).status_code == 403
    assert not Inquiry.objects.exists()


def test_opening_needs_a_post(client, township_staff, case):
    client.force_login(township_staff)

    assert client.get(open_url(case)).status_code == 405


def test_anonymous_visitor_cannot_open_an_inquiry(client, case):
    response = client.post(open_url(case))

    assert response.status_code == 302
    assert reverse("login") in response.url


def test_a_serious_finding_opens_its_inquiries_from_its_page(
    client, township_staff, township, chain
):
    finding = FindingFactory(unit=township, severity=Finding.Severity.SERIOUS)
    client.force_login(township_staff)

    response = client.post(finding_open_url(finding))

    assert response.status_code == 302
    assert response.url == finding.get_absolute_url()
    assert Inquiry.objects.filter(finding=finding).count() == 3


def test_a_minor_finding_opens_nothing(client, township_staff, township, chain):
    finding = FindingFactory(unit=township, severity=Finding.Severity.MINOR)
    client.force_login(township_staff)

    response = client.post(finding_open_url(finding))

    assert response.status_code == 302
    assert not Inquiry.objects.exists()
    assert message_levels(response) == ["error"]


def test_another_townships_finding_is_not_found(client, township_staff, other_township):
    finding = FindingFactory(unit=other_township, severity=Finding.Severity.GRAVE)
    client.force_login(township_staff)

    assert client.post(finding_open_url(finding)).status_code == 404
    assert client.get(finding_open_url(finding)).status_code == 405


# --- The gaps ---------------------------------------------------------------------------


def test_the_gaps_list_cases_without_or_with_open_inquiries(
    client, city_staff, township, case, chain
):
    missing = CaseFactory(unit=township)
    done = CaseFactory(unit=township)
    open_double_inquiry(case=case, actor=city_staff)
    for inquiry in open_double_inquiry(case=done, actor=city_staff):
        clear_inquiry(inquiry=inquiry, reasons="已履职。", actor=city_staff)
    first = Inquiry.objects.filter(case=case).first()
    clear_inquiry(inquiry=first, reasons="已履职。", actor=city_staff)
    client.force_login(city_staff)

    response = client.get(GAPS_URL)

    rows = {row.pk: row for row in response.context["page"]}
    assert set(rows) == {case.pk, missing.pk}
    assert (rows[case.pk].open_count, rows[case.pk].concluded_count) == (1, 1)
    assert (rows[missing.pk].open_count, rows[missing.pk].concluded_count) == (0, 0)


def test_the_gaps_are_filtered_by_unit_and_scoped(
    client, township_staff, township, other_township
):
    mine = CaseFactory(unit=township)
    CaseFactory(unit=other_township)
    CaseFactory(unit=township, year=2025, sequence=900)
    client.force_login(township_staff)

    rows = client.get(GAPS_URL, {"year": 2026, "unit": township.pk}).context["page"]

    assert list(rows) == [mine]


def test_gaps_query_count_does_not_grow(client, city_staff, city, case, count_queries):
    client.force_login(city_staff)
    few = count_queries(GAPS_URL)

    for _number in range(10):
        other = CaseFactory(unit=UnitFactory(parent=city))
        CaseSubjectFactory(case=other)
    open_double_inquiry(case=case, actor=city_staff)

    assert count_queries(GAPS_URL) == few


def test_a_party_secretary_may_not_list_the_gaps(client, secretary):
    client.force_login(secretary)

    assert client.get(GAPS_URL).status_code == 403


# --- One inquiry ------------------------------------------------------------------------


def test_the_inquiry_shows_duties_and_signed_letters_with_codes(
    client, township_staff, inquiry, chain
):
    client.force_login(township_staff)

    response = client.get(detail_url(inquiry))

    assert response.status_code == 200
    code = chain["letter"].signature.code
    assert reverse("public:verify", args=[code]) in response.text
    assert response.text.count('data-testid="duty"') == 2
    assert 'data-testid="hold-accountable"' in response.text


def test_an_inquiry_out_of_scope_is_not_found(client, inquiry, other_township):
    from core import roles
    from tests.factories import UserFactory

    stranger = UserFactory(profile__unit=other_township, roles=[roles.DISCIPLINE_STAFF])
    client.force_login(stranger)

    assert client.get(detail_url(inquiry)).status_code == 404
    assert client.post(clear_url(inquiry), {"reasons": "无"}).status_code == 404


def test_a_party_secretary_may_not_read_an_inquiry(client, secretary, inquiry):
    client.force_login(secretary)

    assert client.get(detail_url(inquiry)).status_code == 403


def test_no_responsibility_concludes_the_inquiry(client, township_staff, inquiry):
    client.force_login(township_staff)

    response = client.post(clear_url(inquiry), {"reasons": "已及时报告并督促整改。"})

    inquiry.refresh_from_db()
    assert response.status_code == 302
    assert response.url == detail_url(inquiry)
    assert inquiry.status == Inquiry.Status.NOT_RESPONSIBLE
    assert inquiry.reasons == "已及时报告并督促整改。"


def test_no_responsibility_needs_reasons(client, township_staff, inquiry):
    client.force_login(township_staff)

    response = client.post(clear_url(inquiry), {"reasons": ""})

    inquiry.refresh_from_db()
    assert response.status_code == 200
    assert "reasons" in response.context["form"].errors
    assert inquiry.is_open()


def test_a_concluded_inquiry_cannot_be_cleared_again(client, township_staff, inquiry):
    client.force_login(township_staff)
    client.post(clear_url(inquiry), {"reasons": "无责任。"})

    response = client.post(clear_url(inquiry), {"reasons": "再次。"})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_clearing_needs_a_post(client, township_staff, inquiry):
    client.force_login(township_staff)

    assert client.get(clear_url(inquiry)).status_code == 405
