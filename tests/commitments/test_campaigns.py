import datetime
import json
import re

import pytest
from django.urls import reverse

from commitments.audit import CommitmentsAuditAction
from commitments.models import Campaign, Letter, LetterKind
from commitments.services.signing import sign_letter
from core.models import AuditEvent, BackgroundJob
from responsibilities.models import Official
from tests.factories import (
    CampaignFactory,
    LetterFactory,
    LetterTemplateFactory,
    OfficialFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LIST_URL = reverse("commitments:campaign_list")
CREATE_URL = reverse("commitments:campaign_create")


def detail_url(campaign: Campaign) -> str:
    return reverse("commitments:campaign_detail", args=[campaign.pk])


def issue_url(campaign: Campaign) -> str:
    return reverse("commitments:campaign_issue", args=[campaign.pk])


def campaign_data(template, **changes) -> dict:
    data = {
        "title": "2026年度乡科级干部个性化廉政承诺",
        "year": 2026,
        "template": template.pk,
        "deadline": "2026-03-31",
        "units": [],
        "include_subunits": "on",
        "ranks": [Official.Rank.SECTION_CHIEF, Official.Rank.SECTION_DEPUTY],
        "subjects": [],
    }
    return data | changes


def sign_as_new_user(letter: Letter) -> Letter:
    official = letter.addressee
    official.user = UserFactory(profile__unit=official.unit)
    official.save()
    return sign_letter(letter=letter, signer=official.user, personal_text="廉洁自律。")


@pytest.fixture
def campaign(township, other_township, secretary_official):
    """A campaign with letters in two townships: one signed, two not."""
    campaign = CampaignFactory(
        title="2026年度廉政承诺", deadline=datetime.date(2099, 1, 1)
    )
    LetterFactory(campaign=campaign, addressee=secretary_official)
    sign_as_new_user(LetterFactory(campaign=campaign, addressee__unit=township))
    LetterFactory(
        campaign=campaign, addressee__unit=other_township, addressee__name="李西山"
    )
    return campaign


# --- The list ------------------------------------------------------------------------


def test_list_shows_campaigns_with_signed_counts(client, city_staff, campaign):
    client.force_login(city_staff)

    response = client.get(LIST_URL)

    assert response.status_code == 200
    row = response.context["page"][0]
    assert (row.signed_count, row.letter_count) == (1, 3)


def test_township_staff_count_only_their_townships_letters(
    client, township_staff, campaign
):
    client.force_login(township_staff)

    response = client.get(LIST_URL)

    row = response.context["page"][0]
    assert (row.signed_count, row.letter_count) == (1, 2)


def test_list_filters_by_year_and_kind(client, administrator):
    CampaignFactory(year=2025, title="去年的")
    CampaignFactory(
        year=2026,
        title="认领书",
        template=LetterTemplateFactory(kind=LetterKind.ACKNOWLEDGEMENT),
    )
    client.force_login(administrator)

    by_year = client.get(LIST_URL, {"year": 2025})
    by_kind = client.get(LIST_URL, {"kind": LetterKind.ACKNOWLEDGEMENT})

    assert [c.title for c in by_year.context["page"]] == ["去年的"]
    assert [c.title for c in by_kind.context["page"]] == ["认领书"]


def test_list_query_count_does_not_grow(client, administrator, city, count_queries):
    client.force_login(administrator)
    LetterFactory()
    few = count_queries(LIST_URL)

    for _number in range(12):
        campaign = CampaignFactory()
        LetterFactory.create_batch(3, campaign=campaign)

    assert count_queries(LIST_URL) == few


def test_those_without_the_permission_cannot_see_campaigns(client, member, auditor):
    for user in (member, auditor):
        client.force_login(user)
        assert client.get(LIST_URL).status_code == 403


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(LIST_URL)

    assert response.status_code == 302
    assert "/login/" in response.url


# --- Creating and editing ----------------------------------------------------------


def test_a_campaign_due_in_year_9999_is_refused(client, city_staff, township):
    template = LetterTemplateFactory()
    client.force_login(city_staff)

    response = client.post(
        CREATE_URL,
        campaign_data(template, units=[township.pk], deadline="9999-12-31"),
    )

    [error] = response.context["form"].errors["deadline"]
    assert error.startswith("请填写不晚于")
    assert not Campaign.objects.exists()


def test_a_campaign_for_year_9999_is_refused(client, city_staff, township):
    template = LetterTemplateFactory()
    client.force_login(city_staff)

    response = client.post(
        CREATE_URL, campaign_data(template, units=[township.pk], year=9999)
    )

    assert "year" in response.context["form"].errors
    assert not Campaign.objects.exists()


def test_staff_create_a_campaign_by_rule(client, city_staff, township):
    template = LetterTemplateFactory()
    client.force_login(city_staff)

    response = client.post(CREATE_URL, campaign_data(template, units=[township.pk]))

    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert response.url == campaign.get_absolute_url()
    assert campaign.kind == template.kind
    assert campaign.created_by == city_staff
    assert campaign.ranks == [Official.Rank.SECTION_CHIEF, Official.Rank.SECTION_DEPUTY]
    assert list(campaign.units.all()) == [township]
    assert AuditEvent.objects.filter(
        action=CommitmentsAuditAction.CAMPAIGN_SAVE
    ).exists()


def test_the_form_offers_active_templates_only(client, administrator):
    active = LetterTemplateFactory()
    LetterTemplateFactory(is_active=False)
    client.force_login(administrator)

    response = client.get(CREATE_URL)

    templates = response.context["form"].fields["template"].queryset
    assert active in templates
    assert not templates.filter(is_active=False).exists()


def test_township_staff_must_choose_units_in_their_scope(
    client, township_staff, other_township
):
    client.force_login(township_staff)
    template = LetterTemplateFactory()

    everyone = client.post(CREATE_URL, campaign_data(template))
    elsewhere = client.post(
        CREATE_URL, campaign_data(template, units=[other_township.pk])
    )

    assert everyone.status_code == elsewhere.status_code == 200
    assert everyone.context["form"].errors["units"]
    assert elsewhere.context["form"].errors["units"]
    assert not Campaign.objects.exists()


def test_a_deadline_before_the_year_shows_an_error(client, administrator):
    client.force_login(administrator)

    response = client.post(
        CREATE_URL, campaign_data(LetterTemplateFactory(), deadline="2025-12-31")
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Campaign.objects.exists()


def test_administrator_edits_a_campaign(client, administrator, campaign):
    client.force_login(administrator)
    url = reverse("commitments:campaign_update", args=[campaign.pk])

    response = client.post(
        url, campaign_data(campaign.template, title="改过的标题", deadline="2026-06-30")
    )

    campaign.refresh_from_db()
    assert response.status_code == 302
    assert campaign.title == "改过的标题"


def test_township_staff_cannot_edit_a_city_wide_campaign(
    client, township_staff, campaign
):
    client.force_login(township_staff)
    url = reverse("commitments:campaign_update", args=[campaign.pk])

    assert client.get(url).status_code == 403


def test_members_cannot_create_campaigns(client, member):
    client.force_login(member)

    assert client.get(CREATE_URL).status_code == 403


# --- The progress page -----------------------------------------------------------


def test_detail_counts_signed_and_unsigned_by_unit(client, city_staff, campaign):
    client.force_login(city_staff)

    response = client.get(detail_url(campaign))

    totals = response.context["totals"]
    assert (totals.signed, totals.unsigned, totals.overdue) == (1, 2, 0)
    by_unit = {
        row.name: (row.signed, row.unsigned) for row in response.context["units"]
    }
    assert by_unit == {"东湖镇": (1, 1), "西山乡": (0, 1)}
    chart = json.loads(
        re.search(r'id="campaign-chart-data"[^>]*>(.*?)</script>', response.text)[1]
    )
    assert chart["labels"] == ["东湖镇", "西山乡"]
    assert [series["data"] for series in chart["series"]] == [[1, 0], [1, 1], [0, 0]]


def test_after_the_deadline_unsigned_letters_are_overdue(client, city_staff, campaign):
    Campaign.objects.filter(pk=campaign.pk).update(deadline=datetime.date(2000, 1, 1))
    client.force_login(city_staff)

    response = client.get(detail_url(campaign))

    assert response.context["totals"].overdue == 2
    assert "data-overdue" in response.text


def test_detail_lists_who_has_not_signed(client, city_staff, campaign):
    client.force_login(city_staff)

    response = client.get(detail_url(campaign))

    names = [letter.addressee.name for letter in response.context["page"]]
    assert sorted(names) == sorted(["王建国", "李西山"])


def test_township_staff_see_their_townships_progress_only(
    client, township_staff, campaign
):
    client.force_login(township_staff)

    response = client.get(detail_url(campaign))

    assert [row.name for row in response.context["units"]] == ["东湖镇"]
    assert "李西山" not in response.text


def test_withdrawn_letters_do_not_count(client, administrator, campaign):
    from commitments.services.campaigns import withdraw_letter

    letter = campaign.letters.get(addressee__name="李西山")
    withdraw_letter(letter=letter, reason="发错", actor=administrator, reissue=False)
    client.force_login(administrator)

    response = client.get(detail_url(campaign))

    assert response.context["totals"].total == 2


def test_export_links_show_only_when_letters_are_signed(
    client, administrator, campaign
):
    empty = CampaignFactory()
    LetterFactory(campaign=empty)
    client.force_login(administrator)

    with_signed = client.get(detail_url(campaign)).text
    without = client.get(detail_url(empty)).text

    assert (
        reverse("commitments:campaign_export", args=[campaign.pk, "zip"]) in with_signed
    )
    assert 'data-testid="export-pdf"' not in without


def test_the_issue_button_says_how_many_letters_are_missing(
    client, administrator, campaign, township
):
    OfficialFactory(unit=township, name="还没有信的")
    client.force_login(administrator)

    response = client.get(detail_url(campaign))

    assert response.context["not_issued"] == 1
    assert 'data-testid="issue-button"' in response.text


def test_detail_query_count_does_not_grow_with_letters_and_units(
    client, administrator, city, campaign, count_queries
):
    client.force_login(administrator)
    few = count_queries(detail_url(campaign))

    for _number in range(6):
        unit = UnitFactory(parent=city)
        LetterFactory.create_batch(4, campaign=campaign, addressee__unit=unit)
        sign_as_new_user(LetterFactory(campaign=campaign, addressee__unit=unit))
    campaign.units.add(*UnitFactory.create_batch(3, parent=city))

    assert count_queries(detail_url(campaign)) == few


def test_detail_of_an_unknown_campaign_is_404(client, administrator):
    client.force_login(administrator)

    assert (
        client.get(reverse("commitments:campaign_detail", args=[999])).status_code
        == 404
    )


def test_members_cannot_open_the_progress_page(client, member, campaign):
    client.force_login(member)

    assert client.get(detail_url(campaign)).status_code == 403


def test_someone_elses_job_is_not_shown(client, administrator, city_staff, campaign):
    job = BackgroundJob.objects.create(kind="x", description="x", created_by=city_staff)
    client.force_login(administrator)

    response = client.get(f"{detail_url(campaign)}?job={job.pk}")

    assert response.context["job"] is None
