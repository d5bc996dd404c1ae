"""The demo city's letters once seed_demo has run (seeded once for the folder)."""

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from commitments.models import Campaign, Letter, LetterKind, Signature
from commitments.services.signing import first_broken_link
from core.models import AuditEvent
from demo import city
from tests.seeding import seed

pytestmark = pytest.mark.django_db


def row_counts() -> dict[str, int]:
    models = [User, AuditEvent]
    models += apps.get_app_config("commitments").get_models(include_auto_created=True)
    return {model._meta.label: model.objects.count() for model in models}


def last_year() -> list[Letter]:
    return Letter.objects.filter(campaign__year=timezone.localdate().year - 1)


def test_seeding_again_changes_no_letter(seeded_city):
    before = row_counts()

    output = seed()

    assert row_counts() == before
    assert "Commitments: 0 campaigns, 0 letters issued, 0 signed" in output


def test_last_year_every_section_cadre_and_middle_manager_signed(seeded_city):
    expected = city.SECTION_LEVEL_TOTAL + city.MIDDLE_MANAGER_TOTAL

    letters = last_year()

    assert letters.count() == expected
    assert letters.signed().count() == expected
    assert first_broken_link() is None


def test_each_letter_was_signed_by_its_addressee(seeded_city):
    mismatched = Letter.objects.signed().exclude(signature__signer=F("addressee__user"))

    assert not mismatched.exists()


def test_some_of_last_years_commitments_are_public_with_personal_texts(seeded_city):
    public = last_year().published()

    assert 0.2 * last_year().count() < public.count() < 0.5 * last_year().count()
    texts = set(public.values_list("personal_text", flat=True)[:50])
    assert len(texts) > 10
    assert all(text.startswith("1. ") for text in texts)


def test_secretarys_commitment_this_year_awaits_signature(seeded_city):
    letter = Letter.objects.get(
        addressee__user__username="secretary",
        campaign__year=timezone.localdate().year,
        campaign__kind=LetterKind.COMMITMENT,
    )

    assert letter.status == Letter.Status.ISSUED
    assert not letter.is_overdue()


def test_this_years_township_commitments_are_partly_signed(seeded_city):
    campaign = Campaign.objects.get(
        year=timezone.localdate().year, kind=LetterKind.COMMITMENT
    )

    assert 0 < campaign.letters.signed().count() < campaign.letters.count()


def test_one_letter_is_overdue(seeded_city):
    overdue = Letter.objects.overdue(timezone.localdate())

    assert overdue.count() == 1
    assert overdue.get().campaign.kind == LetterKind.ACKNOWLEDGEMENT


def test_signed_acknowledgements_list_the_signers_duties(seeded_city):
    signature = Signature.objects.filter(
        letter__campaign__kind=LetterKind.ACKNOWLEDGEMENT,
        letter__addressee__user__username="secretary",
    ).get()

    assert "1. " in signature.body


def test_the_progress_page_of_last_years_campaign_opens(seeded_city, client):
    client.force_login(User.objects.get(username="admin"))
    campaign = Campaign.objects.get(
        year=timezone.localdate().year - 1, title__contains="乡科级"
    )

    response = client.get(reverse("commitments:campaign_detail", args=[campaign.pk]))

    assert response.status_code == 200
    assert response.context["totals"].signed == city.SECTION_LEVEL_TOTAL
