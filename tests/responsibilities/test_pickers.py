"""The searches behind the pickers of officials and units, and the picker widget."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from responsibilities.models import Official, Unit
from tests.factories import OfficialFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

OFFICIALS = reverse("responsibilities:official_search")
UNITS = reverse("responsibilities:unit_search")


def found(client, url: str, **params) -> list[str]:
    response = client.get(url, params)
    assert response.status_code == 200
    return [result["text"] for result in response.json()["results"]]


def test_officials_are_found_by_name_post_or_unit(client, secretary, township):
    OfficialFactory(unit=township, name="王强", post="党委书记")
    OfficialFactory(unit=UnitFactory(parent=township, name="东湖财政所"), name="李芳")
    client.force_login(secretary)

    assert found(client, OFFICIALS, q="王") == ["东湖镇 · 王强（党委书记）"]
    assert found(client, OFFICIALS, q="书记") == ["东湖镇 · 王强（党委书记）"]
    assert found(client, OFFICIALS, q="财政所") == ["东湖财政所 · 李芳（科室负责人）"]


def test_officials_out_of_scope_are_never_found(
    client, secretary, township, other_township
):
    OfficialFactory(unit=other_township, name="赵刚")
    client.force_login(secretary)

    assert found(client, OFFICIALS, q="赵刚") == []
    assert found(client, OFFICIALS, q="") == []
    assert found(client, OFFICIALS, q="", unit=other_township.pk) == []


def test_the_chosen_unit_narrows_to_its_people_and_those_below(
    client, city_staff, city, township, other_township
):
    station = UnitFactory(parent=township, name="东湖派出所")
    OfficialFactory(unit=township, name="王强")
    OfficialFactory(unit=station, name="王海")
    OfficialFactory(unit=other_township, name="王林")
    client.force_login(city_staff)

    names = found(client, OFFICIALS, q="王", unit=township.pk)

    assert sorted(names) == [
        "东湖派出所 · 王海（科室负责人）",
        "东湖镇 · 王强（科室负责人）",
    ]


def test_officials_who_left_are_found_only_when_asked(client, secretary, township):
    OfficialFactory(unit=township, name="钱进", is_active=False)
    client.force_login(secretary)

    assert found(client, OFFICIALS, q="钱") == []
    assert found(client, OFFICIALS, q="钱", inactive="1") == [
        "东湖镇 · 钱进（科室负责人）"
    ]


def test_rank_and_subject_keep_only_those(client, secretary, township):
    OfficialFactory(unit=township, name="王强", subject=Official.Subject.MAIN_LEADER)
    OfficialFactory(unit=township, name="王平")
    client.force_login(secretary)

    names = found(client, OFFICIALS, q="王", subject=Official.Subject.MAIN_LEADER)

    assert names == ["东湖镇 · 王强（科室负责人）"]


def test_at_most_twenty_results_in_the_same_queries_however_many_match(
    client, secretary, township
):
    client.force_login(secretary)
    OfficialFactory(unit=township, name="张一")
    with CaptureQueriesContext(connection) as few:
        found(client, OFFICIALS, q="张", unit=township.pk)
    OfficialFactory.create_batch(30, unit=township, name="张三")

    with CaptureQueriesContext(connection) as many:
        names = found(client, OFFICIALS, q="张", unit=township.pk)

    assert len(names) == 20
    assert len(many.captured_queries) == len(few.captured_queries)


@pytest.mark.parametrize("url", [OFFICIALS, UNITS])
def test_anonymous_search_goes_to_login(client, url):
    response = client.get(url, {"q": "王"})

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("url", [OFFICIALS, UNITS])
def test_accounts_that_may_not_list_people_or_units_cannot_search_them(
    client, auditor, township, url
):
    OfficialFactory(unit=township, name="王小明")
    roleless = UserFactory(profile__unit=township)

    for user in (auditor, roleless):
        client.force_login(user)
        response = client.get(url, {"q": "王"})

        assert response.status_code == 403
        assert "王小明" not in response.text


def test_units_are_found_by_name_or_code_within_scope(
    client, secretary, township, other_township
):
    UnitFactory(parent=township, name="东湖派出所", code="PS01")
    UnitFactory(parent=township, name="旧站", is_active=False)
    client.force_login(secretary)

    assert sorted(found(client, UNITS, q="东湖")) == ["东湖派出所", "东湖镇"]
    assert found(client, UNITS, q="ps01") == ["东湖派出所"]
    assert found(client, UNITS, q="西山") == []
    assert found(client, UNITS, q="旧站") == []
    assert found(client, UNITS, q="旧站", inactive="1") == ["旧站"]


def test_committee_keeps_the_units_with_a_party_committee(client, secretary, township):
    UnitFactory(parent=township, name="东湖站", kind=Unit.Kind.STATION)
    client.force_login(secretary)

    assert found(client, UNITS, q="东湖", committee="1") == ["东湖镇"]
