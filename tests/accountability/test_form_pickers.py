"""Every form that picks officials or units sends only the chosen ones, not everyone."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accountability.models import Case
from responsibilities.models import Official
from tests.factories import (
    FindingFactory,
    InspectionFactory,
    OfficialFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db

CASE_CREATE = reverse("accountability:case_create")


def inspection_of(township, city_staff):
    return InspectionFactory(
        organiser=city_staff.profile.unit, created_by=city_staff, units=[township]
    ).pk


def finding_at(township, city_staff):
    return FindingFactory(unit=township, created_by=city_staff).pk


# (url name, builds the url's argument or None, who opens it)
FORM_PAGES = [
    ("responsibilities:unit_create", None, "administrator"),
    ("responsibilities:official_create", None, "administrator"),
    ("responsibilities:keytask_create", None, "administrator"),
    ("responsibilities:meeting_create", None, "city_staff"),
    ("responsibilities:list_generate", None, "administrator"),
    ("commitments:campaign_create", None, "city_staff"),
    ("inspections:inspection_create", None, "city_staff"),
    ("inspections:project_create", None, "city_staff"),
    ("inspections:finding_create", None, "city_staff"),
    ("inspections:finding_entry", inspection_of, "city_staff"),
    ("inspections:notice_create", None, "city_staff"),
    ("inspections:rectification_create", finding_at, "city_staff"),
    ("accountability:clue_create", None, "city_staff"),
    ("accountability:case_create", None, "city_staff"),
    ("accountability:action_create", None, "city_staff"),
]


@pytest.mark.parametrize(("name", "argument", "opener"), FORM_PAGES)
def test_form_page_does_not_grow_with_the_people_and_units_it_could_pick(
    request, client, city, township, city_staff, administrator, name, argument, opener
):
    args = [argument(township, city_staff)] if argument else []
    url = reverse(name, args=args)
    client.force_login(request.getfixturevalue(opener))
    before = len(client.get(url).content)
    for number in range(40):
        unit = UnitFactory(parent=township, name=f"候选单位{number}")
        OfficialFactory(
            unit=unit,
            name=f"候选人{number}",
            rank=Official.Rank.COUNTY_CHIEF,
            subject=Official.Subject.MAIN_LEADER,
        )

    response = client.get(url)

    assert response.status_code == 200
    assert "候选人" not in response.text
    assert "候选单位" not in response.text
    assert "data-search-url" in response.text
    assert len(response.content) < before + 1000


def case_data(unit, officials) -> dict:
    return {
        "unit": unit.pk,
        "title": "违规发放津补贴案",
        "summary": "违规发放津补贴3.2万元。",
        "category": Case.Category.INTEGRITY,
        "money_involved": "0",
        "money_recovered": "0",
        "filed_on": timezone.localdate().isoformat(),
        "officials": [official.pk for official in officials],
    }


def test_a_picked_official_is_saved(client, township_staff, township):
    official = OfficialFactory(unit=township, name="李明")
    client.force_login(township_staff)

    response = client.post(CASE_CREATE, case_data(township, [official]))

    assert response.status_code == 302
    case = Case.objects.get()
    assert [subject.official for subject in case.subjects.all()] == [official]


def test_an_official_out_of_scope_is_refused(
    client, township_staff, township, other_township
):
    stranger = OfficialFactory(unit=other_township, name="赵刚")
    client.force_login(township_staff)

    response = client.post(CASE_CREATE, case_data(township, [stranger]))

    assert response.status_code == 200
    assert "officials" in response.context["form"].errors
    assert "赵刚" not in response.text
    assert not Case.objects.exists()


def test_a_form_shown_again_with_errors_keeps_the_people_chosen(
    client, township_staff, township
):
    chosen = OfficialFactory(unit=township, name="李明", post="财政所所长")
    OfficialFactory(unit=township, name="王强")
    client.force_login(township_staff)

    response = client.post(CASE_CREATE, case_data(township, [chosen]) | {"title": ""})

    assert response.status_code == 200
    assert f'<option value="{chosen.pk}" selected>李明（财政所所长）</option>' in (
        response.text
    )
    assert "王强" not in response.text


LIST_PAGES = [
    "responsibilities:official_list",
    "responsibilities:keytask_list",
    "responsibilities:report_list",
    "responsibilities:portfolio_register",
    "inspections:inspection_list",
    "inspections:project_list",
    "inspections:finding_list",
    "inspections:notice_list",
    "inspections:rectification_board",
    "accountability:clue_list",
    "accountability:case_list",
    "accountability:action_list",
    "accountability:inquiry_gaps",
]


@pytest.mark.parametrize("name", LIST_PAGES)
def test_a_list_filter_does_not_list_every_unit(
    client, city, township, city_staff, name
):
    client.force_login(city_staff)
    for number in range(40):
        UnitFactory(parent=township, name=f"候选单位{number}")

    response = client.get(reverse(name))

    assert response.status_code == 200
    assert not re.search(r"<option[^>]*>候选单位", response.text)


def test_a_list_filter_keeps_the_unit_it_filters_by(client, city_staff, township):
    client.force_login(city_staff)

    response = client.get(reverse("accountability:case_list"), {"unit": township.pk})

    assert f'<option value="{township.pk}" selected>东湖镇</option>' in response.text
