"""Rounds run on paper, registered from the archive with the dates the papers bear."""

import datetime
import json
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from commitments.models import Campaign, Letter
from commitments.services.campaigns import register_archive_letters
from commitments.services.signing import (
    first_broken_link,
    register_paper_signature,
    sign_letter,
)
from commitments.services.signoffs import register_paper_report_sign_off
from commitments.tasks import send_letter_reminders
from core import roles
from core.models import Notification
from responsibilities.models import Official
from tests.factories import (
    CampaignFactory,
    DutyReportFactory,
    OfficialFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
# The registration happens in 2026; the papers are of 2025.
NOW = datetime.datetime(2026, 12, 3, 15, 30, tzinfo=SHANGHAI)
ISSUED_ON = datetime.date(2025, 3, 1)
SIGNED_ON = datetime.date(2025, 3, 12)


@pytest.fixture(autouse=True)
def registration_day():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def paper_round(administrator, secretary_official) -> Campaign:
    """Last year's round, to the township's secretary, registered from the archive."""
    campaign = CampaignFactory(
        year=2025,
        title="2025年度廉政承诺",
        deadline=datetime.date(2025, 3, 31),
        created_by=administrator,
    )
    campaign.units.set([secretary_official.unit])
    return register_archive_letters(
        campaign=campaign, actor=administrator, issued_on=ISSUED_ON
    )


@pytest.fixture
def paper_letter(paper_round) -> Letter:
    return paper_round.letters.get()


def register(letter: Letter, actor, signed_on=SIGNED_ON) -> Letter:
    return register_paper_signature(
        letter=letter,
        actor=actor,
        signed_on=signed_on,
        personal_text="不插手工程招投标。",
        is_public=True,
    )


def test_letters_from_the_archive_bear_the_papers_issue_date(paper_round):
    letter = paper_round.letters.get()

    assert paper_round.is_from_archive
    assert timezone.localdate(letter.issued_at) == ISSUED_ON
    assert timezone.localdate(paper_round.issued_at) == ISSUED_ON


@pytest.mark.parametrize(
    "issued_on",
    [datetime.date(2026, 12, 4), datetime.date(2025, 4, 1), datetime.date(2024, 12, 1)],
    ids=["tomorrow", "after-the-deadline", "before-the-year"],
)
def test_an_archive_issue_date_outside_the_round_is_refused(
    administrator, secretary_official, issued_on
):
    campaign = CampaignFactory(
        year=2025, deadline=datetime.date(2025, 3, 31), created_by=administrator
    )

    with pytest.raises(ValidationError):
        register_archive_letters(
            campaign=campaign, actor=administrator, issued_on=issued_on
        )

    assert not campaign.letters.exists()


def test_a_round_issued_in_the_system_cannot_be_passed_off_as_paper(
    administrator, letter
):
    with pytest.raises(ValidationError):
        register_archive_letters(
            campaign=letter.campaign,
            actor=administrator,
            issued_on=datetime.date(2026, 3, 1),
        )


def test_a_paper_signature_is_timed_at_registration_with_the_paper_date_beside(
    paper_letter, administrator, secretary
):
    letter = register(paper_letter, administrator)

    signature = letter.signature
    assert signature.signed_at == NOW
    assert signature.signed_on_paper == SIGNED_ON
    assert signature.signed_on() == SIGNED_ON
    assert signature.registered_by == administrator
    assert signature.signer == secretary
    content = json.loads(signature.canonical_content())
    assert content["signed_on_paper"] == "2025-03-12"
    assert content["registered_by_id"] == administrator.pk
    assert signature.is_intact()
    assert first_broken_link() is None


def test_a_signature_made_in_the_system_hashes_as_before(signed_letter):
    content = json.loads(signed_letter.signature.canonical_content())

    assert "signed_on_paper" not in content
    assert "registered_by_id" not in content


@pytest.mark.parametrize(
    "signed_on",
    [datetime.date(2025, 2, 28), datetime.date(2026, 12, 4)],
    ids=["before-issue", "tomorrow"],
)
def test_a_paper_date_before_the_issue_or_after_today_is_refused(
    paper_letter, administrator, signed_on
):
    with pytest.raises(ValidationError):
        register(paper_letter, administrator, signed_on=signed_on)

    paper_letter.refresh_from_db()
    assert not paper_letter.is_signed()


def test_only_those_who_run_campaigns_register_paper_signatures(
    paper_letter, secretary, township
):
    clerk = UserFactory(profile__unit=township, roles=[roles.TEAM_MEMBER])

    for actor in (secretary, clerk):
        with pytest.raises(PermissionDenied):
            register(paper_letter, actor)


def test_a_letter_issued_in_the_system_is_never_registered_as_signed_on_paper(
    letter, administrator
):
    with pytest.raises(ValidationError):
        register(letter, administrator)

    letter.refresh_from_db()
    assert not letter.is_signed()


def test_a_paper_letter_is_not_signed_online(paper_letter, secretary):
    with pytest.raises(ValidationError):
        sign_letter(letter=paper_letter, signer=secretary, personal_text="承诺。")


def test_an_unsigned_paper_letter_sends_no_reminder(paper_letter, secretary):
    with time_machine.travel(datetime.datetime(2025, 4, 2, 8, tzinfo=SHANGHAI)):
        send_letter_reminders()

    assert not Notification.objects.filter(user=secretary).exists()


def test_pages_say_the_letter_was_signed_on_paper_and_registered_from_the_archive(
    client, paper_letter, administrator, secretary
):
    letter = register(paper_letter, administrator)
    client.force_login(secretary)

    detail = client.get(letter.get_absolute_url())
    verification = client.get(reverse("public:verify", args=[letter.signature.code]))
    board = client.get(reverse("public:commitment_board"), {"year": 2025})
    client.force_login(administrator)
    campaign = client.get(letter.campaign.get_absolute_url())

    assert "纸质签署日期" in detail.text
    assert "2025-03-12" in detail.text
    assert "从档案登记" in detail.text
    assert "2026-12-03 15:30" in detail.text
    assert "从档案登记" in verification.text
    assert "2025-03-12" in verification.text
    assert "纸质签署，从档案登记" in board.text
    assert "2025-03-12" in board.text
    assert "从档案登记" in campaign.text
    assert "2025-03-01" in campaign.text


def test_discipline_staff_may_register_paper_too(paper_letter, city_staff):
    letter = register(paper_letter, city_staff)

    assert letter.signature.registered_by == city_staff


def test_staff_of_another_township_cannot_register_its_paper_signatures(
    paper_letter, other_township
):
    stranger = UserFactory(profile__unit=other_township, roles=[roles.DISCIPLINE_STAFF])

    with pytest.raises(PermissionDenied):
        register(paper_letter, stranger)

    paper_letter.refresh_from_db()
    assert paper_letter.status == Letter.Status.ISSUED


def test_a_secretary_without_an_account_cannot_be_registered(administrator, township):
    OfficialFactory(unit=township, rank=Official.Rank.SECTION_CHIEF, user=None)
    campaign = CampaignFactory(
        year=2025, deadline=datetime.date(2025, 3, 31), created_by=administrator
    )
    campaign.units.set([township])
    register_archive_letters(
        campaign=campaign, actor=administrator, issued_on=ISSUED_ON
    )

    with pytest.raises(ValidationError):
        register(campaign.letters.get(), administrator)


# --- Duty reports signed off on paper ----------------------------------------------


@pytest.fixture
def last_years_report(secretary, secretary_official, township):
    """The township's whole-year report for 2025, not signed off in the system."""
    return DutyReportFactory(
        unit=township,
        written_by=secretary,
        year=2025,
        text="2025年度报告。",
        draft=True,
    )


def test_a_report_signed_off_on_paper_is_submitted_on_the_papers_day(
    last_years_report, administrator, secretary
):
    signed_on = datetime.date(2026, 1, 12)

    sign_off = register_paper_report_sign_off(
        duty_report=last_years_report,
        secretary=Official.objects.get(user=secretary),
        actor=administrator,
        signed_on=signed_on,
        opinion="报告内容属实。",
    )

    last_years_report.refresh_from_db()
    assert last_years_report.is_submitted()
    assert timezone.localdate(last_years_report.submitted_at) == signed_on
    assert sign_off.signature.signer == secretary
    assert sign_off.signature.signed_on_paper == signed_on
    assert sign_off.signature.registered_by == administrator
    assert sign_off.signature.signed_at == NOW
    assert first_broken_link() is None


@pytest.mark.parametrize(
    "signed_on",
    [datetime.date(2024, 12, 31), datetime.date(2026, 12, 4)],
    ids=["before-the-reports-year", "tomorrow"],
)
def test_a_report_cannot_be_dated_outside_its_year_and_today(
    last_years_report, administrator, secretary, signed_on
):
    with pytest.raises(ValidationError):
        register_paper_report_sign_off(
            duty_report=last_years_report,
            secretary=Official.objects.get(user=secretary),
            actor=administrator,
            signed_on=signed_on,
            opinion="报告内容属实。",
        )

    last_years_report.refresh_from_db()
    assert not last_years_report.is_submitted()


def test_a_paper_sign_off_is_the_units_secretarys_alone(
    last_years_report, administrator, township
):
    team_member = OfficialFactory(
        unit=township, subject=Official.Subject.TEAM_MEMBER, user=UserFactory()
    )

    with pytest.raises(ValidationError):
        register_paper_report_sign_off(
            duty_report=last_years_report,
            secretary=team_member,
            actor=administrator,
            signed_on=datetime.date(2026, 1, 12),
            opinion="报告内容属实。",
        )

    last_years_report.refresh_from_db()
    assert not last_years_report.is_submitted()


def test_staff_of_another_township_cannot_register_its_paper_sign_off(
    last_years_report, secretary, other_township
):
    stranger = UserFactory(profile__unit=other_township, roles=[roles.DISCIPLINE_STAFF])

    with pytest.raises(PermissionDenied):
        register_paper_report_sign_off(
            duty_report=last_years_report,
            secretary=Official.objects.get(user=secretary),
            actor=stranger,
            signed_on=datetime.date(2026, 1, 12),
            opinion="报告内容属实。",
        )


def test_a_secretary_cannot_register_their_own_paper_sign_off(
    last_years_report, secretary
):
    with pytest.raises(PermissionDenied):
        register_paper_report_sign_off(
            duty_report=last_years_report,
            secretary=Official.objects.get(user=secretary),
            actor=secretary,
            signed_on=datetime.date(2026, 1, 12),
            opinion="报告内容属实。",
        )


def test_the_reports_page_says_its_sign_off_was_registered_from_the_archive(
    client, last_years_report, administrator, secretary
):
    register_paper_report_sign_off(
        duty_report=last_years_report,
        secretary=Official.objects.get(user=secretary),
        actor=administrator,
        signed_on=datetime.date(2026, 1, 12),
        opinion="报告内容属实。",
    )
    client.force_login(secretary)

    page = client.get(last_years_report.get_absolute_url()).text

    assert "纸质签署，从档案登记" in page
    assert "2026-01-12" in page
