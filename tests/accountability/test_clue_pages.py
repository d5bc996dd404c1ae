"""Problem clue pages: the list, registering, one clue, editing, disposal, reports."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accountability.models import Clue, ClueDisposal
from core import roles
from tests.accountability.test_clues import assigned, colleague_of, dispose, register
from tests.factories import OfficialFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db

Status = Clue.Status
Route = ClueDisposal.Route
LIST_URL = reverse("accountability:clue_list")
CREATE_URL = reverse("accountability:clue_create")


# --- Pages --------------------------------------------------------------------------


def test_staff_register_a_clue_received_by_phone(client, township_staff, township):
    official = OfficialFactory(unit=township)
    client.force_login(township_staff)

    response = client.post(
        CREATE_URL,
        {
            "source": Clue.Source.PUBLIC_REPORT,
            "channel": Clue.Channel.PHONE,
            "received_on": "2026-05-21",
            "unit": township.pk,
            "officials": [official.pk],
            "summary": "电话反映站所负责人违规吃喝。",
        },
    )

    clue = Clue.objects.get()
    assert response.status_code == 302
    assert response.url == clue.get_absolute_url()
    assert clue.channel == Clue.Channel.PHONE
    assert list(clue.officials.all()) == [official]


def test_registering_without_a_summary_shows_the_error(client, city_staff, township):
    client.force_login(city_staff)

    response = client.post(CREATE_URL, {"source": "media", "unit": township.pk})

    assert response.status_code == 200
    assert "summary" in response.context["form"].errors
    assert not Clue.objects.exists()


def test_a_township_user_cannot_open_another_townships_clue(
    client, city_staff, township_staff, other_township
):
    clue = register(city_staff, other_township)
    client.force_login(township_staff)

    assert client.get(clue.get_absolute_url()).status_code == 404
    assert (
        client.get(reverse("accountability:clue_update", args=[clue.pk])).status_code
        == 404
    )


@pytest.mark.parametrize("name", ["clue_list", "clue_register", "clue_create"])
def test_a_secretary_may_not_read_clues(client, secretary, name):
    client.force_login(secretary)

    assert client.get(reverse(f"accountability:{name}")).status_code == 403


def test_a_secretary_may_not_open_a_clue_of_their_own_unit(
    client, city_staff, secretary, township
):
    clue = register(city_staff, township)
    client.force_login(secretary)

    assert client.get(clue.get_absolute_url()).status_code == 403


@pytest.mark.parametrize(
    "name", ["clue_list", "clue_register", "clue_create", "clue_take_next"]
)
def test_anonymous_visitors_are_sent_to_log_in(client, name):
    response = client.get(reverse(f"accountability:{name}"))

    assert response.status_code == 302
    assert reverse("login") in response.url


def test_the_clue_page_shows_facts_disposals_and_history(client, city_staff, township):
    clue = assigned(city_staff, township)
    disposal = dispose(clue, city_staff, Route.PROPOSE_CASE)
    client.force_login(city_staff)

    response = client.get(clue.get_absolute_url())

    assert response.status_code == 200
    assert f'data-pk="{disposal.pk}"' in response.text
    assert f"{reverse('accountability:case_create')}?clue={clue.pk}" in response.text
    assert response.context["can_dispose"]
    assert response.context["history"]


def test_the_list_filters_by_status_and_text(client, city_staff, township):
    waiting = register(city_staff, township, summary="反映违规发放补贴")
    taken = assigned(city_staff, township, summary="反映公车私用")
    client.force_login(city_staff)

    by_status = client.get(LIST_URL, {"status": Status.ASSIGNED})
    by_text = client.get(LIST_URL, {"q": "补贴"})

    assert [clue.pk for clue in by_status.context["page"]] == [taken.pk]
    assert [clue.pk for clue in by_text.context["page"]] == [waiting.pk]


def test_the_list_flags_and_filters_overdue_clues(client, city_staff, township):
    late = register(city_staff, township, received_on=datetime.date(2020, 1, 2))
    register(city_staff, township, received_on=timezone.localdate())
    client.force_login(city_staff)

    response = client.get(LIST_URL, {"overdue": "true"})

    assert [clue.pk for clue in response.context["page"]] == [late.pk]
    assert "data-overdue" in response.text


def test_the_list_query_count_does_not_grow(client, city_staff, city, count_queries):
    client.force_login(city_staff)
    assigned(city_staff, UnitFactory(parent=city), officials=[])
    few = count_queries(LIST_URL)

    for _number in range(12):
        unit = UnitFactory(parent=city)
        clue = assigned(city_staff, unit, officials=[OfficialFactory(unit=unit)])
        dispose(clue, city_staff)
        register(city_staff, unit, received_on=datetime.date(2020, 1, 2))

    assert count_queries(LIST_URL) == few


def test_only_clues_not_yet_disposed_of_are_edited(client, city_staff, township):
    clue = assigned(city_staff, township)
    url = reverse("accountability:clue_update", args=[clue.pk])
    client.force_login(city_staff)

    response = client.post(
        url,
        {
            "source": "media",
            "channel": "phone",
            "received_on": "2026-05-22",
            "unit": township.pk,
            "summary": "媒体报道。",
        },
    )
    dispose(clue, city_staff)

    clue.refresh_from_db()
    assert response.status_code == 302
    assert clue.summary == "媒体报道。"
    assert clue.sequence == 1
    assert client.get(url).status_code == 403


def test_an_edit_cannot_move_the_clue_to_another_year(client, city_staff, township):
    clue = register(city_staff, township)
    client.force_login(city_staff)

    response = client.post(
        reverse("accountability:clue_update", args=[clue.pk]),
        {
            "source": "media",
            "received_on": "2025-05-22",
            "unit": township.pk,
            "summary": "媒体报道。",
        },
    )

    assert response.status_code == 200
    assert "received_on" in response.context["form"].errors


def test_the_handler_disposes_from_the_disposal_page(client, city_staff, township):
    clue = assigned(city_staff, township)
    url = reverse("accountability:clue_dispose", args=[clue.pk])
    client.force_login(city_staff)

    unconfirmed = client.post(
        url, {"route": "close", "decided_on": "2026-06-01", "reasoning": "查无实据"}
    )
    confirmed = client.post(
        url,
        {
            "route": "close",
            "decided_on": "2026-06-01",
            "reasoning": "查无实据",
            "reported_to_committee_on": "2026-06-02",
            "confirm": "on",
        },
    )

    clue.refresh_from_db()
    assert client.get(url).status_code == 403
    assert unconfirmed.status_code == 200
    assert "confirm" in unconfirmed.context["form"].errors
    assert confirmed.status_code == 302
    assert clue.status == Status.CLOSED
    disposal = clue.disposals.get()
    assert disposal.decided_by == city_staff
    assert disposal.reported_to_committee_on == datetime.date(2026, 6, 2)


def test_the_disposal_page_offers_only_closing_a_proposed_clue(
    client, city_staff, township
):
    clue = assigned(city_staff, township)
    dispose(clue, city_staff, Route.PROPOSE_CASE)
    client.force_login(city_staff)

    response = client.get(reverse("accountability:clue_dispose", args=[clue.pk]))

    choices = [
        value for value, _label in response.context["form"].fields["route"].choices
    ]
    assert choices == [Route.CLOSE]


def test_a_colleague_cannot_open_the_disposal_page(client, city_staff, township):
    handler = UserFactory(profile__unit=township, roles=[roles.DISCIPLINE_STAFF])
    clue = assigned(city_staff, township, handler=handler)
    client.force_login(colleague_of(township))

    response = client.get(reverse("accountability:clue_dispose", args=[clue.pk]))

    assert response.status_code == 403


def test_the_dual_report_is_recorded_from_the_clue_page(client, city_staff, township):
    disposal = dispose(assigned(city_staff, township), city_staff)
    url = reverse("accountability:disposal_report", args=[disposal.pk])
    client.force_login(city_staff)

    early = client.post(url, {"reported_to_higher_on": "2026-05-01"})
    done = client.post(url, {"reported_to_higher_on": "2026-06-05"})

    disposal.refresh_from_db()
    assert early.status_code == 200
    assert "reported_to_higher_on" in early.context["report_form"].errors
    assert done.status_code == 302
    assert disposal.reported_to_higher_on == datetime.date(2026, 6, 5)
    assert client.get(url).status_code == 405


def test_a_disposal_out_of_scope_cannot_be_reported(
    client, city_staff, township_staff, other_township
):
    disposal = dispose(assigned(city_staff, other_township), city_staff)
    client.force_login(township_staff)

    response = client.post(
        reverse("accountability:disposal_report", args=[disposal.pk]),
        {"reported_to_higher_on": "2026-06-05"},
    )

    assert response.status_code == 404


def test_the_clue_forms_and_pages_render_for_staff(client, township_staff, township):
    clue = assigned(township_staff, township)
    client.force_login(township_staff)

    pages = [
        CREATE_URL,
        LIST_URL,
        clue.get_absolute_url(),
        reverse("accountability:clue_update", args=[clue.pk]),
        reverse("accountability:clue_dispose", args=[clue.pk]),
    ]

    assert [client.get(url).status_code for url in pages] == [200] * len(pages)
    assert client.get(CREATE_URL).context["form"].initial["received_on"]
