"""The results workbook for the annual work-target assessment (年度目标考核)."""

import io
from collections.abc import Iterable
from decimal import Decimal

import xlsxwriter
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ..models import AssessmentScheme, ScoreSheet, Step
from .assessments import ZERO, deducted_by_sheet, item_scores


def step_subtotals(
    scheme: AssessmentScheme, sheets: Iterable[ScoreSheet]
) -> dict[int, dict[str, Decimal]]:
    """Return each sheet's score per step, from the items and deductions (two queries)."""
    items = list(scheme.items.all())
    deducted = deducted_by_sheet(scheme)
    subtotals = {}
    for sheet in sheets:
        scores = item_scores(items, deducted[sheet.pk])
        by_step = dict.fromkeys(Step.values, ZERO)
        for item in items:
            by_step[item.step] += scores[item.pk]
        subtotals[sheet.pk] = by_step
    return subtotals


def results_workbook(scheme: AssessmentScheme, sheets: list[ScoreSheet]) -> bytes:
    """Return the scheme's results: one row per unit with total, rank, veto and the
    score of each of the five steps; headers in Chinese, as the returns are filed."""
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    bold = workbook.add_format({"bold": True})
    points = workbook.add_format({"num_format": "0.00"})
    subtotals = step_subtotals(scheme, sheets)
    with translation.override("zh-hans"):
        worksheet = workbook.add_worksheet(str(scheme.year))
        headers = [
            _("Unit"),
            _("Total"),
            pgettext("ranking", "Rank"),
            _("Vetoed (一票否决)"),
        ]
        headers += [str(label) for label in Step.labels]
        worksheet.write_row(0, 0, headers, bold)
        worksheet.set_column(0, 0, 28)
        worksheet.set_column(1, len(headers) - 1, 14)
        for row, sheet in enumerate(sheets, start=1):
            worksheet.write(row, 0, sheet.unit.name)
            worksheet.write_number(row, 1, float(sheet.total), points)
            worksheet.write(row, 2, sheet.rank or "")
            worksheet.write(row, 3, _("yes") if sheet.is_vetoed else _("no"))
            for column, step in enumerate(Step.values, start=4):
                worksheet.write_number(
                    row, column, float(subtotals[sheet.pk][step]), points
                )
        worksheet.freeze_panes(1, 1)
    workbook.close()
    return output.getvalue()
