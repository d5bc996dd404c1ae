"""Create forms that create once, however often the same rendered form is posted.

Each create form carries a one-time token (`{% submission_token %}`). A create view
decorated with `create_once` claims the token in the transaction that creates the
record: a double click, a resent request or the browser's "resubmit" then finds the
claim and is sent where the first post went, with nothing created twice.
"""

import uuid
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import cast

from django.contrib import messages
from django.contrib.messages.storage.base import BaseStorage
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from .http import AuthenticatedHttpRequest
from .models import FormSubmission

TOKEN_FIELD = "submission_token"
# A double click or a resent request comes within seconds, a browser's "resubmit" within
# days; a claim older than this is forgotten.
KEPT_FOR = timedelta(days=7)

View = Callable[..., HttpResponse]


def new_token() -> str:
    return str(uuid.uuid4())


def _posted_token(request: HttpRequest) -> uuid.UUID | None:
    if request.method != "POST":
        return None
    try:
        return uuid.UUID(request.POST.get(TOKEN_FIELD, ""))
    except ValueError:
        return None


def _claim(
    request: AuthenticatedHttpRequest, token: uuid.UUID
) -> FormSubmission | None:
    """Claim the token, or return None if a post of the same form claimed it first.

    On PostgreSQL the insert waits for a simultaneous claim's transaction to end, so
    the loser sees the winner's committed row.
    """
    try:
        with transaction.atomic():
            return FormSubmission.objects.create(user=request.user, token=token)
    except IntegrityError:
        return None


def _already_saved(request: AuthenticatedHttpRequest, token: uuid.UUID) -> HttpResponse:
    earlier = FormSubmission.objects.get(user=request.user, token=token)
    if not request.htmx:
        messages.info(
            request, _("This form had already been saved; it was not saved again.")
        )
    return redirect(earlier.url)


def _is_redirect(response: HttpResponse) -> bool:
    return response.status_code in (301, 302, 303, 307, 308)


def _said_no(request: HttpRequest) -> bool:
    """Return whether the view refused with an error message before redirecting."""
    # MessageMiddleware is installed: a storage, never the fallback empty list.
    storage = cast(BaseStorage, messages.get_messages(request))
    refused = any(message.level >= messages.ERROR for message in storage)
    # Reading the messages marks them shown; the next page must still show them.
    storage.used = False
    return refused


def create_once(view: View) -> View:
    """Make a create view create at most once per rendered form.

    The view signals what it created by redirecting to it (htmx follows the redirect);
    any other answer (the form again, with its errors, or a redirect with an error
    message) releases the token, so the form can still be saved once it may be.
    """

    @wraps(view)
    def wrapped(request: AuthenticatedHttpRequest, *args, **kwargs) -> HttpResponse:
        token = _posted_token(request)
        if token is None:
            return view(request, *args, **kwargs)
        refusal = None
        with transaction.atomic():
            claim = _claim(request, token)
            if claim is None:
                return _already_saved(request, token)
            try:
                response = view(request, *args, **kwargs)
            except (Http404, PermissionDenied) as error:
                # A refusal is raised after the view wrote it into the audit trail;
                # raised inside this block it would roll that entry back.
                claim.delete()
                refusal = error
            else:
                if _is_redirect(response) and not _said_no(request):
                    claim.url = response["Location"]
                    claim.save(update_fields=["url"])
                else:
                    claim.delete()
        if refusal is not None:
            raise refusal
        return response

    return wrapped


def forget_old_submissions() -> int:
    """Delete the claims older than KEPT_FOR; return how many."""
    cutoff = timezone.now() - KEPT_FOR
    deleted, _ = FormSubmission.objects.filter(created_at__lt=cutoff).delete()
    return deleted
