from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from inspections.models import Rectification
from inspections.services.notices import acknowledge_notice
from tests.factories import RectificationFactory

HOME = reverse("home")


def panels(client) -> dict[str, dict]:
    response = client.get(HOME)
    assert response.status_code == 200
    return {
        panel["template"].rsplit("/", 1)[-1]: panel
        for panel in response.context["panels"]
        if panel["template"].startswith("inspections/")
    }


def due_in(days: int):
    return timezone.localdate() + timedelta(days=days)


def test_the_secretary_is_asked_to_acknowledge_a_notice_to_the_unit(
    client, secretary, issued_township_notice
):
    client.force_login(secretary)

    response = client.get(HOME)

    panel = response.context["panels"][0]
    assert panel["template"] == "inspections/_panel_notices.html"
    assert panel["urgent"] is True
    assert panel["notices"] == [issued_township_notice]
    link = reverse("inspections:notice_detail", args=[issued_township_notice.pk])
    assert link.encode() in response.content


def test_a_team_member_sees_the_notice_but_is_not_urged(
    client, member, issued_township_notice
):
    client.force_login(member)

    panel = panels(client)["_panel_notices.html"]

    assert panel["urgent"] is False


def test_a_draft_notice_is_not_shown(client, secretary_official, township_notice):
    client.force_login(secretary_official.user)

    assert "_panel_notices.html" not in panels(client)


def test_an_acknowledged_notice_leaves_the_panel(
    client, secretary, issued_township_notice
):
    acknowledge_notice(notice=issued_township_notice, actor=secretary)
    client.force_login(secretary)

    assert "_panel_notices.html" not in panels(client)


def test_the_responsible_official_sees_their_rectifications_nearest_first(
    client, member, township
):
    later = RectificationFactory(
        finding__unit=township, responsible=member.official, due_on=due_in(20)
    )
    overdue = RectificationFactory(
        finding__unit=township, responsible=member.official, due_on=due_in(-2)
    )
    RectificationFactory(
        finding__unit=township,
        responsible=member.official,
        status=Rectification.Status.SUBMITTED,
    )
    client.force_login(member)

    response = client.get(HOME)

    panel = panels(client)["_panel_my_rectifications.html"]
    assert panel["urgent"] is True
    assert panel["rectifications"] == [overdue, later]
    assert b'data-testid="overdue-badge"' in response.content


def test_the_secretary_sees_every_pending_rectification_of_the_unit(
    client, secretary_official, township_rectification
):
    client.force_login(secretary_official.user)

    panel = panels(client)["_panel_my_rectifications.html"]

    assert panel["rectifications"] == [township_rectification]


def test_staff_see_reports_to_verify_and_overdue_rectifications(
    client, city_staff, township, other_township
):
    submitted = RectificationFactory(
        finding__unit=township,
        status=Rectification.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    overdue = RectificationFactory(finding__unit=other_township, due_on=due_in(-1))
    RectificationFactory(finding__unit=township, due_on=due_in(5))
    client.force_login(city_staff)

    shown = panels(client)

    assert shown["_panel_to_verify.html"]["rectifications"] == [submitted]
    assert shown["_panel_to_verify.html"]["urgent"] is True
    assert shown["_panel_overdue_rectifications.html"]["rectifications"] == [overdue]
    assert not shown["_panel_overdue_rectifications.html"].get("urgent")


def test_township_staff_see_only_their_units_overdue(
    client, township_staff, other_township
):
    RectificationFactory(finding__unit=other_township, due_on=due_in(-1))
    client.force_login(township_staff)

    assert "_panel_overdue_rectifications.html" not in panels(client)


@pytest.mark.parametrize("user", ["administrator", "auditor"])
def test_nothing_to_do_shows_no_supervision_panel(client, db, request, user):
    client.force_login(request.getfixturevalue(user))

    assert panels(client) == {}
