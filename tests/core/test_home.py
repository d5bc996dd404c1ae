import pytest
from django.urls import reverse

from core import roles
from responsibilities.models import Official
from tests.factories import OfficialFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response.url == reverse("login") + "?next=/"


def test_home_is_in_chinese_by_default(client, secretary):
    client.force_login(secretary)

    response = client.get(reverse("home"))

    assert '<html lang="zh-hans">' in response.text
    assert "退出" in response.text


def test_english_can_be_chosen_from_any_page(client, secretary):
    client.force_login(secretary)

    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("home"))

    assert '<html lang="en">' in response.text
    assert "Log out" in response.text


def test_secretary_sees_their_post_and_unit(client, secretary, township):
    OfficialFactory(unit=township, user=secretary, post="党委书记", name="张伟")
    client.force_login(secretary)

    response = client.get(reverse("home"))

    assert "党委书记" in response.text
    assert township.get_absolute_url() in response.text


def test_administrator_is_told_which_townships_lack_a_main_leader(
    client, administrator, township, other_township
):
    OfficialFactory(unit=township, subject=Official.Subject.MAIN_LEADER)
    OfficialFactory(unit=township, subject=Official.Subject.DISCIPLINE_HEAD)
    OfficialFactory(unit=other_township, subject=Official.Subject.DISCIPLINE_HEAD)
    client.force_login(administrator)

    response = client.get(reverse("home"))

    missing = response.context["panels"][0]["without_main_leader"]
    assert missing == [other_township]


def test_navigation_shows_only_what_the_role_may_use(client, auditor, administrator):
    client.force_login(auditor)
    auditor_page = client.get(reverse("home")).text
    client.force_login(administrator)
    administrator_page = client.get(reverse("home")).text

    assert reverse("audit_log") in auditor_page
    assert reverse("responsibilities:official_list") not in auditor_page
    assert reverse("responsibilities:import_upload") in administrator_page
    assert reverse("audit_log") not in administrator_page


def test_a_user_without_a_role_is_told_whom_to_ask(client, township):
    client.force_login(UserFactory(profile__unit=township))

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert response.context["panels"] == []


@pytest.mark.parametrize(
    "role",
    [roles.ADMINISTRATOR, roles.DISCIPLINE_STAFF, roles.SECRETARY, roles.AUDITOR],
)
def test_home_query_count_does_not_grow_with_the_organisation(
    client, city, township, count_queries, role
):
    client.force_login(UserFactory(profile__unit=city, roles=[role]))
    few = count_queries(reverse("home"))

    for _number in range(5):
        OfficialFactory.create_batch(5, unit=UnitFactory(parent=city))

    assert count_queries(reverse("home")) == few
