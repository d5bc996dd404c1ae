"""A party secretary's first visit: log in in Chinese, switch to English, log out."""

import pytest
from playwright.sync_api import expect

from core import roles
from responsibilities.models import Unit
from tests.e2e.accounts import PASSWORD, log_in
from tests.factories import UnitFactory, UserFactory

# The live server runs in a thread of its own, so each test commits its rows and the
# tables are flushed afterwards; serialized_rollback brings back the roles (groups and
# permissions) that data migrations made, for the next test.
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def secretary_account():
    township = UnitFactory(kind=Unit.Kind.TOWNSHIP, name="东湖镇", code="T01")
    return UserFactory(
        username="secretary",
        first_name="王建国",
        password=PASSWORD,
        profile__unit=township,
        roles=[roles.SECRETARY],
    )


def test_secretary_logs_in_in_chinese_switches_to_english_and_logs_out(
    page, live_server, secretary_account
):
    page.goto(f"{live_server.url}/accounts/login/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_role("heading", name="登录")).to_be_visible()

    log_in(page, live_server, "secretary")

    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    user_menu = page.get_by_test_id("user-menu")
    expect(user_menu).to_contain_text("王建国")
    user_menu.click()
    expect(page.get_by_role("button", name="退出")).to_be_visible()

    page.locator("button[name=language][value=en]").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(f"{live_server.url}/")
    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name="Log out").click()

    expect(page).to_have_url(f"{live_server.url}/accounts/login/")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()


def test_on_a_phone_the_navbar_folds_into_a_toggler(
    phone_page, live_server, secretary_account
):
    log_in(phone_page, live_server, "secretary")
    expect(phone_page).to_have_url(f"{live_server.url}/")
    home_link = phone_page.locator("#main-nav .nav-link").first
    expect(home_link).to_be_hidden()

    phone_page.locator(".navbar-toggler").tap()

    expect(home_link).to_be_visible()
