"""The request type of the views behind a login."""

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    # Types only: the AppConfigs import this module before the auth models may load.
    from django.contrib.auth.models import User
    from django_htmx.middleware import HtmxDetails


class AuthenticatedHttpRequest(HttpRequest):
    """A request whose user has logged in, as `login_required` and `permission_required`
    guarantee, so that the views' helpers can take a `User` rather than `AnonymousUser`.

    For annotations only: Django builds the requests, with the `htmx` details that
    HtmxMiddleware attaches.
    """

    user: "User"
    htmx: "HtmxDetails"
