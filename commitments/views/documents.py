"""Signed documents as PDF, and a campaign's signed letters exported in the background."""

import logging

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import jobs

from .. import pdf
from ..models import Campaign, Letter, Signature, SignOff
from ..services.exports import EXPORT_FORMATS
from ..tasks import export_campaign

logger = logging.getLogger(__name__)


def _pdf_response(
    request: HttpRequest, signature: Signature, kind: str
) -> HttpResponse:
    heading = pdf.personal_heading(kind)
    try:
        document = pdf.signature_pdf(signature, heading=heading, request=request)
    except OSError:
        # The server lacks Pango, which WeasyPrint needs (see pdf.new_printer).
        logger.exception("PDF printing is unavailable")
        return render(request, "commitments/pdf_unavailable.html", status=503)
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=pdf.file_name(signature)
    )
    return response


@login_required
def letter_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The signed letter as PDF, printed from its frozen signature; unsigned is 404."""
    letter = get_object_or_404(
        Letter.objects.visible_to(request.user)
        .filter(signature__isnull=False)
        .select_related("signature", "campaign"),
        pk=pk,
    )
    return _pdf_response(request, letter.signature, letter.campaign.kind)


@login_required
def signoff_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    sign_off = get_object_or_404(
        SignOff.objects.visible_to(request.user).select_related("signature"), pk=pk
    )
    return _pdf_response(request, sign_off.signature, Signature.Kind.SIGN_OFF)


@login_required
@permission_required("commitments.view_campaign", raise_exception=True)
@require_POST
def campaign_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """Start exporting the signed letters the user may see, as one PDF or a zip."""
    campaign = get_object_or_404(Campaign.objects.visible_to(request.user), pk=pk)
    if fmt not in EXPORT_FORMATS:
        raise Http404
    description = _("Export the signed letters of %(campaign)s (%(format)s)")
    job = jobs.start(
        task=export_campaign,
        kind="commitments.export_campaign",
        description=description % {"campaign": campaign, "format": fmt.upper()},
        user=request.user,
        campaign_id=campaign.pk,
        fmt=fmt,
    )
    context = {"job": job, "campaign": campaign}
    return render(request, "commitments/campaign_export_job.html", context)
