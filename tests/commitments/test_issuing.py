import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from commitments.audit import CommitmentsAuditAction
from commitments.models import Campaign, Letter, LetterKind
from commitments.services.campaigns import (
    issue_letters,
    save_campaign,
    start_issuing,
    withdraw_letter,
)
from commitments.tasks import issue_campaign
from core.models import AuditEvent, BackgroundJob
from responsibilities.models import Official
from tests.factories import (
    CampaignFactory,
    LetterTemplateFactory,
    OfficialFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db


def issue_url(campaign: Campaign) -> str:
    return reverse("commitments:campaign_issue", args=[campaign.pk])


Rank = Official.Rank
Subject = Official.Subject


class ProgressLog(list):
    def __call__(self, done: int, total: int) -> None:
        self.append((done, total))


def issue(campaign: Campaign, actor=None) -> str:
    return issue_letters(campaign=campaign, actor=actor, progress=ProgressLog())


@pytest.fixture
def station(township):
    return UnitFactory(kind="station", name="东湖镇财政所", parent=township)


@pytest.fixture
def township_leaders(township):
    return [
        OfficialFactory(
            unit=township, rank=Rank.SECTION_CHIEF, subject=Subject.MAIN_LEADER
        ),
        OfficialFactory(
            unit=township, rank=Rank.SECTION_DEPUTY, subject=Subject.TEAM_MEMBER
        ),
    ]


def addressee_names(campaign: Campaign) -> set[str]:
    return set(campaign.letters.values_list("addressee__name", flat=True))


def test_issuing_creates_one_letter_per_addressee_in_their_unit(
    township, township_leaders, station, administrator
):
    manager = OfficialFactory(unit=station, rank=Rank.MIDDLE_MANAGER)
    campaign = CampaignFactory()

    message = issue(campaign, administrator)

    letters = Letter.objects.filter(campaign=campaign)
    assert letters.count() == 3
    assert letters.get(addressee=manager).unit == station
    assert all(letter.status == Letter.Status.ISSUED for letter in letters)
    assert "3" in message


def test_issuing_twice_creates_no_duplicates(township_leaders, administrator):
    campaign = CampaignFactory()
    issue(campaign, administrator)

    with translation.override("en"):
        message = issue(campaign, administrator)

    assert campaign.letters.count() == 2
    assert message.startswith("0 ")


def test_issuing_again_adds_a_new_addressee_only(township, township_leaders):
    campaign = CampaignFactory()
    issue(campaign)
    newcomer = OfficialFactory(unit=township, name="新来的")

    issue(campaign)

    assert campaign.letters.count() == 3
    assert campaign.letters.filter(addressee=newcomer).count() == 1


def test_rule_by_unit_without_subunits(township, station, other_township):
    OfficialFactory(unit=township, name="镇里的")
    OfficialFactory(unit=station, name="站里的")
    OfficialFactory(unit=other_township, name="别镇的")
    campaign = CampaignFactory(include_subunits=False)
    campaign.units.set([township])

    issue(campaign)

    assert addressee_names(campaign) == {"镇里的"}


def test_rule_by_unit_with_subunits(township, station, other_township):
    OfficialFactory(unit=township, name="镇里的")
    OfficialFactory(unit=station, name="站里的")
    OfficialFactory(unit=other_township, name="别镇的")
    campaign = CampaignFactory(include_subunits=True)
    campaign.units.set([township])

    issue(campaign)

    assert addressee_names(campaign) == {"镇里的", "站里的"}


def test_rule_by_rank_and_subject(township):
    OfficialFactory(
        unit=township, name="书记", rank=Rank.SECTION_CHIEF, subject=Subject.MAIN_LEADER
    )
    OfficialFactory(
        unit=township,
        name="副镇长",
        rank=Rank.SECTION_DEPUTY,
        subject=Subject.TEAM_MEMBER,
    )
    OfficialFactory(unit=township, name="股长", rank=Rank.MIDDLE_MANAGER)
    by_rank = CampaignFactory(ranks=[Rank.SECTION_CHIEF, Rank.SECTION_DEPUTY])
    by_subject = CampaignFactory(subjects=[Subject.MAIN_LEADER])

    issue(by_rank)
    issue(by_subject)

    assert addressee_names(by_rank) == {"书记", "副镇长"}
    assert addressee_names(by_subject) == {"书记"}


def test_inactive_officials_get_no_letter(township):
    OfficialFactory(unit=township, name="离任的", is_active=False)

    campaign = CampaignFactory()
    issue(campaign)

    assert not campaign.letters.exists()


def test_issuing_reports_progress_in_batches(township, monkeypatch):
    monkeypatch.setattr("commitments.services.campaigns.ISSUE_BATCH_SIZE", 2)
    OfficialFactory.create_batch(5, unit=township)
    campaign = CampaignFactory()
    progress = ProgressLog()

    issue_letters(campaign=campaign, actor=None, progress=progress)

    assert progress == [(0, 5), (2, 5), (4, 5), (5, 5)]
    assert campaign.letters.count() == 5


def test_issuing_writes_one_audit_row_and_the_issue_time(
    township_leaders, administrator
):
    campaign = CampaignFactory()

    issue(campaign, administrator)

    campaign.refresh_from_db()
    event = AuditEvent.objects.get(action=CommitmentsAuditAction.CAMPAIGN_ISSUE)
    assert event.user == administrator
    assert event.object_id == str(campaign.pk)
    assert event.detail["letters_issued"] == 2
    assert campaign.issued_at is not None


def test_issuing_records_the_letters_history(township_leaders, administrator):
    campaign = CampaignFactory()

    issue(campaign, administrator)

    letter = campaign.letters.first()
    assert letter.history.get().history_user == administrator


def test_the_job_issues_the_letters_and_shows_the_message(
    township_leaders, administrator, django_capture_on_commit_callbacks
):
    campaign = CampaignFactory()

    with django_capture_on_commit_callbacks(execute=True):
        job = start_issuing(campaign=campaign, actor=administrator)

    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.DONE
    assert (job.done, job.total) == (2, 2)
    assert job.message
    assert campaign.letters.count() == 2


def test_the_task_skips_a_campaign_that_is_gone(administrator):
    job = BackgroundJob.objects.create(
        kind="commitments.issue_campaign", description="x", created_by=administrator
    )

    issue_campaign(job.pk, campaign_id=999_999)

    job.refresh_from_db()
    assert job.status == BackgroundJob.Status.QUEUED


def test_a_withdrawn_letter_makes_room_for_a_new_one(township_leaders, administrator):
    campaign = CampaignFactory()
    issue(campaign)
    old = campaign.letters.first()
    withdraw_letter(letter=old, reason="发错了", actor=administrator, reissue=False)

    issue(campaign)

    letters = campaign.letters.filter(addressee=old.addressee)
    assert letters.count() == 2
    assert letters.live().count() == 1


def test_saving_a_campaign_takes_its_kind_from_its_template(administrator, township):
    template = LetterTemplateFactory(kind=LetterKind.ACKNOWLEDGEMENT)
    campaign = Campaign(
        template=template, year=2026, title="认领", deadline=datetime.date(2026, 3, 31)
    )

    save_campaign(campaign=campaign, actor=administrator, units=[township])

    assert campaign.kind == LetterKind.ACKNOWLEDGEMENT
    assert campaign.created_by == administrator
    assert list(campaign.units.all()) == [township]
    assert AuditEvent.objects.filter(
        action=CommitmentsAuditAction.CAMPAIGN_SAVE
    ).exists()


def test_a_deadline_before_the_campaign_year_is_refused(administrator):
    campaign = CampaignFactory.build(
        template=LetterTemplateFactory(),
        created_by=administrator,
        year=2026,
        deadline=datetime.date(2025, 12, 31),
    )

    with pytest.raises(ValidationError):
        save_campaign(campaign=campaign, actor=administrator)


def test_an_issued_campaign_cannot_change_to_a_template_of_another_kind(
    township_leaders, administrator
):
    campaign = CampaignFactory()
    issue(campaign)
    campaign.template = LetterTemplateFactory(kind=LetterKind.ACKNOWLEDGEMENT)

    with pytest.raises(ValidationError):
        save_campaign(campaign=campaign, actor=administrator)


# --- Issuing from the campaign page ----------------------------------------------


def test_issuing_starts_the_job_and_shows_its_progress(
    client, administrator, township, django_capture_on_commit_callbacks
):
    OfficialFactory.create_batch(3, unit=township)
    campaign = CampaignFactory()
    client.force_login(administrator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(issue_url(campaign))

    job = BackgroundJob.objects.get()
    assert response.status_code == 302
    assert response.url == f"{campaign.get_absolute_url()}?job={job.pk}"
    assert campaign.letters.count() == 3
    page = client.get(response.url)
    assert 'data-testid="job-progress"' in page.text
    assert page.context["job"] == job


def test_issuing_is_post_only(client, administrator):
    campaign = CampaignFactory()
    client.force_login(administrator)

    assert client.get(issue_url(campaign)).status_code == 405


def test_township_staff_cannot_issue_a_city_wide_campaign(client, township_staff):
    campaign = CampaignFactory()
    client.force_login(township_staff)

    assert client.post(issue_url(campaign)).status_code == 403
    assert not BackgroundJob.objects.exists()


def test_township_staff_issue_a_campaign_to_their_township(
    client, township_staff, township, django_capture_on_commit_callbacks
):
    OfficialFactory(unit=township)
    campaign = CampaignFactory()
    campaign.units.set([township])
    client.force_login(township_staff)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(issue_url(campaign))

    assert campaign.letters.count() == 1
