"""Signed documents as PDF, and a campaign's signed letters exported in the background."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import jobs
from core.documents.pdf import pdf_response
from core.http import AuthenticatedHttpRequest

from .. import pdf
from ..models import Campaign, Letter, Signature, SignOff
from ..services.exports import EXPORT_FORMATS
from ..tasks import export_campaign


def _signature_pdf_response(
    request: AuthenticatedHttpRequest, signature: Signature, kind: str
) -> HttpResponse:
    heading = pdf.personal_heading(kind)
    return pdf_response(
        request,
        lambda: pdf.signature_pdf(signature, heading=heading, request=request),
        filename=pdf.file_name(signature),
    )


@login_required
def letter_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The signed letter as PDF, printed from its frozen signature; unsigned is 404."""
    letter = get_object_or_404(
        Letter.objects.visible_to(request.user)
        .filter(signature__isnull=False)
        .select_related("signature", "campaign"),
        pk=pk,
    )
    return _signature_pdf_response(request, letter.signature, letter.campaign.kind)


@login_required
def signoff_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    sign_off = get_object_or_404(
        SignOff.objects.visible_to(request.user).select_related("signature"), pk=pk
    )
    return _signature_pdf_response(request, sign_off.signature, Signature.Kind.SIGN_OFF)


@login_required
@permission_required("commitments.view_campaign", raise_exception=True)
@require_POST
def campaign_export(
    request: AuthenticatedHttpRequest, pk: int, fmt: str
) -> HttpResponse:
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
