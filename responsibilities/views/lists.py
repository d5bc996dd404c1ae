"""Yearly responsibility lists, their duties, "my responsibilities" and the public pages."""

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from core import hooks, jobs
from core.filters import requested_year
from core.http import AuthenticatedHttpRequest
from core.public import public_page
from core.submissions import create_once

from ..forms.lists import (
    DutyForm,
    GenerateListsForm,
    PublicListFilter,
    ResponsibilityListFilter,
)
from ..forms.work import ProgressForm
from ..models import (
    Duty,
    Official,
    ResponsibilityList,
    Unit,
    duty_groups,
)
from ..services.lists import (
    generate_list,
    publish_list,
    update_duty,
    update_list_notes,
)
from ..services.work import record_progress
from ..tasks import generate_lists

PAGE_SIZE = 50


def _list_duties(responsibility_list: ResponsibilityList) -> QuerySet[Duty]:
    return responsibility_list.duties.select_related("holder", "area")


def _editable_duties(user: User) -> QuerySet[Duty]:
    """Return the duties the user may edit: those on lists of units in their scope (a
    duty they hold on another unit's list they may read, not edit)."""
    return Duty.objects.filter(
        responsibility_list__unit__in=Unit.objects.visible_to(user)
    )


@login_required
@permission_required("responsibilities.view_responsibilitylist", raise_exception=True)
def list_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    lists = (
        ResponsibilityList.objects.visible_to(request.user)
        .select_related("unit")
        .annotate(
            duty_count=Count("duties"),
            holder_count=Count("duties__holder", distinct=True),
        )
        # Aggregation drops Meta.ordering, so the order is given again here.
        .order_by("-year", "unit__order", "unit__name", "pk")
    )
    lists = ResponsibilityListFilter(request.GET, queryset=lists)
    page = Paginator(lists.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"filter": lists, "page": page}
    return render(request, "responsibilities/list_list.html", context)


@login_required
@permission_required("responsibilities.add_responsibilitylist", raise_exception=True)
@require_http_methods(["GET", "POST"])
def list_generate(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = GenerateListsForm(request.POST or None, user=request.user)
    if form.is_valid():
        year, unit = form.cleaned_data["year"], form.cleaned_data["unit"]
        if unit is None:
            return _start_generating_all(request, year)
        try:
            responsibility_list, added = generate_list(
                unit=unit, year=year, actor=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            message = _("List generated: %(count)d duties added.")
            messages.success(request, message % {"count": added})
            return redirect(responsibility_list)
    return render(request, "responsibilities/list_generate.html", {"form": form})


def _start_generating_all(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    description = _("Generate the %(year)s responsibility lists of all units")
    job = jobs.start(
        task=generate_lists,
        kind="responsibilities.generate_lists",
        description=description % {"year": year},
        user=request.user,
        year=year,
    )
    context = {"job": job, "year": year}
    return render(request, "responsibilities/list_generate_job.html", context)


@login_required
@permission_required("responsibilities.view_responsibilitylist", raise_exception=True)
def list_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    responsibility_list = get_object_or_404(
        ResponsibilityList.objects.visible_to(request.user).select_related(
            "unit", "published_by"
        ),
        pk=pk,
    )
    duties = _list_duties(responsibility_list).annotate(
        entry_count=Count("progress_entries")
    )
    context = {
        "responsibility_list": responsibility_list,
        "groups": duty_groups(list(duties)),
        # The sign-offs (签字背书), kept by the commitments app built on this one.
        "sign_off_blocks": hooks.gather(
            hooks.Hook.LIST_SIGN_OFF, request, responsibility_list
        ),
    }
    return render(request, "responsibilities/list_detail.html", context)


@login_required
@permission_required("responsibilities.change_responsibilitylist", raise_exception=True)
@require_POST
def list_notes(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Keep the list's internal notes; they are not part of the published document."""
    responsibility_list = get_object_or_404(
        ResponsibilityList.objects.visible_to(request.user), pk=pk
    )
    update_list_notes(
        responsibility_list=responsibility_list,
        internal_notes=request.POST.get("internal_notes", "").strip(),
        actor=request.user,
    )
    messages.success(request, _("Notes saved."))
    return redirect(responsibility_list)


@login_required
@permission_required("responsibilities.change_responsibilitylist", raise_exception=True)
@require_POST
def list_publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    responsibility_list = get_object_or_404(
        ResponsibilityList.objects.visible_to(request.user), pk=pk
    )
    try:
        publish_list(responsibility_list=responsibility_list, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The list is published."))
    return redirect(responsibility_list)


@login_required
@permission_required("responsibilities.view_duty", raise_exception=True)
def duty_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    duty = _visible_duty(request, pk)
    return _render_duty(request, duty, ProgressForm())


def _visible_duty(request: AuthenticatedHttpRequest, pk: int) -> Duty:
    return get_object_or_404(
        Duty.objects.visible_to(request.user).select_related(
            "responsibility_list__unit", "holder__unit", "area"
        ),
        pk=pk,
    )


def _may_record_progress(user: User, duty: Duty) -> bool:
    """A duty's record (履责纪实) is written by its holder; a team duty by a member of
    its unit; and any duty of their units by those who keep the lists (change_duty)."""
    if not user.has_perm("responsibilities.add_progressentry"):
        return False
    if duty.holder is not None:
        if duty.holder.user_id == user.pk:
            return True
    elif Official.objects.filter(
        user=user, unit=duty.responsibility_list.unit_id
    ).exists():
        return True
    return (
        user.has_perm("responsibilities.change_duty")
        and _editable_duties(user).filter(pk=duty.pk).exists()
    )


def _render_duty(
    request: AuthenticatedHttpRequest, duty: Duty, form: ProgressForm
) -> HttpResponse:
    entries = duty.progress_entries.select_related("author").prefetch_related(
        "attachments"
    )
    is_editable = (
        not duty.responsibility_list.is_locked()
        and request.user.has_perm("responsibilities.change_duty")
        and _editable_duties(request.user).filter(pk=duty.pk).exists()
    )
    context = {
        "duty": duty,
        "responsibility_list": duty.responsibility_list,
        "entries": entries,
        "form": form,
        "action_url": reverse("responsibilities:duty_progress", args=[duty.pk]),
        "is_editable": is_editable,
        "may_record": _may_record_progress(request.user, duty),
        "history": duty.history.select_related("history_user")[:20],
    }
    return render(request, "responsibilities/duty_detail.html", context)


@login_required
@permission_required("responsibilities.change_duty", raise_exception=True)
@require_http_methods(["GET", "POST"])
def duty_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    duty = get_object_or_404(
        _editable_duties(request.user).select_related(
            "responsibility_list__unit", "holder", "area"
        ),
        pk=pk,
    )
    if duty.responsibility_list.is_locked():
        messages.error(
            request,
            _("The list is published or signed off: its duties can no longer change."),
        )
        return redirect(duty)
    form = DutyForm(request.POST or None, instance=duty)
    if form.is_valid():
        try:
            update_duty(duty=duty, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Duty saved."))
        return redirect(duty)
    return render(
        request, "responsibilities/duty_form.html", {"duty": duty, "form": form}
    )


@login_required
@permission_required("responsibilities.add_progressentry", raise_exception=True)
@require_POST
@create_once
def duty_progress(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    duty = _visible_duty(request, pk)
    if not _may_record_progress(request.user, duty):
        raise PermissionDenied
    form = ProgressForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_duty(request, duty, form)
    record_progress(author=request.user, duty=duty, **form.cleaned_data)
    messages.success(request, _("Progress recorded."))
    return redirect(duty)


@login_required
def my_responsibilities(request: AuthenticatedHttpRequest) -> HttpResponse:
    year = requested_year(request, default=timezone.localdate().year)
    official = Official.objects.filter(user=request.user).first()
    duties = (
        Duty.objects.held_by(request.user)
        .filter(responsibility_list__year=year)
        .select_related("responsibility_list__unit", "area")
        .annotate(entry_count=Count("progress_entries"))
        .order_by(
            "responsibility_list__unit__order",
            "responsibility_list__unit_id",
            "subject",
            "source",
            "number",
        )
    )
    lists = [
        (responsibility_list, list(group))
        for responsibility_list, group in groupby(
            duties, key=lambda duty: duty.responsibility_list
        )
    ]
    context = {"year": year, "official": official, "lists": lists}
    return render(request, "responsibilities/my_responsibilities.html", context)


@public_page(
    title=gettext_lazy("Published responsibility lists"),
    description=gettext_lazy(
        "Each party committee's yearly list of duties for party conduct and clean "
        "government, and who answers for each."
    ),
    icon="bi-list-check",
)
def public_list_index(request: HttpRequest) -> HttpResponse:
    lists = (
        ResponsibilityList.objects.published()
        .select_related("unit")
        .annotate(duty_count=Count("duties"))
        .order_by("-year", "unit__order", "unit__name", "pk")
    )
    lists = PublicListFilter(request.GET, queryset=lists)
    page = Paginator(lists.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "public/list_index.html", {"filter": lists, "page": page})


def public_list_detail(request: HttpRequest, pk: int) -> HttpResponse:
    responsibility_list = get_object_or_404(
        ResponsibilityList.objects.published().select_related("unit"), pk=pk
    )
    context = {
        "responsibility_list": responsibility_list,
        "groups": duty_groups(list(_list_duties(responsibility_list))),
    }
    return render(request, "public/list_detail.html", context)
