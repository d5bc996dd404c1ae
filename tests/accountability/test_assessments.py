"""The yearly assessment: default items, deductions proposed from the year's records with
their source, adjustments with reasons, Decimal scores, ranks, the veto and approval."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accountability.audit import AccountabilityAuditAction
from accountability.models import (
    AccountabilityAction,
    AssessmentItem,
    Deduction,
    ScoreSheet,
    Step,
)
from accountability.services.assessment_export import results_workbook
from accountability.services.assessments import (
    adjust_deduction,
    approve_sheet,
    create_scheme,
    propose_deductions,
    recompute,
    save_deduction,
)
from core.models import AuditEvent
from responsibilities.models import Unit
from tests.factories import (
    AccountabilityActionFactory,
    CampaignFactory,
    CaseFactory,
    DutyReportFactory,
    LetterFactory,
    RectificationFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db

YEAR = 2025
TODAY = datetime.date(2026, 3, 1)
Rule = AssessmentItem.Rule


@pytest.fixture
def scheme(city_staff):
    return create_scheme(year=YEAR, title="2025年度考核", actor=city_staff)


def _item(scheme, rule):
    return scheme.items.get(rule=rule)


def _submit_reports(*units):
    for unit in units:
        DutyReportFactory(unit=unit, year=YEAR)


def _sheet(scheme, unit):
    return ScoreSheet.objects.get(scheme=scheme, unit=unit)


def _propose(scheme, actor, today=TODAY) -> int:
    # The factories give each user they make a unit of its own, outside the city's
    # tree; those are not part of the assessment under test.
    strays = Unit.objects.filter(parent=None).exclude(kind=Unit.Kind.CITY_COMMITTEE)
    strays.update(is_active=False)
    return propose_deductions(scheme=scheme, actor=actor, today=today)


def _manual(sheet, item, points, actor):
    deduction = Deduction(sheet=sheet, item=item, points=Decimal(points), reason="扣分")
    return save_deduction(deduction=deduction, actor=actor)


def test_a_new_scheme_has_the_five_steps_summing_to_100_points(scheme):
    items = list(scheme.items.all())

    assert {item.step for item in items} == set(Step.values)
    assert sum(item.max_points for item in items) == Decimal(100)
    assert all(item.weight == 1 for item in items)
    assert scheme.veto_line == Decimal(80)
    assert AuditEvent.objects.filter(
        action=AccountabilityAuditAction.ASSESSMENT_SAVE
    ).exists()


def test_a_scheme_copies_the_items_of_another(scheme, city_staff):
    item = scheme.items.first()
    item.max_points = Decimal("25.50")
    item.save()

    copy = create_scheme(
        year=YEAR + 1, title="次年", actor=city_staff, copy_from=scheme
    )

    assert copy.items.count() == scheme.items.count()
    assert copy.items.filter(title=item.title, max_points=Decimal("25.50")).exists()


def test_a_second_scheme_for_the_same_year_is_refused(scheme, city_staff):
    with pytest.raises(ValidationError) as error:
        create_scheme(year=YEAR, title="重复", actor=city_staff)

    assert "year" in error.value.message_dict


def test_every_committee_unit_but_the_city_gets_a_sheet(
    scheme, city, discipline_committee, township, other_township, city_staff
):
    department = UnitFactory(kind=Unit.Kind.DEPARTMENT, parent=city)
    UnitFactory(kind=Unit.Kind.STATION, parent=township)
    UnitFactory(kind=Unit.Kind.TOWNSHIP, parent=city, is_active=False)

    _propose(scheme, city_staff)

    assessed = set(scheme.sheets.values_list("unit", flat=True))
    assert assessed == {township.pk, other_township.pk, department.pk}


def test_proposed_deductions_follow_the_years_records_with_their_source(
    scheme, township, other_township, city_staff
):
    _submit_reports(township, other_township)
    station = UnitFactory(kind=Unit.Kind.STATION, parent=township)
    overdue = RectificationFactory(
        finding__unit=station, due_on=datetime.date(YEAR, 9, 30)
    )
    RectificationFactory(finding__unit=township, due_on=datetime.date(YEAR - 1, 9, 1))
    major = CaseFactory(
        unit=township, is_major=True, filed_on=datetime.date(YEAR, 5, 1)
    )
    CaseFactory(unit=township, is_major=False, filed_on=datetime.date(YEAR, 5, 2))
    action = AccountabilityActionFactory(
        official=None,
        unit=township,
        measure=AccountabilityAction.Measure.CIRCULATED_CRITICISM,
        decided_on=datetime.date(YEAR, 7, 1),
    )
    AccountabilityActionFactory(unit=township, decided_on=datetime.date(YEAR, 7, 2))
    letter = LetterFactory(
        campaign=CampaignFactory(year=YEAR, deadline=datetime.date(YEAR, 3, 31)),
        addressee__unit=township,
    )

    _propose(scheme, city_staff)

    sheet = _sheet(scheme, township)
    found = {d.source_key: d for d in sheet.deductions.select_related("item")}
    assert set(found) == {
        f"inspections.rectification:{overdue.pk}",
        f"accountability.case:{major.pk}",
        f"accountability.accountabilityaction:{action.pk}",
        f"commitments.letter:{letter.pk}",
    }
    rectification = found[f"inspections.rectification:{overdue.pk}"]
    assert rectification.item.rule == Rule.OVERDUE_RECTIFICATION
    assert rectification.points == rectification.proposed_points == Decimal(2)
    assert rectification.source_url == overdue.get_absolute_url()
    assert "2025-09-30" in rectification.source_label
    assert major.number in found[f"accountability.case:{major.pk}"].source_label
    assert not _sheet(scheme, other_township).deductions.exists()
    assert sheet.total == Decimal(100) - 2 - 5 - 5 - 1


def test_a_missing_year_end_report_is_deducted_once_the_year_is_over(
    scheme, township, other_township, city_staff
):
    DutyReportFactory(unit=township, year=YEAR)
    DutyReportFactory(unit=other_township, year=YEAR, draft=True)

    _propose(scheme, city_staff, datetime.date(YEAR, 12, 1))
    assert not Deduction.objects.exists()

    _propose(scheme, city_staff)

    missing = Deduction.objects.get()
    assert missing.sheet.unit == other_township
    assert missing.item.rule == Rule.MISSING_DUTY_REPORT
    assert missing.points == Decimal(10)


def test_proposing_again_adds_only_new_records(scheme, township, city_staff):
    _submit_reports(township)
    CaseFactory(unit=township, is_major=True, filed_on=datetime.date(YEAR, 5, 1))
    _propose(scheme, city_staff)

    again = _propose(scheme, city_staff)
    CaseFactory(unit=township, is_major=True, filed_on=datetime.date(YEAR, 6, 1))
    later = _propose(scheme, city_staff)

    assert again == 0
    assert later == 1
    assert Deduction.objects.count() == 2
    assert (
        AuditEvent.objects.filter(
            action=AccountabilityAuditAction.ASSESSMENT_PROPOSE
        ).count()
        == 3
    )


def test_an_adjustment_keeps_the_proposal_and_needs_a_reason(
    scheme, township, city_staff
):
    _submit_reports(township)
    CaseFactory(unit=township, is_major=True, filed_on=datetime.date(YEAR, 5, 1))
    _propose(scheme, city_staff)
    deduction = Deduction.objects.get()

    with pytest.raises(ValidationError) as error:
        adjust_deduction(
            deduction=deduction, points=Decimal(2), reason=" ", actor=city_staff
        )
    assert "reason" in error.value.message_dict

    adjust_deduction(
        deduction=deduction,
        points=Decimal("2.5"),
        reason="已主动查处",
        actor=city_staff,
    )

    deduction.refresh_from_db()
    assert deduction.proposed_points == Decimal(5)
    assert deduction.points == Decimal("2.5")
    assert deduction.is_adjusted()
    assert deduction.adjusted_by == city_staff
    assert _sheet(scheme, township).total == Decimal("97.50")
    assert AuditEvent.objects.filter(
        action=AccountabilityAuditAction.DEDUCTION_SAVE
    ).exists()


def test_item_scores_never_go_below_zero_and_totals_are_exact_decimals(
    scheme, township, city_staff
):
    _submit_reports(township)
    _propose(scheme, city_staff)
    sheet = _sheet(scheme, township)
    public = scheme.items.get(title="民意测评")
    public.weight = Decimal("0.5")
    public.save()
    _manual(sheet, public, "3.33", city_staff)
    _manual(sheet, _item(scheme, Rule.MAJOR_CASE), "30", city_staff)

    sheet.refresh_from_db()

    # 100 - 10 (the case item, floored at 0) - 10 + (10 - 3.33) * 0.5
    assert sheet.total == Decimal("83.34")
    assert isinstance(sheet.total, Decimal)


def test_the_veto_marks_exactly_the_units_below_the_line(
    scheme, city, township, other_township, city_staff
):
    third = UnitFactory(kind=Unit.Kind.SUBDISTRICT, parent=city)
    _submit_reports(township, other_township, third)
    _propose(scheme, city_staff)
    item = scheme.items.get(step=Step.COMPREHENSIVE)
    public = scheme.items.get(title="民意测评")
    _manual(_sheet(scheme, township), item, "20", city_staff)
    _manual(_sheet(scheme, township), public, "0.01", city_staff)
    _manual(_sheet(scheme, other_township), item, "20", city_staff)

    vetoed = set(ScoreSheet.objects.vetoed().values_list("unit", flat=True))

    assert vetoed == {township.pk}
    assert _sheet(scheme, township).total == Decimal("79.99")
    assert not _sheet(scheme, other_township).is_vetoed


def test_ranks_put_the_best_first_and_ties_share_a_rank(
    scheme, city, township, other_township, city_staff
):
    third = UnitFactory(kind=Unit.Kind.SUBDISTRICT, parent=city)
    _submit_reports(township, other_township, third)
    _propose(scheme, city_staff)
    item = scheme.items.get(step=Step.COMPREHENSIVE)
    _manual(_sheet(scheme, township), item, "5", city_staff)
    _manual(_sheet(scheme, other_township), item, "5", city_staff)

    recompute(scheme=scheme)

    ranks = dict(scheme.sheets.values_list("unit", "rank"))
    assert ranks == {third.pk: 1, township.pk: 2, other_township.pk: 2}


def test_approval_freezes_the_sheet(scheme, township, city_staff):
    _submit_reports(township)
    CaseFactory(unit=township, is_major=True, filed_on=datetime.date(YEAR, 5, 1))
    _propose(scheme, city_staff)
    sheet = _sheet(scheme, township)
    deduction = sheet.deductions.get()

    approve_sheet(sheet=sheet, actor=city_staff)

    sheet.refresh_from_db()
    assert sheet.is_approved()
    assert sheet.approved_by == city_staff
    with pytest.raises(ValidationError):
        adjust_deduction(
            deduction=deduction, points=Decimal(0), reason="改", actor=city_staff
        )
    with pytest.raises(ValidationError):
        _manual(sheet, scheme.items.first(), "1", city_staff)
    with pytest.raises(ValidationError):
        approve_sheet(sheet=sheet, actor=city_staff)
    CaseFactory(unit=township, is_major=True, filed_on=datetime.date(YEAR, 8, 1))
    assert _propose(scheme, city_staff) == 0
    assert sheet.deductions.count() == 1
    assert AuditEvent.objects.filter(
        action=AccountabilityAuditAction.SCORE_SHEET_APPROVE
    ).exists()


def test_approval_needs_the_approve_permission(scheme, township, secretary, city_staff):
    _propose(scheme, city_staff)

    with pytest.raises(PermissionDenied):
        approve_sheet(sheet=_sheet(scheme, township), actor=secretary)


def test_the_export_has_a_row_per_unit_with_total_rank_veto_and_steps(
    scheme, township, other_township, city_staff
):
    _submit_reports(township, other_township)
    _propose(scheme, city_staff)
    sheet = _sheet(scheme, township)
    _manual(sheet, scheme.items.get(step=Step.COMPREHENSIVE), "20", city_staff)
    _manual(sheet, scheme.items.get(title="民意测评"), "0.5", city_staff)
    sheets = list(scheme.sheets.select_related("unit").order_by("rank"))

    workbook = openpyxl.load_workbook(io.BytesIO(results_workbook(scheme, sheets)))

    rows = list(workbook.active.iter_rows(values_only=True))
    assert len(rows) == 3
    assert len(rows[0]) == 4 + len(Step.values)
    assert rows[1][:3] == (other_township.name, 100, 1)
    assert rows[2][0] == township.name
    assert rows[2][1] == pytest.approx(79.5)
    assert rows[2][2] == 2
    assert rows[2][4] == 0  # the comprehensive step, all 20 points lost


def test_a_deduction_on_an_approved_sheet_cannot_be_saved_or_deleted_directly(
    city_staff, township
):
    scheme = create_scheme(year=2025, title="2025年度考核", actor=city_staff)
    propose_deductions(scheme=scheme, actor=city_staff)
    sheet = scheme.sheets.get(unit=township)
    deduction = Deduction.objects.create(
        sheet=sheet, item=scheme.items.first(), points=Decimal(2), reason="扣分"
    )
    approve_sheet(sheet=sheet, actor=city_staff)

    deduction.points = Decimal(0)
    with pytest.raises(PermissionError):
        deduction.save()
    with pytest.raises(PermissionError):
        deduction.delete()
    deduction.refresh_from_db()
    assert deduction.points == Decimal(2)
