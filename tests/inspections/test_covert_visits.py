from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core import roles
from inspections.models import Finding, Inspection, Notice, NoticeKind
from inspections.services.inspections import set_inspection_status
from inspections.services.notices import draft_notice, issue_notice
from inspections.services.rectifications import assign_rectification
from tests.factories import (
    FindingFactory,
    InspectionFactory,
    NoticeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

INSPECTIONS_URL = reverse("inspections:inspection_list")
FINDINGS_URL = reverse("inspections:finding_list")


@pytest.fixture
def covert_visit(discipline_committee, township, city_staff, staff_official):
    return InspectionFactory(
        organiser=discipline_committee,
        created_by=city_staff,
        kind=Inspection.Kind.COVERT_VISIT,
        title="东湖镇便民服务中心暗访",
        status=Inspection.Status.IN_PROGRESS,
        units=[township],
        team=[staff_official],
    )


@pytest.fixture
def covert_finding(covert_visit, township):
    return FindingFactory(
        inspection=covert_visit,
        source=Finding.Source.INSPECTION,
        unit=township,
        description="窗口工作人员上班时间玩手机。",
    )


@pytest.fixture
def colleague(discipline_committee):
    """Discipline staff of the same committee, not on the visit's team."""
    return UserFactory(
        profile__unit=discipline_committee, roles=[roles.DISCIPLINE_STAFF]
    )


def _finish(visit: Inspection, actor) -> None:
    set_inspection_status(inspection=visit, status=Inspection.Status.DONE, actor=actor)


def test_the_team_sees_its_covert_visit_and_findings_before_it_is_done(
    client, city_staff, covert_visit, covert_finding
):
    client.force_login(city_staff)

    assert client.get(covert_visit.get_absolute_url()).status_code == 200
    assert client.get(covert_finding.get_absolute_url()).status_code == 200
    assert covert_visit in client.get(INSPECTIONS_URL).context["page"]
    assert covert_finding in client.get(FINDINGS_URL).context["page"]


@pytest.mark.parametrize("who", ["township_staff", "colleague"])
def test_a_covert_visit_is_hidden_from_others_before_it_is_done(
    client, request, who, covert_visit, covert_finding
):
    client.force_login(request.getfixturevalue(who))

    assert client.get(covert_visit.get_absolute_url()).status_code == 404
    assert client.get(covert_finding.get_absolute_url()).status_code == 404
    assert covert_visit not in client.get(INSPECTIONS_URL).context["page"]
    assert covert_finding not in client.get(FINDINGS_URL).context["page"]


def test_the_inspected_units_secretary_does_not_see_the_finding_before_it_is_done(
    client, secretary, covert_finding
):
    client.force_login(secretary)

    assert client.get(covert_finding.get_absolute_url()).status_code == 404
    assert covert_finding not in client.get(FINDINGS_URL).context["page"]


def test_others_cannot_enter_findings_for_a_covert_visit_before_it_is_done(
    client, colleague, covert_visit
):
    client.force_login(colleague)

    url = reverse("inspections:finding_entry", args=[covert_visit.pk])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("who", ["township_staff", "colleague", "secretary"])
def test_a_covert_visit_and_its_findings_show_once_it_is_done(
    client, request, who, city_staff, covert_visit, covert_finding
):
    _finish(covert_visit, city_staff)
    client.force_login(request.getfixturevalue(who))

    assert client.get(covert_finding.get_absolute_url()).status_code == 200
    assert covert_finding in client.get(FINDINGS_URL).context["page"]
    if who != "secretary":
        assert client.get(covert_visit.get_absolute_url()).status_code == 200
        assert covert_visit in client.get(INSPECTIONS_URL).context["page"]


def test_a_covert_visit_needs_its_team(client, city_staff, township):
    client.force_login(city_staff)
    data = {
        "kind": Inspection.Kind.COVERT_VISIT,
        "title": "暗访",
        "started_on": "2026-05-10",
        "units": [township.pk],
        "team": [],
    }

    response = client.post(reverse("inspections:inspection_create"), data)

    assert response.status_code == 200
    assert "team" in response.context["form"].errors


def test_the_planner_of_a_covert_visit_for_others_still_sees_it_and_no_one_else(
    client, colleague, staff_official, township, discipline_committee
):
    other_staff = UserFactory(
        profile__unit=discipline_committee, roles=[roles.DISCIPLINE_STAFF]
    )
    client.force_login(colleague)
    data = {
        "kind": Inspection.Kind.COVERT_VISIT,
        "title": "暗访",
        "started_on": "2026-05-10",
        "units": [township.pk],
        "team": [staff_official.pk],
    }

    response = client.post(reverse("inspections:inspection_create"), data)

    visit = Inspection.objects.get()
    assert response.status_code == 302
    assert response.url == visit.get_absolute_url()
    assert visit.team.get() == staff_official
    client.force_login(other_staff)
    assert client.get(visit.get_absolute_url()).status_code == 404


def _notice_to(township, discipline_committee) -> Notice:
    return Notice(
        kind=NoticeKind.OPINION,
        issuer=discipline_committee,
        recipient_unit=township,
        response_due_on=timezone.localdate() + timedelta(days=30),
    )


def test_a_covert_visits_findings_go_into_no_notice_before_it_is_done(
    city_staff, township, discipline_committee, covert_finding
):
    notice = _notice_to(township, discipline_committee)

    with pytest.raises(ValidationError):
        draft_notice(notice=notice, findings=[covert_finding], actor=city_staff)

    assert not Notice.objects.exists()


def test_a_draft_that_took_a_covert_finding_is_not_issued_before_the_visit_is_done(
    city_staff, township, discipline_committee, covert_finding
):
    notice = NoticeFactory(
        issuer=discipline_committee, recipient_unit=township, created_by=city_staff
    )
    notice.findings.add(covert_finding)

    with pytest.raises(ValidationError):
        issue_notice(notice=notice, actor=city_staff)

    notice.refresh_from_db()
    assert not notice.is_issued()


def test_a_covert_visits_finding_gets_no_rectification_before_it_is_done(
    city_staff, member, covert_visit, covert_finding
):
    due_on = timezone.localdate() + timedelta(days=30)

    with pytest.raises(ValidationError):
        assign_rectification(
            finding=covert_finding,
            responsible=member.official,
            due_on=due_on,
            plan="",
            actor=city_staff,
        )
    _finish(covert_visit, city_staff)
    covert_finding.refresh_from_db()
    rectification = assign_rectification(
        finding=covert_finding,
        responsible=member.official,
        due_on=due_on,
        plan="",
        actor=city_staff,
    )

    assert rectification.finding == covert_finding
