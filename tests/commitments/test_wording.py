"""What the commitment pages say in Chinese, where an English word means several things."""

import re

import pytest
from django.urls import reverse

from tests.factories import CampaignFactory, LetterFactory

pytestmark = pytest.mark.django_db


def label(html: str, field: str) -> str:
    """Return the text of the label of the field with that id, as rendered."""
    return re.search(rf'<label\s+for="id_{field}"[^>]*>\s*([^<]*?)\s*<', html)[1]


def test_the_public_board_searches_by_a_persons_name(client):
    response = client.get(reverse("public:commitment_board"))

    assert label(response.text, "q") == "姓名"


def test_a_campaign_shows_its_signing_deadline(client, city_staff, township):
    campaign = CampaignFactory()
    LetterFactory(campaign=campaign, addressee__unit=township)
    client.force_login(city_staff)

    listed = client.get(reverse("commitments:campaign_list"))
    detail = client.get(campaign.get_absolute_url())
    form = client.get(reverse("commitments:campaign_create"))

    assert "<th>签字截止日期</th>" in listed.text
    assert "签字截止日期" in detail.text
    assert label(form.text, "deadline") == "签字截止日期"
    assert "完成时限" not in listed.text + detail.text + form.text


def test_the_list_of_who_has_not_signed_heads_the_names_姓名(
    client, city_staff, township
):
    campaign = CampaignFactory()
    LetterFactory(campaign=campaign, addressee__unit=township)
    client.force_login(city_staff)

    response = client.get(campaign.get_absolute_url())

    unsigned = response.text.split('data-testid="unsigned-list"')[1]
    assert unsigned.split("</thead>")[0].count("<th>姓名</th>") == 1
