"""Documents printed as PDF with WeasyPrint, and served for download.

WeasyPrint lays the pages out with the Chinese font shipped in static/fonts, declared in
an @font-face rule under a family name of its own, so a document looks the same and
embeds the same font on a server that has no Chinese font installed.
"""

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header

if TYPE_CHECKING:
    from .printing import Printer

logger = logging.getLogger(__name__)


def new_printer() -> "Printer":
    """Return a printer for a batch of documents.

    WeasyPrint is imported here, on first use, because importing it loads the system's
    Pango: a server without Pango serves every page but the PDFs, which raise OSError.
    """
    from .printing import Printer

    return Printer.create()


def paragraphs(text: str) -> list[str]:
    """Return the text's non-blank lines, stripped: the paragraphs a document prints."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def pdf_response(
    request: HttpRequest, print_document: Callable[[], bytes], *, filename: str
) -> HttpResponse:
    """Return the printed document as a download, or a 503 page if printing fails."""
    try:
        document = print_document()
    except OSError:
        # The server lacks Pango, which WeasyPrint needs (see new_printer).
        logger.exception("PDF printing is unavailable")
        return render(request, "core/pdf_unavailable.html", status=503)
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    return response
