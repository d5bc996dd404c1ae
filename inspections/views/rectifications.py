"""Rectification (整改): assignment, the unit's reports, staff's check, evidence, the board."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from core.http import AuthenticatedHttpRequest
from core.submissions import create_once

from .. import board
from ..forms.rectifications import (
    AcceptForm,
    CompletionForm,
    ExtendForm,
    ProgressForm,
    RectificationFilter,
    RectificationForm,
    ReturnForm,
)
from ..models import Evidence, Finding, Rectification
from ..services import rectifications as services

PAGE_SIZE = 50


def _visible(request: AuthenticatedHttpRequest, pk: int) -> Rectification:
    rectifications = Rectification.objects.visible_to(request.user).select_related(
        "finding__unit", "finding__inspection", "responsible__user", "created_by"
    )
    return get_object_or_404(rectifications, pk=pk)


def _for_unit_side(request: AuthenticatedHttpRequest, pk: int) -> Rectification:
    """The rectification, for the responsible official or the unit's secretary only."""
    rectification = _visible(request, pk)
    if not services.is_unit_side(request.user, rectification):
        raise PermissionDenied
    return rectification


@login_required
@permission_required("inspections.add_rectification", raise_exception=True)
@require_http_methods(["GET", "POST"])
@create_once
def rectification_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    finding = get_object_or_404(Finding.objects.visible_to(request.user), pk=pk)
    existing = Rectification.objects.filter(finding=finding).first()
    if existing is not None:
        return redirect(existing)
    form = RectificationForm(request.POST or None, finding=finding)
    if form.is_valid():
        try:
            rectification = services.assign_rectification(
                finding=finding, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Rectification assigned."))
            return redirect(rectification)
    context = {"form": form, "finding": finding}
    return render(request, "inspections/rectification_form.html", context)


@login_required
@require_safe
def rectification_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _visible(request, pk))


def _render_detail(
    request: AuthenticatedHttpRequest,
    rectification: Rectification,
    status: int = 200,
    **bound: forms.Form,
) -> HttpResponse:
    """The page, with an empty form for each action the user may take, or the bound
    form that just failed validation in its place."""
    today = timezone.localdate()
    is_pending = rectification.is_pending()
    may_verify = services.may_verify(request.user)
    is_unit_side = is_pending and services.is_unit_side(request.user, rectification)
    action_forms: dict[str, forms.Form | None] = {
        "progress_form": ProgressForm() if is_unit_side else None,
        "completion_form": CompletionForm() if is_unit_side else None,
        "extend_form": (
            ExtendForm(rectification=rectification)
            if may_verify and is_pending
            else None
        ),
        "return_form": None,
        "accept_form": None,
    }
    if may_verify and rectification.status == Rectification.Status.SUBMITTED:
        action_forms.update(return_form=ReturnForm(), accept_form=AcceptForm())
    action_forms.update(bound)
    steps = rectification.steps.select_related("created_by").prefetch_related(
        "evidence"
    )
    days_left = (rectification.due_on - today).days
    context = {
        "rectification": rectification,
        "finding": rectification.finding,
        "steps": steps,
        "days_left": days_left,
        "days_overdue": -days_left,
        **action_forms,
    }
    return render(
        request, "inspections/rectification_detail.html", context, status=status
    )


def _act(
    request: AuthenticatedHttpRequest,
    rectification: Rectification,
    form: forms.Form,
    form_name: str,
    service: Callable[..., object],
    message: str,
) -> HttpResponse:
    """Run the service with the form's data and go back to the page, showing the
    reason of a rule it refuses; an invalid form shows again in its place."""
    if not form.is_valid():
        # Any: mypy cannot tell that form_name is never "status".
        bound: dict[str, Any] = {form_name: form}
        return _render_detail(request, rectification, **bound)
    try:
        service(rectification=rectification, actor=request.user, **form.cleaned_data)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, message)
    return redirect(rectification)


@login_required
@require_POST
@create_once
def rectification_progress(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    rectification = _for_unit_side(request, pk)
    form = ProgressForm(request.POST, request.FILES)
    return _act(
        request,
        rectification,
        form,
        "progress_form",
        services.record_progress,
        pgettext("rectification", "Progress recorded."),
    )


@login_required
@require_POST
def rectification_submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    rectification = _for_unit_side(request, pk)
    form = CompletionForm(request.POST, request.FILES)
    return _act(
        request,
        rectification,
        form,
        "completion_form",
        services.submit_completion,
        _("Completion report submitted."),
    )


@login_required
@permission_required("inspections.change_rectification", raise_exception=True)
@require_POST
def rectification_return(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        _visible(request, pk),
        ReturnForm(request.POST),
        "return_form",
        services.return_rectification,
        _("Returned to the unit for more work."),
    )


@login_required
@permission_required("inspections.change_rectification", raise_exception=True)
@require_POST
def rectification_accept(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        _visible(request, pk),
        AcceptForm(request.POST),
        "accept_form",
        services.accept_rectification,
        _("Rectification accepted; the finding is closed."),
    )


@login_required
@permission_required("inspections.change_rectification", raise_exception=True)
@require_POST
def rectification_extend(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    rectification = _visible(request, pk)
    form = ExtendForm(request.POST, rectification=rectification)
    return _act(
        request,
        rectification,
        form,
        "extend_form",
        services.extend_deadline,
        _("Deadline extended."),
    )


@login_required
@require_safe
def evidence_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    visible = Rectification.objects.visible_to(request.user)
    evidence = get_object_or_404(
        Evidence.objects.filter(step__rectification__in=visible), pk=pk
    )
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=evidence.original_name)


@login_required
@permission_required("inspections.view_rectification", raise_exception=True)
@require_safe
def rectification_board(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rectifications = RectificationFilter(
        request.GET,
        queryset=Rectification.objects.visible_to(request.user),
        user=request.user,
    )
    shown = rectifications.qs
    units = board.unit_summary(shown, today)
    listed = board.overdue_first(shown, today).select_related(
        "finding__unit", "responsible"
    )
    context = {
        "filter": rectifications,
        "page": Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page")),
        "units": units,
        "totals": board.totals(shown, today),
        "chart": board.chart_data(units),
        "chart_height": 80 + 28 * len(units),
    }
    return render(request, "inspections/rectification_board.html", context)
