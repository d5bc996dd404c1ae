from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from config.celery import app as celery_app

from . import audit, hooks, jobs, public, roles
from .filters import AuditEventFilter
from .http import AuthenticatedHttpRequest
from .models import AuditEvent, BackgroundJob, Notification
from .paging import uncounted_page

PAGE_SIZE = 50


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Show each "what needs me" panel that the apps offer this user.

    core may not import the domain apps, so each app's AppConfig offers its own panels
    through a `home_panels(request)` method. An urgent panel waits on the user's own
    action and comes first; otherwise INSTALLED_APPS order holds.
    """
    panels = hooks.gather(hooks.Hook.HOME_PANELS, request)
    panels.sort(key=lambda panel: not panel.urgent)
    context = {
        "panels": panels,
        # A panel of figures and records the user keeps goes in the overview slot: it
        # is shown apart, so "what needs me" never lists what needs nothing.
        "needs": [panel for panel in panels if panel.slot != hooks.Slot.OVERVIEW],
        "overview": [panel for panel in panels if panel.slot == hooks.Slot.OVERVIEW],
        "role_labels": roles.role_labels(request.user),
    }
    return render(request, "core/home.html", context)


def public_home(request: HttpRequest) -> HttpResponse:
    """The front door of everything anyone may read: each public page, in one line."""
    return render(request, "public/home.html", {"entries": public.public_entries()})


def _database_status() -> str:
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return "unreachable"
    return "ok"


def _broker_status() -> str:
    # Tasks run in-process exactly when no broker is configured.
    if celery_app.conf.task_always_eager:
        return "not configured"
    return "ok" if jobs.broker_answers() else "unreachable"


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    status = {"database": _database_status(), "broker": _broker_status()}
    return JsonResponse(status, status=200 if status["database"] == "ok" else 503)


@login_required
@permission_required("core.view_auditevent", raise_exception=True)
def audit_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    trail = AuditEvent.objects.select_related("user")
    events = AuditEventFilter(request.GET, queryset=trail)
    page = uncounted_page(events.qs, request.GET.get("page"), PAGE_SIZE)
    return render(
        request, "core/auditevent_list.html", {"filter": events, "page": page}
    )


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Answer 403 and put the refusal on the audit trail, where auditors look for probing."""
    audit.record(
        action=audit.CoreAuditAction.ACCESS_DENIED,
        request=request,
        outcome=audit.Outcome.DENIED,
        detail={"path": request.path, "method": request.method},
    )
    return render(request, "403.html", status=403)


@login_required
def job_progress(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The progress bar of one of the user's own jobs; htmx polls it until it finishes."""
    job = get_object_or_404(BackgroundJob, pk=pk, created_by=request.user)
    return render(request, "_partials/job_progress.html", {"job": job})


@login_required
def job_result(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """Download what a job made (an export); only the one who started it may."""
    job = get_object_or_404(BackgroundJob, pk=pk, created_by=request.user)
    if not job.result.name:
        raise Http404
    name = job.result.name.rsplit("/", 1)[-1]
    return FileResponse(job.result.open("rb"), as_attachment=True, filename=name)


@login_required
def notification_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    notifications = Notification.objects.filter(user=request.user)
    page = Paginator(notifications.unread_first(), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    has_unread = any(not notification.is_read() for notification in page)
    context = {"page": page, "has_unread": has_unread}
    return render(request, "core/notification_list.html", context)


@login_required
@require_POST
def notification_read(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Mark one of the user's notifications read and follow its link."""
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    if not notification.is_read():
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    is_safe = url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}
    )
    return redirect(
        notification.url if notification.url and is_safe else "notification_list"
    )


@login_required
@require_POST
def notification_read_all(request: AuthenticatedHttpRequest) -> HttpResponse:
    Notification.objects.filter(user=request.user).unread().update(
        read_at=timezone.now()
    )
    return redirect("notification_list")
