import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from core import audit
from core.models import AuditEvent
from responsibilities.audit import ResponsibilitiesAuditAction

pytestmark = pytest.mark.django_db


def test_audit_events_cannot_be_rewritten_in_bulk(secretary):
    audit.record(action=audit.CoreAuditAction.LOGIN, user=secretary)

    with pytest.raises(PermissionError):
        AuditEvent.objects.update(action="tampered")

    assert AuditEvent.objects.get().action == audit.CoreAuditAction.LOGIN


def test_an_account_with_a_trail_cannot_be_deleted(secretary):
    audit.record(action=audit.CoreAuditAction.LOGIN, user=secretary)

    with pytest.raises(ProtectedError):
        secretary.delete()


def test_a_refused_page_is_recorded_as_a_denied_access(client, secretary):
    client.force_login(secretary)

    response = client.get(reverse("responsibilities:unit_create"))

    event = AuditEvent.objects.get(action=audit.CoreAuditAction.ACCESS_DENIED)
    assert response.status_code == 403
    assert "无权操作" in response.text
    assert event.user == secretary
    assert event.outcome == AuditEvent.Outcome.DENIED
    assert event.detail["path"] == reverse("responsibilities:unit_create")


def test_auditor_sees_denied_accesses_counted_on_the_home_page(
    client, auditor, secretary
):
    client.force_login(secretary)
    client.get(reverse("responsibilities:unit_create"))
    client.force_login(auditor)

    response = client.get(reverse("home"))

    assert response.context["panels"][0]["denied"] == 1


def test_forwarded_for_is_ignored_unless_behind_our_proxy(client, settings, secretary):
    settings.USE_X_FORWARDED_FOR = False

    client.post(
        reverse("login"),
        {"username": "secretary", "password": "pass-word-1"},
        HTTP_X_FORWARDED_FOR="10.9.9.9",
    )

    assert AuditEvent.objects.get().ip_address == "127.0.0.1"


def test_behind_our_proxy_the_last_forwarded_hop_is_the_client(
    client, settings, secretary
):
    settings.USE_X_FORWARDED_FOR = True

    client.post(
        reverse("login"),
        {"username": "secretary", "password": "pass-word-1"},
        HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7",
    )

    assert AuditEvent.objects.get().ip_address == "203.0.113.7"


def test_the_trail_names_actions_and_records_in_words(client, auditor, administrator):
    client.force_login(administrator)
    client.post(
        reverse("responsibilities:unit_create"),
        {"kind": "township", "name": "新建镇", "code": "T99", "order": 0},
    )
    client.force_login(auditor)

    response = client.get(
        reverse("audit_log"), {"action": ResponsibilitiesAuditAction.UNIT_CREATE}
    )

    assert "<td>新建单位</td>" in response.text
    assert "单位 T99 #" in response.text
