"""A paper clue register brought in from the archive: register_archive_clues."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accountability.audit import AccountabilityAuditAction
from accountability.models import Clue, ClueDisposal
from accountability.services.archive import ArchiveClue, register_archive_clues
from core.errors import NotPermitted
from core.models import AuditEvent
from tests.accountability.test_clues import register
from tests.factories import OfficialFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime.datetime(2026, 12, 3, 15, 30, tzinfo=SHANGHAI)
TODAY = NOW.date()
TOMORROW = TODAY + datetime.timedelta(days=1)
RECEIVED_ON = datetime.date(2025, 3, 1)
ASSIGNED_ON = datetime.date(2025, 3, 3)
SUMMARY = "群众来信反映财政所所长违规收受礼金。"
REASONING = "经集体研究，予以初步核实。"
Route = ClueDisposal.Route
Status = Clue.Status


@pytest.fixture(autouse=True)
def registration_day():
    with time_machine.travel(NOW, tick=False):
        yield


def disposal(route=Route.VERIFICATION, on=datetime.date(2025, 3, 10), **reports):
    return ClueDisposal(route=route, decided_on=on, reasoning=REASONING, **reports)


def entry(unit, officials, *, received_on=RECEIVED_ON, assigned_on=None, **kw):
    """A clue of the paper register, assigned two days after it came in."""
    clue = Clue(
        unit=unit,
        source=Clue.Source.PUBLIC_REPORT,
        channel=Clue.Channel.LETTER,
        received_on=received_on,
        summary=SUMMARY,
    )
    assigned_on = assigned_on or received_on + datetime.timedelta(days=2)
    return ArchiveClue(clue=clue, officials=officials, assigned_on=assigned_on, **kw)


def at_nine(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(9), tzinfo=SHANGHAI)


# --- What is registered -------------------------------------------------------------


def test_a_clue_is_registered_held_and_handled_by_the_actor(
    city_staff, discipline_committee, township, township_official
):
    (clue,) = register_archive_clues(
        entries=[entry(township, [township_official])], actor=city_staff
    )

    clue = Clue.objects.get(pk=clue.pk)
    assert clue.number == "中纪线〔2025〕1号"
    assert (clue.year, clue.sequence) == (2025, 1)
    assert clue.handling_unit == discipline_committee
    assert clue.registered_by == clue.handler == clue.assigned_by == city_staff
    assert clue.assigned_at == at_nine(ASSIGNED_ON)
    assert clue.status == Status.ASSIGNED
    assert list(clue.officials.all()) == [township_official]
    row = clue.history.get()
    assert (row.history_type, row.history_user) == ("+", city_staff)


def test_the_disposals_are_recorded_in_order_and_leave_the_last_ones_status(
    city_staff, township, township_official
):
    papers = [
        disposal(Route.VERIFICATION, datetime.date(2025, 3, 10)),
        disposal(
            Route.PROPOSE_CASE,
            datetime.date(2025, 4, 2),
            reported_to_committee_on=datetime.date(2025, 4, 3),
        ),
    ]

    (clue,) = register_archive_clues(
        entries=[entry(township, [township_official], disposals=papers)],
        actor=city_staff,
    )

    clue.refresh_from_db()
    assert clue.status == Status.PROPOSED
    assert [(d.route, d.decided_by) for d in clue.disposals.all()] == [
        (Route.VERIFICATION, city_staff),
        (Route.PROPOSE_CASE, city_staff),
    ]
    assert clue.disposals.last().reported_to_committee_on == datetime.date(2025, 4, 3)
    assert {row.history_user for row in ClueDisposal.history.all()} == {city_staff}


def test_numbers_follow_the_registers_order_after_those_already_taken(
    city_staff, township, township_official
):
    register(city_staff, township, received_on=datetime.date(2025, 1, 5))
    entries = [
        entry(township, [township_official], received_on=datetime.date(2025, 6, 1)),
        entry(township, [], received_on=datetime.date(2024, 12, 1)),
        entry(township, [], received_on=datetime.date(2025, 2, 1)),
    ]

    clues = register_archive_clues(entries=entries, actor=city_staff)

    assert [clue.number for clue in clues] == [
        "中纪线〔2025〕2号",
        "中纪线〔2024〕1号",
        "中纪线〔2025〕3号",
    ]
    assert register(city_staff, township, received_on=RECEIVED_ON).sequence == 4


def test_each_step_has_one_audit_entry_marked_from_the_archive_without_the_text(
    city_staff, township, township_official
):
    (clue,) = register_archive_clues(
        entries=[entry(township, [township_official], disposals=[disposal()])],
        actor=city_staff,
    )

    events = AuditEvent.objects.filter(object_id=str(clue.pk)).order_by("pk")
    assert [event.action for event in events] == [
        AccountabilityAuditAction.CLUE_REGISTER,
        AccountabilityAuditAction.CLUE_ASSIGN,
        AccountabilityAuditAction.CLUE_DISPOSE,
    ]
    for event in events:
        assert event.user == city_staff
        assert event.object_number == clue.number
        assert event.detail["from_archive"] is True
        assert SUMMARY not in str(event.detail)
        assert REASONING not in str(event.detail)
        assert "李明" not in str(event.detail)


def test_registering_more_clues_takes_no_more_queries(
    city_staff, township, township_official
):
    register_archive_clues(entries=[entry(township, [])], actor=city_staff)

    def queries_to_register(count: int) -> int:
        entries = [
            entry(township, [township_official], disposals=[disposal()])
            for _number in range(count)
        ]
        with CaptureQueriesContext(connection) as queries:
            register_archive_clues(entries=entries, actor=city_staff)
        return len(queries.captured_queries)

    assert queries_to_register(2) == queries_to_register(8)
    assert Clue.objects.count() == 11


# --- What is refused ---------------------------------------------------------------


def refused(entries, actor) -> None:
    """Assert the register is refused as a whole: no clue, number or entry is left."""
    with pytest.raises(ValidationError):
        register_archive_clues(entries=entries, actor=actor)
    assert not Clue.objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    "assigned_on",
    [RECEIVED_ON - datetime.timedelta(days=1), TOMORROW],
    ids=["before-receipt", "in-the-future"],
)
def test_an_assignment_outside_receipt_and_today_is_refused(
    city_staff, township, assigned_on
):
    refused([entry(township, [], assigned_on=assigned_on)], city_staff)


def test_a_clue_received_in_the_future_is_refused(city_staff, township):
    refused(
        [entry(township, [], received_on=TOMORROW, assigned_on=TOMORROW)], city_staff
    )


@pytest.mark.parametrize(
    "on",
    [RECEIVED_ON - datetime.timedelta(days=1), TOMORROW],
    ids=["before-receipt", "in-the-future"],
)
def test_a_disposal_outside_receipt_and_today_is_refused(city_staff, township, on):
    refused([entry(township, [], disposals=[disposal(on=on)])], city_staff)


def test_a_disposal_before_the_one_before_it_is_refused(city_staff, township):
    papers = [
        disposal(Route.VERIFICATION, datetime.date(2025, 3, 20)),
        disposal(Route.CLOSE, datetime.date(2025, 3, 10)),
    ]

    refused([entry(township, [], disposals=papers)], city_staff)


def test_a_dual_report_before_its_decision_is_refused(city_staff, township):
    papers = [disposal(reported_to_higher_on=datetime.date(2025, 3, 9))]

    refused([entry(township, [], disposals=papers)], city_staff)


def test_a_disposal_the_clue_cannot_take_is_refused(city_staff, township):
    papers = [
        disposal(Route.CLOSE, datetime.date(2025, 3, 10)),
        disposal(Route.VERIFICATION, datetime.date(2025, 3, 12)),
    ]

    refused([entry(township, [], disposals=papers)], city_staff)


def test_a_disposal_without_reasoning_is_refused(city_staff, township):
    paper = ClueDisposal(
        route=Route.CLOSE, decided_on=datetime.date(2025, 3, 10), reasoning="  "
    )

    refused([entry(township, [], disposals=[paper])], city_staff)


def test_officials_of_another_unit_are_refused(city_staff, township, other_township):
    refused([entry(township, [OfficialFactory(unit=other_township)])], city_staff)


def test_one_bad_clue_refuses_the_whole_register(city_staff, township):
    entries = [entry(township, []), entry(township, [], assigned_on=TOMORROW)]

    refused(entries, city_staff)


def test_a_unit_outside_the_actors_scope_is_refused(township_staff, other_township):
    refused([entry(other_township, [])], township_staff)


def test_only_staff_who_register_clues_bring_in_a_register(secretary, township):
    with pytest.raises(NotPermitted):
        register_archive_clues(entries=[entry(township, [])], actor=secretary)

    assert not Clue.objects.exists()
