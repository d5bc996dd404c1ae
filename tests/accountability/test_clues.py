"""Problem clues: registration and numbering, scope, disposal and the dual report."""

import datetime
import threading

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections

from accountability.audit import AccountabilityAuditAction
from accountability.models import Clue, ClueDisposal
from accountability.services.clues import (
    assign_clue,
    dispose_clue,
    record_dual_report,
    register_clue,
    update_clue,
)
from core import roles
from core.models import AuditEvent
from tests.factories import OfficialFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

Status = Clue.Status
Route = ClueDisposal.Route
RECEIVED = datetime.date(2026, 5, 20)


def register(actor, unit, *, received_on=RECEIVED, officials=(), **fields) -> Clue:
    clue = Clue(
        source=fields.pop("source", Clue.Source.PUBLIC_REPORT),
        channel=Clue.Channel.LETTER,
        unit=unit,
        received_on=received_on,
        summary=fields.pop("summary", "群众来信反映村干部优亲厚友。"),
        **fields,
    )
    return register_clue(clue=clue, officials=officials, actor=actor)


def assigned(actor, unit, handler=None, **fields) -> Clue:
    clue = register(actor, unit, **fields)
    return assign_clue(clue=clue, handler=handler or actor, actor=actor)


def dispose(clue, actor, route=Route.TALK_INQUIRY, **fields) -> ClueDisposal:
    fields.setdefault("decided_on", datetime.date(2026, 6, 1))
    fields.setdefault("reasoning", "经研究，予以谈话函询。")
    return dispose_clue(clue=clue, route=route, actor=actor, **fields)


# --- Registration -----------------------------------------------------------------


def test_registering_numbers_clues_one_after_another_per_year(city_staff, township):
    first = register(city_staff, township)
    second = register(city_staff, township)
    next_year = register(city_staff, township, received_on=datetime.date(2025, 12, 30))

    assert (first.year, first.sequence) == (2026, 1)
    assert (second.year, second.sequence) == (2026, 2)
    assert (next_year.year, next_year.sequence) == (2025, 1)
    assert first.number == "中纪线〔2026〕1号"


def test_a_refused_registration_takes_no_number(city_staff, township, other_township):
    register(city_staff, township)
    outsider = OfficialFactory(unit=UnitFactory())

    with pytest.raises(ValidationError):
        register(city_staff, township, officials=[outsider])
    clue = register(city_staff, other_township)

    assert clue.sequence == 2


def test_the_clue_is_held_by_the_registering_staff_unit(
    city_staff, township_staff, discipline_committee, township
):
    by_city = register(city_staff, township)
    by_township = register(township_staff, township)

    assert by_city.handling_unit == discipline_committee
    assert by_township.handling_unit == township
    assert by_city.registered_by == city_staff
    assert by_city.status == Status.UNASSIGNED
    assert (
        AuditEvent.objects.filter(
            action=AccountabilityAuditAction.CLUE_REGISTER
        ).count()
        == 2
    )


def test_a_clue_names_only_officials_of_its_unit_or_below(township_staff, township):
    station = UnitFactory(parent=township)
    inside = OfficialFactory(unit=station)
    elsewhere = OfficialFactory(unit=UnitFactory())

    clue = register(township_staff, township, officials=[inside])
    with pytest.raises(ValidationError) as refused:
        register(township_staff, township, officials=[inside, elsewhere])

    assert list(clue.officials.all()) == [inside]
    assert "officials" in refused.value.message_dict


def test_a_township_cannot_register_a_clue_about_another(
    township_staff, other_township
):
    with pytest.raises(ValidationError) as refused:
        register(township_staff, other_township)

    assert "unit" in refused.value.message_dict
    assert not Clue.objects.exists()


# Skipped before the test database is set up: a transactional test empties it after.
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Concurrent registration needs PostgreSQL's row locks; SQLite admits one "
    "writer at a time. Run with DATABASE_URL=postgres://...",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_registration_numbers_1_to_20_each_once():
    from responsibilities.models import Unit

    committee = UnitFactory(kind=Unit.Kind.DISCIPLINE_COMMITTEE)
    unit = UnitFactory(parent=committee)
    staff = UserFactory(profile__unit=committee, roles=[roles.DISCIPLINE_STAFF])
    start = threading.Barrier(20)
    failures = []

    def take() -> None:
        try:
            start.wait()
            register(staff, unit)
        except Exception as error:  # the assertion below reports it
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take) for _number in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    sequences = sorted(Clue.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, 21))
    assert len(set(Clue.objects.values_list("number", flat=True))) == 20


# --- Disposal -----------------------------------------------------------------------


def test_a_disposal_moves_the_clue_to_the_status_its_route_leads_to(
    city_staff, township
):
    clue = assigned(city_staff, township)

    dispose(clue, city_staff, Route.HOLD)
    clue.refresh_from_db()
    assert clue.status == Status.HELD
    dispose(clue, city_staff, Route.VERIFICATION)
    clue.refresh_from_db()
    assert clue.status == Status.IN_HAND
    dispose(clue, city_staff, Route.PROPOSE_CASE)
    clue.refresh_from_db()
    assert clue.status == Status.PROPOSED
    assert clue.disposals.count() == 3
    assert (
        AuditEvent.objects.filter(action=AccountabilityAuditAction.CLUE_DISPOSE).count()
        == 3
    )


def test_an_unassigned_clue_cannot_be_disposed_of(city_staff, township):
    clue = register(city_staff, township)

    with pytest.raises(ValidationError):
        dispose(clue, city_staff, Route.CLOSE)

    assert not ClueDisposal.objects.exists()


@pytest.mark.parametrize(
    "route", [Route.TALK_INQUIRY, Route.VERIFICATION, Route.HOLD, Route.PROPOSE_CASE]
)
def test_a_proposed_clue_can_only_be_closed(city_staff, township, route):
    clue = assigned(city_staff, township)
    dispose(clue, city_staff, Route.PROPOSE_CASE)

    with pytest.raises(ValidationError):
        dispose(clue, city_staff, route)
    dispose(clue, city_staff, Route.CLOSE)

    clue.refresh_from_db()
    assert clue.status == Status.CLOSED


@pytest.mark.parametrize("status", [Status.CLOSED, Status.FILED])
def test_a_final_clue_takes_no_more_disposals(city_staff, township, status):
    clue = assigned(city_staff, township)
    Clue.objects.filter(pk=clue.pk).update(status=status)

    with pytest.raises(ValidationError):
        dispose(clue, city_staff, Route.CLOSE)


def colleague_of(unit):
    """A user who reads clues and records disposals, but assigns none."""
    user = UserFactory(profile__unit=unit)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_clue", "change_clue"])
    )
    return user


def test_only_the_handler_or_a_leader_disposes(city_staff, township):
    handler = UserFactory(profile__unit=township, roles=[roles.DISCIPLINE_STAFF])
    clue = assigned(city_staff, township, handler=handler)
    colleague = colleague_of(township)

    with pytest.raises(PermissionDenied):
        dispose(clue, colleague)
    dispose(clue, handler)
    dispose(clue, city_staff, Route.CLOSE)

    assert clue.disposals.count() == 2


def test_a_disposal_needs_reasoning_and_sensible_dates(city_staff, township):
    clue = assigned(city_staff, township)

    with pytest.raises(ValidationError) as refused:
        dispose(
            clue,
            city_staff,
            reasoning=" ",
            decided_on=datetime.date(2026, 5, 1),
            reported_to_higher_on=datetime.date(2026, 4, 1),
        )

    assert set(refused.value.message_dict) == {
        "reasoning",
        "decided_on",
        "reported_to_higher_on",
    }


def test_a_disposal_decision_cannot_change_or_be_deleted(city_staff, township):
    disposal = dispose(assigned(city_staff, township), city_staff)

    disposal.reasoning = "改写"
    with pytest.raises(PermissionError):
        disposal.save()
    with pytest.raises(PermissionError):
        disposal.delete()


# --- The dual report (两报告) --------------------------------------------------------


def test_the_dual_report_is_recorded_later_once_each(city_staff, township):
    disposal = dispose(assigned(city_staff, township), city_staff)

    record_dual_report(
        disposal=disposal,
        reported_to_committee_on=datetime.date(2026, 6, 2),
        reported_to_higher_on=None,
        actor=city_staff,
    )
    record_dual_report(
        disposal=disposal,
        reported_to_committee_on=None,
        reported_to_higher_on=datetime.date(2026, 6, 3),
        actor=city_staff,
    )
    with pytest.raises(ValidationError):
        record_dual_report(
            disposal=disposal,
            reported_to_committee_on=datetime.date(2026, 6, 9),
            reported_to_higher_on=None,
            actor=city_staff,
        )

    disposal.refresh_from_db()
    assert disposal.reported_to_committee_on == datetime.date(2026, 6, 2)
    assert disposal.reported_to_higher_on == datetime.date(2026, 6, 3)
    assert disposal.is_fully_reported()
    assert (
        AuditEvent.objects.filter(action=AccountabilityAuditAction.CLUE_REPORT).count()
        == 2
    )


def test_a_report_cannot_precede_the_decision(city_staff, township):
    disposal = dispose(assigned(city_staff, township), city_staff)

    with pytest.raises(ValidationError) as refused:
        record_dual_report(
            disposal=disposal,
            reported_to_committee_on=datetime.date(2026, 5, 31),
            reported_to_higher_on=None,
            actor=city_staff,
        )

    assert "reported_to_committee_on" in refused.value.message_dict


def test_editing_a_stale_copy_keeps_an_assignment_made_meanwhile(city_staff, township):
    stale = register(city_staff, township)
    assign_clue(
        clue=Clue.objects.get(pk=stale.pk), handler=city_staff, actor=city_staff
    )

    stale.summary = "补充：来信人再次反映。"
    update_clue(clue=stale, officials=[], actor=city_staff)

    stale.refresh_from_db()
    assert stale.summary == "补充：来信人再次反映。"
    assert stale.status == Clue.Status.ASSIGNED
    assert stale.handler == city_staff
