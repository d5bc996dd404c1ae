"""In-app notifications, copied by e-mail to users who have an address."""

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest

from .models import Notification


def absolute_url(path: str, request: HttpRequest | None = None) -> str:
    """Return the full address of a path: from the request when serving one, else from
    SITE_URL, since e-mails and documents made by background jobs have no request."""
    if not path or "://" in path:
        return path
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.SITE_URL.rstrip("/") + path


def notify(*, user: User, title: str, body: str = "", url: str = "") -> Notification:
    """Leave a notification for the user and e-mail it when they have an address.

    The e-mail goes once the transaction commits, so work that is rolled back never
    announces itself; a mail server that refuses it fails loudly in the logs.
    """
    notification = Notification.objects.create(
        user=user, title=title[:200], body=body, url=url
    )
    if user.email:
        message = "\n\n".join(part for part in (body, absolute_url(url)) if part)
        transaction.on_commit(
            lambda: send_mail(
                subject=title,
                message=message,
                from_email=None,
                recipient_list=[user.email],
                fail_silently=False,
            )
        )
    return notification
