"""Problem clues (问题线索): the list, the register of ordered distribution (有序发放),
one clue with its disposals, and escalating a finding into a clue."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.http import AuthenticatedHttpRequest
from core.submissions import create_once
from inspections.models import Finding

from ..forms import add_errors
from ..forms.clues import (
    AssignForm,
    ClueFilter,
    ClueForm,
    DisposeForm,
    DualReportForm,
    FindingToClueForm,
)
from ..models import Clue, ClueDisposal
from ..models.clues import ClueQuerySet
from ..services import clues as service

PAGE_SIZE = 50


def _visible_clues(user: User) -> ClueQuerySet:
    return Clue.objects.visible_to(user).select_related(
        "unit", "handler", "handling_unit"
    )


def _flag_overdue(clues, today) -> None:
    """Mark each clue with the day it became overdue and the days it has waited."""
    for clue in clues:
        clue.overdue_on = clue.overdue_since(today)
        clue.days_waiting = (today - clue.received_on).days


@login_required
@permission_required("accountability.view_clue", raise_exception=True)
def clue_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    clues = ClueFilter(
        request.GET, queryset=_visible_clues(request.user), user=request.user
    )
    page = Paginator(clues.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    _flag_overdue(page, timezone.localdate())
    context = {"filter": clues, "page": page}
    return render(request, "accountability/clue_list.html", context)


@login_required
@permission_required("accountability.view_clue", raise_exception=True)
def clue_register(request: AuthenticatedHttpRequest) -> HttpResponse:
    clues = _visible_clues(request.user).unassigned().order_by("received_on", "pk")
    page = Paginator(clues, PAGE_SIZE).get_page(request.GET.get("page"))
    _flag_overdue(page, timezone.localdate())
    may_assign = request.user.has_perm(service.ASSIGN_PERMISSION)
    context = {
        "page": page,
        # Evaluated once: every row's assign form offers the same handlers.
        "handlers": list(service.handlers_in_scope(request.user)) if may_assign else [],
        "may_assign": may_assign,
        "can_take": request.user.has_perm("accountability.change_clue"),
    }
    return render(request, "accountability/clue_register.html", context)


@login_required
@permission_required("accountability.add_clue", raise_exception=True)
@create_once
def clue_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ClueForm(request.POST or None, user=request.user)
    if form.is_valid():
        clue = _save(request, form, service.register_clue)
        if clue is not None:
            messages.success(
                request, _("Clue %(number)s registered.") % {"number": clue.number}
            )
            return redirect(clue)
    context = {
        "form": form,
        "heading": _("Register a clue"),
        "cancel_url": reverse("accountability:clue_list"),
    }
    return render(request, "accountability/clue_form.html", context)


def _save(request: AuthenticatedHttpRequest, form: ClueForm, save) -> Clue | None:
    try:
        return save(
            clue=form.instance,
            officials=form.cleaned_data["officials"],
            actor=request.user,
        )
    except ValidationError as error:
        add_errors(form, error)
        return None


@login_required
@permission_required("accountability.change_clue", raise_exception=True)
def clue_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    clue = get_object_or_404(_visible_clues(request.user), pk=pk)
    if clue.status not in service.EDITABLE_STATUSES:
        raise PermissionDenied
    form = ClueForm(request.POST or None, instance=clue, user=request.user)
    if form.is_valid() and _save(request, form, service.update_clue) is not None:
        messages.success(request, _("Clue saved."))
        return redirect(clue)
    context = {
        "form": form,
        "heading": _("Edit clue %(number)s") % {"number": clue.number},
        "cancel_url": clue.get_absolute_url(),
    }
    return render(request, "accountability/clue_form.html", context)


@login_required
@permission_required("accountability.view_clue", raise_exception=True)
def clue_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    clue = get_object_or_404(
        _visible_clues(request.user).select_related(
            "finding__unit", "registered_by", "assigned_by"
        ),
        pk=pk,
    )
    return render(
        request, "accountability/clue_detail.html", _detail_context(request, clue)
    )


def _detail_context(
    request: AuthenticatedHttpRequest, clue: Clue, **forms: BaseForm | int
) -> dict:
    user = request.user
    today = timezone.localdate()
    may_decide = service.may_dispose(user, clue)
    may_assign = (
        user.has_perm(service.ASSIGN_PERMISSION)
        and clue.status in service.EDITABLE_STATUSES
    )
    return {
        "clue": clue,
        "officials": clue.officials.select_related("unit"),
        "disposals": clue.disposals.select_related("decided_by"),
        "overdue_on": clue.overdue_since(today),
        "days_waiting": (today - clue.received_on).days,
        "can_edit": user.has_perm("accountability.change_clue")
        and clue.status in service.EDITABLE_STATUSES,
        "can_take": clue.status == Clue.Status.UNASSIGNED
        and user.has_perm("accountability.change_clue"),
        "can_dispose": may_decide
        and user.has_perm("accountability.change_clue")
        and bool(service.routes_for(clue)),
        "can_report": may_decide and user.has_perm("accountability.change_clue"),
        "can_file_case": clue.status == Clue.Status.PROPOSED
        and user.has_perm("accountability.add_case"),
        "assign_form": forms.get("assign_form") or AssignForm(user=user)
        if may_assign
        else None,
        "report_form": forms.get("report_form") or DualReportForm(),
        "report_errors_for": forms.get("report_errors_for"),
        "history": clue.history.select_related("history_user")[:20],
        "opens_finding": Finding.objects.readable_by(user)
        .filter(pk=clue.finding_id)
        .exists(),
    }


@login_required
@permission_required("accountability.assign_clue", raise_exception=True)
@require_POST
def clue_assign(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    clue = get_object_or_404(_visible_clues(request.user), pk=pk)
    form = AssignForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            service.assign_clue(
                clue=clue, handler=form.cleaned_data["handler"], actor=request.user
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Clue assigned."))
            if request.POST.get("from") == "register":
                return redirect("accountability:clue_register")
            return redirect(clue)
    context = _detail_context(request, clue, assign_form=form)
    return render(request, "accountability/clue_detail.html", context)


@login_required
@permission_required("accountability.change_clue", raise_exception=True)
@require_POST
def clue_take_next(request: AuthenticatedHttpRequest) -> HttpResponse:
    clue = service.take_next_clue(actor=request.user)
    if clue is None:
        messages.info(request, _("No clue is waiting for a handler."))
        return redirect("accountability:clue_register")
    messages.success(request, _("You took clue %(number)s.") % {"number": clue.number})
    return redirect(clue)


@login_required
@permission_required("accountability.change_clue", raise_exception=True)
def clue_dispose(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    clue = get_object_or_404(_visible_clues(request.user), pk=pk)
    if not service.may_dispose(request.user, clue) or not service.routes_for(clue):
        raise PermissionDenied
    form = DisposeForm(request.POST or None, clue=clue)
    if form.is_valid():
        try:
            service.dispose_clue(
                clue=clue,
                actor=request.user,
                **{name: form.cleaned_data[name] for name in DisposeForm.Meta.fields},
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Disposal recorded."))
            return redirect(clue)
    context = {
        "clue": clue,
        "form": form,
        "heading": _("Dispose of clue %(number)s") % {"number": clue.number},
        "cancel_url": clue.get_absolute_url(),
    }
    return render(request, "accountability/clue_dispose.html", context)


@login_required
@permission_required("accountability.change_clue", raise_exception=True)
@require_POST
def disposal_report(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    visible = Clue.objects.visible_to(request.user)
    disposal = get_object_or_404(
        ClueDisposal.objects.filter(clue__in=visible).select_related("clue"), pk=pk
    )
    form = DualReportForm(request.POST)
    if form.is_valid():
        try:
            service.record_dual_report(
                disposal=disposal, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Dual report recorded."))
            return redirect(disposal.clue)
    clue = get_object_or_404(_visible_clues(request.user), pk=disposal.clue_id)
    context = _detail_context(
        request, clue, report_form=form, report_errors_for=disposal.pk
    )
    return render(request, "accountability/clue_detail.html", context)


@login_required
@permission_required("accountability.add_clue", raise_exception=True)
@require_POST
@create_once
def finding_to_clue(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Escalate a finding into a clue in one step, from the finding's page."""
    visible = Finding.objects.visible_to(request.user).values("pk")
    finding = get_object_or_404(Finding.objects.filter(pk__in=visible), pk=pk)
    form = FindingToClueForm(request.POST)
    if form.is_valid():
        try:
            clue = service.escalate_to_clue(
                finding=finding,
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("Finding registered as clue %(number)s.") % {"number": clue.number},
            )
            return redirect(clue)
    context = {
        "form": form,
        "heading": _("Register the finding as a clue"),
        "cancel_url": finding.get_absolute_url(),
        "finding": finding,
    }
    return render(request, "accountability/clue_form.html", context)
