"""The accounts the browser journeys log in with, and logging in."""

from playwright.sync_api import expect

from core import roles
from responsibilities.models import Unit
from tests.factories import UnitFactory, UserFactory

PASSWORD = "pass-word-1"


def log_in(page, live_server, username: str) -> None:
    """Log in afresh as `username` and wait for the home page."""
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    # Django's own translations name the fields, so these labels are Chinese already.
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}/")


def city_with_staff() -> tuple[Unit, Unit]:
    """Create 中州市委 with its discipline committee and 东湖镇, and the committee's staff
    account `staff` (陈静); return the committee and the township."""
    root = UnitFactory(kind=Unit.Kind.CITY_COMMITTEE, name="中州市委", code="CITY")
    committee = UnitFactory(
        kind=Unit.Kind.DISCIPLINE_COMMITTEE, name="中州市纪委", code="CDI", parent=root
    )
    township = UnitFactory(
        kind=Unit.Kind.TOWNSHIP, name="东湖镇", code="T01", parent=root
    )
    UserFactory(
        username="staff",
        first_name="陈静",
        password=PASSWORD,
        profile__unit=committee,
        roles=[roles.DISCIPLINE_STAFF],
    )
    return committee, township
