"""The administrator's home: what they keep, not an empty "what needs me"."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commitments.services.signing import sign_letter
from responsibilities.models import BottomLine, DutyTemplate, Official, Unit
from responsibilities.services import save_official, save_unit
from tests.factories import (
    CampaignFactory,
    LetterFactory,
    OfficialFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year


def section(page: str, testid: str) -> str:
    """Return the page's HTML from the element with this data-testid on."""
    return page[page.index(f'data-testid="{testid}"') :]


def add_unit(city: Unit, code: str, administrator) -> Unit:
    unit = Unit(parent=city, kind=Unit.Kind.DEPARTMENT, name=f"{code}局", code=code)
    return save_unit(unit=unit, actor=administrator)


def test_an_administrator_with_nothing_to_do_is_not_told_what_needs_them(
    client, administrator
):
    client.force_login(administrator)

    page = client.get(reverse("home")).text

    assert "待我处理" not in page
    assert "工作概况" in page
    assert 'data-testid="panel-recent-changes"' in page
    assert 'data-testid="panel-catalogue"' in page
    assert 'data-testid="panel-year-letters"' in page


def test_recent_unit_and_official_changes_link_to_their_pages(
    client, administrator, city
):
    unit = add_unit(city, "ZZ-X01", administrator)
    official = save_official(
        official=Official(unit=unit, name="欧阳敏", post="局长"), actor=administrator
    )
    client.force_login(administrator)

    page = client.get(reverse("home")).text

    changes = section(page, "panel-recent-changes")
    assert "创建干部" in changes
    assert "欧阳敏" in changes
    assert reverse("responsibilities:unit_detail", args=[unit.pk]) in changes
    assert reverse("responsibilities:official_detail", args=[official.pk]) in changes


def test_recent_changes_come_from_the_records_history_not_the_audit_trail(
    client, administrator, city, django_assert_max_num_queries
):
    add_unit(city, "ZZ-X02", administrator)
    client.force_login(administrator)

    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("home"))

    assert not [q for q in queries.captured_queries if "core_auditevent" in q["sql"]]


def test_this_years_catalogues_are_counted_against_the_standard(
    client, administrator, city
):
    DutyTemplate.objects.filter(year=THIS_YEAR, number__gt=2).delete()
    BottomLine.objects.filter(year=THIS_YEAR).delete()
    client.force_login(administrator)

    response = client.get(reverse("home"))

    panel = next(
        p
        for p in response.context["panels"]
        if p["template"] == "responsibilities/_panel_catalogue.html"
    )
    assert [row["count"] for row in panel["duties"]] == [2, 2, 2, 2]
    assert panel["bottom_line_count"] == 0
    assert "本年度目录尚未录入" in section(response.text, "panel-catalogue")


def test_the_years_letters_are_counted(client, administrator, township):
    signer = OfficialFactory(unit=township, user=UserFactory(profile__unit=township))
    campaign = CampaignFactory(year=THIS_YEAR, created_by=administrator)
    LetterFactory(campaign=campaign)
    signed = LetterFactory(campaign=campaign, addressee=signer)
    sign_letter(letter=signed, signer=signer.user, personal_text="不收受礼金。")
    CampaignFactory(year=THIS_YEAR - 1, created_by=administrator)
    client.force_login(administrator)

    page = client.get(reverse("home")).text

    letters = section(page, "panel-year-letters")
    assert 'data-testid="year-campaigns">1<' in letters
    assert 'data-testid="year-letters">2 / 1<' in letters


def test_the_administrators_home_costs_the_same_however_long_the_trail(
    client, administrator, city, django_assert_max_num_queries
):
    add_unit(city, "ZZ-Y00", administrator)
    client.force_login(administrator)
    client.get(reverse("home"))
    with django_assert_max_num_queries(100) as few:
        client.get(reverse("home"))
    for number in range(1, 30):
        unit = add_unit(city, f"ZZ-Y{number:02}", administrator)
        OfficialFactory(unit=unit)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("home"))

    assert response.text.count('data-testid="recent-change"') == 10
