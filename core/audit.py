"""The one way to write to the audit trail."""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models
from django.http import HttpRequest

from .models import AuditEvent

LOGIN = "auth.login"
LOGIN_FAILED = "auth.login_failed"
LOGOUT = "auth.logout"
IMPORT = "import"


def client_address(request: HttpRequest) -> str | None:
    # Behind the load balancer the client is the first X-Forwarded-For hop; the proxy
    # is trusted to set it, as in the production set-up of the README.
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    address = forwarded.split(",")[0].strip() or request.META.get("REMOTE_ADDR")
    return address or None


def record(
    *,
    action: str,
    request: HttpRequest | None = None,
    user: AbstractBaseUser | AnonymousUser | None = None,
    username: str = "",
    target: models.Model | None = None,
    outcome: str = AuditEvent.Outcome.SUCCESS,
    detail: dict[str, Any] | None = None,
    is_public_page: bool = False,
) -> AuditEvent:
    """Append an event. The client address is kept unless the page is a public one."""
    if user is None and request is not None:
        user = request.user
    account = user if user is not None and user.is_authenticated else None
    return AuditEvent.objects.create(
        user=account,
        username=account.get_username() if account else username,
        action=action,
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        object_repr=str(target)[:200] if target is not None else "",
        outcome=outcome,
        ip_address=client_address(request) if request and not is_public_page else None,
        detail=detail or {},
    )
