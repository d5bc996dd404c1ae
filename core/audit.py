"""The one way to write to the audit trail."""

from collections.abc import Callable, Sequence
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from .audit_actions import AuditAction
from .models import AuditEvent


class CoreAuditAction(AuditAction):
    """What the trail records of signing in and of access; each app declares its own
    actions in its `audit.py` (see core/audit_actions.py)."""

    LOGIN = "auth.login", _("Login")
    LOGIN_FAILED = "auth.login_failed", _("Failed login")
    LOGOUT = "auth.logout", _("Logout")
    ACCESS_DENIED = "access.denied", _("Access denied")
    ACCOUNT_CHANGE = "account.change", _("Account changed")
    # The reminder runs of letters, rectifications and clues all record this one code.
    REMINDER_SEND = "reminder.send", _("Reminders sent")


Outcome = AuditEvent.Outcome
# Who does a recorded thing: a user, or None for the system itself (seed_demo, a job).
Actor = User | None

# The address of the request being served, so that services, which take no request,
# still record where an action came from (set by AuditAddressMiddleware).
current_address: ContextVar[str | None] = ContextVar("audit_address", default=None)


def client_address(request: HttpRequest) -> str | None:
    """Return the client's address as the trail should keep it.

    Behind our own reverse proxy (USE_X_FORWARDED_FOR), the client is the hop that proxy
    appended last; anything before it came from the client and could be forged.
    """
    forwarded = request.headers.get("x-forwarded-for", "")
    if settings.USE_X_FORWARDED_FOR and forwarded:
        return forwarded.split(",")[-1].strip() or None
    return request.META.get("REMOTE_ADDR") or None


class AuditAddressMiddleware:
    """Make the client's address available to audit.record for the request's duration."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_address.set(client_address(request))
        try:
            return self.get_response(request)
        finally:
            current_address.reset(token)


def number_of(target: models.Model) -> str:
    """Return the number a record is known by (文号, 登记号…), never its content.

    The trail names who did what to which record, not what the record says: a model
    names the field holding its number in `audit_number_field`, an account is known by
    its login name, and any other record by its kind and id alone.
    """
    if isinstance(target, User):
        return target.get_username()
    field = getattr(target, "audit_number_field", "")
    return str(getattr(target, field) or "")[:150] if field else ""


def record(
    *,
    action: str,
    request: HttpRequest | None = None,
    user: User | AnonymousUser | None = None,
    username: str = "",
    target: models.Model | None = None,
    outcome: str = Outcome.SUCCESS,
    detail: dict[str, Any] | None = None,
    is_public_page: bool = False,
) -> AuditEvent:
    """Append an event. The client address is kept unless the page is a public one."""
    if user is None and request is not None:
        user = request.user
    account = user if user is not None and user.is_authenticated else None
    address = client_address(request) if request else current_address.get()
    return AuditEvent.objects.create(
        user=account,
        username=account.get_username() if account else username,
        action=action,
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        object_number=number_of(target) if target is not None else "",
        outcome=outcome,
        ip_address=None if is_public_page else address,
        detail=detail or {},
    )


def record_each(
    *,
    action: str,
    user: User | None,
    targets: Sequence[models.Model],
    details: Sequence[dict[str, Any]] | None = None,
) -> list[AuditEvent]:
    """Append one event per target, as `record` would for each, in a single insert.

    For the services that write many records at once (an import, a register taken from
    the archive): each record still has its own entry. `details`, when given, holds
    each target's detail in the same order.
    """
    account = user if user is not None and user.is_authenticated else None
    address = current_address.get()
    details = details if details is not None else [{}] * len(targets)
    events = [
        AuditEvent(
            user=account,
            username=account.get_username() if account else "",
            action=action,
            object_type=target._meta.label_lower,
            object_id=str(target.pk),
            object_number=number_of(target),
            ip_address=address,
            detail=detail,
        )
        for target, detail in zip(targets, details, strict=True)
    ]
    return AuditEvent.objects.bulk_create(events)
