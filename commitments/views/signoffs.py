"""Sign-offs (签字背书): a leader signs a list's breakdown or a duty report."""

from collections.abc import Callable
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.http import AuthenticatedHttpRequest
from responsibilities.models import DutyReport, Official, ResponsibilityList

from ..forms.signoffs import SignOffForm
from ..models import SignOff
from ..models.signoffs import signing_leader, signing_secretary
from ..services.signoffs import (
    document_digest,
    list_document,
    report_document,
    sign_off_list,
    sign_off_report,
)


@login_required
@require_http_methods(["GET", "POST"])
def signoff_list_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    responsibility_list = get_object_or_404(
        ResponsibilityList.objects.visible_to(request.user).select_related("unit"),
        pk=pk,
    )
    official = signing_leader(responsibility_list, request.user)
    if official is None:
        raise PermissionDenied
    if responsibility_list.sign_offs.filter(official=official).exists():
        messages.info(request, _("You have already signed this off."))
        return redirect(responsibility_list)
    duties = list(responsibility_list.duties.select_related("holder", "area"))
    if not duties:
        messages.error(
            request, _("An empty list cannot be signed off: generate it first.")
        )
        return redirect(responsibility_list)
    return _sign_off_page(
        request,
        record=responsibility_list,
        official=official,
        document=lambda: list_document(responsibility_list, duties),
        sign=partial(sign_off_list, responsibility_list=responsibility_list),
        heading=_("Sign off the responsibility list breakdown"),
        notice=_(
            "This is exactly what will be frozen under your name. Once a leader has "
            "signed the breakdown off, its duties can no longer be changed."
        ),
        success=_("The list's breakdown is signed off."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def signoff_report_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(
        DutyReport.objects.visible_to(request.user).select_related("unit"), pk=pk
    )
    official = signing_secretary(report, request.user)
    if official is None:
        raise PermissionDenied
    if report.is_submitted():
        messages.info(request, _("This report is already signed off and submitted."))
        return redirect(report)
    return _sign_off_page(
        request,
        record=report,
        official=official,
        # Not computed on a successful POST: it hashes every attached file.
        document=lambda: report_document(report),
        sign=partial(sign_off_report, duty_report=report),
        heading=_("Sign off and submit the report"),
        notice=_(
            "This is exactly what will be frozen under your name. Your sign-off "
            "submits the report; after that it can no longer be changed."
        ),
        success=_("The report is signed off and submitted."),
    )


def _sign_off_page(
    request: AuthenticatedHttpRequest,
    *,
    record: ResponsibilityList | DutyReport,
    official: Official,
    document: Callable[[], tuple[str, str]],
    sign: Callable[..., SignOff],
    heading: str,
    notice: str,
    success: str,
) -> HttpResponse:
    """Show the document to be signed with the signing step; on a valid POST, sign it
    off with the service `sign` and go to the sign-off."""
    form = SignOffForm(request.POST or None, user=request.user)
    if form.is_valid():
        try:
            sign_off = sign(signer=request.user, **form.cleaned_data_for_signing())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, success)
            return redirect(sign_off)
    title, body = shown = document()
    context = {
        "record": record,
        "heading": heading,
        "notice": notice,
        "title": title,
        "body": body,
        "official": official,
        "form": form,
        "digest": document_digest(shown),
    }
    return render(request, "commitments/signoff_form.html", context)


@login_required
def signoff_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    sign_off = get_object_or_404(
        SignOff.objects.visible_to(request.user).select_related(
            "signature", "official", "unit", "responsibility_list", "duty_report"
        ),
        pk=pk,
    )
    code = sign_off.signature.code
    context = {
        "sign_off": sign_off,
        "signature": sign_off.signature,
        "record": sign_off.record,
        "verify_url": request.build_absolute_uri(reverse("public:verify", args=[code])),
    }
    return render(request, "commitments/signoff_detail.html", context)
