"""The yearly assessment (考核): schemes and their items, the ranking with the veto,
each unit's score sheet, deductions and approval (市委审定)."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.http import AuthenticatedHttpRequest
from core.submissions import create_once
from responsibilities.models import Unit

from ..forms import add_errors
from ..forms.assessments import AdjustForm, DeductionForm, ItemFormSet, SchemeForm
from ..models import AssessmentScheme, Deduction, ScoreSheet
from ..services import assessments as services
from ..services.assessment_export import results_workbook
from .assessment_pages import (
    hide_unreadable_sources,
    ranking_chart,
    sheet_steps,
    veto_causes,
)

PAGE_SIZE = 50


def _require_city_scope(user: User) -> None:
    if not services.covers_all_units(user):
        raise PermissionDenied


def _visible_sheets(user: User, scheme: AssessmentScheme) -> QuerySet:
    return (
        ScoreSheet.objects.visible_to(user)
        .filter(scheme=scheme)
        .select_related("unit")
        .order_by("rank", "unit__order", "unit__name", "pk")
    )


def _get_sheet(request: AuthenticatedHttpRequest, pk: int) -> ScoreSheet:
    sheets = ScoreSheet.objects.visible_to(request.user).select_related(
        "scheme", "unit", "approved_by"
    )
    return get_object_or_404(sheets, pk=pk)


@login_required
@permission_required("accountability.view_assessmentscheme", raise_exception=True)
def assessment_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    visible = Q(sheets__unit__in=Unit.objects.visible_to(request.user))
    schemes = AssessmentScheme.objects.annotate(
        sheet_count=Count("sheets", filter=visible),
        vetoed_count=Count("sheets", filter=visible & Q(sheets__is_vetoed=True)),
        approved_count=Count(
            "sheets", filter=visible & Q(sheets__status=ScoreSheet.Status.APPROVED)
        ),
    ).order_by("-year")
    page = Paginator(schemes, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accountability/assessment_list.html", {"page": page})


@login_required
@permission_required("accountability.add_assessmentscheme", raise_exception=True)
@create_once
def assessment_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_city_scope(request.user)
    form = SchemeForm(request.POST or None)
    if form.is_valid():
        try:
            scheme = services.create_scheme(
                year=form.cleaned_data["year"],
                title=form.cleaned_data["title"],
                copy_from=form.cleaned_data["copy_from"],
                actor=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Assessment scheme created."))
            return redirect(scheme)
    return render(request, "accountability/assessment_form.html", {"form": form})


@login_required
@permission_required("accountability.view_assessmentscheme", raise_exception=True)
def assessment_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    scheme = get_object_or_404(AssessmentScheme, pk=pk)
    sheets = list(_visible_sheets(request.user, scheme))
    causes = veto_causes(sheets)
    for sheet in sheets:
        sheet.veto_causes = causes.get(sheet.pk, [])
        hide_unreadable_sources(sheet.veto_causes, request.user)
    context = {
        "scheme": scheme,
        "sheets": sheets,
        "chart": ranking_chart(scheme, sheets),
        # A bar per unit, tall enough for its name to be read.
        "chart_height": 60 + 20 * len(sheets),
        "items": scheme.items.all(),
        "may_run": services.covers_all_units(request.user),
    }
    return render(request, "accountability/assessment_detail.html", context)


@login_required
@permission_required("accountability.change_assessmentscheme", raise_exception=True)
def assessment_items(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    scheme = get_object_or_404(AssessmentScheme, pk=pk)
    _require_city_scope(request.user)
    if scheme.sheets.filter(status=ScoreSheet.Status.APPROVED).exists():
        messages.error(request, _("A score sheet is approved: the items are frozen."))
        return redirect(scheme)
    formset = ItemFormSet(request.POST or None, queryset=scheme.items.all())
    if formset.is_valid():
        items = formset.save(commit=False)
        try:
            services.save_items(
                scheme=scheme,
                items=items,
                deleted=formset.deleted_objects,
                actor=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Items saved."))
            return redirect(scheme)
    context = {"scheme": scheme, "formset": formset}
    return render(request, "accountability/assessment_items.html", context)


@login_required
@permission_required("accountability.add_deduction", raise_exception=True)
@require_POST
def assessment_propose(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    scheme = get_object_or_404(AssessmentScheme, pk=pk)
    _require_city_scope(request.user)
    added = services.propose_deductions(scheme=scheme, actor=request.user)
    messages.success(
        request, _("%(count)d deductions proposed from the records.") % {"count": added}
    )
    return redirect(scheme)


@login_required
@permission_required("accountability.view_scoresheet", raise_exception=True)
def assessment_export(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    scheme = get_object_or_404(AssessmentScheme, pk=pk)
    sheets = list(_visible_sheets(request.user, scheme))
    workbook = io.BytesIO(results_workbook(scheme, sheets))
    filename = f"{scheme.year}年度考核结果.xlsx"
    return FileResponse(workbook, as_attachment=True, filename=filename)


@login_required
@permission_required("accountability.view_scoresheet", raise_exception=True)
def scoresheet_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    sheet = _get_sheet(request, pk)
    deductions = list(
        sheet.deductions.select_related("item", "adjusted_by").order_by(
            "item__order", "-points", "pk"
        )
    )
    hide_unreadable_sources(deductions, request.user)
    context = {
        "sheet": sheet,
        "scheme": sheet.scheme,
        "steps": sheet_steps(sheet, deductions),
        "deductions": deductions,
        "may_approve": request.user.has_perm("accountability.approve_scoresheet")
        and services.covers_all_units(request.user),
        "history": sheet.history.select_related("history_user")[:20],
    }
    return render(request, "accountability/scoresheet_detail.html", context)


@login_required
@permission_required("accountability.add_deduction", raise_exception=True)
@create_once
def deduction_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    sheet = _get_sheet(request, pk)
    if sheet.is_approved():
        messages.error(request, _("This score sheet is approved and cannot change."))
        return redirect(sheet)
    form = DeductionForm(request.POST or None, sheet=sheet)
    if form.is_valid():
        try:
            services.save_deduction(deduction=form.instance, actor=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Deduction saved."))
            return redirect(sheet)
    context = {"form": form, "sheet": sheet, "deduction": None}
    return render(request, "accountability/deduction_form.html", context)


@login_required
@permission_required("accountability.change_deduction", raise_exception=True)
def deduction_adjust(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    visible = ScoreSheet.objects.visible_to(request.user).values("pk")
    deduction = get_object_or_404(
        Deduction.objects.filter(sheet__in=visible).select_related(
            "sheet__unit", "sheet__scheme", "item"
        ),
        pk=pk,
    )
    sheet = deduction.sheet
    if sheet.is_approved():
        messages.error(request, _("This score sheet is approved and cannot change."))
        return redirect(sheet)
    initial = {"points": deduction.points, "reason": deduction.reason}
    form = AdjustForm(request.POST or None, initial=initial)
    if form.is_valid():
        try:
            services.adjust_deduction(
                deduction=deduction, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Deduction adjusted."))
            return redirect(sheet)
    context = {"form": form, "sheet": sheet, "deduction": deduction}
    return render(request, "accountability/deduction_form.html", context)


@login_required
@permission_required("accountability.approve_scoresheet", raise_exception=True)
@require_POST
def scoresheet_approve(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    sheet = _get_sheet(request, pk)
    _require_city_scope(request.user)
    try:
        services.approve_sheet(sheet=sheet, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Score sheet approved (市委审定)."))
    return redirect(sheet)
