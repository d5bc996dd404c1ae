"""The interface is Chinese whatever the browser asks for; English only when chosen."""

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

HOME_URL = reverse("home")
BOARD_URL = reverse("public:commitment_board")
ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


def choose(client, language: str, next_url: str = "/"):
    return client.post(
        reverse("set_language"),
        {"language": language, "next": next_url},
        **ENGLISH_BROWSER,
    )


def test_a_browser_asking_for_english_gets_chinese(client, secretary):
    client.force_login(secretary)

    response = client.get(HOME_URL, **ENGLISH_BROWSER)

    assert '<html lang="zh-hans">' in response.text
    assert "退出" in response.text
    assert response["Content-Language"] == "zh-hans"


def test_a_public_page_is_chinese_for_a_browser_asking_for_english(client):
    response = client.get(BOARD_URL, **ENGLISH_BROWSER)

    assert '<html lang="zh-hans">' in response.text
    assert "公开承诺" in response.text


def test_after_choosing_english_the_next_pages_are_english(client, secretary):
    client.force_login(secretary)

    choose(client, "en")
    home = client.get(HOME_URL)
    board = client.get(BOARD_URL)

    assert '<html lang="en">' in home.text
    assert "Log out" in home.text
    assert '<html lang="en">' in board.text
    assert "Public commitments" in board.text


def test_a_visitor_can_choose_english_on_a_public_page(client):
    response = choose(client, "en", BOARD_URL)

    board = client.get(response.url)

    assert '<html lang="en">' in board.text
    assert "Public commitments" in board.text


def test_choosing_chinese_again_goes_back_to_chinese(client, secretary):
    client.force_login(secretary)
    choose(client, "en")

    choose(client, "zh-hans")
    response = client.get(HOME_URL, **ENGLISH_BROWSER)

    assert '<html lang="zh-hans">' in response.text
    assert "退出" in response.text


def test_the_choice_is_remembered_after_the_browser_closes(client):
    response = choose(client, "en")

    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert int(cookie["max-age"]) >= 60 * 60 * 24 * 365


def test_an_unknown_language_in_the_cookie_gives_chinese(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"

    response = client.get(BOARD_URL, **ENGLISH_BROWSER)

    assert '<html lang="zh-hans">' in response.text


def test_pages_say_they_depend_on_the_cookie_not_on_the_browser_language(client):
    response = client.get(BOARD_URL, **ENGLISH_BROWSER)

    assert "Cookie" in response["Vary"]
    assert "Accept-Language" not in response["Vary"]
