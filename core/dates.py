"""Sane bounds for the dates people type, as validators for model and form fields.

What happened (found, held, received, decided, signed) cannot be in the future; a
deadline or a plan stays within a few years ahead. Neither goes back before the records
the system keeps.
"""

from datetime import date, datetime, time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

FIRST_YEAR = 2000
# A paper from the archive bears a day, not a time: it counts from the start of office
# hours, local time, so it never slips into the day before in UTC.
ARCHIVE_HOUR = time(9)


def last_planned_day() -> date:
    """Return the last day a deadline or a plan may fall on."""
    return date(timezone.localdate().year + settings.PLANNING_HORIZON_YEARS, 12, 31)


def _not_before_first_year(value: date) -> None:
    if value.year < FIRST_YEAR:
        raise ValidationError(
            _("Enter a date in %(year)d or later."),
            code="too_early",
            params={"year": FIRST_YEAR},
        )


def happened(value: date) -> None:
    """Refuse a date of something that happened if it is in the future."""
    _not_before_first_year(value)
    if value > timezone.localdate():
        raise ValidationError(
            _("This date is in the future: enter the day it happened."),
            code="future",
        )


def planned(value: date) -> None:
    """Refuse a deadline or a planned date too far ahead to be meant."""
    _not_before_first_year(value)
    last = last_planned_day()
    if value > last:
        raise ValidationError(
            _("Enter a date no later than %(last)s."),
            code="too_late",
            params={"last": formats.date_format(last, "SHORT_DATE_FORMAT")},
        )


def planned_year(value: int) -> None:
    """Refuse a year of work or plans outside the years the system keeps."""
    last = last_planned_day().year
    if not FIRST_YEAR <= value <= last:
        raise ValidationError(
            _("Enter a year from %(first)d to %(last)d."),
            code="year_out_of_range",
            params={"first": FIRST_YEAR, "last": last},
        )


def happened_year(value: int) -> None:
    """Refuse a year of something that happened if it is in the future."""
    this_year = timezone.localdate().year
    if not FIRST_YEAR <= value <= this_year:
        raise ValidationError(
            _("Enter a year from %(first)d to %(last)d."),
            code="year_out_of_range",
            params={"first": FIRST_YEAR, "last": this_year},
        )


def paper_moment(day: date) -> datetime:
    """Return the moment a paper dated `day` is recorded at."""
    return timezone.make_aware(datetime.combine(day, ARCHIVE_HOUR))
