"""Import of units and officials from an .xlsx sheet: store, validate, preview, write.

An administrator uploads a sheet (stored, see storage), previews every row's problems
(validation) and confirms; only a sheet without a single error is written (writing).
"""

from .reading import allowed_values, read_workbook
from .sheet import (
    CODE,
    GUIDE_SHEET,
    HEADERS,
    IMPORT_DIR,
    KIND,
    OFFICIAL_SHEET,
    PARENT,
    PARTY_MEMBER,
    PERSON,
    RANK,
    SUBJECT,
    UNIT_SHEET,
    ImportResult,
    Rows,
    SheetNotFound,
)
from .storage import delete_abandoned_sheets, sheet_name, store_sheet
from .template import template_workbook
from .validation import check_sheet
from .writing import import_sheet

__all__ = [
    "CODE",
    "GUIDE_SHEET",
    "HEADERS",
    "IMPORT_DIR",
    "KIND",
    "OFFICIAL_SHEET",
    "PARENT",
    "PARTY_MEMBER",
    "PERSON",
    "RANK",
    "SUBJECT",
    "UNIT_SHEET",
    "ImportResult",
    "Rows",
    "SheetNotFound",
    "allowed_values",
    "check_sheet",
    "delete_abandoned_sheets",
    "import_sheet",
    "read_workbook",
    "sheet_name",
    "store_sheet",
    "template_workbook",
]
