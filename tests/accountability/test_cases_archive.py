"""Case files brought in from the archive: register_archive_cases."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accountability.audit import AccountabilityAuditAction
from accountability.models import Case, CaseSubject, Clue, ClueDisposal
from accountability.services.archive import (
    ArchiveCase,
    ArchiveClue,
    register_archive_cases,
    register_archive_clues,
)
from accountability.services.cases import file_case
from core.errors import NotPermitted
from core.models import AuditEvent
from tests.factories import OfficialFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime.datetime(2026, 12, 3, 15, 30, tzinfo=SHANGHAI)
TODAY = NOW.date()
TOMORROW = TODAY + datetime.timedelta(days=1)
FILED_ON = datetime.date(2025, 4, 10)
BEFORE_FILING = FILED_ON - datetime.timedelta(days=1)
TITLE = "李明违规发放津补贴案"
SUMMARY = "李明违规发放津补贴共计3.2万元。"
CONCLUSION = "李明违反廉洁纪律，事实清楚，证据确凿。"
TRANSFERRED_TO = "中州市人民检察院"
Stage = Case.Stage


@pytest.fixture(autouse=True)
def registration_day():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def proposed_clue(city_staff, township, township_official) -> Clue:
    """A clue of the paper register whose disposal proposed a case."""
    proposal = ClueDisposal(
        route=ClueDisposal.Route.PROPOSE_CASE,
        decided_on=datetime.date(2025, 4, 1),
        reasoning="经初步核实，拟立案审查。",
    )
    clue = Clue(
        unit=township,
        source=Clue.Source.PUBLIC_REPORT,
        channel=Clue.Channel.LETTER,
        received_on=datetime.date(2025, 3, 1),
        summary="群众来信反映李明违规发放津补贴。",
    )
    entry = ArchiveClue(
        clue=clue,
        officials=[township_official],
        assigned_on=datetime.date(2025, 3, 2),
        disposals=[proposal],
    )
    return register_archive_clues(entries=[entry], actor=city_staff)[0]


def case_file(unit, officials, *, clue=None, filed_on=FILED_ON, **papers):
    case = Case(
        clue=clue,
        unit=unit,
        title=TITLE,
        summary=SUMMARY,
        category=Case.Category.INTEGRITY,
        money_involved=Decimal("32000.00"),
        filed_on=filed_on,
    )
    return ArchiveCase(case=case, officials=officials, **papers)


def closed(unit, officials, **papers):
    papers.setdefault("closed_on", datetime.date(2025, 9, 1))
    papers.setdefault("conclusion", CONCLUSION)
    return case_file(unit, officials, stage=Stage.CLOSED, **papers)


# --- What is registered -------------------------------------------------------------


def test_a_case_from_a_clue_is_filed_and_files_the_clue(
    city_staff, township, township_official, proposed_clue
):
    entry = case_file(None, [township_official], clue=proposed_clue)

    (case,) = register_archive_cases(entries=[entry], actor=city_staff)

    case = Case.objects.get(pk=case.pk)
    assert case.number == "中纪案〔2025〕1号"
    assert (case.unit, case.filed_by, case.year) == (township, city_staff, 2025)
    assert (case.stage, case.stage_started_on) == (Stage.FILED, FILED_ON)
    assert case.stage_due_on == FILED_ON + datetime.timedelta(days=30)
    assert case.history.get().history_user == city_staff
    subject = case.subjects.get()
    assert (subject.official, subject.unit, subject.post) == (
        township_official,
        township,
        "财政所所长",
    )
    assert subject.history.get().history_user == city_staff
    proposed_clue.refresh_from_db()
    assert proposed_clue.status == Clue.Status.FILED
    assert proposed_clue.history.first().history_user == city_staff


def test_a_case_takes_the_stage_its_papers_show(
    city_staff, township, township_official
):
    started_on = datetime.date(2025, 5, 1)
    entry = case_file(
        township,
        [township_official],
        stage=Stage.INVESTIGATION,
        stage_started_on=started_on,
    )

    (case,) = register_archive_cases(entries=[entry], actor=city_staff)

    case.refresh_from_db()
    assert (case.stage, case.stage_started_on) == (Stage.INVESTIGATION, started_on)
    assert case.stage_due_on == started_on + datetime.timedelta(days=90)


def test_a_closed_case_keeps_its_conclusion_and_its_transfer(
    city_staff, township, township_official
):
    entry = closed(
        township,
        [township_official],
        transferred_on=datetime.date(2025, 8, 20),
        transferred_to=TRANSFERRED_TO,
    )

    (case,) = register_archive_cases(entries=[entry], actor=city_staff)

    case.refresh_from_db()
    assert case.is_closed()
    assert (case.closed_on, case.conclusion) == (datetime.date(2025, 9, 1), CONCLUSION)
    assert case.stage_due_on is None
    assert (case.transferred_on, case.transferred_to) == (
        datetime.date(2025, 8, 20),
        TRANSFERRED_TO,
    )


def test_each_filing_and_transfer_has_one_audit_entry_without_the_files_text(
    city_staff, township, township_official, proposed_clue
):
    entries = [
        case_file(None, [township_official], clue=proposed_clue),
        closed(
            township,
            [OfficialFactory(unit=township)],
            transferred_on=datetime.date(2025, 8, 20),
            transferred_to=TRANSFERRED_TO,
        ),
    ]

    first, second = register_archive_cases(entries=entries, actor=city_staff)

    filings = AuditEvent.objects.filter(action=AccountabilityAuditAction.CASE_FILE)
    assert [(e.object_id, e.object_number) for e in filings.order_by("pk")] == [
        (str(first.pk), first.number),
        (str(second.pk), second.number),
    ]
    assert filings.get(object_id=str(first.pk)).detail == {
        "subjects": [township_official.pk],
        "clue": proposed_clue.pk,
        "stage": Stage.FILED,
        "from_archive": True,
    }
    transfer = AuditEvent.objects.get(action=AccountabilityAuditAction.CASE_TRANSFER)
    assert transfer.object_id == str(second.pk)
    for event in AuditEvent.objects.filter(action__startswith="case."):
        assert event.user == city_staff
        for text in (TITLE, SUMMARY, CONCLUSION, "李明"):
            assert text not in str(event.detail)


def test_numbers_are_taken_in_a_block_after_those_already_taken(
    city_staff, township, township_official
):
    single = file_case(
        case=case_file(township, [township_official]).case,
        officials=[township_official],
        actor=city_staff,
    )
    entries = [
        case_file(township, [township_official]),
        case_file(township, [township_official], filed_on=datetime.date(2024, 6, 1)),
        case_file(township, [township_official]),
    ]

    cases = register_archive_cases(entries=entries, actor=city_staff)

    assert single.number == "中纪案〔2025〕1号"
    assert [case.number for case in cases] == [
        "中纪案〔2025〕2号",
        "中纪案〔2024〕1号",
        "中纪案〔2025〕3号",
    ]


def test_filing_more_cases_takes_no_more_inserts(
    city_staff, township, township_official
):
    register_archive_cases(
        entries=[case_file(township, [township_official])], actor=city_staff
    )

    def inserts_to_file(count: int) -> int:
        entries = [
            closed(
                township,
                [township_official],
                transferred_on=datetime.date(2025, 8, 20),
                transferred_to=TRANSFERRED_TO,
            )
            for _number in range(count)
        ]
        with CaptureQueriesContext(connection) as queries:
            register_archive_cases(entries=entries, actor=city_staff)
        return sum(
            query["sql"].startswith("INSERT") for query in queries.captured_queries
        )

    assert inserts_to_file(2) == inserts_to_file(8)
    assert Case.objects.count() == 11


# --- What is refused ---------------------------------------------------------------


def refused(entries, actor, exception=ValidationError) -> None:
    """Assert the files are refused as a whole: no case, subject or entry is left."""
    with pytest.raises(exception):
        register_archive_cases(entries=entries, actor=actor)
    assert not Case.objects.exists()
    assert not CaseSubject.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="case.").exists()


@pytest.mark.parametrize(
    "started_on",
    [BEFORE_FILING, TOMORROW, None],
    ids=["before-filing", "in-the-future", "missing"],
)
def test_a_stage_begun_outside_filing_and_today_is_refused(
    city_staff, township, township_official, started_on
):
    entry = case_file(
        township,
        [township_official],
        stage=Stage.TRIAL,
        stage_started_on=started_on,
    )

    refused([entry], city_staff)


@pytest.mark.parametrize(
    "closed_on",
    [BEFORE_FILING, TOMORROW, None],
    ids=["before-filing", "in-the-future", "missing"],
)
def test_a_case_closed_outside_filing_and_today_is_refused(
    city_staff, township, township_official, closed_on
):
    refused([closed(township, [township_official], closed_on=closed_on)], city_staff)


def test_a_case_closed_without_its_conclusion_is_refused(
    city_staff, township, township_official
):
    refused([closed(township, [township_official], conclusion="  ")], city_staff)


@pytest.mark.parametrize(
    ("transferred_on", "transferred_to"),
    [
        (BEFORE_FILING, TRANSFERRED_TO),
        (TOMORROW, TRANSFERRED_TO),
        (None, TRANSFERRED_TO),
        (datetime.date(2025, 8, 20), "  "),
    ],
    ids=["before-filing", "in-the-future", "no-date", "no-organ"],
)
def test_an_incomplete_or_misdated_transfer_is_refused(
    city_staff, township, township_official, transferred_on, transferred_to
):
    entry = closed(
        township,
        [township_official],
        transferred_on=transferred_on,
        transferred_to=transferred_to,
    )

    refused([entry], city_staff)


def test_a_case_filed_in_the_future_is_refused(city_staff, township, township_official):
    refused([case_file(township, [township_official], filed_on=TOMORROW)], city_staff)


def test_a_case_needs_a_subject(city_staff, township):
    refused([case_file(township, [])], city_staff)


def test_a_clue_not_proposed_for_a_case_is_refused(
    city_staff, township, township_official, proposed_clue
):
    Clue.objects.filter(pk=proposed_clue.pk).update(status=Clue.Status.HELD)

    refused([case_file(None, [township_official], clue=proposed_clue)], city_staff)


def test_a_clue_becomes_one_case_only(
    city_staff, township, township_official, proposed_clue
):
    entries = [
        case_file(None, [township_official], clue=proposed_clue),
        case_file(None, [township_official], clue=proposed_clue),
    ]

    refused(entries, city_staff)
    proposed_clue.refresh_from_db()
    assert proposed_clue.status == Clue.Status.PROPOSED


def test_subjects_outside_the_actors_scope_are_refused(
    township_staff, township, other_township
):
    refused(
        [case_file(township, [OfficialFactory(unit=other_township)])], township_staff
    )


def test_a_case_at_a_unit_outside_the_scope_is_refused(township_staff, other_township):
    stranger = OfficialFactory(unit=other_township)

    refused([case_file(other_township, [stranger])], township_staff, NotPermitted)


def test_only_staff_who_file_cases_bring_in_case_files(
    secretary, township, township_official
):
    refused([case_file(township, [township_official])], secretary, NotPermitted)
