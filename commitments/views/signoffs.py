"""Sign-offs (签字背书): a leader signs a list's breakdown or a duty report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from responsibilities.models import DutyReport, ResponsibilityList

from ..forms.signoffs import SignOffForm
from ..models import SignOff
from ..services.signoffs import (
    list_document,
    report_document,
    sign_off_list,
    sign_off_report,
)


@login_required
@require_http_methods(["GET", "POST"])
def signoff_list_create(request: HttpRequest, pk: int) -> HttpResponse:
    responsibility_list = get_object_or_404(
        ResponsibilityList.objects.visible_to(request.user).select_related("unit"),
        pk=pk,
    )
    official = responsibility_list.signing_official(request.user)
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
    form = SignOffForm(request.POST or None, user=request.user)
    if form.is_valid():
        try:
            sign_off = sign_off_list(
                responsibility_list=responsibility_list,
                signer=request.user,
                **form.cleaned_data_for_signing(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The list's breakdown is signed off."))
            return redirect(sign_off)
    title, body = list_document(responsibility_list, duties)
    context = {
        "record": responsibility_list,
        "heading": _("Sign off the responsibility list breakdown"),
        "notice": _(
            "This is exactly what will be frozen under your name. Once a leader has "
            "signed the breakdown off, its duties can no longer be changed."
        ),
        "title": title,
        "body": body,
        "official": official,
        "form": form,
    }
    return render(request, "commitments/signoff_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def signoff_report_create(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(
        DutyReport.objects.visible_to(request.user).select_related("unit"), pk=pk
    )
    official = report.signing_official(request.user)
    if official is None:
        raise PermissionDenied
    if report.is_submitted():
        messages.info(request, _("This report is already signed off and submitted."))
        return redirect(report)
    form = SignOffForm(request.POST or None, user=request.user)
    if form.is_valid():
        try:
            sign_off = sign_off_report(
                duty_report=report,
                signer=request.user,
                **form.cleaned_data_for_signing(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The report is signed off and submitted."))
            return redirect(sign_off)
    title, body = report_document(report)
    context = {
        "record": report,
        "heading": _("Sign off and submit the report"),
        "notice": _(
            "This is exactly what will be frozen under your name. Your sign-off "
            "submits the report; after that it can no longer be changed."
        ),
        "title": title,
        "body": body,
        "official": official,
        "form": form,
    }
    return render(request, "commitments/signoff_form.html", context)


@login_required
def signoff_detail(request: HttpRequest, pk: int) -> HttpResponse:
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
