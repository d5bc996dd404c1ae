import datetime

import pytest
import time_machine
from django.urls import reverse

from commitments.models import Letter, LetterKind
from commitments.services.campaigns import withdraw_letter
from commitments.services.signing import sign_letter
from tests.factories import LetterFactory, LetterTemplateFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "pass-word-1"
TEXT = "不插手工程招投标，不收受礼品礼金。"
# A 1×1 PNG, as the signature pad sends it.
DRAWN = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4"
    "2mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def draft_url(letter: Letter) -> str:
    return reverse("commitments:letter_draft", args=[letter.pk])


def sign_url(letter: Letter) -> str:
    return reverse("commitments:letter_sign", args=[letter.pk])


def write_draft(letter: Letter, text: str = TEXT) -> None:
    Letter.objects.filter(pk=letter.pk).update(personal_text=text)
    letter.refresh_from_db()


# --- The home page panel --------------------------------------------------------


def test_the_home_page_lists_letters_to_sign_first_with_their_deadline(
    client, secretary, letter
):
    client.force_login(secretary)

    response = client.get(reverse("home"))

    panel = response.context["panels"][0]
    assert panel["template"] == "commitments/_panel_letters_to_sign.html"
    assert panel["letters"] == [letter]
    assert letter.campaign.title in response.text
    assert "2026-12-31" in response.text
    assert letter.get_absolute_url() in response.text


@time_machine.travel(datetime.date(2027, 1, 5))
def test_an_overdue_letter_is_marked_on_the_home_page(client, secretary, letter):
    client.force_login(secretary)

    response = client.get(reverse("home"))

    assert "text-bg-danger" in response.text
    assert response.context["panels"][0]["letters"][0].is_overdue()


def test_a_signed_letter_leaves_the_home_page(client, secretary, signed_letter):
    client.force_login(secretary)

    response = client.get(reverse("home"))

    templates = [panel["template"] for panel in response.context["panels"]]
    assert "commitments/_panel_letters_to_sign.html" not in templates


# --- My letters -----------------------------------------------------------------


def test_my_letters_lists_letters_to_sign_first_then_signed_then_withdrawn(
    client, secretary, secretary_official, signed_letter, administrator
):
    to_sign = LetterFactory(addressee=secretary_official)
    withdrawn = LetterFactory(addressee=secretary_official)
    withdraw_letter(
        letter=withdrawn, reason="名单有误", actor=administrator, reissue=False
    )
    client.force_login(secretary)

    response = client.get(reverse("commitments:letter_list"))

    assert response.context["to_sign"] == [to_sign]
    assert response.context["signed"] == [signed_letter]
    assert response.context["withdrawn"] == [withdrawn]
    text = response.text
    assert (
        text.index(to_sign.campaign.title)
        < text.index(signed_letter.campaign.title)
        < text.index("名单有误")
    )


def test_staff_see_only_their_own_letters_in_my_letters(client, city_staff, letter):
    client.force_login(city_staff)

    response = client.get(reverse("commitments:letter_list"))

    assert response.status_code == 200
    assert response.context["to_sign"] == []
    assert letter.campaign.title not in response.text


def test_my_letters_needs_a_login(client):
    response = client.get(reverse("commitments:letter_list"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_my_letters_query_count_does_not_grow(
    client, secretary, secretary_official, count_queries
):
    client.force_login(secretary)
    url = reverse("commitments:letter_list")

    def letters(count: int) -> None:
        for _index in range(count):
            sign_letter(
                letter=LetterFactory(addressee=secretary_official),
                signer=secretary,
                personal_text=TEXT,
            )
            LetterFactory(addressee=secretary_official)

    letters(1)
    few = count_queries(url)
    letters(6)

    assert count_queries(url) == few


# --- Reading a letter -------------------------------------------------------------


def test_the_addressee_reads_the_letter_with_a_box_for_their_commitments(
    client, secretary, letter
):
    write_draft(letter, "第一行\n第二行")
    client.force_login(secretary)

    response = client.get(letter.get_absolute_url())

    assert response.status_code == 200
    assert "2026年度个性化廉政承诺书" in response.text
    assert "本人王建国（东湖镇党委书记）郑重承诺" in response.text
    assert "请写出本人的具体承诺。" in response.text
    assert f'hx-post="{draft_url(letter)}"' in response.text
    assert 'hx-trigger="input changed delay:1s' in response.text
    assert ">第一行\n第二行</textarea>" in response.text
    assert 'name="next" value="sign"' in response.text


def test_an_acknowledgement_lists_the_duties_and_offers_signing_without_a_box(
    client, secretary, secretary_official
):
    template = LetterTemplateFactory(
        kind=LetterKind.ACKNOWLEDGEMENT, body="本人认领以下责任：", personal_prompt=""
    )
    letter = LetterFactory(addressee=secretary_official, campaign__template=template)
    client.force_login(secretary)

    response = client.get(letter.get_absolute_url())

    assert response.context["draft_form"] is None
    assert sign_url(letter) in response.text
    assert "本人认领以下责任" in response.text


def test_staff_in_scope_read_a_letter_but_not_its_draft(client, city_staff, letter):
    write_draft(letter, "尚未定稿的承诺")
    client.force_login(city_staff)

    response = client.get(letter.get_absolute_url())

    assert response.status_code == 200
    assert "尚未定稿的承诺" not in response.text
    assert response.context["draft_form"] is None
    assert sign_url(letter) not in response.text


def test_a_letter_out_of_scope_is_404(client, other_township, letter):
    stranger = UserFactory(profile__unit=other_township)
    client.force_login(stranger)

    response = client.get(letter.get_absolute_url())

    assert response.status_code == 404


def test_a_colleague_without_campaign_rights_cannot_read_your_letter(
    client, township, signed_letter
):
    colleague = UserFactory(profile__unit=township)
    client.force_login(colleague)

    response = client.get(signed_letter.get_absolute_url())

    assert response.status_code == 404


def test_reading_a_letter_needs_a_login(client, letter):
    response = client.get(letter.get_absolute_url())

    assert response.status_code == 302


def test_a_signed_letter_shows_what_was_frozen_not_todays_template(
    client, secretary, signed_letter
):
    template = signed_letter.campaign.template
    template.body = "改过的正文{name}"
    template.save()
    client.force_login(secretary)

    response = client.get(signed_letter.get_absolute_url())

    signature = signed_letter.signature
    assert "改过的正文" not in response.text
    assert "郑重承诺" in response.text
    assert TEXT in response.text
    assert signature.code in response.text
    assert signature.content_hash in response.text
    assert reverse("public:verify", args=[signature.code]) in response.text
    assert reverse("commitments:letter_pdf", args=[signed_letter.pk]) in response.text
    assert 'data-testid="typed-signature"' in response.text
    assert "<textarea" not in response.text


def test_a_withdrawn_letter_shows_why(client, secretary, letter, administrator):
    withdraw_letter(
        letter=letter, reason="职务填写错误", actor=administrator, reissue=True
    )
    client.force_login(secretary)

    response = client.get(letter.get_absolute_url())

    assert "职务填写错误" in response.text
    assert response.context["replacement"] == letter.replaced_by
    assert response.context["may_sign"] is False


# --- Drafts -----------------------------------------------------------------------


def test_typing_saves_the_draft_and_says_when(client, secretary, letter):
    client.force_login(secretary)

    response = client.post(
        draft_url(letter), {"personal_text": TEXT}, headers={"HX-Request": "true"}
    )

    letter.refresh_from_db()
    assert response.status_code == 200
    assert letter.personal_text == TEXT
    assert letter.draft_saved_at is not None
    assert 'id="draft-status"' in response.text
    assert "<html" not in response.text


def test_the_save_button_saves_and_returns_to_the_letter(client, secretary, letter):
    client.force_login(secretary)

    response = client.post(draft_url(letter), {"personal_text": TEXT})

    letter.refresh_from_db()
    assert response.status_code == 302
    assert response.url == letter.get_absolute_url()
    assert letter.personal_text == TEXT


def test_a_draft_keeps_its_lines_but_no_invisible_characters(client, secretary, letter):
    client.force_login(secretary)

    client.post(
        draft_url(letter),
        {"personal_text": "一、\u202e不收礼\u200b金\n  二、廉洁自律"},
        headers={"HX-Request": "true"},
    )

    letter.refresh_from_db()
    assert letter.personal_text == "一、不收礼金\n  二、廉洁自律"


def test_preview_and_sign_saves_the_draft_first(client, secretary, letter):
    client.force_login(secretary)

    response = client.post(draft_url(letter), {"personal_text": TEXT, "next": "sign"})

    letter.refresh_from_db()
    assert response.url == sign_url(letter)
    assert letter.personal_text == TEXT


def test_a_draft_too_long_is_refused_and_the_saved_one_kept(client, secretary, letter):
    write_draft(letter)
    client.force_login(secretary)

    response = client.post(
        draft_url(letter),
        {"personal_text": "字" * 5001},
        headers={"HX-Request": "true"},
    )

    letter.refresh_from_db()
    assert response.status_code == 400
    assert letter.personal_text == TEXT


def test_nobody_else_saves_a_draft_on_your_letter(client, member, letter):
    client.force_login(member)

    response = client.post(draft_url(letter), {"personal_text": "代写"})

    letter.refresh_from_db()
    assert response.status_code == 404
    assert letter.personal_text == ""


def test_saving_a_draft_is_post_only(client, secretary, letter):
    client.force_login(secretary)

    response = client.get(draft_url(letter))

    assert response.status_code == 405


# --- Preview and sign -------------------------------------------------------------


def test_the_preview_shows_exactly_what_will_be_signed(client, secretary, letter):
    write_draft(letter)
    client.force_login(secretary)

    response = client.get(sign_url(letter))

    assert response.status_code == 200
    assert "本人王建国（东湖镇党委书记）郑重承诺" in response.text
    assert TEXT in response.text
    assert 'name="password"' in response.text
    assert 'name="drawn_signature"' in response.text
    assert 'name="is_public"' in response.text
    assert 'data-testid="signature-pad"' in response.text


def test_the_preview_asks_for_personal_commitments_first(client, secretary, letter):
    client.force_login(secretary)

    response = client.get(sign_url(letter))

    assert response.status_code == 302
    assert response.url == letter.get_absolute_url()


def sign_data(client, letter: Letter, **overrides) -> dict:
    page = client.get(sign_url(letter))
    data = {
        "personal_text": letter.personal_text,
        "previewed": page.context["digest"],
        "password": PASSWORD,
        "drawn_signature": "",
        "is_public": "on",
    }
    return {**data, **overrides}


def test_signing_freezes_the_letter_and_returns_to_it(client, secretary, letter):
    write_draft(letter)
    client.force_login(secretary)

    response = client.post(sign_url(letter), sign_data(client, letter))

    letter.refresh_from_db()
    assert response.status_code == 302
    assert response.url == letter.get_absolute_url()
    assert letter.status == Letter.Status.SIGNED
    assert letter.is_public is True
    assert letter.signature.personal_text == TEXT
    assert letter.signature.signer_name == "王建国"


def test_signing_without_publishing_keeps_it_off_the_board(client, secretary, letter):
    write_draft(letter)
    client.force_login(secretary)
    data = sign_data(client, letter)
    del data["is_public"]

    client.post(sign_url(letter), data)

    letter.refresh_from_db()
    assert letter.is_signed()
    assert letter.is_public is False


def test_a_wrong_password_keeps_everything_typed(client, secretary, letter):
    write_draft(letter, "草稿")
    client.force_login(secretary)
    data = sign_data(
        client, letter, password="wrong", personal_text="草稿", drawn_signature=DRAWN
    )

    response = client.post(sign_url(letter), data)

    letter.refresh_from_db()
    assert response.status_code == 200
    assert not letter.is_signed()
    assert response.context["form"].errors["password"]
    assert 'name="personal_text" value="草稿"' in response.text
    assert "<p>草稿</p>" in response.text
    assert f'value="{DRAWN}"' in response.text


def test_signing_after_a_wrong_password_signs_what_was_typed(client, secretary, letter):
    write_draft(letter, "第一条\n第二条")
    client.force_login(secretary)
    # Browsers send line ends in form fields as CRLF.
    data = sign_data(client, letter, password="wrong", personal_text="第一条\r\n第二条")
    again = client.post(sign_url(letter), data)

    data.update(password=PASSWORD, previewed=again.context["digest"])
    response = client.post(sign_url(letter), data)

    letter.refresh_from_db()
    assert response.status_code == 302
    assert letter.signature.personal_text == "第一条\n第二条"


def test_a_letter_changed_after_the_preview_must_be_read_again(
    client, secretary, letter
):
    write_draft(letter)
    client.force_login(secretary)
    data = sign_data(client, letter)
    template = letter.campaign.template
    template.body = "新版正文，本人{name}承诺。"
    template.save()

    response = client.post(sign_url(letter), data)

    letter.refresh_from_db()
    assert response.status_code == 200
    assert not letter.is_signed()
    assert response.context["options"].non_field_errors()
    assert "新版正文，本人王建国承诺。" in response.text


def test_an_acknowledgement_is_signed_without_a_personal_part(
    client, secretary, secretary_official
):
    template = LetterTemplateFactory(kind=LetterKind.ACKNOWLEDGEMENT, body="认领{name}")
    letter = LetterFactory(addressee=secretary_official, campaign__template=template)
    client.force_login(secretary)
    data = sign_data(client, letter)

    response = client.post(sign_url(letter), data)

    letter.refresh_from_db()
    assert response.status_code == 302
    assert letter.signature.body == "认领王建国"
    assert letter.is_public is False


def test_the_signing_page_needs_a_login(client, letter):
    response = client.get(sign_url(letter))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
