"""What the supervision pages say in Chinese, where an English word means several things."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.usefixtures("evidence_media")


def test_recording_rectification_progress_says_the_progress_is_saved(
    client, member, township_rectification
):
    client.force_login(member)

    response = client.post(
        reverse("inspections:rectification_progress", args=[township_rectification.pk]),
        {"text": "已约谈相关责任人。"},
        follow=True,
    )

    assert "整改进展已保存。" in response.text
    assert "履责记录" not in response.text


def test_the_finding_form_asks_for_the_problems_description(client, city_staff):
    client.force_login(city_staff)

    response = client.get(reverse("inspections:finding_create"))

    assert "问题描述" in response.text


def test_the_inspection_form_keeps_asking_what_the_inspection_found(client, city_staff):
    client.force_login(city_staff)

    response = client.get(reverse("inspections:inspection_create"))

    assert "检查情况" in response.text
    assert "反映的主要问题" not in response.text
