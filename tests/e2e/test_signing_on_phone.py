"""A party secretary signs their integrity commitment on a phone: writes it, loses nothing
when the network drops, draws a signature with a finger, signs, keeps the PDF and checks
the verification page."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from commitments.models import Letter
from core import roles
from responsibilities.models import Official, Unit
from tests.e2e.accounts import PASSWORD, log_in
from tests.factories import (
    LetterFactory,
    LetterTemplateFactory,
    OfficialFactory,
    UnitFactory,
    UserFactory,
)

# As in the other journeys: the live server is another thread, so rows are committed, and
# serialized_rollback brings back what the data migrations made (roles).
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FIRST_PART = "一、不插手工程项目招投标。"
SECOND_PART = "二、不收受管理服务对象的礼品礼金。"


@pytest.fixture
def letter_to_sign():
    township = UnitFactory(kind=Unit.Kind.TOWNSHIP, name="东湖镇", code="T01")
    secretary = UserFactory(
        username="secretary",
        first_name="王建国",
        password=PASSWORD,
        profile__unit=township,
        roles=[roles.SECRETARY],
    )
    official = OfficialFactory(
        unit=township,
        user=secretary,
        name="王建国",
        post="党委书记",
        rank=Official.Rank.SECTION_CHIEF,
        subject=Official.Subject.MAIN_LEADER,
    )
    year = timezone.localdate().year
    template = LetterTemplateFactory(
        title="{year}年度个性化廉政承诺书",
        body="本人{name}（{unit}{post}）郑重承诺：\n严守纪律，廉洁从政。",
        personal_prompt="请写出本人的具体承诺。",
    )
    return LetterFactory(
        addressee=official,
        campaign__template=template,
        campaign__year=year,
        campaign__title=f"{year}年度廉政承诺",
        campaign__deadline=timezone.localdate() + timezone.timedelta(days=10),
    )


def draw_signature(page) -> None:
    """Write a stroke or two across the pad, as a finger would."""
    pad = page.get_by_test_id("signature-pad")
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    left, top = box["x"] + 20, box["y"] + box["height"] / 2
    page.mouse.move(left, top)
    page.mouse.down()
    for step in range(1, 25):
        page.mouse.move(left + step * 12, top + (-1) ** step * 20, steps=2)
    page.mouse.up()


def test_secretary_writes_draws_signs_downloads_and_verifies_on_a_phone(
    phone_page, live_server, letter_to_sign, tmp_path
):
    page = phone_page
    log_in(page, live_server, "secretary")

    page.get_by_test_id("letter-to-sign").first.click()
    expect(page).to_have_url(f"{live_server.url}{letter_to_sign.get_absolute_url()}")
    box = page.get_by_test_id("personal-text")
    box.fill(FIRST_PART)
    status = page.get_by_test_id("draft-status")
    expect(status).to_contain_text(re.compile(r"\d{2}:\d{2}"))
    letter_to_sign.refresh_from_db()
    assert letter_to_sign.personal_text == FIRST_PART

    # The network drops while the secretary goes on writing; nothing typed is lost.
    page.context.set_offline(True)
    box.press("End")
    box.press("Enter")
    box.type(SECOND_PART)
    expect(status).to_have_class(re.compile(r"text-danger"))
    page.context.set_offline(False)
    expect(status).not_to_have_class(re.compile(r"text-danger"))
    expect(status).to_contain_text(re.compile(r"\d{2}:\d{2}"))
    letter_to_sign.refresh_from_db()
    assert letter_to_sign.personal_text == f"{FIRST_PART}\n{SECOND_PART}"

    page.get_by_test_id("preview-and-sign").click()
    expect(page).to_have_url(re.compile(r"/letters/\d+/sign/$"))
    document = page.get_by_test_id("letter-document")
    expect(document).to_contain_text("本人王建国（东湖镇党委书记）郑重承诺")
    expect(document).to_contain_text(SECOND_PART)
    draw_signature(page)
    page.locator("input[name=is_public]").check()
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_test_id("sign-button").click()

    expect(page).to_have_url(f"{live_server.url}{letter_to_sign.get_absolute_url()}")
    expect(page.get_by_test_id("signed-info")).to_be_visible()
    expect(page.get_by_test_id("drawn-signature")).to_be_visible()
    letter_to_sign.refresh_from_db()
    signature = letter_to_sign.signature
    assert letter_to_sign.status == Letter.Status.SIGNED
    assert letter_to_sign.is_public
    assert signature.drawn_signature.startswith("data:image/png;base64,")
    assert signature.personal_text == f"{FIRST_PART}\n{SECOND_PART}"

    with page.expect_download() as download_info:
        page.get_by_test_id("download-pdf").click()
    saved = tmp_path / "letter.pdf"
    download_info.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")

    page.get_by_test_id("verify-link").click()
    expect(page).to_have_url(f"{live_server.url}/public/verify/{signature.code}/")
    result = page.get_by_test_id("verify-result")
    expect(result).to_have_attribute("data-intact", "true")
    expect(page.get_by_test_id("verify-signer")).to_have_text("王建国")
