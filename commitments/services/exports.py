"""A campaign's signed letters exported as one PDF or a zip of PDFs, for a background job."""

import tempfile
import zipfile
from collections.abc import Callable, Iterator
from io import BytesIO
from itertools import islice
from typing import IO

from django.core.files import File
from django.utils import timezone
from django.utils.translation import gettext as _
from pypdf import PdfReader, PdfWriter

from core.documents.pdf import new_printer
from core.models import BackgroundJob

from .. import pdf
from ..models import Campaign, Letter, Signature

EXPORT_FORMATS = ("pdf", "zip")
# Letters laid out together in one combined-PDF pass: WeasyPrint holds a whole document's
# layout in memory, so a campaign of 1,600 letters is rendered 50 at a time and the
# batches' pages appended. Each batch embeds its own font subset, hence not one by one.
BATCH_SIZE = 50

Progress = Callable[[int, int], None]


def export_signed_letters(
    *, campaign: Campaign, job: BackgroundJob, fmt: str, progress: Progress
) -> str:
    """Write the campaign's signed letters that the job's starter may see to the job's
    result file, as one PDF or a zip of one PDF per letter; return the message to show."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"Unknown export format {fmt!r}")
    letters = (
        Letter.objects.visible_to(job.created_by)
        .filter(campaign=campaign)
        .signed()
        .select_related("signature")
    )
    total = letters.count()
    if not total:
        return _("There are no signed letters to export.")
    signatures = (
        letter.signature for letter in letters.iterator(chunk_size=BATCH_SIZE)
    )
    with tempfile.TemporaryFile() as output:
        write = _write_zip if fmt == "zip" else _write_pdf
        heading = pdf.personal_heading(campaign.kind)
        write(signatures, output, heading, lambda done: progress(done, total))
        output.seek(0)
        _attach(job, output, f"{campaign.title}-{timezone.localdate():%Y%m%d}.{fmt}")
    message = _("%(count)d signed letters exported.")
    return message % {"count": total}


def _write_pdf(
    signatures: Iterator[Signature],
    output: IO[bytes],
    heading: str,
    done: Callable[[int], None],
) -> None:
    printer = new_printer()
    writer = PdfWriter()
    count = 0
    while batch := list(islice(signatures, BATCH_SIZE)):
        writer.append(
            PdfReader(
                BytesIO(pdf.signatures_pdf(batch, heading=heading, printer=printer))
            )
        )
        count += len(batch)
        done(count)
    writer.write(output)


def _write_zip(
    signatures: Iterator[Signature],
    output: IO[bytes],
    heading: str,
    done: Callable[[int], None],
) -> None:
    printer = new_printer()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for count, signature in enumerate(signatures, start=1):
            document = pdf.signature_pdf(signature, heading=heading, printer=printer)
            archive.writestr(pdf.file_name(signature), document)
            done(count)


def _attach(job: BackgroundJob, output: IO[bytes], name: str) -> None:
    """Store the file as the job's result without saving the rest of the job row, which
    the job runner keeps up to date by itself."""
    job.result.save(name.replace("/", "_"), File(output), save=False)
    BackgroundJob.objects.filter(pk=job.pk).update(result=job.result.name)
