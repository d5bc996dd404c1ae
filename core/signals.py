# Django reports logins only through these signals, so the audit receivers live here;
# everything else is recorded by the service that does the work.
from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)
from django.dispatch import receiver

from . import audit
from .models import AuditEvent


@receiver(user_logged_in)
def record_login(sender, request, user, **kwargs) -> None:
    audit.record(action=audit.CoreAuditAction.LOGIN, request=request, user=user)


@receiver(user_logged_out)
def record_logout(sender, request, user, **kwargs) -> None:
    if user is not None:
        audit.record(action=audit.CoreAuditAction.LOGOUT, request=request, user=user)


@receiver(user_login_failed)
def record_failed_login(sender, credentials, request=None, **kwargs) -> None:
    audit.record(
        action=audit.CoreAuditAction.LOGIN_FAILED,
        request=request,
        username=credentials.get("username", "")[:150],
        outcome=AuditEvent.Outcome.FAILURE,
    )
