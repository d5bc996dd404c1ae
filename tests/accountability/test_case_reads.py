"""Reading a case file is logged; a refused read is logged and looks like no case."""

import re
import uuid

import pytest
from django.urls import reverse

from accountability.audit import AccountabilityAuditAction
from core.audit import CoreAuditAction
from core.models import AuditEvent
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def without_tokens(response) -> str:
    """Return the page without its address and CSRF tokens (masked anew each time)."""
    # The page names its own address (the language switch returns to it).
    page = response.content.decode().replace(response.request["PATH_INFO"], "")
    page = re.sub(r'"X-CSRFToken": "[^"]*"', "", page)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)


def detail_url(pk: int) -> str:
    return reverse("accountability:case_detail", args=[pk])


def test_reading_a_case_file_is_logged(client, city_staff, township_case):
    client.force_login(city_staff)

    response = client.get(detail_url(township_case.pk))

    assert response.status_code == 200
    event = AuditEvent.objects.get(action=AccountabilityAuditAction.CASE_READ)
    assert event.user == city_staff
    assert event.outcome == AuditEvent.Outcome.SUCCESS
    assert (event.object_type, event.object_id) == (
        "accountability.case",
        str(township_case.pk),
    )
    assert event.detail == {"case": township_case.pk}
    assert event.created_at is not None


def test_each_read_is_logged(client, city_staff, township_case):
    client.force_login(city_staff)

    client.get(detail_url(township_case.pk))
    client.get(detail_url(township_case.pk))

    assert (
        AuditEvent.objects.filter(action=AccountabilityAuditAction.CASE_READ).count()
        == 2
    )


def test_another_townships_case_is_not_found_and_the_attempt_is_logged(
    client, township_staff, other_township
):
    other = CaseFactory(year=2020, unit=other_township)
    client.force_login(township_staff)

    response = client.get(detail_url(other.pk))

    assert response.status_code == 404
    event = AuditEvent.objects.get(action=AccountabilityAuditAction.CASE_READ)
    assert event.user == township_staff
    assert event.outcome == AuditEvent.Outcome.DENIED
    assert event.detail == {"case": other.pk}


def test_a_form_posted_to_another_townships_case_keeps_its_refusal_on_the_trail(
    client, township_staff, other_township
):
    other = CaseFactory(year=2020, unit=other_township)
    client.force_login(township_staff)

    response = client.post(
        reverse("accountability:sanction_create", args=[other.pk]),
        {"submission_token": str(uuid.uuid4())},
    )

    assert response.status_code == 404
    event = AuditEvent.objects.get(action=AccountabilityAuditAction.CASE_READ)
    assert event.outcome == AuditEvent.Outcome.DENIED


def test_a_refused_case_looks_exactly_like_a_missing_one(
    client, township_staff, other_township
):
    other = CaseFactory(year=2020, unit=other_township)
    client.force_login(township_staff)

    refused = client.get(detail_url(other.pk))
    missing = client.get(detail_url(other.pk + 1000))

    assert refused.status_code == missing.status_code == 404
    assert without_tokens(refused) == without_tokens(missing)
    # Only the case that exists leaves a trace.
    assert (
        AuditEvent.objects.filter(action=AccountabilityAuditAction.CASE_READ).count()
        == 1
    )


def test_a_secretary_is_refused_before_any_case_is_looked_up(
    client, secretary, township_case
):
    client.force_login(secretary)

    assert client.get(detail_url(township_case.pk)).status_code == 403
    assert not AuditEvent.objects.filter(
        action=AccountabilityAuditAction.CASE_READ
    ).exists()
    assert AuditEvent.objects.filter(action=CoreAuditAction.ACCESS_DENIED).exists()


def test_an_auditor_sees_case_reads_on_the_audit_page(
    client, city_staff, auditor, township_case, township_staff, other_township
):
    other = CaseFactory(year=2020, unit=other_township)
    client.force_login(city_staff)
    client.get(detail_url(township_case.pk))
    client.force_login(township_staff)
    client.get(detail_url(other.pk))
    client.force_login(auditor)

    response = client.get(
        reverse("audit_log"), {"action": AccountabilityAuditAction.CASE_READ}
    )

    assert response.status_code == 200
    events = list(response.context["page"])
    assert [(event.username, event.outcome) for event in events] == [
        (township_staff.username, AuditEvent.Outcome.DENIED),
        (city_staff.username, AuditEvent.Outcome.SUCCESS),
    ]
    assert AccountabilityAuditAction.CASE_READ in dict(
        response.context["filter"].form["action"].field.choices
    )
    denied = client.get(
        reverse("audit_log"),
        {"action": AccountabilityAuditAction.CASE_READ, "outcome": "denied"},
    )
    assert [event.detail for event in denied.context["page"]] == [{"case": other.pk}]


def test_opening_the_sanction_form_is_a_logged_read(client, city_staff, township_case):
    client.force_login(city_staff)

    response = client.get(
        reverse("accountability:sanction_create", args=[township_case.pk])
    )

    assert response.status_code == 200
    event = AuditEvent.objects.get(action=AccountabilityAuditAction.CASE_READ)
    assert (event.user, event.detail) == (city_staff, {"case": township_case.pk})
