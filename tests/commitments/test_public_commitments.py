"""Verification and the public commitment board: read by anyone, showing only what is meant."""

import pytest
from django.urls import reverse
from django.utils import timezone

from commitments.services.campaigns import withdraw_letter
from commitments.services.signing import sign_letter
from tests.factories import LetterFactory, OfficialFactory, UserFactory

pytestmark = pytest.mark.django_db

BOARD_URL = reverse("public:commitment_board")
KIOSK_URL = reverse("public:commitment_kiosk")
THIS_YEAR = timezone.localdate().year


def published(unit, name: str, text: str, *, year: int = THIS_YEAR, is_public=True):
    """Return a letter signed by a new official of the unit, on the board if is_public."""
    user = UserFactory(profile__unit=unit)
    official = OfficialFactory(unit=unit, user=user, name=name, post="副镇长")
    letter = LetterFactory(addressee=official, campaign__year=year)
    return sign_letter(
        letter=letter, signer=user, personal_text=text, is_public=is_public
    )


# --- Verification -------------------------------------------------------------------


def test_verification_shows_who_signed_what_when_and_nothing_else(
    client, signed_letter
):
    signature = signed_letter.signature

    response = client.get(reverse("public:verify", args=[signature.code]))

    assert response.status_code == 200
    assert response.context["is_intact"] is True
    assert 'data-intact="true"' in response.text
    assert signature.title in response.text
    assert "王建国" in response.text
    assert "东湖镇 党委书记" in response.text
    assert timezone.localtime(signature.signed_at).strftime("%Y-%m-%d %H:%M") in (
        response.text
    )
    assert "不插手工程招投标" not in response.text
    assert "郑重承诺" not in response.text
    assert signature.content_hash not in response.text
    assert signature.previous_hash not in response.text


def test_a_code_is_found_however_it_is_typed(client, signed_letter):
    code = signed_letter.signature.code
    typed = f"{code[:4]}-{code[4:8]} {code[8:]}".lower()

    response = client.get(reverse("public:verify_lookup"), {"code": typed})

    assert response.status_code == 302
    assert client.get(response.url).context["signature"] == signed_letter.signature


def test_an_unknown_code_says_not_found(client, signed_letter):
    response = client.get(reverse("public:verify", args=["ABCDEFGHJKMN"]))

    assert response.status_code == 404
    assert 'data-testid="verify-not-found"' in response.text
    assert "王建国" not in response.text


@pytest.mark.parametrize("typed", ["A/B", "../X", "ＡＢＣ", "<b>"])
def test_a_code_with_other_characters_is_refused_on_the_form(client, typed):
    response = client.get(reverse("public:verify_lookup"), {"code": typed})

    assert response.status_code == 200
    assert response.context["form"].errors["code"] == ["验证码只含字母和数字。"]


def test_the_lookup_form_asks_for_a_code(client):
    response = client.get(reverse("public:verify_lookup"))

    assert response.status_code == 200
    assert 'name="code"' in response.text


# --- The board --------------------------------------------------------------------


def test_the_board_shows_only_published_signed_commitments(
    client, township, letter, administrator
):
    published(township, "张三", "公开的承诺")
    published(township, "李四", "不公开的承诺", is_public=False)
    withdrawn = published(township, "王五", "撤回的承诺")
    withdraw_letter(letter=withdrawn, reason="错发", actor=administrator, reissue=False)

    response = client.get(BOARD_URL)

    assert response.status_code == 200
    assert "张三" in response.text
    assert "公开的承诺" in response.text
    assert "副镇长" in response.text
    assert "东湖镇" in response.text
    assert "李四" not in response.text
    assert "王五" not in response.text
    assert "王建国" not in response.text


def test_the_board_shows_this_year_by_default_and_other_years_on_request(
    client, township
):
    published(township, "张三", "今年的承诺")
    published(township, "李四", "去年的承诺", year=THIS_YEAR - 1)

    this_year = client.get(BOARD_URL)
    last_year = client.get(BOARD_URL, {"year": THIS_YEAR - 1})

    assert "张三" in this_year.text
    assert "李四" not in this_year.text
    assert "李四" in last_year.text
    assert "张三" not in last_year.text


def test_the_board_is_searched_by_name(client, township):
    published(township, "张三", "承诺甲")
    published(township, "李四", "承诺乙")

    response = client.get(BOARD_URL, {"q": "张"})

    assert "张三" in response.text
    assert "李四" not in response.text


def test_the_board_is_filtered_by_unit(client, township, other_township):
    published(township, "张三", "承诺甲")
    published(other_township, "李四", "承诺乙")

    response = client.get(BOARD_URL, {"unit": other_township.pk})

    assert "李四" in response.text
    assert "张三" not in response.text


def test_the_board_query_count_does_not_grow(client, township, city, count_queries):
    published(township, "张三", "承诺")
    few = count_queries(BOARD_URL)

    for index in range(8):
        published(township if index % 2 else city, f"干部{index}", "承诺")

    assert count_queries(BOARD_URL) == few


# --- The kiosk ------------------------------------------------------------------------


def test_the_kiosk_shows_commitments_full_screen_without_a_login(client, township):
    published(township, "张三", "公开的承诺")

    response = client.get(KIOSK_URL)

    assert response.status_code == 200
    assert "张三" in response.text
    assert "公开的承诺" in response.text
    assert 'http-equiv="refresh"' in response.text
    assert "navbar" not in response.text


def test_the_kiosk_turns_to_the_next_page_and_back_to_the_first(client, township):
    for index in range(5):
        published(township, f"干部{index}", "承诺")

    first = client.get(KIOSK_URL)
    second = client.get(KIOSK_URL, {"page": 2})

    assert 'content="20;url=?page=2"' in first.text
    assert 'content="20;url=?page=1"' in second.text
    assert len(second.context["page"]) == 1


def test_the_kiosk_query_count_does_not_grow(client, township, count_queries):
    published(township, "张三", "承诺")
    few = count_queries(KIOSK_URL)

    for index in range(6):
        published(township, f"干部{index}", "承诺")

    assert count_queries(KIOSK_URL) == few
