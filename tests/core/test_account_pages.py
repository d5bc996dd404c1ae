import pytest
from django.urls import reverse

from tests.factories import OfficialFactory, UnitFactory

pytestmark = pytest.mark.django_db


def grow_the_city(city) -> None:
    for _number in range(5):
        OfficialFactory.create_batch(5, unit=UnitFactory(parent=city))


def test_login_page_is_in_chinese(client):
    response = client.get(reverse("login"))

    assert "登录" in response.text
    assert "用户名" in response.text


def test_failed_login_says_so_and_keeps_the_user_name(client, secretary):
    response = client.post(
        reverse("login"), {"username": "secretary", "password": "wrong"}
    )

    assert response.status_code == 200
    assert "请输入一个正确的" in response.text
    assert 'value="secretary"' in response.text


def test_password_change_needs_login(client):
    response = client.get(reverse("password_change"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_password_change_done_needs_login(client):
    response = client.get(reverse("password_change_done"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_user_changes_their_password(client, secretary):
    client.force_login(secretary)

    response = client.post(
        reverse("password_change"),
        {
            "old_password": "pass-word-1",
            "new_password1": "dong-hu-2027-new",
            "new_password2": "dong-hu-2027-new",
        },
    )

    secretary.refresh_from_db()
    assert response.url == reverse("password_change_done")
    assert secretary.check_password("dong-hu-2027-new")


@pytest.mark.parametrize("name", ["password_change", "password_change_done"])
def test_account_pages_query_count_does_not_grow(
    client, secretary, city, count_queries, name
):
    client.force_login(secretary)
    few = count_queries(reverse(name))

    grow_the_city(city)

    assert count_queries(reverse(name)) == few


def test_login_page_query_count_does_not_grow(client, city, count_queries):
    few = count_queries(reverse("login"))

    grow_the_city(city)

    assert count_queries(reverse("login")) == few


def test_import_upload_page_query_count_does_not_grow(
    client, administrator, city, count_queries
):
    client.force_login(administrator)
    few = count_queries(reverse("responsibilities:import_upload"))

    grow_the_city(city)

    assert count_queries(reverse("responsibilities:import_upload")) == few
