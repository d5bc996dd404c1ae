"""Every page a link can reach answers hostile query strings without a server error.

The pages come from the URL resolver, so a new page is walked without touching this
file: every pattern without arguments, and for each pattern with arguments the first
link to it found on those pages (a sample detail page). Each page gets hostile values for
every field of the filters and GET forms it renders, and for the usual parameter names
(a detail page, for ?page= only): each value in all of them at once, and the extreme numbers
and dates in each alone.
"""

import contextlib
import re
from collections.abc import Iterator

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.test.utils import ContextList
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404
from django_filters import FilterSet
from factory.django import DjangoModelFactory

from tests import factories

pytestmark = pytest.mark.django_db

COMMON_PARAMETERS = {"year", "page", "q", "unit", "status", "sort", "code", "period"}
HOSTILE_VALUES = (
    "-1",
    "10000",
    str(10**30),
    "1e400",
    "²",
    "<script>'../A/B",
    "\x00",
    "9" * 3000,
    ["1", "2"],
)
# Values a field may accept as numbers or dates and a query then choke on: each is also
# sent to each parameter alone, since with every parameter hostile the filter form is
# invalid and would never query with them.
EXTREME_VALUES = ("-1", "10000", str(10**30), "0001-01-01", "9999-12-31")
# Leaving the session, switching language and the Django admin are not pages of ours.
NOT_WALKED = {"logout", "set_language", "admin"}
GET_FORM = re.compile(r"<form\b(?![^>]*method=\"post\")[^>]*>(.*?)</form>", re.S | re.I)
FIELD_NAME = re.compile(r'\bname="([^"]+)"')
HREF = re.compile(r'href="(/[^"?#]*)')


def _patterns(resolver: URLResolver, namespace: str = "") -> Iterator[tuple]:
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = ":".join(filter(None, [namespace, pattern.namespace]))
            yield from _patterns(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name not in NOT_WALKED:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, pattern


def _pages_without_arguments() -> list[str]:
    pages = []
    for name, pattern in _patterns(get_resolver()):
        if not pattern.pattern.regex.groupindex:
            pages.append(reverse(name))
    return pages


def _sample_pages(client: Client, pages: list[str]) -> list[str]:
    """Return the first link found to each pattern with arguments."""
    found: dict[str, str] = {}
    for page in pages:
        response = client.get(page)
        if response.status_code != 200 or "html" not in response["Content-Type"]:
            continue
        for path in HREF.findall(response.content.decode()):
            try:
                match = resolve(path)
            except Resolver404:
                continue
            if (match.args or match.kwargs) and match.view_name not in found:
                found[match.view_name] = path
    return [
        path for name, path in found.items() if name.split(":")[-1] not in NOT_WALKED
    ]


def _declared_parameters(response) -> set[str]:
    """Return the names a browser may send: the page's filters and its GET forms."""
    names: set[str] = set()
    context = response.context
    if isinstance(context, ContextList):
        values = [context[key] for key in context.keys()]  # noqa: SIM118
    else:
        values = context.flatten().values() if context else []
    for value in values:
        if isinstance(value, FilterSet):
            names.update(value.form.add_prefix(name) for name in value.form.fields)
    if "html" not in response.get("Content-Type", ""):
        return names
    for form in GET_FORM.findall(response.content.decode()):
        names.update(FIELD_NAME.findall(form))
    return names - {"csrfmiddlewaretoken"}


def _server_errors(client: Client, pages: list[str], common: set[str]) -> list[str]:
    errors = []
    for page in pages:
        response = client.get(page)
        if response.status_code >= 500:
            errors.append(f"{page} {response.status_code}")
            continue
        parameters = sorted(_declared_parameters(response) | common)
        for value in HOSTILE_VALUES:
            errors += _errors_for(client, page, dict.fromkeys(parameters, value))
        for parameter in parameters:
            for value in EXTREME_VALUES:
                errors += _errors_for(client, page, {parameter: value})
    return errors


def _opened(client: Client, pages: list[str]) -> list[str]:
    """Return the pages not refused to the client's user (a server error is kept)."""
    return [page for page in pages if client.get(page).status_code not in (403, 404)]


def _errors_for(client: Client, page: str, query: dict) -> list[str]:
    status = client.get(page, query).status_code
    return [f"{page} {query!r:.60}: {status}"] if status >= 500 else []


@pytest.fixture
def one_of_everything(db):
    """One record of each kind the factories make, so detail pages have a sample."""
    for factory_class in vars(factories).values():
        is_factory = isinstance(factory_class, type) and issubclass(
            factory_class, DjangoModelFactory
        )
        if is_factory and factory_class._meta.model is not None:
            # Some kinds allow one row a year; the one made beforehand will do.
            with contextlib.suppress(IntegrityError), transaction.atomic():
                factory_class()


def test_no_page_answers_hostile_query_strings_with_a_server_error(
    one_of_everything, client, city_staff, administrator, auditor
):
    # Discipline staff open the enforcement pages; the administrator and the auditor
    # walk the pages kept for them.
    client.raise_request_exception = False
    errors = []
    walked: set[str] = set()
    for user in (city_staff, administrator, auditor):
        client.force_login(user)
        pages = [page for page in _pages_without_arguments() if page not in walked]
        pages = _opened(client, pages)
        samples = [page for page in _sample_pages(client, pages) if page not in walked]
        walked.update(pages, samples)

        errors += _server_errors(client, pages, COMMON_PARAMETERS)
        errors += _server_errors(client, samples, {"page"})

    assert errors == [], "\n".join(errors)


def test_no_public_page_answers_hostile_query_strings_with_a_server_error(
    one_of_everything, client
):
    client.raise_request_exception = False
    pages = [page for page in _pages_without_arguments() if page.startswith("/public/")]
    samples = [page for page in _sample_pages(client, pages) if "/public/" in page]
    samples += ["/public/verify/A%20B/", "/public/verify/%00/", "/public/verify/..%2F/"]

    errors = _server_errors(client, pages, COMMON_PARAMETERS)
    errors += _server_errors(client, samples, {"page"})

    assert errors == [], "\n".join(errors)


@pytest.mark.parametrize("value", ["²", "٣", str(10**30)])
@pytest.mark.parametrize(
    ("page", "parameter"),
    [
        ("accountability:action_create", "case"),
        ("accountability:action_create", "finding"),
        ("inspections:notice_create", "inspection"),
        ("inspections:notice_create", "finding"),
        ("responsibilities:official_search", "unit"),
    ],
)
def test_a_record_named_in_the_query_string_by_a_non_number_is_no_error(
    client, city_staff, page, parameter, value
):
    client.force_login(city_staff)

    response = client.get(reverse(page), {parameter: value})

    assert response.status_code in (200, 404)


@pytest.mark.parametrize(
    "url",
    ["/responsibilities/officials/search/?q=%00", "/public/verify/%00/", "/?x%00=1"],
)
def test_a_null_character_is_a_bad_request_on_every_database(client, city_staff, url):
    client.force_login(city_staff)

    response = client.get(url)

    assert response.status_code == 400


def test_a_null_character_in_a_posted_form_is_a_bad_request(client, city_staff):
    client.force_login(city_staff)

    response = client.post(
        reverse("inspections:finding_create"), {"description": "\x00"}
    )

    assert response.status_code == 400
