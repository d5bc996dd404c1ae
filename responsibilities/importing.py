"""Import of units and officials from an .xlsx sheet: store, validate, preview, write."""

import secrets
from datetime import timedelta

from django.core.files.base import File
from django.core.files.storage import default_storage
from django.utils import timezone

# Uploaded sheets wait here, in shared storage, between the preview and the confirmation,
# so that any web machine can serve the second request.
IMPORT_DIR = "imports"


def sheet_name(token: str) -> str:
    return f"{IMPORT_DIR}/{token}.xlsx"


def store_sheet(upload: File) -> str:
    """Keep an uploaded sheet for its preview and return the token that names it."""
    token = secrets.token_urlsafe(16)
    default_storage.save(sheet_name(token), upload)
    return token


def delete_sheet(token: str) -> None:
    default_storage.delete(sheet_name(token))


def delete_abandoned_sheets(*, older_than: timedelta = timedelta(days=1)) -> int:
    """Delete sheets uploaded for a preview and never confirmed; return how many."""
    if not default_storage.exists(IMPORT_DIR):
        return 0
    cutoff = timezone.now() - older_than
    _dirs, files = default_storage.listdir(IMPORT_DIR)
    abandoned = [
        f"{IMPORT_DIR}/{name}"
        for name in files
        if default_storage.get_modified_time(f"{IMPORT_DIR}/{name}") < cutoff
    ]
    for name in abandoned:
        default_storage.delete(name)
    return len(abandoned)
