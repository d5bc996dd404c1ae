"""What the assessment pages show, computed once in Python from a few queries."""

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from ..models import AssessmentScheme, Deduction, ScoreSheet, Step
from ..services.assessments import ZERO

# How many of a vetoed unit's largest deductions the ranking shows as its causes.
CAUSES_SHOWN = 3
BAR = "#0d6efd"
VETOED_BAR = "#dc3545"


def veto_causes(sheets: list[ScoreSheet]) -> dict[int, list[Deduction]]:
    """Return the largest deductions of each vetoed sheet, by sheet id (one query)."""
    vetoed = [sheet.pk for sheet in sheets if sheet.is_vetoed]
    if not vetoed:
        return {}
    causes: dict[int, list[Deduction]] = defaultdict(list)
    deductions = (
        Deduction.objects.filter(sheet__in=vetoed, points__gt=0)
        .select_related("item")
        .order_by("sheet", "-points", "pk")
    )
    for deduction in deductions:
        if len(causes[deduction.sheet_id]) < CAUSES_SHOWN:
            causes[deduction.sheet_id].append(deduction)
    return dict(causes)


def hide_unreadable_sources(deductions: Iterable[Deduction], user: User) -> None:
    """Replace the label and link of each source the user may not read by the kind of
    record it is. Administrators read the results but never a case or an action,
    whose number and title the label would otherwise show."""
    for deduction in deductions:
        if not deduction.source_key:
            continue
        model = apps.get_model(deduction.source_key.split(":")[0])
        meta = model._meta
        if not user.has_perm(f"{meta.app_label}.view_{meta.model_name}"):
            deduction.source_label = str(meta.verbose_name)
            deduction.source_url = ""


def ranking_chart(scheme: AssessmentScheme, sheets: list[ScoreSheet]) -> dict:
    """Return the bar chart of totals by unit, vetoed units in red, with the veto line.
    Floats here only feed the drawing; every score itself stays a Decimal."""
    return {
        "labels": [sheet.unit.display_name for sheet in sheets],
        "series": [
            {
                "label": _("Total"),
                "color": [VETOED_BAR if s.is_vetoed else BAR for s in sheets],
                "data": [float(sheet.total) for sheet in sheets],
            }
        ],
        "line": {
            "label": _("Veto line"),
            "value": float(scheme.veto_line),
            "color": VETOED_BAR,
        },
    }


def sheet_steps(sheet: ScoreSheet, deductions: list[Deduction]) -> list[dict]:
    """Return the sheet's items grouped by step, each with its deductions and score."""
    by_item: dict[int, list[Deduction]] = defaultdict(list)
    for deduction in deductions:
        by_item[deduction.item_id].append(deduction)
    steps: dict[str, dict[str, Any]] = {
        value: {"label": label, "rows": [], "subtotal": ZERO}
        for value, label in Step.choices
    }
    for item in sheet.scheme.items.all():
        deducted = sum((d.points for d in by_item[item.pk]), ZERO)
        score = max(ZERO, item.max_points - deducted) * item.weight
        step = steps[item.step]
        step["rows"].append(
            {
                "item": item,
                "deductions": by_item[item.pk],
                "deducted": deducted,
                "score": score.quantize(Decimal("0.01")),
            }
        )
        step["subtotal"] += score
    return [step for step in steps.values() if step["rows"]]
