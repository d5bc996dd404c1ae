import pytest
from django.urls import reverse

from core import audit
from core.models import AuditEvent

pytestmark = pytest.mark.django_db


def log_in(client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login_failed_login_and_logout_are_recorded(client, secretary):
    log_in(client, "secretary", "wrong-password")
    log_in(client, "secretary", "pass-word-1")
    client.post(reverse("logout"))

    events = list(AuditEvent.objects.order_by("pk"))

    assert [event.action for event in events] == [
        audit.CoreAuditAction.LOGIN_FAILED,
        audit.CoreAuditAction.LOGIN,
        audit.CoreAuditAction.LOGOUT,
    ]
    assert events[0].outcome == AuditEvent.Outcome.FAILURE
    assert events[0].username == "secretary"
    assert events[0].user is None
    assert events[1].user == secretary
    assert events[1].ip_address == "127.0.0.1"


def test_audit_events_can_be_neither_edited_nor_deleted(secretary):
    event = audit.record(action=audit.CoreAuditAction.LOGIN, user=secretary)

    event.action = "something.else"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get().action == audit.CoreAuditAction.LOGIN


def test_auditor_reads_and_filters_the_trail(client, auditor, secretary):
    audit.record(action=audit.CoreAuditAction.LOGIN, user=secretary)
    audit.record(
        action=audit.CoreAuditAction.LOGIN_FAILED,
        username="intruder",
        outcome="failure",
    )
    client.force_login(auditor)

    response = client.get(reverse("audit_log"), {"outcome": "failure"})

    assert [event.username for event in response.context["page"]] == ["intruder"]


def test_only_auditors_read_the_trail(client, administrator, city_staff):
    for user in (administrator, city_staff):
        client.force_login(user)

        assert client.get(reverse("audit_log")).status_code == 403


def test_anonymous_is_sent_to_login_from_the_trail(client):
    response = client.get(reverse("audit_log"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_audit_trail_query_count_does_not_grow(
    client, auditor, secretary, count_queries
):
    client.force_login(auditor)
    audit.record(action=audit.CoreAuditAction.LOGIN, user=secretary)
    few = count_queries(reverse("audit_log"))

    for _number in range(60):
        audit.record(action=audit.CoreAuditAction.LOGIN, user=secretary)

    assert count_queries(reverse("audit_log")) == few
