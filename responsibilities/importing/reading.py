"""Reading a workbook into rows of text, and the values its choice columns accept."""

import zipfile
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from core.text import strip_invisible

from ..models import Official, Unit
from .sheet import (
    HEADERS,
    KIND,
    MAX_BLANK_ROWS,
    MAX_ROWS,
    MAX_UNPACKED_SIZE,
    NO,
    PARTY_MEMBER,
    PARTY_MEMBER_VALUES,
    RANK,
    SUBJECT,
    YES,
    Rows,
)

# Per choice column: every accepted spelling (casefolded) to its value, and the labels
# an error message suggests.
Vocabulary = dict[str, tuple[dict[str, Any], list[str]]]


def read_workbook(file: IO[bytes]) -> dict[str, Rows]:
    """Return each sheet's non-blank rows as {header: text}, numbered as Excel shows them.

    Raises ValidationError when the file is no workbook, lacks a sheet or a column, or
    is larger than an import may be (checked before its cells are parsed).
    """
    try:
        check_unpacked_size(file)
        workbook = load_workbook(file, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise ValidationError(_("The file is not a valid .xlsx workbook.")) from None
    try:
        rows = {sheet: read_rows(workbook, sheet) for sheet in HEADERS}
    # The cells are parsed lazily, so a damaged part shows only while reading rows.
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, SyntaxError):
        raise ValidationError(_("The file is not a valid .xlsx workbook.")) from None
    finally:
        workbook.close()
    if not any(rows.values()):
        raise ValidationError(_("The workbook has no rows to import."))
    return rows


def check_unpacked_size(file: IO[bytes]) -> None:
    # The zip's directory declares each part's size, and reading never goes past it.
    with zipfile.ZipFile(file) as archive:
        unpacked = sum(part.file_size for part in archive.infolist())
    file.seek(0)
    if unpacked > MAX_UNPACKED_SIZE:
        message = _("The workbook unpacks to more than %(limit)s.")
        raise ValidationError(message % {"limit": filesizeformat(MAX_UNPACKED_SIZE)})


def read_rows(workbook, sheet: str) -> Rows:
    if sheet not in workbook.sheetnames:
        message = _("The workbook has no sheet named “%(sheet)s”.")
        raise ValidationError(message % {"sheet": sheet})
    worksheet = workbook[sheet]
    check_declared_rows(worksheet.max_row, sheet)
    # Some writers record a wrong size; without one, openpyxl reads every stored row.
    worksheet.reset_dimensions()
    header = [cell_text(value) for value in next(worksheet.values, ())]
    missing = [name for name in HEADERS[sheet] if name not in header]
    if missing:
        message = _("The sheet “%(sheet)s” lacks the columns: %(columns)s.")
        raise ValidationError(message % {"sheet": sheet, "columns": "、".join(missing)})
    columns = {name: header.index(name) for name in HEADERS[sheet]}
    # Cells right of the last column read are never unpacked.
    lines = worksheet.iter_rows(
        min_row=2, max_col=max(columns.values()) + 1, values_only=True
    )
    rows, blank = [], 0
    for number, values in enumerate(lines, start=2):
        cells = {
            name: cell_text(values[index]) if index < len(values) else ""
            for name, index in columns.items()
        }
        if any(cells.values()):
            rows.append((number, cells))
        else:
            blank += 1
        check_row_counts(len(rows), blank, sheet)
    return rows


def check_declared_rows(declared: int | None, sheet: str) -> None:
    if declared is not None and declared > 1 + MAX_ROWS + MAX_BLANK_ROWS:
        message = _(
            "The sheet “%(sheet)s” runs to row %(rows)d; at most %(limit)d rows are "
            "read. Delete the rows below the data and upload it again."
        )
        limit = 1 + MAX_ROWS + MAX_BLANK_ROWS
        raise ValidationError(
            message % {"sheet": sheet, "rows": declared, "limit": limit}
        )


def check_row_counts(rows: int, blank: int, sheet: str) -> None:
    if rows > MAX_ROWS:
        message = _("The sheet “%(sheet)s” has more than %(limit)d rows.")
        raise ValidationError(message % {"sheet": sheet, "limit": MAX_ROWS})
    if blank > MAX_BLANK_ROWS:
        message = _(
            "The sheet “%(sheet)s” has more than %(limit)d blank rows. Delete the rows "
            "below the data and upload it again."
        )
        raise ValidationError(message % {"sheet": sheet, "limit": MAX_BLANK_ROWS})


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a code or an order typed as a number: 101, not 101.0
    return strip_invisible(str(value)).strip()


# --- Allowed values ---


def choice_labels(choices: type[models.Choices]) -> list[str]:
    """Return the choices' Chinese labels, as the template sheet lists them."""
    with translation.override("zh-hans"):
        return [str(label) for label in choices.labels]


def allowed_values() -> dict[str, list[str]]:
    """Return the values the template sheet offers for each choice column."""
    return {
        KIND: choice_labels(Unit.Kind),
        RANK: choice_labels(Official.Rank),
        SUBJECT: choice_labels(Official.Subject),
        PARTY_MEMBER: [YES, NO],
    }


def spellings(choices: type[models.Choices]) -> dict[str, str]:
    """Map every accepted spelling of a choice, casefolded, to its value.

    The Chinese label, the English label and the stored value are all accepted, so a
    sheet still imports after the translations change.
    """
    accepted = {value.casefold(): value for value in choices.values}
    for language in ("en", "zh-hans"):
        with translation.override(language):
            accepted |= {
                str(label).casefold(): value for value, label in choices.choices
            }
    return accepted


def vocabulary() -> Vocabulary:
    """Return, per choice column, the accepted spellings and the labels to suggest."""

    def entry(choices: type[models.Choices]) -> tuple[dict[str, Any], list[str]]:
        return spellings(choices), [str(label) for label in choices.labels]

    return {
        KIND: entry(Unit.Kind),
        RANK: entry(Official.Rank),
        SUBJECT: entry(Official.Subject),
        PARTY_MEMBER: (PARTY_MEMBER_VALUES, [YES, NO]),
    }
