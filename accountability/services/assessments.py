"""The yearly assessment (考核): schemes, proposed and manual deductions, scores, the
veto and approval (市委审定), which freezes a unit's sheet."""

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import audit, history
from core.errors import NotPermitted
from responsibilities.models import Unit

from ..audit import AccountabilityAuditAction
from ..models import AssessmentItem, AssessmentScheme, Deduction, ScoreSheet, Step
from . import assessment_rules

Rule = AssessmentItem.Rule
ZERO = Decimal(0)
CENT = Decimal("0.01")

# The default items of a new scheme: 100 points across the five steps, at weight 1.
# (step, title, max points, rule, points per record); titles are data, in Chinese.
DEFAULT_ITEMS = [
    (Step.COMPREHENSIVE, "落实党风廉政建设主体责任情况", 20, Rule.MANUAL, 0),
    (Step.SPECIAL, "问题整改按期完成情况", 15, Rule.OVERDUE_RECTIFICATION, 2),
    (Step.SPECIAL, "发生重大违纪违法案件情况", 10, Rule.MAJOR_CASE, 5),
    (Step.SPECIAL, "单位被问责情况", 10, Rule.UNIT_ACCOUNTABILITY, 5),
    (Step.OVERALL, "领导班子履责情况综合评价", 10, Rule.MANUAL, 0),
    (Step.OVERALL, "民意测评", 10, Rule.MANUAL, 0),
    (Step.QUANTITATIVE, "责任书按期签订情况", 10, Rule.UNSIGNED_LETTER, 1),
    (Step.QUANTITATIVE, "年度履责情况报告报送情况", 10, Rule.MISSING_DUTY_REPORT, 10),
    (Step.APPROVAL, "市委审定意见", 5, Rule.MANUAL, 0),
]
COPIED_FIELDS = ("step", "order", "title", "max_points", "weight", "rule")


def assessed_units() -> QuerySet[Unit]:
    """Return the units that get a score sheet: every active unit led by a party
    committee except the city committee, which assesses them (市委审定). Discipline
    bodies are not committee units, so they are not assessed either."""
    return Unit.objects.active().with_committee().exclude(kind=Unit.Kind.CITY_COMMITTEE)


def covers_all_units(user: User) -> bool:
    """Return whether the user's scope holds every assessed unit: scheme-wide work
    (items, proposals, approval) is the city's, not a township's."""
    visible = Unit.objects.visible_to(user).values("pk")
    return not assessed_units().exclude(pk__in=visible).exists()


@transaction.atomic
def create_scheme(
    *,
    year: int,
    title: str,
    actor: User,
    copy_from: AssessmentScheme | None = None,
) -> AssessmentScheme:
    """Create a year's scheme with the items of `copy_from`, or the default items."""
    if AssessmentScheme.objects.filter(year=year).exists():
        raise ValidationError({"year": _("There is already a scheme for this year.")})
    scheme = AssessmentScheme(year=year, title=title, created_by=actor)
    if copy_from is not None:
        scheme.veto_line = copy_from.veto_line
    history.attribute(scheme, to=actor)
    scheme.save()
    if copy_from is not None:
        items = [
            AssessmentItem(
                scheme=scheme,
                points_per_record=item.points_per_record,
                **{name: getattr(item, name) for name in COPIED_FIELDS},
            )
            for item in copy_from.items.all()
        ]
    else:
        items = [
            AssessmentItem(
                scheme=scheme,
                step=step,
                order=order,
                title=title,
                max_points=Decimal(points),
                rule=rule,
                points_per_record=Decimal(per_record),
            )
            for order, (step, title, points, rule, per_record) in enumerate(
                DEFAULT_ITEMS, start=1
            )
        ]
    AssessmentItem.objects.bulk_create(items)
    detail = {"year": year, "copied_from": copy_from.pk if copy_from else None}
    audit.record(
        action=AccountabilityAuditAction.ASSESSMENT_SAVE,
        user=actor,
        target=scheme,
        detail=detail,
    )
    return scheme


def _refuse_if_any_approved(scheme: AssessmentScheme) -> None:
    if scheme.sheets.filter(status=ScoreSheet.Status.APPROVED).exists():
        raise ValidationError(
            _("A score sheet of this scheme is approved: its items are frozen.")
        )


@transaction.atomic
def save_items(
    *,
    scheme: AssessmentScheme,
    items: Iterable[AssessmentItem],
    deleted: Iterable[AssessmentItem],
    actor: User,
) -> AssessmentScheme:
    """Save the scheme's edited items and remove deleted ones, then rescore."""
    scheme = AssessmentScheme.objects.select_for_update().get(pk=scheme.pk)
    _refuse_if_any_approved(scheme)
    for item in deleted:
        if item.pk and item.deductions.exists():
            raise ValidationError(
                _("“%(item)s” has deductions and cannot be removed.") % {"item": item}
            )
        if item.pk:
            history.attribute(item, to=actor)
            item.delete()
    for item in items:
        item.scheme = scheme
        history.attribute(item, to=actor)
        item.save()
    recompute(scheme=scheme)
    audit.record(
        action=AccountabilityAuditAction.ASSESSMENT_SAVE,
        user=actor,
        target=scheme,
        detail={"items": scheme.items.count()},
    )
    return scheme


def _lock_sheet(sheet_id: int) -> ScoreSheet:
    """Lock the sheet's scheme, then the sheet: every change rescores all the scheme's
    sheets, so changes to one scheme go one at a time and no total misses another's
    deduction."""
    scheme_id = ScoreSheet.objects.values_list("scheme_id", flat=True).get(pk=sheet_id)
    AssessmentScheme.objects.select_for_update().get(pk=scheme_id)
    return (
        ScoreSheet.objects.select_for_update().select_related("scheme").get(pk=sheet_id)
    )


def _refuse_if_approved(sheet: ScoreSheet) -> None:
    if sheet.is_approved():
        raise ValidationError(
            _("This score sheet is approved (市委审定) and can no longer change.")
        )


@transaction.atomic
def propose_deductions(*, scheme: AssessmentScheme, actor: User, today=None) -> int:
    """Open a sheet for each assessed unit and propose one deduction per record of the
    year under each rule item; return how many deductions were added.

    A record below an assessed unit (a station under a township) counts for its nearest
    assessed ancestor. Approved sheets get nothing new; a record already proposed on a
    sheet is skipped, so running this again only adds what is new.
    """
    today = today or timezone.localdate()
    # One proposal at a time per scheme, so two runs cannot both add a record.
    scheme = AssessmentScheme.objects.select_for_update().get(pk=scheme.pk)
    sheets = _open_sheets(scheme, actor)
    owner = _assessing_unit_finder(set(sheets))
    existing = set(
        Deduction.objects.filter(sheet__scheme=scheme)
        .exclude(source_key="")
        .values_list("sheet_id", "source_key")
    )
    new = []
    for item in scheme.items.exclude(rule=Rule.MANUAL):
        for source in assessment_rules.sources(item.rule, scheme.year, today):
            sheet = sheets.get(owner(source.unit_id))
            if sheet is None or sheet.is_approved():
                continue
            if (sheet.pk, source.key) in existing:
                continue
            existing.add((sheet.pk, source.key))
            new.append(_proposed(sheet, item, source))
    Deduction.objects.bulk_create(new)
    recompute(scheme=scheme)
    audit.record(
        action=AccountabilityAuditAction.ASSESSMENT_PROPOSE,
        user=actor,
        target=scheme,
        detail={"added": len(new), "sheets": len(sheets)},
    )
    return len(new)


def _open_sheets(scheme: AssessmentScheme, actor: User) -> dict:
    """Return the scheme's sheets by unit id, creating those still missing."""
    sheets = {sheet.unit_id: sheet for sheet in scheme.sheets.all()}
    for unit in assessed_units().exclude(pk__in=list(sheets)):
        sheet = ScoreSheet(scheme=scheme, unit=unit)
        history.attribute(sheet, to=actor)
        sheet.save()
        sheets[unit.pk] = sheet
    return sheets


def _assessing_unit_finder(assessed: set[int]):
    """Return a function mapping a unit id to its nearest assessed unit (or itself)."""
    paths = dict(Unit.objects.values_list("pk", "path"))

    def owner(unit_id: int) -> int | None:
        ancestors = [
            int(pk) for pk in paths.get(unit_id, "").strip("/").split("/") if pk
        ]
        chain = [unit_id, *reversed(ancestors)]
        return next((pk for pk in chain if pk in assessed), None)

    return owner


def _proposed(sheet: ScoreSheet, item: AssessmentItem, source) -> Deduction:
    return Deduction(
        sheet=sheet,
        item=item,
        source_key=source.key,
        source_label=source.label[:200],
        source_url=source.url[:200],
        proposed_points=item.points_per_record,
        points=item.points_per_record,
    )


@transaction.atomic
def save_deduction(*, deduction: Deduction, actor: User) -> Deduction:
    """Save a deduction an assessor entered: points and a reason, on an open sheet."""
    sheet = _lock_sheet(deduction.sheet_id)
    _refuse_if_approved(sheet)
    if deduction.item.scheme_id != sheet.scheme_id:
        raise ValidationError({"item": _("Choose an item of this sheet's scheme.")})
    _check_points_and_reason(deduction.points, deduction.reason)
    deduction.adjusted_by = actor
    history.attribute(deduction, to=actor)
    deduction.save()
    recompute(scheme=sheet.scheme)
    _record_deduction(deduction, actor)
    return deduction


@transaction.atomic
def adjust_deduction(
    *, deduction: Deduction, points: Decimal, reason: str, actor: User
) -> Deduction:
    """Change a deduction's points with a reason; the proposed points stay as they were."""
    sheet = _lock_sheet(deduction.sheet_id)
    deduction = Deduction.objects.select_for_update().get(pk=deduction.pk)
    _refuse_if_approved(sheet)
    _check_points_and_reason(points, reason)
    deduction.points = points
    deduction.reason = reason.strip()
    deduction.adjusted_by = actor
    history.attribute(deduction, to=actor)
    deduction.save(update_fields=["points", "reason", "adjusted_by", "updated_at"])
    recompute(scheme=sheet.scheme)
    _record_deduction(deduction, actor)
    return deduction


def _check_points_and_reason(points: Decimal | None, reason: str) -> None:
    errors = {}
    if points is None or points < 0:
        errors["points"] = _("Enter the points deducted, zero or more.")
    if not (reason or "").strip():
        errors["reason"] = _("Give the reason for the deduction.")
    if errors:
        raise ValidationError(errors)


def _record_deduction(deduction: Deduction, actor: User) -> None:
    detail = {
        "sheet": deduction.sheet_id,
        "item": deduction.item_id,
        "points": str(deduction.points),
        "proposed_points": str(deduction.proposed_points),
        "source": deduction.source_key,
    }
    audit.record(
        action=AccountabilityAuditAction.DEDUCTION_SAVE,
        user=actor,
        target=deduction,
        detail=detail,
    )


@transaction.atomic
def approve_sheet(*, sheet: ScoreSheet, actor: User) -> ScoreSheet:
    """Approve a unit's sheet (市委审定): its score is final and nothing on it changes."""
    if not actor.has_perm("accountability.approve_scoresheet"):
        raise NotPermitted
    sheet = _lock_sheet(sheet.pk)
    _refuse_if_approved(sheet)
    recompute(scheme=sheet.scheme)
    sheet.refresh_from_db()
    sheet.status = ScoreSheet.Status.APPROVED
    sheet.approved_by = actor
    sheet.approved_at = timezone.now()
    history.attribute(sheet, to=actor)
    sheet.save()
    detail = {"total": str(sheet.total), "rank": sheet.rank, "vetoed": sheet.is_vetoed}
    audit.record(
        action=AccountabilityAuditAction.SCORE_SHEET_APPROVE,
        user=actor,
        target=sheet,
        detail=detail,
    )
    return sheet


def item_scores(
    items: Iterable[AssessmentItem], deducted: dict[int, Decimal]
) -> dict[int, Decimal]:
    """Return each item's score: what is left of its points, never below 0, weighted."""
    return {
        item.pk: max(ZERO, item.max_points - deducted.get(item.pk, ZERO)) * item.weight
        for item in items
    }


def deducted_by_sheet(scheme: AssessmentScheme) -> dict[int, dict[int, Decimal]]:
    """Return the points deducted per sheet and item, in one query."""
    deducted: dict[int, dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    rows = Deduction.objects.filter(sheet__scheme=scheme).values_list(
        "sheet_id", "item_id", "points"
    )
    for sheet_id, item_id, points in rows:
        deducted[sheet_id][item_id] += points
    return deducted


def recompute(*, scheme: AssessmentScheme) -> None:
    """Recompute every sheet's total, rank (1 is best; equal totals share a rank) and
    veto (total below the scheme's line). An approved sheet's total cannot move, since
    its deductions and the items are frozen; its rank still follows the others."""
    items = list(scheme.items.all())
    deducted = deducted_by_sheet(scheme)
    sheets = list(scheme.sheets.all())
    for sheet in sheets:
        total = sum(item_scores(items, deducted[sheet.pk]).values(), ZERO)
        sheet.total = total.quantize(CENT)
        sheet.is_vetoed = sheet.total < scheme.veto_line
    totals = [sheet.total for sheet in sheets]
    for sheet in sheets:
        sheet.rank = 1 + sum(1 for total in totals if total > sheet.total)
    ScoreSheet.objects.bulk_update(sheets, ["total", "rank", "is_vetoed"])
