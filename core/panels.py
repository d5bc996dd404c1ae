"""The auditor's "what needs me" panel: the trail's recent warning signs."""

from datetime import timedelta

from django.http import HttpRequest
from django.utils import timezone

from . import audit
from .models import AuditEvent


def audit_panel() -> dict:
    since = timezone.now() - timedelta(days=1)
    recent = AuditEvent.objects.filter(created_at__gte=since)
    return {
        "template": "core/_panel_audit.html",
        "failed_logins": recent.filter(action=audit.Action.LOGIN_FAILED).count(),
        "denied": recent.filter(outcome=AuditEvent.Outcome.DENIED).count(),
        "events": recent.count(),
    }


def home_panels(request: HttpRequest) -> list[dict]:
    if request.user.has_perm("core.view_auditevent"):
        return [audit_panel()]
    return []
