"""Key tasks (反腐倡廉重点工作), their record of progress, and attachment downloads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.http import AuthenticatedHttpRequest
from core.submissions import create_once

from ..forms.work import KeyTaskFilter, KeyTaskForm, ProgressForm
from ..models import Attachment, KeyTask, Unit
from ..services.work import record_progress, save_key_task

PAGE_SIZE = 50


def _visible_tasks(user: User) -> QuerySet[KeyTask]:
    return KeyTask.objects.visible_to(user).select_related("lead_leader", "lead_unit")


def _may_edit(user: User, task: KeyTask) -> bool:
    """Return whether the user may edit the task: those over its lead unit may; staff
    of a participating unit only read it and record progress."""
    return user.has_perm("responsibilities.change_keytask") and (
        Unit.objects.visible_to(user).filter(pk=task.lead_unit_id).exists()
    )


def _get_editable_key_task(request: AuthenticatedHttpRequest, pk: int) -> KeyTask:
    task = get_object_or_404(KeyTask.objects.visible_to(request.user), pk=pk)
    if not _may_edit(request.user, task):
        raise PermissionDenied
    return task


@login_required
@permission_required("responsibilities.view_keytask", raise_exception=True)
def keytask_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    # distinct: the scope joins participating units, which would multiply the count.
    # Aggregation drops Meta.ordering, so the order is given again here.
    tasks = (
        _visible_tasks(request.user)
        .annotate(entry_count=Count("progress_entries", distinct=True))
        .order_by("-year", "due_on", "pk")
    )
    tasks = KeyTaskFilter(request.GET, queryset=tasks, user=request.user)
    page = Paginator(tasks.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "responsibilities/keytask_list.html", {"filter": tasks, "page": page}
    )


@login_required
@permission_required("responsibilities.view_keytask", raise_exception=True)
def keytask_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(_visible_tasks(request.user), pk=pk)
    return _render_detail(request, task, ProgressForm())


def _render_detail(
    request: AuthenticatedHttpRequest, task: KeyTask, form: ProgressForm
) -> HttpResponse:
    entries = task.progress_entries.select_related("author").prefetch_related(
        "attachments"
    )
    context = {
        "task": task,
        "participating_units": task.participating_units.all(),
        "entries": entries,
        "form": form,
        "action_url": reverse("responsibilities:keytask_progress", args=[task.pk]),
        "can_edit": _may_edit(request.user, task),
    }
    return render(request, "responsibilities/keytask_detail.html", context)


@login_required
@permission_required("responsibilities.add_keytask", raise_exception=True)
@create_once
def keytask_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = KeyTaskForm(request.POST or None, user=request.user)
    if form.is_valid():
        task = save_key_task(
            key_task=form.instance,
            actor=request.user,
            participating_units=form.cleaned_data["participating_units"],
        )
        messages.success(request, _("Key task “%(title)s” created.") % {"title": task})
        return redirect(task)
    context = {
        "form": form,
        "heading": _("New key task"),
        "cancel_url": reverse("responsibilities:keytask_list"),
    }
    return render(request, "form_page.html", context)


@login_required
@permission_required("responsibilities.change_keytask", raise_exception=True)
def keytask_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    task = _get_editable_key_task(request, pk)
    form = KeyTaskForm(request.POST or None, instance=task, user=request.user)
    if form.is_valid():
        save_key_task(
            key_task=form.instance,
            actor=request.user,
            participating_units=form.cleaned_data["participating_units"],
        )
        messages.success(request, _("Key task “%(title)s” saved.") % {"title": task})
        return redirect(task)
    context = {
        "form": form,
        "heading": _("Edit key task: %(title)s") % {"title": task.title},
        "cancel_url": task.get_absolute_url(),
    }
    return render(request, "form_page.html", context)


@login_required
@permission_required("responsibilities.add_progressentry", raise_exception=True)
@require_POST
@create_once
def keytask_progress(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(_visible_tasks(request.user), pk=pk)
    form = ProgressForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_detail(request, task, form)
    record_progress(
        author=request.user,
        happened_on=form.cleaned_data["happened_on"],
        text=form.cleaned_data["text"],
        files=form.cleaned_data["files"],
        key_task=task,
    )
    messages.success(request, _("Progress recorded."))
    return redirect(task)


@login_required
@require_safe
def attachment_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    attachment = get_object_or_404(Attachment.objects.visible_to(request.user), pk=pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=attachment.original_name)
