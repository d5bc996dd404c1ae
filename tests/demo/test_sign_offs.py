"""The demo city's sign-offs once seed_demo has run (seeded once for the folder)."""

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from commitments.models import SignOff
from commitments.services.signing import first_broken_link
from demo import city
from responsibilities.models import DutyReport, Official, Period, ResponsibilityList
from tests.seeding import seed

pytestmark = pytest.mark.django_db


def last_year() -> int:
    return timezone.localdate().year - 1


def test_last_years_reports_were_each_submitted_by_their_secretarys_sign_off(
    seeded_city,
):
    reports = DutyReport.objects.for_period(last_year(), Period.YEAR)

    sign_offs = SignOff.objects.filter(duty_report__in=reports)
    assert reports.exists()
    assert not reports.drafts().exists()
    assert sign_offs.count() == reports.count()
    assert not sign_offs.exclude(unit=F("duty_report__unit")).exists()
    assert not sign_offs.exclude(
        official__subject=Official.Subject.MAIN_LEADER
    ).exists()
    assert not sign_offs.exclude(signature__signer=F("official__user")).exists()
    assert set(sign_offs.values_list("kind", flat=True)) == {
        SignOff.Kind.YEAR_END_SUMMARY
    }
    assert first_broken_link() is None


def test_the_township_breakdown_of_last_year_is_signed_off_and_this_years_awaits(
    seeded_city, client
):
    lists = ResponsibilityList.objects.filter(unit__code=city.DEMO_TOWNSHIP)
    previous = lists.get(year=last_year())
    current = lists.get(year=last_year() + 1)
    client.login(username="secretary", password="zhongzhou-demo")

    response = client.get(current.get_absolute_url())

    signers = previous.sign_offs.values_list("signature__signer__username", flat=True)
    assert set(signers) == {"secretary", "member"}
    assert previous.is_signed_off()
    assert not current.sign_offs.exists()
    assert response.context["may_sign_off"]
    assert reverse("commitments:signoff_list_create", args=[current.pk]) in (
        response.text
    )


def test_seeding_again_signs_nothing_more(seeded_city):
    before = SignOff.objects.count()

    output = seed()

    assert SignOff.objects.count() == before
    assert "sign-offs: 0 duty reports signed off" in output
