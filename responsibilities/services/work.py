"""Key tasks and the record of performing duties (履责纪实), with the files behind it.

Each change writes an audit event; the history tables keep the field-by-field detail.
"""

from collections.abc import Iterable
from datetime import date

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from core import audit, history
from core.audit import Actor

from ..audit import ResponsibilitiesAuditAction
from ..models import Attachment, Duty, DutyReport, KeyTask, ProgressEntry, Unit


@transaction.atomic
def save_key_task(
    *,
    key_task: KeyTask,
    actor: Actor,
    participating_units: Iterable[Unit] | None = None,
) -> KeyTask:
    """Save a new or edited key task; set its participating units when given."""
    history.attribute(key_task, to=actor)
    key_task.save()
    if participating_units is not None:
        key_task.participating_units.set(participating_units)
    audit.record(
        action=ResponsibilitiesAuditAction.KEY_TASK_SAVE, user=actor, target=key_task
    )
    return key_task


@transaction.atomic
def record_progress(
    *,
    author: User,
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
    history.attribute(entry, to=author)
    entry.save()
    attach_files(files=files, uploaded_by=author, progress_entry=entry)
    owner = key_task or duty
    audit.record(
        action=ResponsibilitiesAuditAction.PROGRESS_RECORD, user=author, target=owner
    )
    return entry


def attach_files(
    *,
    files: Iterable[UploadedFile],
    uploaded_by: User,
    progress_entry: ProgressEntry | None = None,
    duty_report: DutyReport | None = None,
) -> list[Attachment]:
    """Store the uploaded files behind a progress entry or a duty report."""
    max_length = Attachment._meta.get_field("original_name").max_length
    # The storage writes each file under a random name when its row is saved.
    return [
        Attachment.objects.create(
            progress_entry=progress_entry,
            duty_report=duty_report,
            file=upload,
            # An upload always has both; the stubs allow None for a File in general.
            original_name=(upload.name or "")[:max_length],
            size=upload.size or 0,
            uploaded_by=uploaded_by,
        )
        for upload in files
    ]
