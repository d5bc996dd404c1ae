"""Accountability actions (问责): the year's list, deciding one, and one decided action."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.http import AuthenticatedHttpRequest
from core.submissions import create_once
from inspections.models import Finding, Inspection

from ..forms import add_errors
from ..forms.actions import ActionFilter, ActionForm
from ..models import AccountabilityAction, Case, Inquiry, Responsibility
from ..models.actions import ActionQuerySet
from ..services.actions import decide_action

PAGE_SIZE = 50
Source = AccountabilityAction.Source
CHART_COLOURS = {
    Responsibility.MAIN: "#dc3545",
    Responsibility.SUPERVISORY: "#fd7e14",
    Responsibility.EFFICIENCY: "#6c757d",
}


def _visible_actions(user: User) -> ActionQuerySet:
    return AccountabilityAction.objects.visible_to(user).select_related(
        "unit", "official", "case", "finding", "corrected_by"
    )


def summary(actions: ActionQuerySet) -> dict:
    """Return the actions in force counted by measure (rows) and responsibility
    (columns), with totals: one aggregate query."""
    counts = {
        (row["measure"], row["responsibility"]): row["count"]
        for row in actions.in_force()
        .order_by()
        .values("measure", "responsibility")
        .annotate(count=Count("pk"))
    }
    columns = list(Responsibility)
    rows = [
        {
            "measure": measure.label,
            "counts": [counts.get((measure, column), 0) for column in columns],
            "total": sum(counts.get((measure, column), 0) for column in columns),
        }
        for measure in AccountabilityAction.Measure
        if any(key[0] == measure for key in counts)
    ]
    totals = [
        sum(row["counts"][index] for row in rows) for index in range(len(columns))
    ]
    return {
        "columns": [column.label for column in columns],
        "rows": rows,
        "totals": totals,
        "total": sum(totals),
        # Room for the legend and a bar per measure.
        "chart_height": 80 + 28 * len(rows),
        "chart": {
            "labels": [row["measure"] for row in rows],
            "series": [
                {
                    "label": column.label,
                    "color": CHART_COLOURS[column],
                    "data": [row["counts"][index] for row in rows],
                }
                for index, column in enumerate(columns)
            ],
        },
    }


@login_required
@permission_required("accountability.view_accountabilityaction", raise_exception=True)
def action_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    actions = ActionFilter(
        request.GET, queryset=_visible_actions(request.user), user=request.user
    )
    year = actions.form.cleaned_data.get("year") if actions.is_valid() else None
    year = int(year or timezone.localdate().year)
    page = Paginator(actions.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filter": actions,
        "page": page,
        "year": year,
        "summary": summary(actions.qs.filter(decided_on__year=year)),
    }
    return render(request, "accountability/action_list.html", context)


def _from_query(queryset: QuerySet, pk: str):
    """Return the record a query-string parameter names, or 404 (also for junk)."""
    if not pk.isdecimal():
        raise Http404
    return get_object_or_404(queryset, pk=pk)


def _answering(inquiry: Inquiry, action: AccountabilityAction) -> AccountabilityAction:
    """Return the action filled in as the conclusion of the open inquiry."""
    if not inquiry.is_open():
        raise PermissionDenied
    action.official = inquiry.official
    action.unit_id = inquiry.official.unit_id
    action.responsibility = inquiry.responsibility
    action.source = Source.DOUBLE_INQUIRY
    action.case, action.finding_id = inquiry.case, inquiry.finding_id
    return action


def _prefilled(
    request: AuthenticatedHttpRequest,
) -> tuple[AccountabilityAction, Inquiry | None]:
    """Return the new action as the query string starts it: from an inquiry, a case,
    a finding, or as the correction of an earlier action; 404 for one out of scope."""
    user, params = request.user, request.GET
    action = AccountabilityAction(decided_on=timezone.localdate())
    if params.get("inquiry"):
        inquiry = _from_query(
            Inquiry.objects.visible_to(user).select_related("official", "case"),
            params["inquiry"],
        )
        return _answering(inquiry, action), inquiry
    if params.get("case"):
        action.case = _from_query(Case.objects.visible_to(user), params["case"])
        action.unit_id = action.case.unit_id
        action.source = Source.DOUBLE_INQUIRY
    elif params.get("finding"):
        finding = _from_query(Finding.objects.visible_to(user), params["finding"])
        action.finding, action.unit_id = finding, finding.unit_id
        action.source = Source.FINDING
        officials = list(finding.officials.all()[:2])
        if len(officials) == 1:
            action.official = officials[0]
            action.unit_id = officials[0].unit_id
    elif params.get("corrects"):
        corrected = _from_query(
            AccountabilityAction.objects.visible_to(user), params["corrects"]
        )
        for name in ("unit_id", "official_id", "measure", "responsibility", "source"):
            setattr(action, name, getattr(corrected, name))
        action.case_id, action.finding_id = corrected.case_id, corrected.finding_id
        action.inspection_id, action.corrects = corrected.inspection_id, corrected
    return action, None


@login_required
@permission_required("accountability.add_accountabilityaction", raise_exception=True)
@create_once
def action_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    action, inquiry = _prefilled(request)
    form = ActionForm(
        request.POST or None,
        instance=action,
        user=request.user,
        from_inquiry=inquiry is not None,
    )
    if form.is_valid():
        try:
            action = decide_action(
                action=form.instance,
                bottom_lines=form.cleaned_data["bottom_lines"],
                actor=request.user,
                inquiry=inquiry,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Accountability action recorded."))
            return redirect(action)
    context = {"form": form, "inquiry": inquiry, "corrects": action.corrects}
    return render(request, "accountability/action_form.html", context)


@login_required
@permission_required("accountability.view_accountabilityaction", raise_exception=True)
def action_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    # Its finding or inspection may be one the reader cannot open (a covert visit
    # still running, seen by its team alone): then the page neither links nor names it.
    readable_finding = Finding.objects.readable_by(user).filter(pk=OuterRef("finding"))
    readable_inspection = Inspection.objects.readable_by(user).filter(
        pk=OuterRef("inspection")
    )
    action = get_object_or_404(
        _visible_actions(user)
        .select_related("inspection", "corrects", "decided_by")
        .annotate(
            opens_finding=Exists(readable_finding),
            opens_inspection=Exists(readable_inspection),
        ),
        pk=pk,
    )
    inquiry = (
        Inquiry.objects.filter(action=action).select_related("official", "unit").first()
    )
    signatures = (
        inquiry.signatures.select_related("letter__campaign", "sign_off")
        if inquiry
        else []
    )
    context = {
        "action": action,
        "bottom_lines": action.bottom_lines.order_by("year", "number"),
        "inquiry": inquiry,
        "signatures": signatures,
        "corrected_by": getattr(action, "corrected_by", None),
    }
    return render(request, "accountability/action_detail.html", context)
