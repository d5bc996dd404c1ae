"""The one signature chain: the check command, and concurrent signing on PostgreSQL."""

import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.utils import translation

from commitments.models import GENESIS_HASH, Signature
from commitments.services.signing import first_broken_link, sign_letter
from tests.factories import LetterFactory, OfficialFactory, UserFactory


@pytest.fixture(autouse=True)
def _english():
    """The command's report is translated; these tests read its English source text."""
    with translation.override("en"):
        yield


def signed_letters(count: int) -> list:
    letters = []
    for index in range(count):
        user = UserFactory()
        official = OfficialFactory(user=user, name=f"签署人{index}")
        letters.append(
            sign_letter(
                letter=LetterFactory(addressee=official),
                signer=user,
                personal_text=f"承诺{index}",
            )
        )
    return letters


def tamper(signature: Signature, column: str, value: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE commitments_signature SET {column} = %s WHERE id = %s",
            [value, signature.pk],
        )


@pytest.mark.django_db
def test_an_intact_chain_is_reported_with_its_length(capsys):
    signed_letters(3)

    call_command("check_signature_chain")

    assert "Chain intact: 3 signatures" in capsys.readouterr().out


@pytest.mark.django_db
def test_an_empty_chain_is_intact(capsys):
    call_command("check_signature_chain")

    assert "Chain intact: 0 signatures" in capsys.readouterr().out


@pytest.mark.django_db
def test_the_check_names_the_first_broken_link_not_the_later_ones():
    first, second, third = signed_letters(3)
    tamper(second.signature, "personal_text", "改过的承诺")
    tamper(third.signature, "personal_text", "也改过")

    with pytest.raises(CommandError) as error:
        call_command("check_signature_chain")

    message = str(error.value)
    assert "signature 2 " in message
    assert second.signature.code in message
    assert "签署人1" in message
    assert second.campaign.title in message
    assert third.signature.code not in message


@pytest.mark.django_db
def test_a_signature_re_linked_elsewhere_breaks_the_chain_there():
    first, second = signed_letters(2)
    tamper(second.signature, "previous_hash", "f" * 64)

    broken = first_broken_link()

    assert broken.signature == second.signature
    assert broken.signature.sequence == 2


def rewrite_with_a_new_hash(signature: Signature, personal_text: str) -> None:
    """Change a signature and recompute its hash, as a careful intruder would."""
    signature.personal_text = personal_text
    tamper(signature, "personal_text", personal_text)
    tamper(signature, "content_hash", signature.compute_hash())


@pytest.mark.django_db
def test_a_signature_rewritten_with_a_new_hash_is_caught_by_its_neighbours(client):
    first, second, third = signed_letters(3)
    rewrite_with_a_new_hash(second.signature, "改过的承诺")

    pages = [
        client.get(f"/public/verify/{letter.signature.code}/")
        for letter in (first, second, third)
    ]
    # The pages above switched the thread to the site's language.
    with translation.override("en"), pytest.raises(CommandError) as error:
        call_command("check_signature_chain")

    assert Signature.objects.get(pk=second.signature.pk).is_intact()
    assert [page.context["is_intact"] for page in pages] == [True, False, False]
    assert "signature 3 " in str(error.value)
    assert f"code {second.signature.code}" in str(error.value)


SIGNERS = 8


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_signings_keep_one_unbroken_chain():
    if connection.vendor != "postgresql":
        pytest.skip(
            "Concurrent signing needs PostgreSQL's row and advisory locks; SQLite "
            "admits one writer at a time. Run with DATABASE_URL=postgres://..."
        )
    letters = []
    for index in range(SIGNERS):
        user = UserFactory()
        official = OfficialFactory(user=user, name=f"并发{index}")
        letters.append(LetterFactory(addressee=official))
    start = threading.Barrier(SIGNERS)
    failures = []

    def sign(letter) -> None:
        try:
            start.wait()
            sign_letter(
                letter=letter,
                signer=letter.addressee.user,
                personal_text=f"{letter.addressee.name}的承诺",
            )
        except Exception as error:  # the assertion below reports it
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign, args=[letter]) for letter in letters]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    chain = list(Signature.objects.chain_order())
    assert failures == []
    assert [signature.sequence for signature in chain] == list(range(1, SIGNERS + 1))
    assert chain[0].previous_hash == GENESIS_HASH
    for previous, signature in zip(chain, chain[1:], strict=False):
        assert signature.previous_hash == previous.content_hash
    assert first_broken_link() is None
