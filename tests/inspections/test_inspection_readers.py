"""Who may open an inspection, and what the inspected unit's leaders read of it."""

import pytest
from django.urls import reverse

from core.models import AuditEvent
from inspections.models import Finding, Inspection
from tests.factories import FindingFactory, InspectionFactory, OfficialFactory

pytestmark = pytest.mark.django_db

FINDINGS_URL = reverse("inspections:finding_list")


def inspected(township, other_township, city_staff, **fields):
    """An inspection of 东湖镇 and 西山乡 by the city, a finding at each, team of one."""
    inspector = OfficialFactory(unit=city_staff.profile.unit, name="陈静")
    inspection = InspectionFactory(
        organiser=city_staff.profile.unit,
        created_by=city_staff,
        title="2026年作风效能专项检查",
        summary="西山乡问题较多，建议约谈。",
        units=[township, other_township],
        team=[inspector],
        **fields,
    )
    for unit, text in ((township, "公务用车私用。"), (other_township, "超标接待。")):
        FindingFactory(
            unit=unit,
            inspection=inspection,
            source=Finding.Source.INSPECTION,
            description=text,
            created_by=city_staff,
        )
    return inspection


def detail(inspection) -> str:
    return reverse("inspections:inspection_detail", args=[inspection.pk])


@pytest.mark.parametrize("role", ["secretary", "member"])
def test_leaders_open_a_done_inspection_of_their_unit_with_their_own_facts_only(
    client, request, role, township, other_township, city_staff
):
    inspection = inspected(
        township, other_township, city_staff, status=Inspection.Status.DONE
    )
    client.force_login(request.getfixturevalue(role))

    response = client.get(detail(inspection))

    assert response.status_code == 200
    assert "2026年作风效能专项检查" in response.text
    assert "公务用车私用" in response.text
    assert "陈静" in response.text
    assert "超标接待" not in response.text
    assert "西山乡" not in response.text
    assert "建议约谈" not in response.text
    assert response.context["history"] == []


@pytest.mark.parametrize(
    "status", [Inspection.Status.PLANNED, Inspection.Status.IN_PROGRESS]
)
def test_leaders_do_not_open_an_inspection_before_it_is_done(
    client, secretary, township, other_township, city_staff, status
):
    inspection = inspected(township, other_township, city_staff, status=status)
    client.force_login(secretary)

    response = client.get(detail(inspection))

    assert response.status_code == 404
    assert not AuditEvent.objects.filter(outcome=AuditEvent.Outcome.DENIED).exists()


def test_leaders_never_see_a_covert_visit_before_it_is_done_nor_its_team_after(
    client, secretary, township, other_township, city_staff
):
    visit = inspected(
        township,
        other_township,
        city_staff,
        kind=Inspection.Kind.COVERT_VISIT,
        status=Inspection.Status.IN_PROGRESS,
    )
    client.force_login(secretary)
    assert client.get(detail(visit)).status_code == 404

    Inspection.objects.filter(pk=visit.pk).update(status=Inspection.Status.DONE)
    response = client.get(detail(visit))

    assert response.status_code == 200
    assert "陈静" not in response.text
    assert 'data-testid="inspection-team"' not in response.text


def test_leaders_of_another_unit_do_not_open_it(
    client, township, other_township, city_staff
):
    from core import roles
    from tests.factories import UnitFactory, UserFactory

    elsewhere = UnitFactory(parent=township.parent, code="T03", name="南岭镇")
    stranger = UserFactory(profile__unit=elsewhere, roles=[roles.SECRETARY])
    inspection = inspected(
        township, other_township, city_staff, status=Inspection.Status.DONE
    )
    client.force_login(stranger)

    assert client.get(detail(inspection)).status_code == 404


def test_staff_still_read_an_inspection_whole(
    client, township_staff, township, other_township, city_staff
):
    inspection = inspected(
        township, other_township, city_staff, status=Inspection.Status.IN_PROGRESS
    )
    client.force_login(city_staff)

    response = client.get(detail(inspection))

    assert response.status_code == 200
    assert "建议约谈" in response.text
    assert "西山乡" in response.text


def test_auditor_does_not_open_inspections(
    client, auditor, township, other_township, city_staff
):
    inspection = inspected(
        township, other_township, city_staff, status=Inspection.Status.DONE
    )
    client.force_login(auditor)

    assert client.get(detail(inspection)).status_code == 404


@pytest.mark.parametrize(
    "role", ["secretary", "member", "township_staff", "city_staff"]
)
def test_the_findings_list_links_an_inspection_only_where_it_opens(
    client, request, role, township, other_township, city_staff
):
    running = inspected(
        township, other_township, city_staff, status=Inspection.Status.IN_PROGRESS
    )
    done = inspected(
        township, other_township, city_staff, status=Inspection.Status.DONE
    )
    client.force_login(request.getfixturevalue(role))

    page = client.get(FINDINGS_URL).text

    for inspection in (running, done):
        linked = f'href="{detail(inspection)}"' in page
        opens = client.get(detail(inspection)).status_code == 200
        assert linked == opens, (role, inspection.status)
    assert not AuditEvent.objects.filter(outcome=AuditEvent.Outcome.DENIED).exists()


def test_a_finding_links_its_inspection_only_where_it_opens(
    client, secretary, township, other_township, city_staff
):
    running = inspected(
        township, other_township, city_staff, status=Inspection.Status.IN_PROGRESS
    )
    finding = running.findings.get(unit=township)
    client.force_login(secretary)

    response = client.get(finding.get_absolute_url())

    assert response.status_code == 200
    assert "2026年作风效能专项检查" in response.text
    assert f'href="{detail(running)}"' not in response.text


def test_the_findings_list_runs_as_many_queries_for_many_inspections(
    client, secretary, township, other_township, city_staff, count_queries
):
    inspected(township, other_township, city_staff, status=Inspection.Status.DONE)
    client.force_login(secretary)
    few = count_queries(FINDINGS_URL)

    for status in (Inspection.Status.DONE, Inspection.Status.IN_PROGRESS) * 3:
        inspected(township, other_township, city_staff, status=status)

    assert count_queries(FINDINGS_URL) == few


def test_a_responsible_official_without_a_role_gets_no_link_they_cannot_follow(
    client, township, city_staff
):
    from tests.factories import RectificationFactory, UserFactory

    account = UserFactory(profile__unit=township)
    official = OfficialFactory(unit=township, user=account, name="周涛")
    rectification = RectificationFactory(
        finding__unit=township, responsible=official, created_by=city_staff
    )
    client.force_login(account)

    response = client.get(rectification.get_absolute_url())

    assert response.status_code == 200
    for url in (
        rectification.finding.get_absolute_url(),
        reverse("inspections:rectification_board"),
    ):
        assert f'href="{url}"' not in response.text
        assert client.get(url).status_code == 403


def test_an_action_names_a_running_covert_visit_to_its_team_alone(
    client, township, other_township, city_staff, township_staff
):
    from accountability.models import AccountabilityAction
    from tests.factories import AccountabilityActionFactory

    visit = inspected(
        township,
        other_township,
        city_staff,
        kind=Inspection.Kind.COVERT_VISIT,
        status=Inspection.Status.IN_PROGRESS,
    )
    action = AccountabilityActionFactory(
        official=OfficialFactory(unit=township),
        source=AccountabilityAction.Source.SPECIAL_INSPECTION,
        inspection=visit,
        finding=visit.findings.get(unit=township),
    )
    url = reverse("accountability:action_detail", args=[action.pk])

    client.force_login(township_staff)
    outsider = client.get(url).text
    client.force_login(city_staff)
    planner = client.get(url).text

    assert "2026年作风效能专项检查" not in outsider
    assert "公务用车私用" not in outsider
    assert f'href="{detail(visit)}"' in planner


def test_a_clue_links_a_running_covert_visits_finding_for_its_team_alone(
    client, township, other_township, city_staff, township_staff
):
    from tests.factories import ClueFactory

    visit = inspected(
        township,
        other_township,
        city_staff,
        kind=Inspection.Kind.COVERT_VISIT,
        status=Inspection.Status.IN_PROGRESS,
    )
    finding = visit.findings.get(unit=township)
    clue = ClueFactory(
        unit=township, handling_unit=township_staff.profile.unit, finding=finding
    )
    url = reverse("accountability:clue_detail", args=[clue.pk])

    client.force_login(township_staff)
    outsider = client.get(url)
    client.force_login(city_staff)
    planner = client.get(url)

    assert outsider.status_code == planner.status_code == 200
    assert f'href="{finding.get_absolute_url()}"' not in outsider.text
    assert f'href="{finding.get_absolute_url()}"' in planner.text


def test_leaders_see_the_notices_issued_to_them_from_the_inspection(
    client, secretary, secretary_official, township, other_township, city_staff
):
    from inspections.services.notices import issue_notice
    from tests.factories import NoticeFactory

    inspection = inspected(
        township, other_township, city_staff, status=Inspection.Status.DONE
    )
    issuer = city_staff.profile.unit
    issued = NoticeFactory(
        issuer=issuer, recipient_unit=township, created_by=city_staff
    )
    issued.findings.add(inspection.findings.get(unit=township))
    issued = issue_notice(notice=issued, actor=city_staff)
    draft = NoticeFactory(
        issuer=issuer, recipient_unit=township, created_by=city_staff, title="草稿"
    )
    draft.findings.add(inspection.findings.get(unit=township))
    client.force_login(secretary)

    response = client.get(detail(inspection))

    assert list(response.context["notices"]) == [issued]
    assert f'href="{issued.get_absolute_url()}"' in response.text
    assert client.get(issued.get_absolute_url()).status_code == 200


def test_an_official_without_a_leaders_role_does_not_open_it(
    client, township, other_township, city_staff
):
    from tests.factories import UserFactory

    account = UserFactory(profile__unit=township)
    inspection = inspected(
        township, other_township, city_staff, status=Inspection.Status.DONE
    )
    client.force_login(account)

    assert client.get(detail(inspection)).status_code == 404
