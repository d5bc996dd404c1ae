import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from inspections.models import Finding, Notice, NoticeKind, Rectification
from tests.factories import (
    NoticeFactory,
    RectificationFactory,
    UnitFactory,
)

BOARD = reverse("inspections:rectification_board")
SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = timezone.localdate


def days(count: int) -> datetime.date:
    return TODAY() + datetime.timedelta(days=count)


def handed_in(unit, *, late_by: int, status: str = "accepted") -> Rectification:
    """A rectification whose report came `late_by` days after its deadline (20:00 in
    Shanghai, after midnight UTC has not yet passed)."""
    due_on = days(-30)
    moment = datetime.datetime.combine(
        due_on + datetime.timedelta(days=late_by), datetime.time(20), SHANGHAI
    )
    return RectificationFactory(
        finding__unit=unit, due_on=due_on, status=status, submitted_at=moment
    )


def listed(response) -> list[int]:
    return [rectification.pk for rectification in response.context["page"]]


@pytest.fixture
def staff_client(client, city_staff):
    client.force_login(city_staff)
    return client


def test_overdue_rectifications_come_first(staff_client, township):
    accepted = handed_in(township, late_by=0)
    due_soon = RectificationFactory(finding__unit=township, due_on=days(3))
    overdue = RectificationFactory(finding__unit=township, due_on=days(-3))
    submitted = handed_in(township, late_by=0, status="submitted")

    response = staff_client.get(BOARD)

    assert response.status_code == 200
    assert listed(response) == [overdue.pk, due_soon.pk, submitted.pk, accepted.pk]
    assert response.content.count(b'data-testid="overdue-badge"') == 1


def test_the_on_time_rate_is_counted_per_unit(staff_client, township, other_township):
    handed_in(township, late_by=0)
    handed_in(township, late_by=0, status="submitted")
    handed_in(township, late_by=2)
    handed_in(township, late_by=1)
    RectificationFactory(finding__unit=other_township, due_on=days(-1))

    response = staff_client.get(BOARD)

    units = {row["unit_name"]: row for row in response.context["units"]}
    assert (units["东湖镇"]["on_time"], units["东湖镇"]["late"]) == (2, 2)
    assert units["东湖镇"]["on_time_rate"] == 50
    assert units["西山乡"]["on_time_rate"] is None
    assert units["西山乡"]["overdue"] == 1
    assert response.context["units"][0]["unit_name"] == "西山乡"
    assert response.context["totals"]["on_time_rate"] == 50


def test_the_chart_stacks_on_time_late_overdue_and_in_progress(staff_client, township):
    handed_in(township, late_by=0)
    handed_in(township, late_by=3)
    RectificationFactory(finding__unit=township, due_on=days(-1))
    RectificationFactory(finding__unit=township, due_on=days(5))

    response = staff_client.get(BOARD)

    chart = response.context["chart"]
    assert chart["labels"] == ["东湖镇"]
    assert [series["data"] for series in chart["series"]] == [[1], [1], [1], [1]]
    assert b'id="rectification-chart-data"' in response.content


def test_filters_by_year_category_unit_and_status(staff_client, township, city):
    station = UnitFactory(parent=township, name="东湖镇农业站")
    last_year = RectificationFactory(
        finding__unit=township,
        finding__found_on=datetime.date(2025, 3, 1),
        due_on=days(10),
    )
    tendering = RectificationFactory(
        finding__unit=station,
        due_on=days(10),
        finding__category=Finding.Category.TENDERING,
        finding__found_on=datetime.date(2026, 3, 1),
    )
    elsewhere = RectificationFactory(
        finding__unit=UnitFactory(parent=city), due_on=days(-1)
    )

    by_year = staff_client.get(BOARD, {"year": 2025})
    by_category = staff_client.get(BOARD, {"category": "tendering"})
    by_unit = staff_client.get(BOARD, {"unit": township.pk})
    by_status = staff_client.get(BOARD, {"status": "overdue"})

    assert listed(by_year) == [last_year.pk]
    assert listed(by_category) == [tendering.pk]
    assert set(listed(by_unit)) == {last_year.pk, tendering.pk}
    assert listed(by_status) == [elsewhere.pk]


def test_filters_by_the_kind_of_issued_notice_covering_the_finding(
    staff_client, township
):
    covered = RectificationFactory(finding__unit=township)
    in_a_draft = RectificationFactory(finding__unit=township)
    RectificationFactory(finding__unit=township)
    notice = NoticeFactory(
        recipient_unit=township,
        kind=NoticeKind.EFFICIENCY,
        status=Notice.Status.ISSUED,
        year=2026,
        sequence=1,
        number="中纪效〔2026〕1号",
        issued_at=timezone.now(),
    )
    notice.findings.add(covered.finding)
    draft = NoticeFactory(recipient_unit=township, kind=NoticeKind.EFFICIENCY)
    draft.findings.add(in_a_draft.finding)

    response = staff_client.get(BOARD, {"kind": NoticeKind.EFFICIENCY})

    assert listed(response) == [covered.pk]


def test_a_township_user_sees_only_its_units(
    client, secretary, township, other_township
):
    own = RectificationFactory(finding__unit=township)
    RectificationFactory(finding__unit=other_township)
    client.force_login(secretary)

    response = client.get(BOARD)

    assert listed(response) == [own.pk]
    assert [row["unit_name"] for row in response.context["units"]] == ["东湖镇"]


def test_the_board_pages_its_list(staff_client, township):
    RectificationFactory.create_batch(51, finding__unit=township)

    response = staff_client.get(BOARD, {"page": 2})

    assert len(listed(response)) == 1


def test_the_board_runs_the_same_queries_for_many_rows(
    count_queries, client, city_staff, township, other_township
):
    client.force_login(city_staff)
    RectificationFactory(finding__unit=township, due_on=days(-1))
    few = count_queries(BOARD)
    for unit in (township, other_township):
        RectificationFactory.create_batch(5, finding__unit=unit, due_on=days(-1))
        RectificationFactory.create_batch(5, finding__unit=unit, due_on=days(9))
        handed_in(unit, late_by=1)

    many = count_queries(BOARD)

    assert many == few


def test_the_auditor_is_refused(client, auditor):
    client.force_login(auditor)

    assert client.get(BOARD).status_code == 403


def test_anonymous_users_are_sent_to_log_in(client):
    response = client.get(BOARD)

    assert response.status_code == 302
    assert reverse("login") in response.url
