"""Signed letters and sign-offs as PDF documents, printed from their frozen signatures.

The printing itself, with the shipped font, is core.documents.pdf's.
"""

from collections.abc import Iterable
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.documents.pdf import new_printer, paragraphs
from core.notifications import absolute_url

from .models import LetterKind, Signature

if TYPE_CHECKING:
    from core.documents.printing import Printer


def verification_url(signature: Signature, request: HttpRequest | None = None) -> str:
    return absolute_url(reverse("public:verify", args=[signature.code]), request)


def personal_heading(kind: str) -> str:
    """Return the heading of the signer's own words for a letter kind or a sign-off."""
    headings: dict[str, str] = {
        LetterKind.COMMITMENT: _("Personal commitments"),
        LetterKind.YEAR_END: _("How the duties were performed"),
        Signature.Kind.SIGN_OFF: _("Opinion"),
    }
    return headings.get(kind, _("In the signer's words"))


def _document(signature: Signature, request: HttpRequest | None, heading: str) -> dict:
    # Printed in the deployment's time zone whatever the reader's, as the paper says.
    time_zone = ZoneInfo(settings.TIME_ZONE)
    return {
        "signature": signature,
        "is_sign_off": signature.kind == Signature.Kind.SIGN_OFF,
        "personal_heading": heading or personal_heading(signature.kind),
        "body_paragraphs": paragraphs(signature.body),
        "personal_paragraphs": paragraphs(signature.personal_text),
        "signed_at": timezone.localtime(signature.signed_at, time_zone),
        "time_zone": settings.TIME_ZONE,
        "verification_url": verification_url(signature, request),
    }


def signature_pdf(
    signature: Signature,
    *,
    heading: str = "",
    request: HttpRequest | None = None,
    printer: "Printer | None" = None,
) -> bytes:
    """Return the signed document as PDF: text, signer, signature, time, hash and code."""
    html = render_to_string(
        "commitments/pdf/document.html",
        {"documents": [_document(signature, request, heading)]},
    )
    return (printer or new_printer()).render(html)


def signatures_pdf(
    signatures: Iterable[Signature],
    *,
    heading: str = "",
    request: HttpRequest | None = None,
    printer: "Printer | None" = None,
) -> bytes:
    """Return several signed documents as one PDF, each starting on a new page."""
    documents = [_document(signature, request, heading) for signature in signatures]
    html = render_to_string("commitments/pdf/document.html", {"documents": documents})
    return (printer or new_printer()).render(html)


def file_name(signature: Signature) -> str:
    """Return "unit-name-code.pdf", safe as a file name in a zip and on any disk."""
    parts = (signature.unit_name, signature.signer_name, signature.code)
    name = "-".join(part.replace("/", "_").replace("\\", "_") for part in parts)
    return f"{name}.pdf"
