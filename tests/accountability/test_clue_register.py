"""Ordered distribution (有序发放): the register, taking the next clue, assigning."""

import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.urls import reverse

from accountability.audit import AccountabilityAuditAction
from accountability.models import Clue
from accountability.services.clues import assign_clue, take_next_clue
from core import roles
from core.models import AuditEvent, Notification
from tests.accountability.test_clues import register
from tests.factories import OfficialFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

REGISTER_URL = reverse("accountability:clue_register")
TAKE_URL = reverse("accountability:clue_take_next")


def assign_url(clue: Clue) -> str:
    return reverse("accountability:clue_assign", args=[clue.pk])


# --- Taking the next clue ------------------------------------------------------------


def test_take_next_gives_the_oldest_unassigned_clue_first(city_staff, township):
    newer = register(city_staff, township, received_on=datetime.date(2026, 5, 3))
    oldest = register(city_staff, township, received_on=datetime.date(2026, 5, 1))
    same_day = register(city_staff, township, received_on=datetime.date(2026, 5, 1))

    taken = [take_next_clue(actor=city_staff) for _number in range(4)]

    assert taken[:3] == [oldest, same_day, newer]
    assert taken[3] is None
    oldest.refresh_from_db()
    assert oldest.handler == city_staff
    assert oldest.status == Clue.Status.ASSIGNED
    assert oldest.assigned_at is not None


def test_take_next_stays_in_the_handlers_scope(
    city_staff, township_staff, township, other_township
):
    register(city_staff, other_township, received_on=datetime.date(2026, 1, 1))
    mine = register(city_staff, township, received_on=datetime.date(2026, 5, 1))

    assert take_next_clue(actor=township_staff) == mine
    assert take_next_clue(actor=township_staff) is None


def test_only_discipline_staff_take_clues(city_staff, secretary, township):
    register(city_staff, township)

    with pytest.raises(PermissionDenied):
        take_next_clue(actor=secretary)


# Skipped before the test database is set up: a transactional test empties it after.
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Concurrent taking needs PostgreSQL's row locks; SQLite admits one writer "
    "at a time. Run with DATABASE_URL=postgres://...",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_handlers_taking_at_once_never_get_the_same_clue():
    from responsibilities.models import Unit

    committee = UnitFactory(kind=Unit.Kind.DISCIPLINE_COMMITTEE)
    unit = UnitFactory(parent=committee)
    handlers = [
        UserFactory(profile__unit=committee, roles=[roles.DISCIPLINE_STAFF])
        for _number in range(10)
    ]
    for _number in range(6):
        register(handlers[0], unit)
    start = threading.Barrier(len(handlers))
    taken, failures = [], []

    def take(handler) -> None:
        try:
            start.wait()
            taken.append(take_next_clue(actor=handler))
        except Exception as error:  # the assertion below reports it
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take, args=[h]) for h in handlers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    clues = [clue.pk for clue in taken if clue is not None]
    assert len(clues) == len(set(clues)) == 6
    assert not Clue.objects.unassigned().exists()
    assert Clue.objects.filter(handler__isnull=True).count() == 0


# --- Assigning ------------------------------------------------------------------------


def test_a_leader_assigns_a_clue_and_the_handler_is_told(
    city_staff, township_staff, township
):
    clue = register(city_staff, township)

    assign_clue(clue=clue, handler=township_staff, actor=city_staff)

    clue.refresh_from_db()
    assert clue.handler == township_staff
    assert clue.assigned_by == city_staff
    assert Notification.objects.filter(user=township_staff).count() == 1
    event = AuditEvent.objects.get(action=AccountabilityAuditAction.CLUE_ASSIGN)
    assert event.detail == {"handler": township_staff.username}


def test_a_clue_goes_only_to_staff_who_may_handle_it(
    city_staff, township, other_township, member
):
    clue = register(city_staff, township)
    elsewhere = UserFactory(
        profile__unit=other_township, roles=[roles.DISCIPLINE_STAFF]
    )

    for handler in (elsewhere, member):
        with pytest.raises(ValidationError):
            assign_clue(clue=clue, handler=handler, actor=city_staff)

    clue.refresh_from_db()
    assert clue.status == Clue.Status.UNASSIGNED


def test_assigning_needs_the_assign_permission(city_staff, township):
    clue = register(city_staff, township)
    colleague = UserFactory(profile__unit=township)

    with pytest.raises(PermissionDenied):
        assign_clue(clue=clue, handler=city_staff, actor=colleague)


# --- The register page ----------------------------------------------------------------


def test_the_register_lists_unassigned_clues_oldest_first_and_flags_overdue(
    client, city_staff, township
):
    newer = register(city_staff, township, received_on=datetime.date(2026, 5, 3))
    oldest = register(city_staff, township, received_on=datetime.date(2020, 1, 2))
    taken = register(city_staff, township, received_on=datetime.date(2019, 1, 2))
    take_next_clue(actor=city_staff)
    client.force_login(city_staff)

    response = client.get(REGISTER_URL)

    rows = list(response.context["page"])
    assert response.status_code == 200
    assert taken not in rows
    assert rows[:2] == [oldest, newer]
    assert rows[0].overdue_on is not None
    assert rows[0].days_waiting > 2000
    assert 'data-testid="take-next"' in response.text
    assert 'data-testid="assign-form"' in response.text


def test_the_take_next_button_takes_the_oldest_clue(client, city_staff, township):
    register(city_staff, township, received_on=datetime.date(2026, 5, 3))
    oldest = register(city_staff, township, received_on=datetime.date(2026, 5, 1))
    client.force_login(city_staff)

    response = client.post(TAKE_URL)

    oldest.refresh_from_db()
    assert response.status_code == 302
    assert response.url == oldest.get_absolute_url()
    assert oldest.handler == city_staff


def test_taking_from_an_empty_register_says_so(client, city_staff):
    client.force_login(city_staff)

    response = client.post(TAKE_URL, follow=True)

    assert response.redirect_chain == [(REGISTER_URL, 302)]
    assert len(list(response.context["messages"])) == 1


def test_taking_needs_post_and_permission(client, city_staff, secretary):
    client.force_login(city_staff)
    assert client.get(TAKE_URL).status_code == 405

    client.force_login(secretary)
    assert client.post(TAKE_URL).status_code == 403


def test_a_leader_assigns_from_the_register(
    client, city_staff, township_staff, township
):
    clue = register(city_staff, township)
    client.force_login(city_staff)

    response = client.post(
        assign_url(clue), {"handler": township_staff.pk, "from": "register"}
    )

    clue.refresh_from_db()
    assert response.status_code == 302
    assert response.url == REGISTER_URL
    assert clue.handler == township_staff


def test_assigning_someone_out_of_reach_shows_the_error(
    client, city_staff, township, other_township
):
    clue = register(city_staff, township)
    elsewhere = UserFactory(
        profile__unit=other_township, roles=[roles.DISCIPLINE_STAFF]
    )
    client.force_login(city_staff)

    response = client.post(assign_url(clue), {"handler": elsewhere.pk})

    clue.refresh_from_db()
    assert response.status_code == 200
    assert response.context["assign_form"].errors
    assert clue.handler is None


def test_assigning_is_refused_outside_scope_without_permission_and_on_get(
    client, city_staff, township_staff, secretary, other_township
):
    clue = register(city_staff, other_township)

    client.force_login(township_staff)
    out_of_scope = client.post(assign_url(clue), {"handler": township_staff.pk})
    on_get = client.get(assign_url(clue))
    client.force_login(secretary)
    no_permission = client.post(assign_url(clue), {"handler": township_staff.pk})

    assert out_of_scope.status_code == 404
    assert on_get.status_code == 405
    assert no_permission.status_code == 403


def test_the_register_query_count_does_not_grow(
    client, city_staff, city, count_queries
):
    client.force_login(city_staff)
    register(city_staff, UnitFactory(parent=city))
    few = count_queries(REGISTER_URL)

    for number in range(12):
        unit = UnitFactory(parent=city)
        UserFactory(profile__unit=unit, roles=[roles.DISCIPLINE_STAFF])
        register(
            city_staff,
            unit,
            received_on=datetime.date(2020, 1, number + 1),
            officials=[OfficialFactory(unit=unit)],
        )

    assert count_queries(REGISTER_URL) == few
