"""Requests no page of ours can take."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _


class RefuseNullCharactersMiddleware:
    """Answer 400 to a request whose path or submitted values hold a NUL character.

    No text a person types holds one, and PostgreSQL refuses it in any string: passed on
    to a query it would end the page in a server error.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _holds_null(request):
            return HttpResponseBadRequest(
                _("The request holds a character no page takes.")
            )
        return self.get_response(request)


def _holds_null(request: HttpRequest) -> bool:
    if "\x00" in request.path:
        return True
    submitted = [request.GET]
    if request.method == "POST":
        submitted.append(request.POST)
    return any(
        "\x00" in key or any("\x00" in value for value in values)
        for data in submitted
        for key, values in data.lists()
    )
