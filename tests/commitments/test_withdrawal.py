import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from commitments.audit import CommitmentsAuditAction
from commitments.models import Letter
from commitments.services.campaigns import withdraw_letter
from commitments.services.signing import first_broken_link
from core import roles
from core.models import AuditEvent
from tests.factories import LetterFactory, UserFactory

pytestmark = pytest.mark.django_db


def withdraw_url(letter: Letter) -> str:
    return reverse("commitments:letter_withdraw", args=[letter.pk])


# --- The service -----------------------------------------------------------------


def test_administrator_withdraws_a_letter_with_a_reason(letter, administrator):
    result = withdraw_letter(
        letter=letter, reason="职务已调整", actor=administrator, reissue=False
    )

    letter.refresh_from_db()
    assert result == letter
    assert letter.status == Letter.Status.WITHDRAWN
    assert letter.withdrawal_reason == "职务已调整"
    assert letter.withdrawn_by == administrator
    assert letter.withdrawn_at is not None
    event = AuditEvent.objects.get(action=CommitmentsAuditAction.LETTER_WITHDRAW)
    assert event.detail["reason"] == "职务已调整"


def test_reissuing_keeps_both_letters_on_record(letter, administrator):
    new = withdraw_letter(
        letter=letter, reason="岗位写错", actor=administrator, reissue=True
    )

    assert new.pk != letter.pk
    assert new.replaces == letter
    assert new.addressee == letter.addressee
    assert new.status == Letter.Status.ISSUED
    assert Letter.objects.filter(addressee=letter.addressee).count() == 2
    assert AuditEvent.objects.filter(
        action=CommitmentsAuditAction.LETTER_REISSUE, object_id=str(new.pk)
    ).exists()


def test_a_signed_letter_can_be_withdrawn_and_keeps_its_signature(
    signed_letter, administrator
):
    signature = signed_letter.signature
    body = signature.body

    withdraw_letter(
        letter=signed_letter, reason="承诺内容需重签", actor=administrator, reissue=True
    )

    signed_letter.refresh_from_db()
    assert signed_letter.status == Letter.Status.WITHDRAWN
    assert signed_letter.signature == signature
    assert signed_letter.signature.body == body
    assert signed_letter.personal_text == "不插手工程招投标，不收受礼品礼金。"
    assert signed_letter.signature.is_intact()
    assert first_broken_link() is None


def test_a_letter_is_withdrawn_only_once(letter, administrator):
    withdraw_letter(letter=letter, reason="发错", actor=administrator, reissue=False)

    with pytest.raises(ValidationError):
        withdraw_letter(
            letter=letter, reason="再撤", actor=administrator, reissue=False
        )


def test_an_empty_reason_is_refused(letter, administrator):
    with pytest.raises(ValidationError):
        withdraw_letter(letter=letter, reason="  ", actor=administrator, reissue=False)


def test_only_those_allowed_may_withdraw(letter, city_staff):
    with pytest.raises(PermissionDenied):
        withdraw_letter(letter=letter, reason="发错", actor=city_staff, reissue=False)


# --- The page ----------------------------------------------------------------------


def test_the_page_shows_the_letter_and_a_warning(client, administrator, letter):
    client.force_login(administrator)

    response = client.get(withdraw_url(letter))

    assert response.status_code == 200
    assert "王建国" in response.text
    assert 'data-testid="withdraw-warning"' in response.text
    assert response.context["form"]["reissue"].value() is True


def test_withdrawing_through_the_page_reissues_by_default(
    client, administrator, letter
):
    client.force_login(administrator)

    response = client.post(
        withdraw_url(letter), {"reason": "单位写错", "reissue": "on"}
    )

    new = Letter.objects.get(replaces=letter)
    assert response.status_code == 302
    assert response.url == new.get_absolute_url()


def test_withdrawing_without_reissue(client, administrator, letter):
    client.force_login(administrator)

    response = client.post(withdraw_url(letter), {"reason": "不应发给他"})

    letter.refresh_from_db()
    assert response.status_code == 302
    assert letter.is_withdrawn()
    assert not Letter.objects.filter(replaces=letter).exists()


def test_an_empty_reason_shows_the_form_again(client, administrator, letter):
    client.force_login(administrator)

    response = client.post(withdraw_url(letter), {"reason": "", "reissue": "on"})

    letter.refresh_from_db()
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert letter.status == Letter.Status.ISSUED


def test_withdrawing_a_withdrawn_letter_shows_an_error(client, administrator, letter):
    withdraw_letter(letter=letter, reason="发错", actor=administrator, reissue=False)
    client.force_login(administrator)

    response = client.post(withdraw_url(letter), {"reason": "再撤"})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_discipline_staff_cannot_withdraw(client, city_staff, letter):
    client.force_login(city_staff)

    assert client.get(withdraw_url(letter)).status_code == 403
    assert client.post(withdraw_url(letter), {"reason": "x"}).status_code == 403


def test_the_addressee_cannot_withdraw_their_own_letter(client, secretary, letter):
    client.force_login(secretary)

    assert client.post(withdraw_url(letter), {"reason": "x"}).status_code == 403


def test_a_letter_out_of_scope_is_404(client, other_township, letter):
    user = UserFactory(profile__unit=other_township, roles=[roles.DISCIPLINE_STAFF])
    user.user_permissions.add(Permission.objects.get(codename="withdraw_letter"))
    client.force_login(user)

    assert client.get(withdraw_url(letter)).status_code == 404


def test_anonymous_is_sent_to_log_in(client, letter):
    response = client.get(withdraw_url(letter))

    assert response.status_code == 302
    assert "/login/" in response.url


def test_other_methods_are_refused(client, administrator, letter):
    client.force_login(administrator)

    assert client.put(withdraw_url(letter)).status_code == 405


def test_a_missing_letter_is_404(client, administrator):
    client.force_login(administrator)

    assert client.get(withdraw_url(LetterFactory.build(pk=999_999))).status_code == 404
