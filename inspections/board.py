"""The rectification board's figures: per unit, per status, and the chart's series."""

from datetime import date

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import TruncDate
from django.utils.translation import gettext as _

from .models import Rectification

Status = Rectification.Status
DONE_STATUSES = (Status.SUBMITTED, Status.ACCEPTED)


def _counts(today: date) -> dict[str, Count]:
    """The counts the board shows, as aggregates over annotated rectifications.

    A report counts as on time when it came in by the deadline in Shanghai time, which
    is what TruncDate gives under the project's TIME_ZONE.
    """
    done = Q(status__in=DONE_STATUSES)
    pending = Q(status__in=Rectification.PENDING_STATUSES)
    return {
        "total": Count("pk"),
        "on_time": Count("pk", filter=done & Q(submitted_on__lte=F("due_on"))),
        "late": Count("pk", filter=done & Q(submitted_on__gt=F("due_on"))),
        "overdue": Count("pk", filter=pending & Q(due_on__lt=today)),
        "in_progress": Count("pk", filter=pending & Q(due_on__gte=today)),
        "submitted": Count("pk", filter=Q(status=Status.SUBMITTED)),
        "accepted": Count("pk", filter=Q(status=Status.ACCEPTED)),
    }


def _with_rate(row: dict) -> dict:
    reported = row["on_time"] + row["late"]
    row["on_time_rate"] = round(100 * row["on_time"] / reported) if reported else None
    return row


def unit_summary(queryset: QuerySet, today: date) -> list[dict]:
    """Return one row per unit with its counts and on-time rate, in one query."""
    rows = (
        queryset.annotate(submitted_on=TruncDate("submitted_at"))
        .order_by()
        .values(
            unit_id=F("finding__unit"),
            unit_name=F("finding__unit__name"),
            unit_order=F("finding__unit__order"),
        )
        .annotate(**_counts(today))
        .order_by("-overdue", "unit_order", "unit_name")
    )
    return [_with_rate(row) for row in rows]


def totals(queryset: QuerySet, today: date) -> dict:
    """Return the counts over all the rectifications shown, in one query."""
    figures = queryset.annotate(submitted_on=TruncDate("submitted_at")).aggregate(
        **_counts(today)
    )
    return _with_rate(figures)


def chart_data(units: list[dict]) -> dict:
    """Return the chart's labels and series, as static/js/stacked-bar-chart.js reads them."""
    series = [
        ("on_time", _("Submitted on time"), "#198754"),
        ("late", _("Submitted late"), "#fd7e14"),
        ("overdue", _("Overdue"), "#dc3545"),
        ("in_progress", _("In progress"), "#6c757d"),
    ]
    return {
        "labels": [row["unit_name"] for row in units],
        "series": [
            {"label": label, "color": color, "data": [row[key] for row in units]}
            for key, label, color in series
        ],
    }


def overdue_first(queryset: QuerySet, today: date) -> QuerySet:
    """Order overdue rectifications first, then those under way, then reports to check,
    then the accepted ones; nearest deadline first within each."""
    pending = Q(status__in=Rectification.PENDING_STATUSES)
    rank = Case(
        When(pending & Q(due_on__lt=today), then=Value(0)),
        When(pending, then=Value(1)),
        When(status=Status.SUBMITTED, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    return queryset.annotate(board_rank=rank).order_by("board_rank", "due_on", "pk")
