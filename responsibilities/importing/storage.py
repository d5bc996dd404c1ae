"""Uploaded sheets' rows, kept in shared storage between the preview and the confirmation.

The workbook is read once, on upload; what is kept is the rows it held, so neither each
view of the preview nor the confirmation parses the workbook again.
"""

import json
import secrets
from datetime import datetime, timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from .sheet import ABANDON_AFTER, IMPORT_DIR, TOKEN_PATTERN, Rows, SheetNotFound


def sheet_name(token: str) -> str:
    return f"{IMPORT_DIR}/{token}.json"


def store_sheet(rows: dict[str, Rows]) -> str:
    """Keep a sheet's rows for its preview and return the token that names them."""
    token = secrets.token_urlsafe(16)
    content = json.dumps(rows, ensure_ascii=False).encode()
    default_storage.save(sheet_name(token), ContentFile(content))
    return token


def load_sheet(token: str) -> dict[str, Rows]:
    """Return a stored sheet's rows; raise SheetNotFound for an unknown or abandoned token."""
    if not TOKEN_PATTERN.fullmatch(token) or not default_storage.exists(
        sheet_name(token)
    ):
        raise SheetNotFound(token)
    if default_storage.get_modified_time(sheet_name(token)) < abandon_cutoff():
        raise SheetNotFound(token)
    with default_storage.open(sheet_name(token), "rb") as file:
        stored = json.load(file)
    return {
        sheet: [(number, cells) for number, cells in rows]
        for sheet, rows in stored.items()
    }


def delete_sheet(token: str) -> None:
    default_storage.delete(sheet_name(token))


def abandon_cutoff(older_than: timedelta = ABANDON_AFTER) -> datetime:
    return timezone.now() - older_than


def delete_abandoned_sheets(*, older_than: timedelta = ABANDON_AFTER) -> int:
    """Delete sheets uploaded for a preview and never confirmed; return how many."""
    if not default_storage.exists(IMPORT_DIR):
        return 0
    cutoff = abandon_cutoff(older_than)
    _dirs, files = default_storage.listdir(IMPORT_DIR)
    abandoned = [
        f"{IMPORT_DIR}/{name}"
        for name in files
        if default_storage.get_modified_time(f"{IMPORT_DIR}/{name}") < cutoff
    ]
    for name in abandoned:
        default_storage.delete(name)
    return len(abandoned)
