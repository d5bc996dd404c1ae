"""The empty workbook that administrators download and fill in."""

import io

import xlsxwriter
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from xlsxwriter.utility import quote_sheetname, xl_range_abs

from ..models import Official, Unit
from .reading import allowed_values
from .sheet import GUIDE_SHEET, HEADERS, MAX_ROWS, OFFICIAL_SHEET, UNIT_SHEET, YES

EXAMPLES = {
    UNIT_SHEET: (
        "T01-JW",
        "东湖镇纪律检查委员会",
        "东湖镇纪委",
        Unit.Kind.DISCIPLINE_COMMITTEE,
        "T01",
        10,
    ),
    OFFICIAL_SHEET: (
        "张三",
        "T01-JW",
        "纪委书记",
        Official.Rank.SECTION_DEPUTY,
        Official.Subject.DISCIPLINE_HEAD,
        YES,
    ),
}


def template_workbook() -> bytes:
    """Return the empty sheet to fill in: headers, an example row, the allowed values."""
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    bold = workbook.add_format({"bold": True})
    as_text = workbook.add_format({"num_format": "@"})  # keeps codes like "007" intact
    allowed = allowed_values()
    with translation.override("zh-hans"):
        for sheet, headers in HEADERS.items():
            worksheet = workbook.add_worksheet(sheet)
            worksheet.set_column(0, len(headers) - 1, 20, as_text)
            worksheet.write_row(0, 0, headers, bold)
            worksheet.write_row(1, 0, [example_text(v) for v in EXAMPLES[sheet]])
            worksheet.freeze_panes(1, 0)
            add_dropdowns(worksheet, headers, allowed)
        guide = workbook.add_worksheet(GUIDE_SHEET)
        for column, (header, values) in enumerate(allowed.items()):
            guide.set_column(column, column, 36)
            guide.write(0, column, header, bold)
            guide.write_column(1, column, values)
        longest = max(len(values) for values in allowed.values())
        guide.write(longest + 2, 0, _("Delete the example rows before importing."))
    workbook.close()
    return output.getvalue()


def example_text(value: object) -> object:
    return str(value.label) if isinstance(value, models.Choices) else value


def add_dropdowns(worksheet, headers: tuple[str, ...], allowed) -> None:
    # Only a warning on other values: English labels and raw values are accepted too.
    for guide_column, (header, values) in enumerate(allowed.items()):
        if header in headers:
            column = headers.index(header)
            source = xl_range_abs(1, guide_column, len(values), guide_column)
            worksheet.data_validation(
                1,
                column,
                MAX_ROWS,
                column,
                {
                    "validate": "list",
                    "source": f"={quote_sheetname(GUIDE_SHEET)}!{source}",
                    "error_type": "warning",
                },
            )
