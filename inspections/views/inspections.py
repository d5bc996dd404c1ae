"""Inspections (监督检查) and the projects monitored online (网上监察)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet, Sum
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.http import AuthenticatedHttpRequest
from core.submissions import create_once
from responsibilities.models import Unit, home_unit

from ..forms.inspections import (
    InspectionFilter,
    InspectionForm,
    ProjectFilter,
    ProjectForm,
)
from ..models import Finding, Inspection, MonitoredProject, Notice
from ..models.inspections import oversees_inspections
from ..services.inspections import (
    next_statuses,
    save_inspection,
    save_project,
    set_inspection_status,
)

PAGE_SIZE = 50


def _visible_inspections(user: User) -> QuerySet[Inspection]:
    # A plain pk filter, so that annotations do not count over the scope's joins.
    visible = Inspection.objects.readable_by(user).values("pk")
    return Inspection.objects.filter(pk__in=visible).select_related(
        "organiser", "project"
    )


def _may_edit(user: User, inspection: Inspection) -> bool:
    """Return whether the user keeps the inspection: staff over its organising unit."""
    return user.has_perm("inspections.change_inspection") and (
        Unit.objects.visible_to(user).filter(pk=inspection.organiser_id).exists()
    )


def _get_editable_inspection(request: AuthenticatedHttpRequest, pk: int) -> Inspection:
    inspection = get_object_or_404(_visible_inspections(request.user), pk=pk)
    if not _may_edit(request.user, inspection):
        raise PermissionDenied
    return inspection


@login_required
@permission_required("inspections.view_inspection", raise_exception=True)
def inspection_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    # Only the findings the user may see are counted: an inspection of several units
    # must not tell one unit how much was found at another.
    findings = Finding.objects.visible_to(request.user).values("pk")
    inspections = (
        _visible_inspections(request.user)
        .annotate(
            finding_count=Count(
                "findings", filter=Q(findings__in=findings), distinct=True
            )
        )
        .prefetch_related("units")
        # Aggregation drops Meta.ordering, so the order is given again here.
        .order_by("-started_on", "-pk")
    )
    inspections = InspectionFilter(request.GET, queryset=inspections, user=request.user)
    page = Paginator(inspections.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"filter": inspections, "page": page}
    return render(request, "inspections/inspection_list.html", context)


@login_required
def inspection_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One inspection: whole for those who oversee supervision; for the leaders of an
    inspected unit, what their unit may know of it (no summary, other units, history,
    nor a covert visit's team)."""
    inspection = get_object_or_404(_visible_inspections(request.user), pk=pk)
    findings = (
        Finding.objects.visible_to(request.user)
        .filter(inspection=inspection)
        .select_related("unit")
        .order_by("pk")
    )
    in_full = oversees_inspections(request.user)
    can_edit = _may_edit(request.user, inspection)
    units = inspection.units.all()
    team = inspection.team.select_related("unit")
    history = inspection.history.select_related("history_user")[:20]
    if not in_full:
        units = units.filter(pk__in=Unit.objects.visible_to(request.user))
        team = None if inspection.is_covert() else team
        history = []
    context = {
        "inspection": inspection,
        "in_full": in_full,
        "units": units,
        "team": team,
        "findings": findings,
        "notices": Notice.objects.visible_to(request.user).filter(
            findings__inspection=inspection
        ),
        "can_edit": can_edit,
        "next_statuses": next_statuses(inspection) if can_edit else [],
        "history": history,
    }
    return render(request, "inspections/inspection_detail.html", context)


def _save_and_leave(
    request: AuthenticatedHttpRequest, form: InspectionForm, message: str
) -> HttpResponse:
    inspection = save_inspection(
        inspection=form.instance,
        units=form.cleaned_data["units"],
        team=form.cleaned_data["team"],
        actor=request.user,
    )
    messages.success(request, message % {"title": inspection.title})
    if not _visible_inspections(request.user).filter(pk=inspection.pk).exists():
        messages.info(
            request,
            _("Only its team sees this covert visit until it is done."),
        )
        return redirect("inspections:inspection_list")
    return redirect(inspection)


@login_required
@permission_required("inspections.add_inspection", raise_exception=True)
@create_once
def inspection_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    organiser = home_unit(request.user)
    if organiser is None:
        raise PermissionDenied
    # A project's page links here with its kind and project chosen.
    initial = {
        key: request.GET[key] for key in ("kind", "project") if key in request.GET
    }
    form = InspectionForm(request.POST or None, user=request.user, initial=initial)
    if form.is_valid():
        form.instance.organiser = organiser
        form.instance.created_by = request.user
        return _save_and_leave(request, form, _("Inspection “%(title)s” created."))
    context = {
        "form": form,
        "heading": _("New inspection"),
        "cancel_url": reverse("inspections:inspection_list"),
    }
    return render(request, "inspections/inspection_form.html", context)


@login_required
@permission_required("inspections.change_inspection", raise_exception=True)
def inspection_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    inspection = _get_editable_inspection(request, pk)
    form = InspectionForm(request.POST or None, instance=inspection, user=request.user)
    if form.is_valid():
        return _save_and_leave(request, form, _("Inspection “%(title)s” saved."))
    context = {
        "form": form,
        "heading": _("Edit inspection: %(title)s") % {"title": inspection.title},
        "cancel_url": inspection.get_absolute_url(),
    }
    return render(request, "inspections/inspection_form.html", context)


@login_required
@permission_required("inspections.change_inspection", raise_exception=True)
@require_POST
def inspection_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    inspection = _get_editable_inspection(request, pk)
    try:
        inspection = set_inspection_status(
            inspection=inspection,
            status=request.POST.get("status", ""),
            actor=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The inspection is now “%(status)s”.")
            % {"status": inspection.get_status_display()},
        )
    return redirect(inspection)


# --- Monitored projects -------------------------------------------------------------


def _visible_projects(user: User) -> QuerySet[MonitoredProject]:
    return MonitoredProject.objects.visible_to(user).select_related("owner")


@login_required
@permission_required("inspections.view_monitoredproject", raise_exception=True)
def project_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    projects = ProjectFilter(
        request.GET, queryset=_visible_projects(request.user), user=request.user
    )
    totals = projects.qs.aggregate(
        budget=Sum("budget"), savings=Sum("savings"), count=Count("pk")
    )
    rows = projects.qs.annotate(inspection_count=Count("inspections")).order_by(
        "-year", "name", "pk"
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"filter": projects, "page": page, "totals": totals}
    return render(request, "inspections/project_list.html", context)


@login_required
@permission_required("inspections.view_monitoredproject", raise_exception=True)
def project_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(_visible_projects(request.user), pk=pk)
    inspections = _visible_inspections(request.user).filter(project=project)
    context = {
        "project": project,
        "inspections": inspections,
        "can_edit": request.user.has_perm("inspections.change_monitoredproject"),
        "history": project.history.select_related("history_user")[:20],
    }
    return render(request, "inspections/project_detail.html", context)


@login_required
@permission_required("inspections.add_monitoredproject", raise_exception=True)
@create_once
def project_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ProjectForm(request.POST or None, user=request.user)
    if form.is_valid():
        project = save_project(project=form.instance, actor=request.user)
        messages.success(request, _("Project “%(name)s” created.") % {"name": project})
        return redirect(project)
    context = {
        "form": form,
        "heading": _("New monitored project"),
        "cancel_url": reverse("inspections:project_list"),
    }
    return render(request, "form_page.html", context)


@login_required
@permission_required("inspections.change_monitoredproject", raise_exception=True)
def project_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(_visible_projects(request.user), pk=pk)
    form = ProjectForm(request.POST or None, instance=project, user=request.user)
    if form.is_valid():
        save_project(project=form.instance, actor=request.user)
        messages.success(request, _("Project “%(name)s” saved.") % {"name": project})
        return redirect(project)
    context = {
        "form": form,
        "heading": _("Edit project: %(name)s") % {"name": project},
        "cancel_url": project.get_absolute_url(),
    }
    return render(request, "form_page.html", context)
