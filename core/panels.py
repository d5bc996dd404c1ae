"""The auditor's "what needs me" panel: the trail's recent warning signs."""

from datetime import timedelta

from django.utils import timezone

from . import audit
from .hooks import Block
from .http import AuthenticatedHttpRequest
from .models import AuditEvent


def audit_panel() -> Block:
    since = timezone.now() - timedelta(days=1)
    recent = AuditEvent.objects.filter(created_at__gte=since)
    failed_logins = recent.filter(action=audit.CoreAuditAction.LOGIN_FAILED)
    return Block(
        "core/_panel_audit.html",
        {
            "failed_logins": failed_logins.count(),
            "denied": recent.filter(outcome=AuditEvent.Outcome.DENIED).count(),
            "events": recent.count(),
        },
    )


def home_panels(request: AuthenticatedHttpRequest) -> list[Block]:
    if request.user.has_perm("core.view_auditevent"):
        return [audit_panel()]
    return []
