"""Cases (案件) and sanctions (处分): the register, the case file, its stages, transfer.

Every case page goes through get_readable_case: reading a case file is logged, and so
is a refused attempt at one, which is answered like a case that does not exist.
"""

import itertools
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import audit
from core.http import AuthenticatedHttpRequest
from core.submissions import create_once

from ..audit import AccountabilityAuditAction
from ..forms import add_errors
from ..forms.cases import (
    AdvanceForm,
    CaseFilter,
    CaseForm,
    CaseUpdateForm,
    SanctionForm,
    TransferForm,
)
from ..models import Case, CaseSubject, Clue, Sanction
from ..services.cases import (
    advance_case,
    check_sanction_stage,
    decide_sanction,
    file_case,
    transfer_case,
    update_case,
)

PAGE_SIZE = 50
FEN = Decimal("0.01")


def get_readable_case(request: AuthenticatedHttpRequest, pk: int) -> Case:
    """Return the case if it is in the user's scope.

    Otherwise answer 404, as for a case that does not exist; when it does exist, the
    refused read goes on the audit trail first, where auditors look for probing.
    """
    case = (
        Case.objects.visible_to(request.user)
        .filter(pk=pk)
        .select_related("unit", "clue", "filed_by", "area")
        .first()
    )
    if case is None:
        refused = Case.objects.filter(pk=pk).first()
        if refused is not None:
            audit.record(
                action=AccountabilityAuditAction.CASE_READ,
                request=request,
                target=refused,
                outcome=audit.Outcome.DENIED,
                detail={"case": pk},
            )
        raise Http404
    return case


def _record_read(request: AuthenticatedHttpRequest, case: Case) -> None:
    audit.record(
        action=AccountabilityAuditAction.CASE_READ,
        request=request,
        target=case,
        detail={"case": case.pk},
    )


@login_required
@permission_required("accountability.view_case", raise_exception=True)
def case_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    subjects = CaseSubject.objects.select_related("official")
    cases = (
        Case.objects.visible_to(request.user)
        .select_related("unit")
        .prefetch_related(Prefetch("subjects", queryset=subjects))
    )
    filtered = CaseFilter(request.GET, queryset=cases, user=request.user)
    totals = filtered.qs.aggregate(
        cases=Count("pk"),
        closed=Count("pk", filter=Q(stage=Case.Stage.CLOSED)),
        major=Count("pk", filter=Q(is_major=True)),
        transferred=Count("pk", filter=Q(transferred_on__isnull=False)),
        recovered=Sum("money_recovered"),
    )
    # To the fen: SQLite sums decimals with trailing digits of its own.
    totals["recovered"] = (totals["recovered"] or Decimal(0)).quantize(FEN)
    page = Paginator(filtered.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"filter": filtered, "page": page, "totals": totals}
    return render(request, "accountability/case_list.html", context)


def _clue_to_file(request: AuthenticatedHttpRequest) -> Clue | None:
    pk = request.GET.get("clue", "")
    if not pk:
        return None
    if not pk.isdecimal():
        raise Http404
    return get_object_or_404(Clue.objects.visible_to(request.user), pk=pk)


@login_required
@permission_required("accountability.add_case", raise_exception=True)
@create_once
def case_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    clue = _clue_to_file(request)
    if clue is not None and clue.status != Clue.Status.PROPOSED:
        messages.error(
            request, _("Only a clue whose disposal proposed a case can become one.")
        )
        return redirect(clue)
    form = CaseForm(request.POST or None, user=request.user, clue=clue)
    if form.is_valid():
        try:
            case = file_case(
                case=form.instance,
                officials=form.cleaned_data["officials"],
                actor=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("Case %(number)s filed.") % {"number": case.number}
            )
            return redirect(case)
    cancel_url = (
        clue.get_absolute_url() if clue else reverse("accountability:case_list")
    )
    context = {
        "form": form,
        "clue": clue,
        "heading": _("File a case"),
        "cancel_url": cancel_url,
    }
    return render(request, "accountability/case_form.html", context)


def _timeline(case: Case, today: date) -> list[dict]:
    """Return the stages in order, with when each started and was due, from history."""
    first: dict[str, dict[str, Any]] = {}
    records = case.history.order_by("history_date", "history_id").values(
        "stage", "stage_started_on", "stage_due_on"
    )
    for record in records:
        first.setdefault(record["stage"], record)
    stages = list(Case.Stage)
    current = stages.index(Case.Stage(case.stage))
    rows = []
    for index, stage in enumerate(stages):
        record = first.get(stage.value, {})
        rows.append(
            {
                "stage": stage,
                "state": "done"
                if index < current
                else "current"
                if index == current
                else "next",
                "started_on": record.get("stage_started_on"),
                "due_on": record.get("stage_due_on"),
                "days_left": None,
            }
        )
    for row, following in itertools.pairwise(rows):
        if row["state"] == "done":
            row["ended_on"] = following["started_on"]
            row["late"] = bool(
                row["due_on"] and row["ended_on"] and row["ended_on"] > row["due_on"]
            )
    if not case.is_closed():
        rows[current]["days_left"] = case.days_left(today)
    return rows


def _render_detail(
    request: AuthenticatedHttpRequest,
    case: Case,
    advance_form: AdvanceForm | None = None,
    transfer_form: TransferForm | None = None,
) -> HttpResponse:
    _record_read(request, case)
    today = timezone.localdate()
    sanctions = Sanction.objects.select_related("corrected_by", "decided_by")
    subjects = case.subjects.select_related("official", "unit").prefetch_related(
        Prefetch("sanctions", queryset=sanctions)
    )
    may_change = request.user.has_perm("accountability.change_case")
    next_stage = case.next_stage()
    context = {
        "case": case,
        "today": today,
        "subjects": subjects,
        "timeline": _timeline(case, today),
        "next_stage": next_stage,
        "inquiries": case.inquiries.select_related("official", "unit"),
        "can_edit": may_change and not case.is_closed(),
        "can_advance": may_change and next_stage is not None,
        "can_transfer": may_change and not case.is_transferred(),
        "can_sanction": request.user.has_perm("accountability.add_sanction")
        and case.may_decide_sanctions(),
        "can_open_inquiry": request.user.has_perm("accountability.add_inquiry"),
        "advance_form": advance_form
        or AdvanceForm(initial={"to": next_stage, "closed_on": today}),
        "transfer_form": transfer_form
        or TransferForm(initial={"transferred_on": today}),
        "history": case.history.select_related("history_user")[:20],
    }
    return render(request, "accountability/case_detail.html", context)


@login_required
@permission_required("accountability.view_case", raise_exception=True)
def case_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, get_readable_case(request, pk))


@login_required
@permission_required("accountability.change_case", raise_exception=True)
def case_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case = get_readable_case(request, pk)
    if case.is_closed():
        raise PermissionDenied
    form = CaseUpdateForm(request.POST or None, instance=case)
    if form.is_valid():
        try:
            update_case(case=form.instance, actor=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Case saved."))
            return redirect(case)
    _record_read(request, case)
    context = {
        "form": form,
        "case": case,
        "heading": _("Edit case %(number)s") % {"number": case.number},
        "cancel_url": case.get_absolute_url(),
    }
    return render(request, "accountability/case_form.html", context)


@login_required
@permission_required("accountability.change_case", raise_exception=True)
@require_POST
def case_advance(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case = get_readable_case(request, pk)
    form = AdvanceForm(request.POST)
    if form.is_valid():
        try:
            case = advance_case(
                case=case,
                actor=request.user,
                to=form.cleaned_data["to"],
                closed_on=form.cleaned_data["closed_on"],
                conclusion=form.cleaned_data["conclusion"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("The case is now at stage: %(stage)s.")
                % {"stage": case.get_stage_display()},
            )
            return redirect(case)
    return _render_detail(request, case, advance_form=form)


@login_required
@permission_required("accountability.change_case", raise_exception=True)
@require_POST
def case_transfer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case = get_readable_case(request, pk)
    form = TransferForm(request.POST)
    if form.is_valid():
        try:
            case = transfer_case(case=case, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Transfer to the judicial organs recorded."))
            return redirect(case)
    return _render_detail(request, case, transfer_form=form)


@login_required
@permission_required("accountability.add_sanction", raise_exception=True)
@create_once
def sanction_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case = get_readable_case(request, pk)
    initial = (
        {"subject": request.GET.get("subject")} if request.GET.get("subject") else {}
    )
    form = SanctionForm(request.POST or None, case=case, initial=initial)
    if form.is_valid():
        fields = dict(form.cleaned_data)
        subject, corrects = fields.pop("subject"), fields.pop("corrects")
        try:
            decide_sanction(
                subject=subject, corrects=corrects, actor=request.user, **fields
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Sanction recorded."))
            return redirect(case)
    _record_read(request, case)
    context = {
        "form": form,
        "case": case,
        "cancel_url": case.get_absolute_url(),
        "refusal": _sanction_refusal(case),
    }
    return render(request, "accountability/sanction_form.html", context)


def _sanction_refusal(case: Case) -> str:
    """Return why no sanction can be recorded yet, said before the form is filled in."""
    try:
        check_sanction_stage(case)
    except ValidationError as error:
        return " ".join(error.messages)
    return ""
