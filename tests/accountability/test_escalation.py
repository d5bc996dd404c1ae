"""A finding escalated into a clue in one step, and the finding page's enforcement UI."""

import pathlib

import pytest
from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse

from accountability.audit import AccountabilityAuditAction
from accountability.models import Clue, Escalation
from accountability.services.clues import escalate_to_clue
from core.models import AuditEvent
from inspections.audit import InspectionsAuditAction
from inspections.models import Finding, Rectification
from tests.factories import FindingFactory, OfficialFactory, RectificationFactory

pytestmark = pytest.mark.django_db

Status = Finding.Status


def to_clue_url(finding: Finding) -> str:
    return reverse("accountability:finding_to_clue", args=[finding.pk])


def test_escalating_registers_the_finding_as_a_clue(city_staff, township):
    official = OfficialFactory(unit=township)
    finding = FindingFactory(unit=township)
    finding.officials.set([official])

    clue = escalate_to_clue(
        finding=finding, reason="涉嫌违纪，移交线索。", actor=city_staff
    )

    finding.refresh_from_db()
    assert finding.status == Status.ESCALATED
    assert finding.escalation == Escalation.CLUE
    assert finding.clue == clue
    assert clue.source == Clue.Source.FINDING
    assert clue.unit == township
    assert list(clue.officials.all()) == [official]
    assert clue.sequence == 1
    assert AuditEvent.objects.filter(
        action=InspectionsAuditAction.FINDING_ESCALATE
    ).exists()
    assert AuditEvent.objects.filter(
        action=AccountabilityAuditAction.CLUE_REGISTER
    ).exists()


def test_escalating_withdraws_a_pending_rectification(city_staff, township):
    rectification = RectificationFactory(finding__unit=township)

    escalate_to_clue(
        finding=rectification.finding, reason="整改不力，移交线索。", actor=city_staff
    )

    rectification.refresh_from_db()
    assert rectification.status == Rectification.Status.WITHDRAWN


def test_a_refused_escalation_leaves_the_finding_and_takes_no_number(
    township_staff, other_township
):
    finding = FindingFactory(unit=other_township)

    with pytest.raises(ValidationError):
        escalate_to_clue(finding=finding, reason="线索", actor=township_staff)

    finding.refresh_from_db()
    assert finding.status == Status.OPEN
    assert not Clue.objects.exists()


def test_staff_escalate_a_finding_from_its_page(client, city_staff, township):
    finding = FindingFactory(unit=township)
    client.force_login(city_staff)

    response = client.post(to_clue_url(finding), {"reason": "涉嫌违纪，移交线索。"})

    clue = Clue.objects.get()
    finding.refresh_from_db()
    assert response.status_code == 302
    assert response.url == clue.get_absolute_url()
    assert clue.finding == finding
    assert finding.status == Status.ESCALATED


def test_escalating_without_a_reason_shows_the_error(client, city_staff, township):
    finding = FindingFactory(unit=township)
    client.force_login(city_staff)

    response = client.post(to_clue_url(finding), {"reason": ""})

    finding.refresh_from_db()
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert finding.status == Status.OPEN


def test_escalating_a_submitted_finding_shows_why_not(client, city_staff, township):
    finding = FindingFactory(unit=township, status=Status.SUBMITTED)
    client.force_login(city_staff)

    response = client.post(to_clue_url(finding), {"reason": "线索"})

    finding.refresh_from_db()
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert finding.status == Status.SUBMITTED
    assert not Clue.objects.exists()


def test_escalating_is_refused_on_get_without_permission_and_out_of_scope(
    client, secretary, township_staff, township, other_township
):
    mine = FindingFactory(unit=township)
    theirs = FindingFactory(unit=other_township)

    client.force_login(township_staff)
    on_get = client.get(to_clue_url(mine))
    out_of_scope = client.post(to_clue_url(theirs), {"reason": "线索"})
    client.force_login(secretary)
    no_permission = client.post(to_clue_url(mine), {"reason": "线索"})

    assert on_get.status_code == 405
    assert out_of_scope.status_code == 404
    assert no_permission.status_code == 403


def test_anonymous_visitors_cannot_escalate(client, township):
    finding = FindingFactory(unit=township)

    response = client.post(to_clue_url(finding), {"reason": "线索"})

    assert response.status_code == 302
    assert reverse("login") in response.url


def test_the_old_inspections_escalate_url_is_gone():
    with pytest.raises(NoReverseMatch):
        reverse("inspections:finding_escalate", args=[1])


# --- The finding page -----------------------------------------------------------------


def test_staff_see_the_three_ways_to_escalate_a_serious_finding(
    client, city_staff, township
):
    finding = FindingFactory(unit=township, severity=Finding.Severity.SERIOUS)
    client.force_login(city_staff)

    response = client.get(finding.get_absolute_url())

    assert to_clue_url(finding) in response.text
    assert (
        f"{reverse('accountability:action_create')}?finding={finding.pk}"
        in response.text
    )
    assert (
        reverse("accountability:finding_open_inquiry", args=[finding.pk])
        in response.text
    )


def test_a_minor_finding_offers_no_double_inquiry(client, city_staff, township):
    finding = FindingFactory(unit=township, severity=Finding.Severity.MINOR)
    client.force_login(city_staff)

    response = client.get(finding.get_absolute_url())

    assert to_clue_url(finding) in response.text
    assert 'data-testid="open-inquiry-button"' not in response.text


def test_a_secretary_sees_no_way_to_escalate(client, secretary, township):
    finding = FindingFactory(unit=township, severity=Finding.Severity.GRAVE)
    client.force_login(secretary)

    response = client.get(finding.get_absolute_url())

    assert response.status_code == 200
    assert to_clue_url(finding) not in response.text
    assert 'data-testid="hold-accountable"' not in response.text
    assert 'data-testid="open-inquiry-button"' not in response.text


def test_an_escalated_finding_links_its_clue_and_offers_no_more_escalation(
    client, city_staff, township
):
    finding = FindingFactory(unit=township)
    clue = escalate_to_clue(finding=finding, reason="线索", actor=city_staff)
    client.force_login(city_staff)

    response = client.get(finding.get_absolute_url())
    clue_page = client.get(clue.get_absolute_url())

    assert clue.get_absolute_url() in response.text
    assert 'data-testid="escalate-button"' not in response.text
    assert finding.get_absolute_url() in clue_page.text


def test_inspections_code_never_imports_accountability():
    package = pathlib.Path(__file__).resolve().parents[2] / "inspections"
    imports = ("from accountability", "import accountability")

    offenders = [
        str(path)
        for path in package.rglob("*.py")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.lstrip().startswith(imports)
    ]

    assert offenders == []
