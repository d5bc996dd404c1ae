"""Paging through lists too long to count, such as the audit trail."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet


@dataclass
class UncountedPage:
    """One page of rows and whether more follow, found without a COUNT(*) of them all."""

    number: int
    rows: list[Any]
    more: bool

    def __iter__(self) -> Iterator[Any]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def has_previous(self) -> bool:
        return self.number > 1

    def has_next(self) -> bool:
        return self.more

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1


# Past this the offset overflows the database's integer; nobody pages this deep by hand.
LAST_PAGE = 1_000_000


def uncounted_page(queryset: QuerySet, number: str | None, size: int) -> UncountedPage:
    """Return page `number` (from 1; anything else reads as 1) of the queryset.

    Counting a table that grows without end costs a scan of all its rows on every
    page view; reading one row past the page tells whether there is a next one.
    """
    try:
        page = min(max(int(number or 1), 1), LAST_PAGE)
    except ValueError:
        page = 1
    start = (page - 1) * size
    rows = list(queryset[start : start + size + 1])
    return UncountedPage(number=page, rows=rows[:size], more=len(rows) > size)
