"""The public pages' front door: each app marks its public views, the home lists them.

Apps mount their public views in the `public` namespace (config/public_urls.py). A view
marked with `public_page` says what it is in one line; the public home walks the
namespace, so a page added there appears on the home without touching core.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.functional import Promise

NAMESPACE = "public"


@dataclass(frozen=True)
class PublicPage:
    title: str | Promise
    description: str | Promise
    icon: str = "bi-file-earmark-text"


@dataclass(frozen=True)
class Entry:
    name: str
    url: str
    page: PublicPage | None


def public_page(*, title: str | Promise, description: str | Promise, icon: str = ""):
    """Mark a view as a public page, with what the public home says about it."""

    def mark(view: Callable) -> Callable:
        # A mark on the view function itself, as Django's csrf_exempt leaves one.
        view.public_page = PublicPage(  # type: ignore[attr-defined]
            title, description, icon or PublicPage.icon
        )
        return view

    return mark


def _patterns(patterns: list) -> Iterator[URLPattern]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern.url_patterns)
        else:
            yield pattern


def public_entries() -> list[Entry]:
    """Return the namespace's pages that need no argument, in the order they are mounted,
    the home itself left out; `page` is None for a view nobody described."""
    _prefix, resolver = get_resolver().namespace_dict[NAMESPACE]
    entries = []
    for pattern in _patterns(resolver.url_patterns):
        if not pattern.name or pattern.pattern.regex.groups or pattern.name == "home":
            continue
        entries.append(
            Entry(
                name=pattern.name,
                url=reverse(f"{NAMESPACE}:{pattern.name}"),
                page=getattr(pattern.callback, "public_page", None),
            )
        )
    return entries
