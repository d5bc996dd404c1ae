"""A year's responsibility list: an administrator publishes it, the public reads it, and a
team member records the work done on one of their duties, with a file behind it."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from core import roles
from responsibilities.models import Official, ResponsibilityList, Unit
from responsibilities.services.catalogue import install_default_catalogue
from responsibilities.services.lists import generate_list
from tests.e2e.accounts import PASSWORD, log_in
from tests.factories import OfficialFactory, UnitFactory, UserFactory

# As in the first journey: each test commits its rows (the live server is another thread),
# and serialized_rollback brings back what the data migrations made (roles, catalogue).
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
)


@pytest.fixture
def township_list(settings, tmp_path):
    """The township's list for this year, generated from the catalogue, still a draft."""
    settings.MEDIA_ROOT = tmp_path / "media"
    year = timezone.localdate().year
    install_default_catalogue(year=year)  # a no-op when the migration installed it
    city = UnitFactory(kind=Unit.Kind.CITY_COMMITTEE, name="中州市委", code="CITY")
    township = UnitFactory(
        kind=Unit.Kind.TOWNSHIP, name="东湖镇", code="T01", parent=city
    )
    OfficialFactory(
        unit=township,
        name="王建国",
        post="镇党委书记",
        rank=Official.Rank.SECTION_CHIEF,
        subject=Official.Subject.MAIN_LEADER,
    )
    member = UserFactory(
        username="member",
        first_name="余敏",
        password=PASSWORD,
        profile__unit=township,
        roles=[roles.TEAM_MEMBER],
    )
    OfficialFactory(
        unit=township,
        user=member,
        name="余敏",
        post="镇长",
        rank=Official.Rank.SECTION_CHIEF,
        subject=Official.Subject.TEAM_MEMBER,
    )
    OfficialFactory(
        unit=township,
        name="李清",
        post="镇纪委书记",
        rank=Official.Rank.SECTION_DEPUTY,
        subject=Official.Subject.DISCIPLINE_HEAD,
    )
    UserFactory(
        username="admin",
        first_name="管理员甲",
        password=PASSWORD,
        profile__unit=city,
        roles=[roles.ADMINISTRATOR],
    )
    responsibility_list, added = generate_list(unit=township, year=year)
    assert added > 0
    return responsibility_list


def log_out(page) -> None:
    page.get_by_test_id("user-menu").click()
    page.locator("form[action$='/logout/'] button[type=submit]").click()
    expect(page.get_by_test_id("user-menu")).to_have_count(0)


def test_list_is_published_read_publicly_and_a_member_records_progress_with_a_file(
    page, live_server, township_list, tmp_path
):
    list_url = f"{live_server.url}{township_list.get_absolute_url()}"
    log_in(page, live_server, "admin")
    page.goto(list_url)
    expect(page.get_by_test_id("published-info")).to_have_count(0)

    page.get_by_test_id("publish-list").click()
    confirm = page.get_by_test_id("confirm-publish")
    expect(confirm).to_be_visible()
    confirm.click()

    expect(page).to_have_url(list_url)
    published_on = timezone.localdate().isoformat()
    expect(page.get_by_test_id("published-info")).to_contain_text(published_on)
    expect(page.get_by_test_id("public-page-link")).to_be_visible()
    expect(page.get_by_test_id("publish-list")).to_have_count(0)
    township_list.refresh_from_db()
    assert township_list.status == ResponsibilityList.Status.PUBLISHED

    log_out(page)
    page.goto(f"{live_server.url}/public/lists/")

    expect(page).to_have_url(f"{live_server.url}/public/lists/")
    public_link = page.get_by_role("link", name="东湖镇")
    expect(public_link).to_be_visible()
    public_link.click()
    expect(page).to_have_url(f"{live_server.url}/public/lists/{township_list.pk}/")
    expect(page.get_by_text("余敏").first).to_be_visible()

    log_in(page, live_server, "member")
    page.get_by_test_id("nav-responsibilities").click()
    page.get_by_test_id("nav-my-responsibilities").click()

    expect(page).to_have_url(f"{live_server.url}/responsibilities/mine/")
    duties = page.get_by_test_id("my-duty")
    expect(duties.first).to_be_visible()
    duties.first.get_by_role("link").last.click()
    expect(page).to_have_url(re.compile(r"/responsibilities/duties/\d+/$"))
    duty_url = page.url

    report = tmp_path / "整改台账.pdf"
    report.write_bytes(PDF)
    today = timezone.localdate().isoformat()
    page.locator("input[name=happened_on]").fill(today)
    page.locator("textarea[name=text]").fill("召开班子会议专题研究党风廉政建设工作")
    page.locator("input[name=files]").set_input_files(report)
    page.get_by_test_id("record-progress").click()

    expect(page).to_have_url(duty_url)
    entry = page.get_by_test_id("progress-entry")
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text(today)
    expect(entry).to_contain_text("召开班子会议专题研究党风廉政建设工作")
    attachment = entry.get_by_test_id("attachment-link")
    expect(attachment).to_contain_text("整改台账.pdf")

    with page.expect_download() as download_info:
        attachment.click()

    download = download_info.value
    assert download.suggested_filename == "整改台账.pdf"
    assert download.path().read_bytes() == PDF


def test_my_responsibilities_fit_a_phone_screen(phone_page, live_server, township_list):
    log_in(phone_page, live_server, "member")

    phone_page.goto(f"{live_server.url}/")
    phone_page.locator(".navbar-toggler").tap()
    phone_page.get_by_test_id("nav-responsibilities").tap()
    phone_page.get_by_test_id("nav-my-responsibilities").tap()

    expect(phone_page).to_have_url(f"{live_server.url}/responsibilities/mine/")
    expect(phone_page.get_by_test_id("my-duty").first).to_be_visible()
    scroll_width, viewport_width = phone_page.evaluate(
        "[document.scrollingElement.scrollWidth, window.innerWidth]"
    )
    assert scroll_width <= viewport_width + 1
