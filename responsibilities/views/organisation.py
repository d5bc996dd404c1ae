import io
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import hooks
from core.http import AuthenticatedHttpRequest
from core.submissions import create_once

from .. import importing, services
from ..forms import ImportUploadForm, OfficialFilter, OfficialForm, UnitFilter, UnitForm
from ..models import Official, Unit, build_tree
from ..models.organisation import UnitQuerySet

PAGE_SIZE = 50
IMPORT_PERMISSIONS = ("responsibilities.add_unit", "responsibilities.add_official")
PREVIEW_ROWS = 50


def _units_with_headcount(user: User) -> UnitQuerySet:
    active = Q(officials__is_active=True)
    # Aggregation drops Meta.ordering, so the order is given again here.
    return (
        Unit.objects.visible_to(user)
        .annotate(headcount=Count("officials", filter=active))
        .order_by("order", "name", "pk")
    )


@login_required
@permission_required("responsibilities.view_unit", raise_exception=True)
def unit_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    units = UnitFilter(request.GET, queryset=_units_with_headcount(request.user))
    is_filtered = any(request.GET.get(name) for name in units.filters)
    context = {"filter": units, "is_filtered": is_filtered}
    if is_filtered:
        context["page"] = Paginator(units.qs, PAGE_SIZE).get_page(
            request.GET.get("page")
        )
    else:
        context["tree"] = build_tree(list(units.qs))
    return render(request, "responsibilities/unit_list.html", context)


@login_required
@permission_required("responsibilities.view_unit", raise_exception=True)
def unit_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(Unit.objects.visible_to(request.user), pk=pk)
    ancestors = Unit.objects.visible_to(request.user).filter(pk__in=unit.ancestor_ids)
    subtree = _units_with_headcount(request.user).under(unit)
    context = {
        "unit": unit,
        "ancestors": sorted(ancestors, key=lambda ancestor: ancestor.depth),
        "tree": build_tree(list(subtree))[0].children,
        "officials": unit.officials.by_seniority(),
        "history": unit.history.select_related("history_user", "parent")[:20],
        # Sections of the apps built on this one (their AppConfig.unit_sections).
        "sections": hooks.gather(hooks.Hook.UNIT_SECTIONS, request, unit),
    }
    return render(request, "responsibilities/unit_detail.html", context)


@login_required
@permission_required("responsibilities.add_unit", raise_exception=True)
@create_once
def unit_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    initial = {"parent": request.GET.get("parent")}
    form = UnitForm(request.POST or None, user=request.user, initial=initial)
    if form.is_valid():
        unit = services.save_unit(unit=form.instance, actor=request.user)
        messages.success(request, _("Unit “%(name)s” created.") % {"name": unit})
        return redirect(unit)
    context = {
        "form": form,
        "heading": _("New unit"),
        "cancel_url": reverse("responsibilities:unit_list"),
    }
    return render(request, "form_page.html", context)


@login_required
@permission_required("responsibilities.change_unit", raise_exception=True)
def unit_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(Unit.objects.visible_to(request.user), pk=pk)
    form = UnitForm(request.POST or None, instance=unit, user=request.user)
    if form.is_valid():
        services.save_unit(unit=form.instance, actor=request.user)
        messages.success(request, _("Unit “%(name)s” saved.") % {"name": unit})
        return redirect(unit)
    context = {
        "form": form,
        "heading": _("Edit unit: %(name)s") % {"name": unit.name},
        "cancel_url": unit.get_absolute_url(),
    }
    return render(request, "form_page.html", context)


@login_required
@permission_required("responsibilities.change_unit", raise_exception=True)
@require_POST
def unit_set_active(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(Unit.objects.visible_to(request.user), pk=pk)
    is_active = _apply_activation(
        request,
        lambda is_active: services.set_unit_active(
            unit=unit, is_active=is_active, actor=request.user
        ),
    )
    if is_active is not None:
        done = _("Unit reactivated.") if is_active else _("Unit deactivated.")
        messages.success(request, done)
    return redirect(unit)


def _apply_activation(
    request: AuthenticatedHttpRequest, change: Callable[[bool], object]
) -> bool | None:
    """Apply the POSTed active state; return it, or None after showing why it was refused."""
    is_active = request.POST.get("is_active") == "1"
    try:
        change(is_active)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return None
    return is_active


@login_required
@permission_required("responsibilities.view_official", raise_exception=True)
def official_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    officials = OfficialFilter(
        request.GET,
        queryset=Official.objects.visible_to(request.user)
        .select_related("unit")
        .order_by("unit__order", "unit_id", Official.seniority(), "name", "pk"),
        user=request.user,
    )
    page = Paginator(officials.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"filter": officials, "page": page}
    return render(request, "responsibilities/official_list.html", context)


@login_required
@permission_required("responsibilities.view_official", raise_exception=True)
def official_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    official = get_object_or_404(
        Official.objects.visible_to(request.user).select_related("unit", "user"), pk=pk
    )
    history = official.history.select_related("history_user", "unit")[:50]
    context = {
        "official": official,
        "history": history,
        "sections": hooks.gather(hooks.Hook.OFFICIAL_SECTIONS, request, official),
    }
    return render(request, "responsibilities/official_detail.html", context)


@login_required
@permission_required("responsibilities.add_official", raise_exception=True)
@create_once
def official_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    initial = {"unit": request.GET.get("unit")}
    form = OfficialForm(request.POST or None, user=request.user, initial=initial)
    if form.is_valid():
        official = services.save_official(official=form.instance, actor=request.user)
        messages.success(
            request, _("Official “%(name)s” added.") % {"name": official.name}
        )
        return redirect(official)
    context = {
        "form": form,
        "heading": _("New official"),
        "cancel_url": reverse("responsibilities:official_list"),
    }
    return render(request, "form_page.html", context)


@login_required
@permission_required("responsibilities.change_official", raise_exception=True)
def official_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    official = get_object_or_404(Official.objects.visible_to(request.user), pk=pk)
    form = OfficialForm(request.POST or None, instance=official, user=request.user)
    if form.is_valid():
        services.save_official(official=form.instance, actor=request.user)
        messages.success(
            request, _("Official “%(name)s” saved.") % {"name": official.name}
        )
        return redirect(official)
    context = {
        "form": form,
        "heading": _("Edit official: %(name)s") % {"name": official.name},
        "cancel_url": official.get_absolute_url(),
    }
    return render(request, "form_page.html", context)


@login_required
@permission_required("responsibilities.change_official", raise_exception=True)
@require_POST
def official_set_active(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    official = get_object_or_404(Official.objects.visible_to(request.user), pk=pk)
    is_active = _apply_activation(
        request,
        lambda is_active: services.set_official_active(
            official=official, is_active=is_active, actor=request.user
        ),
    )
    if is_active is not None:
        done = _("Official reactivated.") if is_active else _("Official deactivated.")
        messages.success(request, done)
    return redirect(official)


@login_required
@permission_required(IMPORT_PERMISSIONS, raise_exception=True)
@require_http_methods(["GET", "POST"])
def import_upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        token = importing.store_sheet(form.cleaned_data["sheet"])
        return redirect("responsibilities:import_preview", token=token)
    return render(request, "responsibilities/import_upload.html", {"form": form})


@login_required
@permission_required(IMPORT_PERMISSIONS, raise_exception=True)
@require_GET
def import_template(request: AuthenticatedHttpRequest) -> FileResponse:
    workbook = io.BytesIO(importing.template_workbook())
    return FileResponse(workbook, as_attachment=True, filename="单位人员导入模板.xlsx")


@login_required
@permission_required(IMPORT_PERMISSIONS, raise_exception=True)
@require_http_methods(["GET", "POST"])
def import_preview(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    try:
        if request.method == "POST":
            result = importing.import_sheet(token=token, user=request.user)
        else:
            result = importing.check_sheet(token=token, user=request.user)
    except importing.SheetNotFound:
        raise Http404 from None
    except IntegrityError:
        # Another import created the same code between our check and our write.
        messages.error(
            request, _("The units changed meanwhile: check the sheet again.")
        )
        return redirect("responsibilities:import_preview", token=token)
    if request.method == "POST" and result.is_valid:
        message = _(
            "Import complete. Units created: %(units)d. Officials created: %(officials)d."
        )
        counts = {"units": len(result.units), "officials": len(result.officials)}
        messages.success(request, message % counts)
        return redirect("responsibilities:unit_list")
    context = {
        "result": result,
        "units": result.units[:PREVIEW_ROWS],
        "officials": result.officials[:PREVIEW_ROWS],
    }
    return render(request, "responsibilities/import_preview.html", context)
