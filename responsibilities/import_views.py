from django.http import HttpRequest, HttpResponse


def import_upload(request: HttpRequest) -> HttpResponse:
    raise NotImplementedError


def import_template(request: HttpRequest) -> HttpResponse:
    raise NotImplementedError


def import_preview(request: HttpRequest, token: str) -> HttpResponse:
    raise NotImplementedError
