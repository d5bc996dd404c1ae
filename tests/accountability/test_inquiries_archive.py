"""Double inquiries (一案双查) opened and concluded in bulk, and what their conclusion
leaves on the audit trail."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accountability.audit import AccountabilityAuditAction
from accountability.models import Inquiry
from accountability.services.inquiries import (
    Conclusion,
    clear_inquiries,
    clear_inquiry,
    open_double_inquiries,
    open_double_inquiry,
    propose_double_inquiry,
)
from core.models import AuditEvent
from tests.factories import CaseFactory, CaseSubjectFactory, OfficialFactory

from . import test_inquiries

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime.datetime(2026, 12, 3, 15, 30, tzinfo=SHANGHAI)
TODAY = NOW.date()
FILED_ON = datetime.date(2026, 6, 1)
REASONS = "该同志已履行监督职责，及时约谈提醒，不负领导责任。"
Basis = Inquiry.Basis
chain = test_inquiries.chain
station = test_inquiries.station


@pytest.fixture(autouse=True)
def registration_day():
    with time_machine.travel(NOW, tick=False):
        yield


def station_case(station):
    """A case of 2026 at the township's finance station, against one of its staff."""
    case = CaseFactory(unit=station, violation_year=2026, filed_on=FILED_ON)
    CaseSubjectFactory(case=case, official=OfficialFactory(unit=station))
    return case


@pytest.fixture
def cases(station, chain):
    return [station_case(station), station_case(station)]


@pytest.fixture
def opened(cases, chain, city_staff) -> list[Inquiry]:
    return open_double_inquiries(cases=cases, actor=city_staff)


def inquiry_events(action: str):
    return AuditEvent.objects.filter(action=action).order_by("pk")


# --- Opening many cases' inquiries ----------------------------------------------------


def test_each_case_asks_the_leaders_its_proposal_names(cases, opened):
    for case in cases:
        named = [leader.official for leader in propose_double_inquiry(case=case).named]
        assert [i.official for i in opened if i.case == case] == named
    assert {(i.basis, i.official.name) for i in opened} == {
        (Basis.MAIN_LEADER, "王建国"),
        (Basis.DISCIPLINE, "李纪"),
    }


def test_the_inquiries_bring_the_duties_and_signatures_of_that_year(
    opened, chain, township, city_staff
):
    inquiry = Inquiry.objects.filter(official=chain["secretary"]).first()

    assert (inquiry.unit, inquiry.year, inquiry.status) == (
        township,
        2026,
        Inquiry.Status.OPEN,
    )
    assert inquiry.opened_by == city_staff
    assert set(inquiry.duties.all()) == {
        chain["duties"]["own"],
        chain["duties"]["team"],
    }
    assert chain["letter"].signature in inquiry.signatures.all()
    assert inquiry.history.first().history_user == city_staff


def test_each_inquiry_opened_has_one_audit_entry(opened, chain, city_staff):
    events = inquiry_events(AccountabilityAuditAction.INQUIRY_OPEN)

    assert [event.object_id for event in events] == [str(i.pk) for i in opened]
    assert {event.user for event in events} == {city_staff}
    secretarys = events.get(object_id=str(opened[0].pk))
    assert secretarys.detail == {
        "case": opened[0].case_id,
        "official": chain["secretary"].pk,
        "basis": Basis.MAIN_LEADER,
        "codes": [s.code for s in opened[0].signatures.all()],
    }


def test_opening_again_opens_only_what_is_missing(cases, opened, chain, city_staff):
    later = station_case(cases[0].unit)

    again = open_double_inquiries(cases=[*cases, later], actor=city_staff)

    assert {inquiry.case for inquiry in again} == {later}
    assert Inquiry.objects.count() == 6


def test_an_inquiry_opened_one_case_at_a_time_is_not_opened_twice(
    cases, chain, city_staff
):
    open_double_inquiry(case=cases[0], actor=city_staff)

    opened = open_double_inquiries(cases=cases, actor=city_staff)

    assert {inquiry.case for inquiry in opened} == {cases[1]}
    assert Inquiry.objects.filter(case=cases[0]).count() == 2


def test_more_cases_of_a_unit_and_year_take_no_more_queries(station, chain, city_staff):
    def queries_to_open(count: int) -> int:
        cases = [station_case(station) for _number in range(count)]
        with CaptureQueriesContext(connection) as queries:
            open_double_inquiries(cases=cases, actor=city_staff)
        return len(queries.captured_queries)

    assert queries_to_open(2) == queries_to_open(6)
    assert Inquiry.objects.count() == 16


# --- Concluding with no responsibility --------------------------------------------------


def test_clearing_many_inquiries_concludes_each_with_its_reasons(opened, city_staff):
    cleared = clear_inquiries(
        conclusions=[Conclusion(inquiry=i, reasons=f"  {REASONS}  ") for i in opened],
        actor=city_staff,
    )

    assert len(cleared) == 4
    for inquiry in Inquiry.objects.all():
        assert inquiry.status == Inquiry.Status.NOT_RESPONSIBLE
        assert inquiry.reasons == REASONS
        assert inquiry.concluded_by == city_staff
        assert inquiry.concluded_at == NOW
        latest = inquiry.history.first()
        assert (latest.status, latest.history_user) == (
            Inquiry.Status.NOT_RESPONSIBLE,
            city_staff,
        )


def test_a_conclusion_on_paper_dates_from_the_papers_day(opened, city_staff):
    clear_inquiries(
        conclusions=[
            Conclusion(
                inquiry=opened[0],
                reasons=REASONS,
                concluded_on=datetime.date(2026, 9, 10),
            )
        ],
        actor=city_staff,
    )

    opened[0].refresh_from_db()
    assert opened[0].concluded_at == datetime.datetime(2026, 9, 10, 9, tzinfo=SHANGHAI)


def test_each_conclusion_has_one_audit_entry_without_the_reasons(opened, city_staff):
    clear_inquiries(
        conclusions=[Conclusion(inquiry=i, reasons=REASONS) for i in opened],
        actor=city_staff,
    )

    events = inquiry_events(AccountabilityAuditAction.INQUIRY_CONCLUDE)
    assert [event.object_id for event in events] == [str(i.pk) for i in opened]
    for event in events:
        assert event.user == city_staff
        assert event.detail == {"status": Inquiry.Status.NOT_RESPONSIBLE}
        assert REASONS not in str(event.detail)


def test_clearing_one_inquiry_keeps_its_reasons_off_the_audit_trail(opened, city_staff):
    clear_inquiry(inquiry=opened[0], reasons=REASONS, actor=city_staff)

    event = inquiry_events(AccountabilityAuditAction.INQUIRY_CONCLUDE).get()
    assert event.object_id == str(opened[0].pk)
    assert event.detail == {"status": Inquiry.Status.NOT_RESPONSIBLE}
    assert "约谈" not in f"{event.detail}{event.object_number}{event.object_repr}"


def test_clearing_more_inquiries_takes_no_more_queries(station, chain, city_staff):
    def queries_to_clear(count: int) -> int:
        cases = [station_case(station) for _number in range(count)]
        inquiries = open_double_inquiries(cases=cases, actor=city_staff)
        conclusions = [Conclusion(inquiry=i, reasons=REASONS) for i in inquiries]
        with CaptureQueriesContext(connection) as queries:
            clear_inquiries(conclusions=conclusions, actor=city_staff)
        return len(queries.captured_queries)

    assert queries_to_clear(1) == queries_to_clear(5)


def refused(conclusions, actor) -> None:
    """Assert no inquiry is concluded: the conclusions are refused as a whole."""
    with pytest.raises(ValidationError):
        clear_inquiries(conclusions=conclusions, actor=actor)
    assert not Inquiry.objects.exclude(status=Inquiry.Status.OPEN).exists()
    assert not inquiry_events(AccountabilityAuditAction.INQUIRY_CONCLUDE).exists()


def test_a_conclusion_without_reasons_is_refused(opened, city_staff):
    refused(
        [
            Conclusion(inquiry=opened[0], reasons=REASONS),
            Conclusion(inquiry=opened[1], reasons="  "),
        ],
        city_staff,
    )


@pytest.mark.parametrize(
    "concluded_on",
    [
        TODAY + datetime.timedelta(days=1),
        FILED_ON - datetime.timedelta(days=1),
    ],
    ids=["in-the-future", "before-the-case-was-filed"],
)
def test_a_conclusion_on_paper_outside_the_case_and_today_is_refused(
    opened, city_staff, concluded_on
):
    refused(
        [
            Conclusion(inquiry=opened[0], reasons=REASONS),
            Conclusion(inquiry=opened[1], reasons=REASONS, concluded_on=concluded_on),
        ],
        city_staff,
    )


def test_a_conclusion_on_the_day_the_case_was_filed_is_accepted(opened, city_staff):
    (cleared,) = clear_inquiries(
        conclusions=[
            Conclusion(inquiry=opened[0], reasons=REASONS, concluded_on=FILED_ON)
        ],
        actor=city_staff,
    )

    assert cleared.concluded_at.date() == FILED_ON


def test_an_inquiry_concluded_already_is_refused(opened, city_staff):
    clear_inquiry(inquiry=opened[0], reasons=REASONS, actor=city_staff)

    with pytest.raises(ValidationError):
        clear_inquiries(
            conclusions=[
                Conclusion(inquiry=opened[1], reasons=REASONS),
                Conclusion(inquiry=opened[0], reasons=REASONS),
            ],
            actor=city_staff,
        )

    opened[1].refresh_from_db()
    assert opened[1].status == Inquiry.Status.OPEN


def test_one_inquiry_concluded_twice_at_once_is_refused(opened, city_staff):
    refused(
        [
            Conclusion(inquiry=opened[0], reasons=REASONS),
            Conclusion(inquiry=opened[0], reasons="另一理由。"),
        ],
        city_staff,
    )
