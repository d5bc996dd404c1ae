"""Last year's assessment (考核), scored and approved (市委审定) through the services.

The system proposes the deductions that follow from the year's records; the assessors
then score the manual items (leadership evaluation, public appraisal, the city's
opinion). Four units end below the veto line (一票否决): the two townships of the
double-inquiry cases and the two departments with the lowest totals after proposal.
"""

import random
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import User

from accountability.models import (
    AssessmentItem,
    AssessmentScheme,
    Deduction,
    ScoreSheet,
)
from accountability.services.assessments import (
    adjust_deduction,
    approve_sheet,
    create_scheme,
    propose_deductions,
    save_deduction,
)
from demo import city

VETOED = 4
CENT = Decimal("0.01")
# (item title, reason) of the manual deductions every unit gets.
MANUAL_REASONS = {
    "领导班子履责情况综合评价": "班子成员述责述廉评议中“较好”票比例偏低。",
    "民意测评": "民意测评满意率未达到95%，按比例扣分。",
}
VETO_ITEMS = ("落实党风廉政建设主体责任情况", "领导班子履责情况综合评价")
VETO_REASON = (
    "本年度发生违纪违法案件，党委（党组）落实主体责任不力，"
    "经考核组综合评定，对照评分细则扣分。"
)


def seed(*, year: int, staff: User, inquiry_townships: tuple[str, ...]) -> int:
    """Create, score and approve the year's scheme once; return the sheets approved."""
    if AssessmentScheme.objects.filter(year=year).exists():
        return 0
    scheme = create_scheme(
        year=year, title=f"{year}年度党风廉政建设责任制考核", actor=staff
    )
    propose_deductions(scheme=scheme, actor=staff, today=date(year + 1, 1, 10))
    rng = random.Random(f"{city.SEED}-assessment-{year}")
    sheets = list(scheme.sheets.select_related("unit").order_by("total", "unit__order"))
    vetoed = _chosen(sheets, inquiry_townships)
    items = {item.title: item for item in scheme.items.all()}
    for sheet in sheets:
        room = sheet.total - Decimal("80.5")
        if sheet.pk in vetoed:
            _veto(sheet, items, rng, staff)
            continue
        for title, reason in MANUAL_REASONS.items():
            points = Decimal(rng.randint(0, 15)) / 10
            points = min(points, max(room, Decimal(0)))
            room -= points
            if points:
                _deduct(sheet, items[title], points, reason, staff)
    _rescue_others(scheme, vetoed, staff)
    for sheet in scheme.sheets.order_by("rank", "pk"):
        approve_sheet(sheet=sheet, actor=staff)
    return len(sheets)


def _chosen(sheets: list[ScoreSheet], townships: tuple[str, ...]) -> set[int]:
    """The sheets to fall below the line: the double-inquiry townships' and the lowest."""
    chosen = [sheet for sheet in sheets if sheet.unit.code in townships]
    chosen += [sheet for sheet in sheets if sheet not in chosen][: VETOED - len(chosen)]
    return {sheet.pk for sheet in chosen}


def _deduct(sheet, item, points, reason, staff) -> Deduction:
    deduction = Deduction(sheet=sheet, item=item, points=points, reason=reason)
    return save_deduction(deduction=deduction, actor=staff)


def _veto(sheet: ScoreSheet, items: dict[str, AssessmentItem], rng, staff) -> None:
    """Deductions on the main-responsibility and leadership items that take the
    total to 72–79.5."""
    missing = sheet.total - Decimal(rng.randint(720, 795)) / 10
    for title in VETO_ITEMS:
        item = items[title]
        points = min(max(missing, Decimal(0)), item.max_points)
        if points:
            _deduct(sheet, item, points, VETO_REASON, staff)
        missing -= points


def _rescue_others(scheme: AssessmentScheme, vetoed: set[int], staff: User) -> None:
    """Where the proposals alone took another unit below the line, the assessors
    reviewed them: the largest proposed deduction is halved, with the reason."""
    for sheet in scheme.sheets.filter(is_vetoed=True).exclude(pk__in=vetoed):
        while sheet.is_vetoed:
            deduction = (
                sheet.deductions.exclude(source_key="")
                .filter(points__gt=0)
                .order_by("-points", "pk")
                .first()
            )
            if deduction is None:
                break
            adjust_deduction(
                deduction=deduction,
                points=(deduction.points / 2).quantize(CENT),
                reason="经考核组复核，该问题已在年内整改到位，减半扣分。",
                actor=staff,
            )
            sheet.refresh_from_db()
