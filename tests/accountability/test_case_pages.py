"""The case pages: the register with its totals, filing, the case file, its stages."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accountability.models import Case, Clue, Inquiry, Responsibility
from accountability.services.cases import advance_case, file_case, transfer_case
from core.models import FormSubmission
from tests.factories import (
    CaseFactory,
    CaseSubjectFactory,
    ClueFactory,
    OfficialFactory,
    PortfolioAreaFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LIST_URL = reverse("accountability:case_list")
CREATE_URL = reverse("accountability:case_create")


def case_url(name: str, case: Case) -> str:
    return reverse(f"accountability:{name}", args=[case.pk])


def file(unit, official, actor, **fields) -> Case:
    values = {
        "unit": unit,
        "title": "违规收受礼金案",
        "category": Case.Category.INTEGRITY,
        "filed_on": TODAY - datetime.timedelta(days=3),
    }
    case = Case(**(values | fields))
    return file_case(case=case, officials=[official], actor=actor)


def listed(response) -> list[int]:
    return [case.pk for case in response.context["page"]]


# --- The register -----------------------------------------------------------------


def test_the_register_totals_the_filtered_cases_exactly(
    client, city_staff, township, township_official
):
    amounts = [Decimal("0.10"), Decimal("0.20"), Decimal("760000.01")]
    cases = [
        file(township, township_official, city_staff, money_recovered=amount)
        for amount in amounts
    ]
    cases[0].is_major = True
    cases[0].save()
    transfer_case(
        case=cases[1], transferred_on=TODAY, transferred_to="检察院", actor=city_staff
    )
    for _stage in range(2):
        advance_case(case=cases[2], actor=city_staff)
    advance_case(case=cases[2], actor=city_staff, closed_on=TODAY, conclusion="结")
    client.force_login(city_staff)

    response = client.get(LIST_URL)

    assert response.context["totals"] == {
        "cases": 3,
        "closed": 1,
        "major": 1,
        "transferred": 1,
        "recovered": sum(amounts),
    }
    assert b'data-testid="totals-recovered">760,000.31<' in response.content
    major = client.get(LIST_URL, {"major": "true"}).context["totals"]
    assert (major["cases"], major["recovered"]) == (1, Decimal("0.10"))


def test_the_register_filters_cases(
    client, city_staff, township, other_township, township_official
):
    station = UnitFactory(parent=township, name="东湖镇财政所")
    first = file(township, township_official, city_staff, title="违规发放津补贴案")
    second = file(
        station,
        OfficialFactory(unit=station, name="赵强"),
        city_staff,
        category=Case.Category.WORK,
        is_major=True,
    )
    third = file(
        other_township,
        OfficialFactory(unit=other_township),
        city_staff,
        filed_on=TODAY - datetime.timedelta(days=40),
    )
    transfer_case(
        case=second, transferred_on=TODAY, transferred_to="检察院", actor=city_staff
    )
    advance_case(case=first, actor=city_staff)
    client.force_login(city_staff)

    def pks(**params) -> set[int]:
        return set(listed(client.get(LIST_URL, params)))

    assert pks() == {first.pk, second.pk, third.pk}
    assert pks(unit=township.pk) == {first.pk, second.pk}
    assert pks(stage="investigation") == {first.pk}
    assert pks(category="work") == {second.pk}
    assert pks(major="true") == {second.pk}
    assert pks(transferred="true") == {second.pk}
    assert pks(transferred="false") == {first.pk, third.pk}
    assert pks(overdue="true") == {third.pk}
    assert pks(text="赵强") == {second.pk}
    assert pks(text="津补贴") == {first.pk}
    assert third.pk in pks(year=third.year)
    assert pks(year=2001) == set()


def test_the_register_marks_overdue_cases(client, city_staff, township):
    late = CaseFactory(
        year=2020, unit=township, stage_due_on=TODAY - datetime.timedelta(1)
    )
    CaseFactory(year=2020, unit=township, stage_due_on=TODAY + datetime.timedelta(5))
    client.force_login(city_staff)

    response = client.get(LIST_URL)

    assert response.content.count(b'data-testid="case-overdue"') == 1
    assert f'data-pk="{late.pk}"'.encode() in response.content


def test_a_township_lists_only_its_own_cases(
    client, township_staff, township, other_township
):
    own = CaseFactory(year=2020, unit=township)
    CaseFactory(year=2020, unit=other_township)
    client.force_login(township_staff)

    assert listed(client.get(LIST_URL)) == [own.pk]


def test_register_query_count_does_not_grow(client, city_staff, city, count_queries):
    client.force_login(city_staff)
    CaseSubjectFactory(case__year=2020, case__unit=UnitFactory(parent=city))
    few = count_queries(LIST_URL)

    for _number in range(12):
        subject = CaseSubjectFactory(
            case__year=2020, case__unit=UnitFactory(parent=city)
        )
        CaseSubjectFactory(case=subject.case)

    assert count_queries(LIST_URL) == few


@pytest.mark.parametrize("name", ["case_list", "case_create"])
def test_a_secretary_and_an_auditor_cannot_open_the_register(
    client, secretary, auditor, name
):
    for user in (secretary, auditor):
        client.force_login(user)

        assert client.get(reverse(f"accountability:{name}")).status_code == 403


@pytest.mark.parametrize("name", ["case_list", "case_create"])
def test_anonymous_visitor_is_sent_to_log_in(client, name):
    response = client.get(reverse(f"accountability:{name}"))

    assert response.status_code == 302
    assert reverse("login") in response.url


# --- Filing -----------------------------------------------------------------------


def case_data(unit, officials, **changes) -> dict:
    data = {
        "unit": unit.pk,
        "title": "违规发放津补贴案",
        "summary": "违规发放津补贴3.2万元。",
        "category": Case.Category.INTEGRITY,
        "violation_year": "",
        "money_involved": "32000.00",
        "money_recovered": "0.30",
        "filed_on": TODAY.isoformat(),
        "officials": [official.pk for official in officials],
    }
    return data | changes


def test_staff_file_a_case(client, city_staff, township, township_official):
    client.force_login(city_staff)

    response = client.post(CREATE_URL, case_data(township, [township_official]))

    case = Case.objects.get()
    assert response.status_code == 302
    assert response.url == case.get_absolute_url()
    assert case.money_recovered == Decimal("0.30")
    assert case.violation_year == TODAY.year
    assert [subject.official for subject in case.subjects.all()] == [township_official]


def test_a_case_is_filed_with_the_area_it_concerns(
    client, city_staff, township, township_official
):
    finance = PortfolioAreaFactory(name="财政")
    client.force_login(city_staff)
    form = client.get(CREATE_URL).context["form"]

    client.post(CREATE_URL, case_data(township, [township_official], area=finance.pk))

    case = Case.objects.get()
    assert not form.fields["area"].required
    assert case.area == finance
    assert "财政" in client.get(case.get_absolute_url()).text


def test_a_case_without_subjects_shows_its_errors(client, city_staff, township):
    client.force_login(city_staff)

    response = client.post(CREATE_URL, case_data(township, []))

    assert response.status_code == 200
    assert "officials" in response.context["form"].errors
    assert not Case.objects.exists()


def test_negative_money_shows_its_error(
    client, city_staff, township, township_official
):
    client.force_login(city_staff)

    response = client.post(
        CREATE_URL,
        case_data(township, [township_official], money_recovered="-5"),
    )

    assert response.status_code == 200
    assert "money_recovered" in response.context["form"].errors


def test_a_violation_in_a_future_year_is_refused(
    client, city_staff, township, township_official
):
    client.force_login(city_staff)

    response = client.post(
        CREATE_URL,
        case_data(township, [township_official], violation_year=TODAY.year + 1),
    )

    assert "violation_year" in response.context["form"].errors
    assert not Case.objects.exists()


def proposed_clue(unit, handler, **fields) -> Clue:
    return ClueFactory(
        unit=unit,
        status=Clue.Status.PROPOSED,
        handler=handler,
        assigned_at=timezone.now(),
        **fields,
    )


def test_a_case_from_a_clue_is_prefilled_and_files_the_clue(
    client, city_staff, township, township_official
):
    clue = proposed_clue(township, city_staff)
    clue.officials.add(township_official)
    client.force_login(city_staff)
    url = f"{CREATE_URL}?clue={clue.pk}"

    form = client.get(url).context["form"]
    response = client.post(url, case_data(township, [township_official]))

    assert form.initial["unit"] == township.pk
    assert form.initial["officials"] == [township_official.pk]
    assert form.initial["summary"] == clue.summary
    case = Case.objects.get()
    assert response.status_code == 302
    assert case.clue == clue
    clue.refresh_from_db()
    assert clue.status == Clue.Status.FILED


def test_a_clue_not_proposed_is_sent_back_to_its_page(client, city_staff, township):
    clue = ClueFactory(unit=township)
    client.force_login(city_staff)

    response = client.get(CREATE_URL, {"clue": clue.pk})

    assert response.status_code == 302
    assert response.url == clue.get_absolute_url()


def test_a_refused_filing_posted_again_is_refused_again_not_called_saved(
    client, city_staff, township
):
    clue = ClueFactory(unit=township)
    client.force_login(city_staff)
    url = f"{CREATE_URL}?clue={clue.pk}"
    token = str(uuid.uuid4())

    client.post(url, {"submission_token": token}, follow=True)
    again = client.post(url, {"submission_token": token}, follow=True)

    said = [str(message) for message in again.context["messages"]]
    assert said == ["只有处置方式为拟立案的线索才能立案。"]
    assert not FormSubmission.objects.exists()


def test_a_clue_out_of_scope_is_not_found(client, township_staff, other_township):
    clue = proposed_clue(other_township, township_staff)
    client.force_login(township_staff)

    assert client.get(CREATE_URL, {"clue": clue.pk}).status_code == 404
    assert client.get(CREATE_URL, {"clue": "x"}).status_code == 404


# --- The case file ----------------------------------------------------------------


def test_the_case_file_shows_subjects_timeline_and_double_inquiry(
    client, city_staff, township_case, township_official
):
    inquiry = Inquiry.objects.create(
        case=township_case,
        unit=township_case.unit,
        official=township_official,
        opened_by=city_staff,
        year=TODAY.year,
        responsibility=Responsibility.MAIN,
    )
    client.force_login(city_staff)

    response = client.get(case_url("case_detail", township_case))

    assert response.status_code == 200
    assert list(response.context["subjects"])[0].official == township_official
    assert [row["state"] for row in response.context["timeline"]] == [
        "current",
        "next",
        "next",
        "next",
    ]
    assert response.context["timeline"][0]["days_left"] == 20
    assert inquiry.get_absolute_url().encode() in response.content
    assert case_url("case_inquiry_proposal", township_case).encode() in response.content


def test_the_timeline_keeps_the_dates_of_past_stages(client, city_staff, township_case):
    advance_case(case=township_case, actor=city_staff)
    client.force_login(city_staff)

    timeline = client.get(case_url("case_detail", township_case)).context["timeline"]

    assert timeline[0]["state"] == "done"
    assert timeline[0]["started_on"] == township_case.filed_on
    assert timeline[0]["ended_on"] == TODAY
    assert timeline[1]["due_on"] == TODAY + datetime.timedelta(days=90)


def test_a_secretary_cannot_open_a_case(client, secretary, township_case):
    client.force_login(secretary)

    assert client.get(case_url("case_detail", township_case)).status_code == 403
