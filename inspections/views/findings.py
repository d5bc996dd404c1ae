"""Findings (发现问题): fast entry during an inspection, the list, one finding."""

import re
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core import hooks
from core.http import AuthenticatedHttpRequest
from core.submissions import create_once
from responsibilities.models import Unit

from ..forms.findings import FindingFilter, FindingForm, FindingRowForm
from ..models import Finding, Inspection, Notice, Rectification
from ..services.findings import save_finding

PAGE_SIZE = 50
BLANK_ROWS = 3
# The prefix a row's fields carry, so that several rows can share one page.
ROW_PREFIX = re.compile(r"^row-[0-9a-z]{1,32}$")


def _visible_findings(user: User) -> QuerySet[Finding]:
    # A plain pk filter, so that further joins do not repeat rows of the scope's joins.
    visible = Finding.objects.visible_to(user).values("pk")
    return (
        Finding.objects.filter(pk__in=visible)
        .select_related("unit", "inspection", "review__report")
        .with_inspection_readable_by(user)
    )


def _new_row(inspection: Inspection) -> FindingRowForm:
    return FindingRowForm(inspection=inspection, prefix=f"row-{uuid.uuid4().hex[:12]}")


def _get_inspection_for_entry(request: AuthenticatedHttpRequest, pk: int) -> Inspection:
    """Return the inspection if the user may enter its findings: staff who keep it."""
    visible = Inspection.objects.visible_to(request.user).values("pk")
    inspection = get_object_or_404(Inspection.objects.filter(pk__in=visible), pk=pk)
    keeps_it = Unit.objects.visible_to(request.user).filter(pk=inspection.organiser_id)
    if not keeps_it.exists():
        raise PermissionDenied
    return inspection


@login_required
@permission_required("inspections.add_finding", raise_exception=True)
def finding_entry(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    inspection = _get_inspection_for_entry(request, pk)
    context = {
        "inspection": inspection,
        "saved": inspection.findings.select_related("unit").order_by("pk"),
        "rows": [_new_row(inspection) for _number in range(BLANK_ROWS)],
        "blank_row": FindingRowForm(inspection=inspection, prefix="row-__prefix__"),
    }
    return render(request, "inspections/finding_entry.html", context)


@login_required
@permission_required("inspections.add_finding", raise_exception=True)
@require_POST
@create_once
def finding_row(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Save one row of the entry page; send htmx on to the saved row and a fresh one,
    or answer with the same row, everything typed kept, and its errors."""
    inspection = _get_inspection_for_entry(request, pk)
    prefix = request.POST.get("prefix", "")
    if not ROW_PREFIX.match(prefix):
        raise Http404
    form = FindingRowForm(request.POST, inspection=inspection, prefix=prefix)
    if form.is_valid():
        finding = form.instance
        finding.inspection = inspection
        finding.source = Finding.Source.INSPECTION
        finding.created_by = request.user
        if _save_form(request, form) is not None:
            if request.htmx:
                return redirect("inspections:finding_row_saved", pk=finding.pk)
            messages.success(request, _("Finding recorded."))
            return redirect("inspections:finding_entry", pk=inspection.pk)
    context = {"form": form, "inspection": inspection}
    return render(request, "inspections/_finding_row.html", context)


@login_required
@permission_required("inspections.add_finding", raise_exception=True)
@require_safe
def finding_row_saved(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The row a save (or a repeat of it) ends on: the finding read-only, then a fresh
    blank row. A redirect, not the POST's own answer, so that create_once can send a
    repeated post here too."""
    finding = get_object_or_404(_visible_findings(request.user), pk=pk)
    if finding.inspection_id is None:
        raise Http404
    inspection = _get_inspection_for_entry(request, finding.inspection_id)
    context = {
        "finding": finding,
        "form": _new_row(inspection),
        "inspection": inspection,
    }
    return render(request, "inspections/_finding_row_saved.html", context)


@login_required
@permission_required("inspections.view_finding", raise_exception=True)
def finding_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    overdue = Rectification.objects.overdue(timezone.localdate()).filter(
        finding=OuterRef("pk")
    )
    findings = _visible_findings(request.user).annotate(is_overdue=Exists(overdue))
    findings = FindingFilter(request.GET, queryset=findings, user=request.user)
    page = Paginator(findings.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"filter": findings, "page": page}
    return render(request, "inspections/finding_list.html", context)


@login_required
@permission_required("inspections.add_finding", raise_exception=True)
@create_once
def finding_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = FindingForm(request.POST or None, user=request.user)
    if form.is_valid():
        form.instance.created_by = request.user
        finding = _save_form(request, form)
        if finding is not None:
            messages.success(request, _("Finding recorded."))
            return redirect(finding)
    context = {
        "form": form,
        "heading": _("New finding"),
        "cancel_url": reverse("inspections:finding_list"),
    }
    return render(request, "form_page.html", context)


def _save_form(
    request: AuthenticatedHttpRequest, form: FindingForm | FindingRowForm
) -> Finding | None:
    """Save the form's finding; on a rule the service refuses, put it on the form."""
    try:
        return save_finding(
            finding=form.instance,
            officials=form.cleaned_data["officials"],
            actor=request.user,
        )
    except ValidationError as error:
        form.add_error(None, error.messages)
        return None


@login_required
@permission_required("inspections.change_finding", raise_exception=True)
def finding_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    finding = get_object_or_404(_visible_findings(request.user), pk=pk)
    if finding.status != Finding.Status.OPEN:
        raise PermissionDenied
    if finding.inspection is not None:
        form = FindingRowForm(
            request.POST or None, instance=finding, inspection=finding.inspection
        )
    else:
        form = FindingForm(request.POST or None, instance=finding, user=request.user)
    if form.is_valid() and _save_form(request, form) is not None:
        messages.success(request, _("Finding saved."))
        return redirect(finding)
    context = {
        "form": form,
        "heading": _("Edit finding"),
        "cancel_url": finding.get_absolute_url(),
    }
    return render(request, "form_page.html", context)


@login_required
@permission_required("inspections.view_finding", raise_exception=True)
def finding_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    finding = get_object_or_404(_visible_findings(request.user), pk=pk)
    may_change = request.user.has_perm("inspections.change_finding")
    context = {
        "finding": finding,
        "officials": finding.officials.select_related("unit"),
        "notices": Notice.objects.visible_to(request.user).filter(findings=finding),
        "rectification": Rectification.objects.filter(finding=finding).first(),
        "today": timezone.localdate(),
        "can_edit": may_change and finding.status == Finding.Status.OPEN,
        "can_escalate": finding.can_be_escalated_by(request.user),
        "can_rectify": request.user.has_perm("inspections.add_rectification"),
        "history": finding.history.select_related("history_user")[:20],
        # What enforcement made of it, or may make: the accountability app's blocks.
        "follow_up": hooks.gather(hooks.Hook.FINDING_FOLLOW_UP, request, finding),
    }
    return render(request, "inspections/finding_detail.html", context)
