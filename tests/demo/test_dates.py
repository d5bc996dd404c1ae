"""Every date of the seeded demo city in a sensible order (seeded once for the folder).

Last year's record goes through the archive path: papers keep their own dates and say
they were registered from the archive; nothing is dated in the future.
"""

import pytest
from django.contrib.auth.models import User
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from commitments.models import Campaign, Letter, Signature, SignOff
from inspections.models import Finding, Notice, Rectification, RectificationStep
from responsibilities.models import DutyReport, Review

pytestmark = pytest.mark.django_db


def last_year() -> int:
    return timezone.localdate().year - 1


def test_no_rectification_is_assigned_or_due_before_its_notice_went_out(seeded_city):
    rectifications = Rectification.objects.filter(finding__notices__isnull=False)

    assert rectifications.exists()
    assert not rectifications.filter(
        finding__notices__issued_at__date__gt=F("due_on")
    ).exists()
    assert not rectifications.filter(
        finding__notices__issued_at__gt=F("created_at")
    ).exists()


def test_rectifications_are_reported_and_closed_after_they_were_assigned(seeded_city):
    rectifications = Rectification.objects.all()

    assert not rectifications.filter(submitted_at__lt=F("created_at")).exists()
    assert not rectifications.filter(closed_at__lt=F("submitted_at")).exists()
    assert not RectificationStep.objects.filter(
        created_at__lt=F("rectification__created_at")
    ).exists()


def test_findings_fall_within_their_inspection_and_before_their_notice(seeded_city):
    findings = Finding.objects.filter(inspection__isnull=False)

    assert not findings.filter(found_on__lt=F("inspection__started_on")).exists()
    assert not findings.filter(found_on__gt=F("inspection__ended_on")).exists()
    assert not findings.filter(notices__issued_at__date__lt=F("found_on")).exists()


def test_notices_are_acknowledged_after_they_were_issued(seeded_city):
    notices = Notice.objects.filter(acknowledged_at__isnull=False)

    assert notices.exists()
    assert not notices.filter(acknowledged_at__lt=F("issued_at")).exists()


def test_no_letter_is_issued_after_its_campaigns_deadline(seeded_city):
    letters = Letter.objects.all()

    assert not letters.filter(issued_at__date__gt=F("campaign__deadline")).exists()


def test_last_years_letters_were_issued_and_signed_in_their_year_on_paper(
    seeded_city,
):
    letters = Letter.objects.filter(campaign__year=last_year())

    assert letters.exists()
    assert not letters.exclude(issued_at__year=last_year()).exists()
    assert not letters.filter(campaign__is_from_archive=False).exists()
    signatures = Signature.objects.filter(letter__in=letters)
    assert not signatures.filter(signed_on_paper__isnull=True).exists()
    assert not signatures.exclude(signed_on_paper__year=last_year()).exists()


def test_paper_signatures_fall_between_issue_and_deadline(seeded_city):
    paper = Signature.objects.filter(
        signed_on_paper__isnull=False, letter__isnull=False
    )

    assert paper.exists()
    assert not paper.filter(signed_on_paper__lt=F("letter__issued_at__date")).exists()
    assert not paper.filter(
        signed_on_paper__gt=F("letter__campaign__deadline")
    ).exists()


def test_reports_were_submitted_after_their_year_began_and_before_their_review(
    seeded_city,
):
    reports = DutyReport.objects.submitted()
    reviewed = Review.objects.all()

    assert reviewed.exists()
    assert not reports.filter(submitted_at__year__lt=F("year")).exists()
    assert not reviewed.filter(
        report__submitted_at__date__gt=F("meeting__held_on")
    ).exists()
    assert not SignOff.objects.filter(
        duty_report__year=last_year(), signature__signed_on_paper__isnull=True
    ).exists()


def test_no_record_from_the_archive_is_dated_in_the_future(seeded_city):
    now, today = timezone.now(), timezone.localdate()

    assert Notice.objects.filter(is_from_archive=True).exists()
    assert not Notice.objects.filter(is_from_archive=True, issued_at__gt=now).exists()
    assert not Campaign.objects.filter(is_from_archive=True, issued_at__gt=now).exists()
    assert not Signature.objects.filter(signed_on_paper__gt=today).exists()
    assert not Signature.objects.filter(
        signed_on_paper__gt=F("signed_at__date")
    ).exists()


def test_last_years_pages_say_registered_from_the_archive(client, seeded_city):
    client.force_login(User.objects.get(username="staff"))
    campaign = Campaign.objects.filter(year=last_year()).first()
    letter = campaign.letters.first()
    notice = Notice.objects.filter(year=last_year()).first()

    pages = [
        client.get(campaign.get_absolute_url()),
        client.get(letter.get_absolute_url()),
        client.get(notice.get_absolute_url()),
        client.get(reverse("public:verify", args=[letter.signature.code])),
    ]

    for page in pages:
        assert page.status_code == 200
        assert "从档案登记" in page.text
