"""What the enforcement pages say in Chinese, where an English word means several things."""

import re

import pytest
from django.urls import reverse

from accountability.models import Clue
from tests.factories import AccountabilityActionFactory, ClueFactory, OfficialFactory

pytestmark = pytest.mark.django_db


def select(html: str, name: str) -> str:
    """Return the <select> named name, as rendered."""
    return re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)


def options(html: str, name: str) -> list[tuple[str, str]]:
    """Return the (value, text) of each option of the select named name."""
    return re.findall(
        r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select(html, name)
    )


def selected(html: str, name: str) -> str:
    return re.search(r"<option [^>]*selected[^>]*>([^<]*)<", select(html, name))[1]


def test_the_clue_form_offers_a_letter_as_来信_and_asks_for_the_problem_reported(
    client, city_staff
):
    client.force_login(city_staff)

    response = client.get(reverse("accountability:clue_create"))

    assert ("letter", "来信") in options(response.text, "channel")
    assert "反映的主要问题" in response.text
    assert "检查情况" not in response.text


def test_a_clue_received_by_letter_says_so_on_its_page(client, city_staff, township):
    clue = ClueFactory(
        unit=township, channel=Clue.Channel.LETTER, summary="反映站所负责人违规吃喝。"
    )
    client.force_login(city_staff)

    response = client.get(clue.get_absolute_url())

    assert re.search(r"·\s*来信", response.text)


@pytest.mark.parametrize("name", ["major", "transferred", "overdue"])
def test_the_case_register_filters_default_to_all(client, city_staff, name):
    client.force_login(city_staff)

    response = client.get(reverse("accountability:case_list"))

    assert selected(response.text, name) == "全部"
    assert [text for value, text in options(response.text, name)][0] == "全部"
    assert "未知" not in select(response.text, name)


def test_the_case_register_asks_yes_or_no_for_a_major_case(client, city_staff):
    client.force_login(city_staff)

    response = client.get(reverse("accountability:case_list"), {"major": "true"})

    assert options(response.text, "major") == [
        ("", "全部"),
        ("true", "是"),
        ("false", "否"),
    ]
    assert selected(response.text, "major") == "是"


def test_the_clue_register_overdue_filter_defaults_to_all(client, city_staff):
    client.force_login(city_staff)

    response = client.get(reverse("accountability:clue_list"))

    assert options(response.text, "overdue") == [
        ("", "全部"),
        ("true", "已逾期"),
        ("false", "未逾期"),
    ]
    assert selected(response.text, "overdue") == "全部"


def test_the_actions_summary_counts_in_合计_not_in_points(client, city_staff, township):
    AccountabilityActionFactory(official=OfficialFactory(unit=township))
    client.force_login(city_staff)

    response = client.get(reverse("accountability:action_list"), {"year": 2026})

    summary = response.text[response.text.index('data-testid="action-summary"') :]
    assert "合计" in summary.split("</table>")[0]
    assert "总分" not in summary.split("</table>")[0]
