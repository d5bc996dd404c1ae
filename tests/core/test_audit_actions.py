"""Each app declares its own audit actions; core gathers them for the trail."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings
from django.urls import reverse

from accountability.audit import AccountabilityAuditAction
from commitments.audit import CommitmentsAuditAction
from core.audit import CoreAuditAction
from core.audit_actions import check_action_codes_are_unique
from inspections.audit import InspectionsAuditAction
from responsibilities.audit import ResponsibilitiesAuditAction

pytestmark = pytest.mark.django_db

TWIN_APPS = ["tests.core.audit_twins.twin_one", "tests.core.audit_twins.twin_two"]


def test_the_trails_action_filter_offers_every_apps_actions(client, auditor):
    client.force_login(auditor)

    response = client.get(reverse("audit_log"))

    offered = [
        code for code, _ in response.context["filter"].form["action"].field.choices
    ]
    assert offered == [
        "",
        *CoreAuditAction.values,
        *ResponsibilitiesAuditAction.values,
        *CommitmentsAuditAction.values,
        *InspectionsAuditAction.values,
        *AccountabilityAuditAction.values,
    ]


@pytest.mark.parametrize(
    ("code", "label"),
    [
        (CoreAuditAction.LOGIN, "登录"),
        (CoreAuditAction.REMINDER_SEND, "发送提醒"),
        (ResponsibilitiesAuditAction.UNIT_CREATE, "新建单位"),
        (CommitmentsAuditAction.REPORT_SUBMIT, "提交情况报告"),
        (InspectionsAuditAction.NOTICE_ISSUE, "印发文书"),
        (AccountabilityAuditAction.CLUE_REGISTER, "登记线索"),
    ],
)
def test_the_trails_action_filter_names_each_apps_actions_in_chinese(
    client, auditor, code, label
):
    client.force_login(auditor)

    response = client.get(reverse("audit_log"))

    assert f'<option value="{code}">{label}</option>' in response.text


def test_the_apps_declare_each_code_once():
    assert check_action_codes_are_unique() == []


def test_two_apps_declaring_one_code_stop_the_start(settings):
    with (
        override_settings(INSTALLED_APPS=[*settings.INSTALLED_APPS, *TWIN_APPS]),
        pytest.raises(SystemCheckError, match="'twin.signal' is already declared by"),
    ):
        call_command("check")
