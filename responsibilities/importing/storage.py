"""Uploaded sheets, kept in shared storage between the preview and the confirmation."""

import secrets
from datetime import datetime, timedelta
from typing import IO

from django.core.files.base import File
from django.core.files.storage import default_storage
from django.utils import timezone

from .sheet import ABANDON_AFTER, IMPORT_DIR, TOKEN_PATTERN, SheetNotFound


def sheet_name(token: str) -> str:
    return f"{IMPORT_DIR}/{token}.xlsx"


def store_sheet(upload: File) -> str:
    """Keep an uploaded sheet for its preview and return the token that names it."""
    token = secrets.token_urlsafe(16)
    default_storage.save(sheet_name(token), upload)
    return token


def open_sheet(token: str) -> IO[bytes]:
    """Open a stored sheet; raise SheetNotFound for an unknown or abandoned token."""
    if not TOKEN_PATTERN.fullmatch(token) or not default_storage.exists(
        sheet_name(token)
    ):
        raise SheetNotFound(token)
    if default_storage.get_modified_time(sheet_name(token)) < abandon_cutoff():
        raise SheetNotFound(token)
    return default_storage.open(sheet_name(token), "rb")


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
