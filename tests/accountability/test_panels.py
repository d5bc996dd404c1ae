"""The enforcement panels on the home page: for discipline staff only, urgent when
something is overdue, and limited to the staff's own scope."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accountability.models import Case, Clue, Inquiry, Responsibility
from accountability.panels import home_panels
from tests.factories import CaseFactory, ClueFactory, OfficialFactory

pytestmark = pytest.mark.django_db


def _panels(rf, user):
    request = rf.get("/")
    request.user = user
    return {
        panel["template"].rsplit("/", 1)[1]: panel for panel in home_panels(request)
    }


def _days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def _inquiry(unit, actor):
    case = CaseFactory(unit=unit)
    return Inquiry.objects.create(
        case=case,
        unit=unit,
        official=OfficialFactory(unit=unit),
        opened_by=actor,
        year=case.violation_year,
        responsibility=Responsibility.MAIN,
    )


def test_a_fresh_unassigned_clue_waits_without_urgency(rf, city_staff, township):
    clue = ClueFactory(unit=township, received_on=timezone.localdate())

    panel = _panels(rf, city_staff)["_panel_clues.html"]

    assert panel["clues"] == [clue]
    assert not panel["urgent"]
    assert panel["overdue_count"] == 0


def test_an_overdue_clue_makes_the_panel_urgent(rf, city_staff, township):
    ClueFactory(unit=township, received_on=timezone.localdate())
    late = ClueFactory(unit=township, received_on=_days_ago(30))
    assigned_late = ClueFactory(
        unit=township,
        received_on=_days_ago(90),
        status=Clue.Status.ASSIGNED,
        handler=city_staff,
        assigned_at=timezone.now() - datetime.timedelta(days=60),
    )

    panel = _panels(rf, city_staff)["_panel_clues.html"]

    assert panel["urgent"]
    assert panel["overdue_count"] == 2
    assert panel["clues"][:2] == [assigned_late, late]
    assert [clue.is_late for clue in panel["clues"]] == [True, True, False]


def test_cases_overdue_in_their_stage_are_urgent(rf, city_staff, township):
    overdue = CaseFactory(unit=township, stage_due_on=_days_ago(1))
    CaseFactory(unit=township, stage_due_on=timezone.localdate())
    CaseFactory(
        unit=township,
        stage=Case.Stage.CLOSED,
        stage_due_on=_days_ago(100),
        closed_on=_days_ago(50),
        conclusion="给予党内警告处分。",
    )

    panel = _panels(rf, city_staff)["_panel_overdue_cases.html"]

    assert panel["cases"] == [overdue]
    assert panel["urgent"]


def test_cases_with_open_double_inquiries_are_listed_once_each(
    rf, city_staff, township
):
    inquiry = _inquiry(township, city_staff)
    for status in (Inquiry.Status.OPEN, Inquiry.Status.NOT_RESPONSIBLE):
        Inquiry.objects.create(
            case=inquiry.case,
            unit=township,
            official=OfficialFactory(unit=township),
            opened_by=city_staff,
            year=inquiry.year,
            responsibility=Responsibility.MAIN,
            status=status,
            reasons="经核查，不负有领导责任。",
        )

    panel = _panels(rf, city_staff)["_panel_inquiries.html"]

    assert panel["records"] == [{"record": inquiry.case, "open_count": 2}]


def test_nothing_waiting_shows_no_panel(rf, city_staff):
    assert _panels(rf, city_staff) == {}


def test_a_secretary_sees_no_enforcement_panel(rf, secretary, township, city_staff):
    ClueFactory(unit=township, received_on=_days_ago(30))
    CaseFactory(unit=township, stage_due_on=_days_ago(1))
    _inquiry(township, city_staff)

    assert _panels(rf, secretary) == {}


def test_township_staff_see_only_their_townships_records(
    rf, township_staff, township, other_township
):
    mine = ClueFactory(unit=township, received_on=_days_ago(1))
    ClueFactory(unit=other_township, received_on=_days_ago(30))
    CaseFactory(unit=other_township, stage_due_on=_days_ago(1))

    panels = _panels(rf, township_staff)

    assert panels["_panel_clues.html"]["clues"] == [mine]
    assert not panels["_panel_clues.html"]["urgent"]
    assert "_panel_overdue_cases.html" not in panels


def test_the_home_page_shows_the_panels(client, city_staff, township):
    ClueFactory(unit=township, received_on=_days_ago(30))
    CaseFactory(unit=township, stage_due_on=_days_ago(1))
    _inquiry(township, city_staff)
    client.force_login(city_staff)

    response = client.get(reverse("home"))

    html = response.content.decode()
    assert response.status_code == 200
    for testid in ("panel-clues", "panel-overdue-cases", "panel-inquiries"):
        assert f'data-testid="{testid}"' in html
