"""decide_sanctions: many subjects' first sanctions recorded at once."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accountability.audit import AccountabilityAuditAction
from accountability.models import Case, CaseSubject, Sanction
from accountability.services.cases import (
    advance_case,
    decide_sanction,
    decide_sanctions,
    file_case,
)
from core.errors import NotPermitted
from core.models import AuditEvent
from tests.factories import OfficialFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime.datetime(2026, 12, 3, 15, 30, tzinfo=SHANGHAI)
TODAY = NOW.date()
HEARING_BEGAN_ON = TODAY - datetime.timedelta(days=5)
Party = Sanction.Party
Administrative = Sanction.Administrative
Stage = Case.Stage


@pytest.fixture(autouse=True)
def registration_day():
    with time_machine.travel(NOW, tick=False):
        yield


def filed_case(unit, officials, actor) -> Case:
    case = Case(
        unit=unit,
        title="违规发放津补贴案",
        category=Case.Category.INTEGRITY,
        filed_on=TODAY - datetime.timedelta(days=20),
    )
    return file_case(case=case, officials=officials, actor=actor)


def heard_case(unit, officials, actor) -> Case:
    """A case filed twenty days ago, whose hearing (审理) began five days ago."""
    case = filed_case(unit, officials, actor)
    started_on = TODAY - datetime.timedelta(days=10)
    case = advance_case(case=case, actor=actor, started_on=started_on)
    return advance_case(case=case, actor=actor, started_on=HEARING_BEGAN_ON)


def sanction(subject: CaseSubject, **fields) -> Sanction:
    values = {"party_sanction": Party.WARNING, "decided_on": TODAY} | fields
    return Sanction(subject=subject, **values)


@pytest.fixture
def subjects(township, township_official, city_staff) -> list[CaseSubject]:
    """The subjects of two cases at their hearing: 李明, and a colleague of his."""
    colleague = OfficialFactory(unit=township, name="赵强")
    first = heard_case(township, [township_official], city_staff)
    second = heard_case(township, [colleague], city_staff)
    return [first.subjects.get(), second.subjects.get()]


def refused(sanctions, actor, exception=ValidationError):
    """Assert none of the sanctions is recorded: the batch is refused as a whole."""
    with pytest.raises(exception) as error:
        decide_sanctions(sanctions=sanctions, actor=actor)
    assert not Sanction.objects.exists()
    assert not AuditEvent.objects.filter(
        action=AccountabilityAuditAction.SANCTION_DECIDE
    ).exists()
    return error.value


# --- What is recorded ---------------------------------------------------------------


def test_each_subjects_sanction_is_recorded_by_the_actor(subjects, city_staff):
    decided = decide_sanctions(
        sanctions=[
            sanction(subjects[0], decision_number="中纪处〔2026〕1号"),
            sanction(
                subjects[1],
                party_sanction="",
                administrative_sanction=Administrative.DEMERIT,
                decision_number="中纪处〔2026〕2号",
            ),
        ],
        actor=city_staff,
    )

    assert [s.subject for s in Sanction.objects.order_by("pk")] == subjects
    assert {s.decided_by for s in decided} == {city_staff}
    assert decided[1].period_months == 12


def test_each_sanction_has_one_audit_entry_naming_only_numbers(subjects, city_staff):
    decided = decide_sanctions(
        sanctions=[
            sanction(subject, decision_number=f"中纪处〔2026〕{n}号")
            for n, subject in enumerate(subjects, 1)
        ],
        actor=city_staff,
    )

    events = AuditEvent.objects.filter(
        action=AccountabilityAuditAction.SANCTION_DECIDE
    ).order_by("pk")
    assert [(e.object_id, e.object_number) for e in events] == [
        (str(decided[0].pk), "中纪处〔2026〕1号"),
        (str(decided[1].pk), "中纪处〔2026〕2号"),
    ]
    assert [e.detail for e in events] == [
        {"case": subject.case_id, "subject": subject.pk} for subject in subjects
    ]
    assert {e.user for e in events} == {city_staff}


def test_recording_more_sanctions_takes_no_more_inserts(township, city_staff):
    def inserts_to_decide(count: int) -> int:
        officials = [OfficialFactory(unit=township) for _number in range(count)]
        case = heard_case(township, officials, city_staff)
        sanctions = [sanction(subject) for subject in case.subjects.all()]
        with CaptureQueriesContext(connection) as queries:
            decide_sanctions(sanctions=sanctions, actor=city_staff)
        return sum(
            query["sql"].startswith("INSERT") for query in queries.captured_queries
        )

    assert inserts_to_decide(2) == inserts_to_decide(6) == 2
    assert Sanction.objects.count() == 8


# --- What is refused: the checks of decide_sanction -----------------------------------


@pytest.mark.parametrize("stage", [Stage.FILED, Stage.INVESTIGATION])
def test_no_sanction_is_recorded_before_the_hearing(
    subjects, township, city_staff, stage
):
    early = filed_case(township, [OfficialFactory(unit=township)], city_staff)
    if stage == Stage.INVESTIGATION:
        early = advance_case(case=early, actor=city_staff)

    error = refused([sanction(subjects[0]), sanction(early.subjects.get())], city_staff)

    assert error.code == "before_hearing"


@pytest.mark.parametrize(
    "decided_on",
    [HEARING_BEGAN_ON - datetime.timedelta(days=1), TODAY + datetime.timedelta(days=1)],
    ids=["before-the-hearing-began", "in-the-future"],
)
def test_a_sanction_dated_outside_hearing_and_today_is_refused(
    subjects, city_staff, decided_on
):
    refused(
        [sanction(subjects[0]), sanction(subjects[1], decided_on=decided_on)],
        city_staff,
    )


def test_a_sanction_needs_a_party_or_administrative_sanction(subjects, city_staff):
    refused([sanction(subjects[0], party_sanction="")], city_staff)


def test_party_discipline_is_only_for_party_members(subjects, city_staff):
    official = subjects[1].official
    official.is_party_member = False
    official.save()

    refused([sanction(subjects[0]), sanction(subjects[1])], city_staff)


def test_a_wrong_period_is_refused(subjects, city_staff):
    refused(
        [sanction(subjects[0], party_sanction=Party.PROBATION, period_months=6)],
        city_staff,
    )


def test_a_subject_who_has_a_sanction_already_is_refused(subjects, city_staff):
    decide_sanction(
        subject=subjects[0],
        actor=city_staff,
        party_sanction=Party.WARNING,
        decided_on=TODAY,
    )

    with pytest.raises(ValidationError):
        decide_sanctions(
            sanctions=[sanction(subjects[1]), sanction(subjects[0])],
            actor=city_staff,
        )

    assert Sanction.objects.count() == 1


def test_two_sanctions_for_one_subject_at_once_are_refused(subjects, city_staff):
    refused([sanction(subjects[0]), sanction(subjects[0])], city_staff, ValueError)


def test_a_case_outside_the_actors_scope_is_refused(
    subjects, other_township, city_staff, township_staff
):
    elsewhere = heard_case(
        other_township, [OfficialFactory(unit=other_township)], city_staff
    )

    refused(
        [sanction(subjects[0]), sanction(elsewhere.subjects.get())],
        township_staff,
        NotPermitted,
    )


def test_staff_without_enforcement_scope_are_refused(subjects, secretary):
    refused([sanction(subjects[0])], secretary, NotPermitted)
