"""Key tasks and the record of performing duties (履责纪实), with the files behind it.

No audit action exists yet for these records: their history tables say who changed what.
"""

from collections.abc import Iterable
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from core import audit
from core.audit import Actor

from ..models import Attachment, Duty, KeyTask, ProgressEntry, Unit


@transaction.atomic
def save_key_task(
    *,
    key_task: KeyTask,
    actor: Actor,
    participating_units: Iterable[Unit] | None = None,
) -> KeyTask:
    """Save a new or edited key task; set its participating units when given."""
    key_task._history_user = actor
    key_task.save()
    if participating_units is not None:
        key_task.participating_units.set(participating_units)
    audit.record(action=audit.Action.KEY_TASK_SAVE, user=actor, target=key_task)
    return key_task


@transaction.atomic
def record_progress(
    *,
    author: AbstractBaseUser,
    happened_on: date,
    text: str,
    files: Iterable[UploadedFile],
    key_task: KeyTask | None = None,
    duty: Duty | None = None,
) -> ProgressEntry:
    """Record work done on a key task or on a duty (exactly one), with its files."""
    if (key_task is None) == (duty is None):
        raise ValueError("A progress entry belongs to a key task or to a duty.")
    entry = ProgressEntry(
        key_task=key_task,
        duty=duty,
        author=author,
        happened_on=happened_on,
        text=text,
    )
    entry._history_user = author
    entry.save()
    for upload in files:
        # The storage writes the file under a random name when the row is saved.
        Attachment.objects.create(
            progress_entry=entry,
            file=upload,
            original_name=upload.name,
            size=upload.size,
            uploaded_by=author,
        )
    owner = key_task or duty
    audit.record(action=audit.Action.PROGRESS_RECORD, user=author, target=owner)
    return entry
