from django.http import HttpRequest

from . import hooks
from .models import Notification


def notifications(request: HttpRequest) -> dict:
    """Give the navbar's bell the user's unread count; one query, only when logged in.

    Lazy, so pages that draw no navbar (PDFs, htmx fragments) never run the query.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notifications": lambda: (
            Notification.objects.filter(user=user).unread().count()
        )
    }


def navigation(request: HttpRequest) -> dict:
    """Give the navbar the menus each app offers (core may not name them); lazy, so
    pages that draw no navbar never gather them."""
    return {"nav_menus": lambda: hooks.gather(hooks.Hook.NAV_MENUS, request)}
