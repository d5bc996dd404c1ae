"""Filing cases, their stages, transfer and changes (services)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.utils import timezone

from accountability.audit import AccountabilityAuditAction
from accountability.models import Case, Clue
from accountability.services.cases import (
    advance_case,
    file_case,
    transfer_case,
    update_case,
)
from core.models import AuditEvent
from tests.factories import ClueFactory, OfficialFactory

TODAY = timezone.localdate()


def new_case(unit, **fields) -> Case:
    values = {
        "unit": unit,
        "title": "违规收受礼金案",
        "category": Case.Category.INTEGRITY,
        "filed_on": TODAY - datetime.timedelta(days=3),
    }
    return Case(**(values | fields))


# --- Filing -----------------------------------------------------------------------


@pytest.mark.django_db
def test_filing_numbers_the_case_and_snapshots_its_subjects(
    township, township_official, city_staff, settings
):
    case = file_case(
        case=new_case(township, filed_on=datetime.date(2026, 3, 2)),
        officials=[township_official],
        actor=city_staff,
    )
    township_official.post = "镇党委委员"
    township_official.save()

    subject = case.subjects.get()
    assert (case.year, case.sequence) == (2026, 1)
    assert case.number == settings.CASE_NUMBER_FORMAT.format(year=2026, number=1)
    assert case.stage == Case.Stage.FILED
    assert case.stage_started_on == datetime.date(2026, 3, 2)
    assert case.stage_due_on == datetime.date(2026, 4, 1)
    assert case.violation_year == 2026
    assert case.filed_by == city_staff
    assert (subject.unit, subject.post, subject.rank) == (
        township,
        "财政所所长",
        township_official.rank,
    )
    event = AuditEvent.objects.get(action=AccountabilityAuditAction.CASE_FILE)
    assert (event.user, event.object_id) == (city_staff, str(case.pk))
    assert case.history.get().history_user == city_staff


@pytest.mark.django_db
def test_numbers_run_per_year_without_gaps(township, township_official, city_staff):
    def file(day: datetime.date, **fields) -> Case:
        return file_case(
            case=new_case(township, filed_on=day, **fields),
            officials=[township_official],
            actor=city_staff,
        )

    first = file(datetime.date(2025, 12, 30))
    with pytest.raises(ValidationError):
        # Refused after it took its number: the number goes back with the rollback.
        file(datetime.date(2026, 1, 5), money_recovered=Decimal("-1"))
    second = file(datetime.date(2026, 1, 6))
    third = file(datetime.date(2026, 1, 7))

    assert [first.sequence, second.sequence, third.sequence] == [1, 1, 2]
    assert (first.year, second.year) == (2025, 2026)


@pytest.mark.django_db
def test_a_case_needs_a_subject(township, city_staff):
    with pytest.raises(ValidationError) as error:
        file_case(case=new_case(township), officials=[], actor=city_staff)

    assert "officials" in error.value.message_dict
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_the_violation_year_may_differ_from_the_filing_year(
    township, township_official, city_staff
):
    case = file_case(
        case=new_case(township, violation_year=2024),
        officials=[township_official],
        actor=city_staff,
    )

    assert case.violation_year == 2024


@pytest.mark.django_db
def test_a_proposed_clue_becomes_a_case_at_its_unit(
    township, township_official, city_staff, discipline_committee
):
    clue = ClueFactory(
        unit=township,
        handling_unit=discipline_committee,
        status=Clue.Status.PROPOSED,
        handler=city_staff,
        assigned_at=timezone.now(),
    )

    case = file_case(
        case=new_case(None, clue=clue), officials=[township_official], actor=city_staff
    )

    clue.refresh_from_db()
    assert case.unit == township
    assert clue.status == Clue.Status.FILED
    assert clue.case == case


@pytest.mark.django_db
def test_a_clue_not_proposed_for_a_case_is_refused(
    township, township_official, city_staff
):
    clue = ClueFactory(unit=township)

    with pytest.raises(ValidationError) as error:
        file_case(
            case=new_case(township, clue=clue),
            officials=[township_official],
            actor=city_staff,
        )

    assert "clue" in error.value.message_dict
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_a_township_cannot_file_a_case_at_another_township(
    township_staff, other_township
):
    official = OfficialFactory(unit=other_township)

    with pytest.raises(PermissionDenied):
        file_case(
            case=new_case(other_township), officials=[official], actor=township_staff
        )


@pytest.mark.django_db
def test_subjects_out_of_scope_are_refused(township_staff, township, other_township):
    stranger = OfficialFactory(unit=other_township)

    with pytest.raises(ValidationError) as error:
        file_case(case=new_case(township), officials=[stranger], actor=township_staff)

    assert "officials" in error.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize("amount", [Decimal("-0.01"), 0.1, Decimal("NaN")])
def test_money_is_a_decimal_and_never_negative(
    township, township_official, city_staff, amount
):
    with pytest.raises(ValidationError) as error:
        file_case(
            case=new_case(township, money_recovered=amount),
            officials=[township_official],
            actor=city_staff,
        )

    assert "money_recovered" in error.value.message_dict


@pytest.mark.django_db
def test_a_filing_date_in_the_future_is_refused(
    township, township_official, city_staff
):
    with pytest.raises(ValidationError):
        file_case(
            case=new_case(township, filed_on=TODAY + datetime.timedelta(days=1)),
            officials=[township_official],
            actor=city_staff,
        )


# --- Stages -----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_case_moves_through_its_stages_to_its_close(township_case, city_staff):
    case = advance_case(case=township_case, actor=city_staff)
    assert case.stage == Case.Stage.INVESTIGATION
    assert case.stage_started_on == TODAY
    assert case.stage_due_on == TODAY + datetime.timedelta(days=90)

    case = advance_case(case=case, actor=city_staff, to=Case.Stage.TRIAL)
    assert case.stage == Case.Stage.TRIAL
    assert case.stage_due_on == TODAY + datetime.timedelta(days=30)

    case = advance_case(
        case=case, actor=city_staff, closed_on=TODAY, conclusion="给予党内警告处分。"
    )
    assert case.stage == Case.Stage.CLOSED
    assert (case.closed_on, case.stage_due_on) == (TODAY, None)
    assert case.days_left() is None
    moves = AuditEvent.objects.filter(action=AccountabilityAuditAction.CASE_STAGE)
    assert [event.detail["to"] for event in moves.order_by("pk")] == [
        "investigation",
        "trial",
        "closed",
    ]


@pytest.mark.django_db
def test_a_stage_entered_after_the_fact_counts_its_deadline_from_its_start(
    township, township_official, city_staff
):
    began = TODAY - datetime.timedelta(days=100)
    filed = file_case(
        case=new_case(township, filed_on=began - datetime.timedelta(days=5)),
        officials=[township_official],
        actor=city_staff,
    )

    case = advance_case(case=filed, actor=city_staff, started_on=began)

    assert (case.stage_started_on, case.stage_due_on) == (
        began,
        began + datetime.timedelta(days=90),
    )
    assert case.is_overdue()


@pytest.mark.django_db
def test_no_stage_begins_or_closes_before_the_current_one_began(
    township_case, city_staff
):
    case = advance_case(case=township_case, actor=city_staff)
    case = advance_case(case=case, actor=city_staff)

    with pytest.raises(ValidationError) as refused:
        advance_case(
            case=case,
            actor=city_staff,
            closed_on=TODAY - datetime.timedelta(days=1),
            conclusion="结案。",
        )

    assert "closed_on" in refused.value.error_dict
    case.refresh_from_db()
    assert case.stage == Case.Stage.TRIAL


@pytest.mark.django_db
@pytest.mark.parametrize(
    "to", [Case.Stage.TRIAL, Case.Stage.CLOSED, Case.Stage.FILED, "nonsense"]
)
def test_illegal_stage_transitions_are_refused(township_case, city_staff, to):
    with pytest.raises(ValidationError):
        advance_case(
            case=township_case,
            actor=city_staff,
            to=to,
            closed_on=TODAY,
            conclusion="结案。",
        )

    township_case.refresh_from_db()
    assert township_case.stage == Case.Stage.FILED


@pytest.mark.django_db
def test_a_closed_case_moves_no_further(township_case, city_staff):
    advance_case(case=township_case, actor=city_staff)
    advance_case(case=township_case, actor=city_staff)
    advance_case(case=township_case, actor=city_staff, closed_on=TODAY, conclusion="结")

    with pytest.raises(ValidationError):
        advance_case(case=township_case, actor=city_staff)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("closed_on", "conclusion", "field"),
    [
        (None, "结案。", "closed_on"),
        (TODAY, "  ", "conclusion"),
        (TODAY - datetime.timedelta(days=30), "结案。", "closed_on"),
        (TODAY + datetime.timedelta(days=1), "结案。", "closed_on"),
    ],
)
def test_closing_needs_a_date_since_filing_and_a_conclusion(
    township_case, city_staff, closed_on, conclusion, field
):
    advance_case(case=township_case, actor=city_staff)
    advance_case(case=township_case, actor=city_staff)

    with pytest.raises(ValidationError) as error:
        advance_case(
            case=township_case,
            actor=city_staff,
            closed_on=closed_on,
            conclusion=conclusion,
        )

    assert field in error.value.message_dict
    township_case.refresh_from_db()
    assert township_case.stage == Case.Stage.TRIAL


@pytest.mark.django_db
def test_overdue_cases_are_the_open_ones_past_their_stage_deadline(township_case):
    later = TODAY + datetime.timedelta(days=30)

    assert township_case.is_overdue(later)
    assert list(Case.objects.overdue(later)) == [township_case]
    assert not Case.objects.overdue(TODAY).exists()


# --- Transfer and changes ---------------------------------------------------------


@pytest.mark.django_db
def test_a_case_is_transferred_once(township_case, city_staff):
    transfer_case(
        case=township_case,
        transferred_on=TODAY,
        transferred_to="中州市人民检察院",
        actor=city_staff,
    )

    with pytest.raises(ValidationError):
        transfer_case(
            case=township_case,
            transferred_on=TODAY,
            transferred_to="中州市公安局",
            actor=city_staff,
        )
    township_case.refresh_from_db()
    assert township_case.transferred_to == "中州市人民检察院"
    assert (
        AuditEvent.objects.filter(
            action=AccountabilityAuditAction.CASE_TRANSFER
        ).count()
        == 1
    )


@pytest.mark.django_db
def test_a_transfer_names_the_receiving_organ(township_case, city_staff):
    with pytest.raises(ValidationError) as error:
        transfer_case(
            case=township_case,
            transferred_on=TODAY,
            transferred_to=" ",
            actor=city_staff,
        )

    assert "transferred_to" in error.value.message_dict


@pytest.mark.django_db
def test_an_open_case_is_corrected_with_exact_money(township_case, city_staff):
    township_case.money_recovered = Decimal("0.1") + Decimal("0.2")
    township_case.is_major = True

    update_case(case=township_case, actor=city_staff)

    township_case.refresh_from_db()
    assert township_case.money_recovered == Decimal("0.30")
    assert township_case.is_major
    assert AuditEvent.objects.filter(
        action=AccountabilityAuditAction.CASE_UPDATE
    ).exists()


@pytest.mark.django_db
def test_a_closed_case_cannot_be_changed(township_case, city_staff):
    for _stage in range(2):
        advance_case(case=township_case, actor=city_staff)
    case = advance_case(
        case=township_case, actor=city_staff, closed_on=TODAY, conclusion="结案。"
    )
    case.money_recovered = Decimal("100")

    with pytest.raises(ValidationError):
        update_case(case=case, actor=city_staff)

    case.refresh_from_db()
    assert case.money_recovered == 0


@pytest.mark.django_db
def test_recovered_sums_are_exact(township, township_official, city_staff):
    amounts = [
        Decimal("0.10"),
        Decimal("0.20"),
        Decimal("12345678.91"),
        Decimal("0.01"),
    ]
    for amount in amounts:
        file_case(
            case=new_case(township, money_recovered=amount),
            officials=[township_official],
            actor=city_staff,
        )

    total = Case.objects.aggregate(total=Sum("money_recovered"))["total"]

    assert total == sum(amounts) == Decimal("12345679.22")
