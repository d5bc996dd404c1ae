"""A draft edited in two windows: the later save sees the conflict, and keeps both texts."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from commitments.models import Letter
from commitments.services.drafts import DraftConflict, save_draft

pytestmark = pytest.mark.django_db

FIRST = "不插手工程招投标。"
SECOND = "不收受礼品礼金。"
HTMX = {"HX-Request": "true"}


def draft_url(letter: Letter) -> str:
    return reverse("commitments:letter_draft", args=[letter.pk])


def open_tab(client, letter: Letter) -> str:
    """GET the letter's page as a new window would; return the revision it carries."""
    page = client.get(letter.get_absolute_url()).text
    return re.search(r'name="revision" value="(\d+)"', page).group(1)


# --- The service ------------------------------------------------------------------


def test_a_save_based_on_the_current_revision_moves_it_on(letter, secretary):
    save_draft(letter=letter, user=secretary, personal_text=FIRST, based_on=0)

    letter.refresh_from_db()
    assert letter.personal_text == FIRST
    assert letter.draft_revision == 1


def test_a_save_based_on_an_older_revision_is_refused_and_both_texts_kept(
    letter, secretary
):
    save_draft(letter=letter, user=secretary, personal_text=FIRST, based_on=0)

    with pytest.raises(DraftConflict) as refusal:
        save_draft(letter=letter, user=secretary, personal_text=SECOND, based_on=0)

    letter.refresh_from_db()
    assert letter.personal_text == FIRST
    assert letter.draft_revision == 1
    assert refusal.value.saved.personal_text == FIRST
    assert refusal.value.saved.draft_revision == 1


def test_a_save_that_names_no_revision_is_based_on_the_current_one(letter, secretary):
    save_draft(letter=letter, user=secretary, personal_text=FIRST)

    save_draft(letter=letter, user=secretary, personal_text=SECOND)

    letter.refresh_from_db()
    assert letter.personal_text == SECOND
    assert letter.draft_revision == 2


def test_a_stale_save_on_a_signed_letter_is_refused_as_signed(signed_letter, secretary):
    letter = Letter.objects.get(signature=signed_letter.signature)

    with pytest.raises(ValidationError) as refusal:
        save_draft(letter=letter, user=secretary, personal_text=SECOND, based_on=0)

    assert not isinstance(refusal.value, DraftConflict)
    assert "已签字或已撤回" in refusal.value.messages[0]


# --- Two windows on the letter's page ---------------------------------------------


def test_the_page_carries_the_drafts_revision(client, secretary, letter):
    save_draft(letter=letter, user=secretary, personal_text=FIRST)
    client.force_login(secretary)

    assert open_tab(client, letter) == "1"
    # Where an autosave's answer puts the next revision and any conflict.
    page = client.get(letter.get_absolute_url()).text
    assert 'id="draft-revision"' in page
    assert 'id="draft-conflict"' in page


def test_each_autosave_hands_its_window_the_new_revision(client, secretary, letter):
    client.force_login(secretary)
    revision = open_tab(client, letter)

    response = client.post(
        draft_url(letter), {"personal_text": FIRST, "revision": revision}, headers=HTMX
    )

    assert response.status_code == 200
    assert re.search(r'name="revision" value="1" id="draft-revision"', response.text)
    again = client.post(
        draft_url(letter), {"personal_text": SECOND, "revision": "1"}, headers=HTMX
    )
    assert again.status_code == 200


def test_the_later_save_of_two_windows_sees_the_conflict_and_shows_both_texts(
    client, secretary, letter
):
    client.force_login(secretary)
    first_tab, second_tab = open_tab(client, letter), open_tab(client, letter)
    client.post(
        draft_url(letter), {"personal_text": FIRST, "revision": first_tab}, headers=HTMX
    )

    response = client.post(
        draft_url(letter),
        {"personal_text": SECOND, "revision": second_tab},
        headers=HTMX,
    )

    letter.refresh_from_db()
    assert response.status_code == 409
    assert letter.personal_text == FIRST
    assert "未保存：您打开本页后，这份草稿已在另一个窗口中被修改。" in response.text
    assert FIRST in response.text
    assert 'name="overwrite" value="1"' in response.text
    # The window keeps its old revision, so its next autosave is refused too.
    assert f'name="revision" value="{second_tab}"' in response.text


def test_a_window_keeps_being_refused_until_its_writer_merges(
    client, secretary, letter
):
    client.force_login(secretary)
    first_tab, second_tab = open_tab(client, letter), open_tab(client, letter)
    client.post(
        draft_url(letter), {"personal_text": FIRST, "revision": first_tab}, headers=HTMX
    )

    for typed in (SECOND, SECOND + "又及。"):
        response = client.post(
            draft_url(letter),
            {"personal_text": typed, "revision": second_tab},
            headers=HTMX,
        )
        assert response.status_code == 409

    letter.refresh_from_db()
    assert letter.personal_text == FIRST


def test_saving_the_merged_text_in_place_of_the_other(client, secretary, letter):
    client.force_login(secretary)
    first_tab, second_tab = open_tab(client, letter), open_tab(client, letter)
    client.post(
        draft_url(letter), {"personal_text": FIRST, "revision": first_tab}, headers=HTMX
    )
    merged = FIRST + "\n" + SECOND

    response = client.post(
        draft_url(letter),
        {"personal_text": merged, "revision": second_tab, "overwrite": "1"},
    )

    letter.refresh_from_db()
    assert response.url == letter.get_absolute_url()
    assert letter.personal_text == merged
    assert letter.draft_revision == 2


def test_without_htmx_a_conflict_shows_the_letter_with_both_texts(
    client, secretary, letter
):
    client.force_login(secretary)
    first_tab, second_tab = open_tab(client, letter), open_tab(client, letter)
    client.post(draft_url(letter), {"personal_text": FIRST, "revision": first_tab})

    response = client.post(
        draft_url(letter), {"personal_text": SECOND, "revision": second_tab}
    )

    letter.refresh_from_db()
    assert response.status_code == 409
    assert letter.personal_text == FIRST
    assert response.context["draft_form"]["personal_text"].value() == SECOND
    assert 'data-testid="draft-saved-meanwhile">' + FIRST in response.text
    assert 'data-testid="personal-text">' + SECOND in response.text
