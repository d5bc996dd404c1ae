"""What the responsibility pages say in Chinese: progress records and yes/no filters."""

import re

import pytest
from django.urls import reverse

from tests.factories import KeyTaskFactory, OfficialFactory

pytestmark = pytest.mark.django_db


def options(html: str, name: str) -> list[str]:
    """Return the texts of the options of the select named name, as rendered."""
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    return re.findall(r"<option [^>]*>([^<]*)</option>", select)


def selected(html: str, name: str) -> str:
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    return re.search(r"<option [^>]*selected[^>]*>([^<]*)<", select)[1]


def test_recording_key_task_progress_says_the_record_is_saved(
    client, member, city, township, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    task = KeyTaskFactory(lead_unit=city, lead_leader=OfficialFactory(unit=city))
    task.participating_units.add(township)
    client.force_login(member)

    response = client.post(
        reverse("responsibilities:keytask_progress", args=[task.pk]),
        {"happened_on": "2026-04-02", "text": "召开专题会议部署整治工作。"},
        follow=True,
    )

    assert "履责记录已保存。" in response.text


@pytest.mark.parametrize(
    ("url_name", "field", "choices"),
    [
        ("responsibilities:unit_list", "is_active", ["全部", "在用", "已停用"]),
        ("responsibilities:official_list", "is_active", ["全部", "在用", "已停用"]),
        ("responsibilities:keytask_list", "overdue", ["全部", "已逾期", "未逾期"]),
    ],
)
def test_yes_no_filters_offer_all_first_and_select_it(
    client, administrator, url_name, field, choices
):
    client.force_login(administrator)

    response = client.get(reverse(url_name))

    assert options(response.text, field) == choices
    assert selected(response.text, field) == "全部"
