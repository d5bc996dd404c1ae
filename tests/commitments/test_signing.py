"""A signed letter is evidence: its hash proves it unchanged, and nobody can alter it."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.http import Http404
from django.urls import reverse

from commitments.models import Letter, Signature
from commitments.services.signing import first_broken_link, sign_letter
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def tamper(signature: Signature, column: str, value) -> None:
    """Change a stored signature behind the application's back, as an intruder would."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE commitments_signature SET {column} = %s WHERE id = %s",
            [value, signature.pk],
        )


def verify_page(client, signature: Signature):
    return client.get(reverse("public:verify", args=[signature.code]))


def test_a_signed_letter_verifies(client, signed_letter):
    response = verify_page(client, signed_letter.signature)

    assert signed_letter.signature.is_intact()
    assert first_broken_link() is None
    assert response.context["is_intact"] is True


TAMPERINGS = {
    "body": lambda letter: "本人郑重承诺：可以收受礼金。",
    "personal_text": lambda letter: "改过的个人承诺",
    "title": lambda letter: "另一份文件",
    "signer_id": lambda letter: UserFactory().pk,
    "signer_name": lambda letter: "李四",
    "unit_name": lambda letter: "西山乡",
    "post": lambda letter: "乡长",
    "signed_at": lambda letter: "2025-01-01 08:00:00",
    "drawn_signature": lambda letter: "data:image/png;base64,AAAA",
}


@pytest.mark.parametrize("column", TAMPERINGS)
def test_changing_a_stored_field_breaks_verification_and_the_chain_names_the_letter(
    client, signed_letter, column
):
    signature = signed_letter.signature
    tamper(signature, column, TAMPERINGS[column](signed_letter))

    stored = Signature.objects.get(pk=signature.pk)
    response = verify_page(client, signature)
    with pytest.raises(CommandError) as error:
        call_command("check_signature_chain")

    assert not stored.is_intact()
    assert response.context["is_intact"] is False
    assert 'data-intact="false"' in response.text
    assert signature.code in str(error.value)
    assert signed_letter.campaign.title in str(error.value)
    assert "王建国" in str(error.value)


# --- Only the addressee signs, once -------------------------------------------------


def test_nobody_signs_for_someone_else(member, letter):
    with pytest.raises(Http404):
        sign_letter(letter=letter, signer=member, personal_text="代签")

    letter.refresh_from_db()
    assert not letter.is_signed()


def test_signing_someone_elses_letter_through_the_page_is_404(client, member, letter):
    client.force_login(member)
    data = {"personal_text": "代签", "previewed": "x", "password": "pass-word-1"}

    response = client.post(reverse("commitments:letter_sign", args=[letter.pk]), data)

    letter.refresh_from_db()
    assert response.status_code == 404
    assert not letter.is_signed()


def test_an_administrator_cannot_sign_for_the_addressee(client, administrator, letter):
    client.force_login(administrator)

    response = client.get(reverse("commitments:letter_sign", args=[letter.pk]))

    assert response.status_code == 404


def test_signing_twice_is_refused(secretary, signed_letter):
    with pytest.raises(ValidationError):
        sign_letter(letter=signed_letter, signer=secretary, personal_text="再签一次")

    assert Signature.objects.count() == 1


def test_signing_twice_through_the_page_is_refused_with_a_message(
    client, secretary, signed_letter
):
    client.force_login(secretary)
    data = {
        "personal_text": "再签一次",
        "previewed": "x",
        "password": "pass-word-1",
    }

    response = client.post(
        reverse("commitments:letter_sign", args=[signed_letter.pk]), data
    )

    messages = [message.tags for message in get_messages(response.wsgi_request)]
    assert response.status_code == 302
    assert response.url == signed_letter.get_absolute_url()
    assert messages == ["error"]
    assert Signature.objects.count() == 1


# --- A signed letter cannot be edited: model, views, admin --------------------------


def test_the_model_refuses_to_change_a_signed_letter(signed_letter):
    signed_letter.personal_text = "改过的承诺"

    with pytest.raises(PermissionError):
        signed_letter.save()
    with pytest.raises(PermissionError):
        signed_letter.save(update_fields=["personal_text"])

    assert Letter.objects.get(pk=signed_letter.pk).personal_text != "改过的承诺"


def test_the_model_refuses_to_change_or_delete_a_signature(signed_letter):
    signature = signed_letter.signature
    signature.personal_text = "改过的承诺"

    with pytest.raises(PermissionError):
        signature.save()
    with pytest.raises(PermissionError):
        Signature.objects.filter(pk=signature.pk).update(personal_text="改")
    with pytest.raises(PermissionError):
        signature.delete()


def test_the_draft_page_refuses_to_change_a_signed_letter(
    client, secretary, signed_letter
):
    client.force_login(secretary)
    url = reverse("commitments:letter_draft", args=[signed_letter.pk])

    by_button = client.post(url, {"personal_text": "改过的承诺"})
    by_typing = client.post(
        url, {"personal_text": "改过的承诺"}, headers={"HX-Request": "true"}
    )

    letter = Letter.objects.get(pk=signed_letter.pk)
    assert by_button.status_code == 302
    assert by_typing.status_code == 400
    assert letter.personal_text == signed_letter.personal_text
    assert letter.signature.is_intact()


def test_the_admin_is_read_only_even_for_a_superuser(client, signed_letter):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(superuser)
    letter_url = reverse("admin:commitments_letter_change", args=[signed_letter.pk])
    signature_url = reverse(
        "admin:commitments_signature_change", args=[signed_letter.signature.pk]
    )

    letter_response = client.post(letter_url, {"personal_text": "改过的承诺"})
    signature_response = client.post(signature_url, {"signer_name": "李四"})

    letter = Letter.objects.get(pk=signed_letter.pk)
    assert letter_response.status_code == 403
    assert signature_response.status_code == 403
    assert letter.personal_text == signed_letter.personal_text
    assert letter.signature.signer_name == "王建国"
    assert letter.signature.is_intact()
