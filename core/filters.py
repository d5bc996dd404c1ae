from datetime import date, datetime, time, timedelta

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import dates
from .audit_actions import action_choices
from .models import AuditEvent


class YesNoFilter(django_filters.BooleanFilter):
    """A yes/no filter offering All (the default), then the two answers.

    django-filter's own widget calls the empty choice "Unknown", which reads as a third
    answer rather than as no filter at all.
    """

    def __init__(
        self, *, yes: str | Promise = _("Yes"), no: str | Promise = _("No"), **kwargs
    ) -> None:
        choices = [("", _("All")), ("true", yes), ("false", no)]
        super().__init__(widget=forms.Select(choices=choices), **kwargs)


class YearFilter(django_filters.NumberFilter):
    """A year typed into a list's filter: a whole number from the first year kept.

    Beyond year 9999 (or before year 1) a lookup by year cannot even be built, and a
    list must answer such a query string with a form error rather than fail.
    """

    field_class = forms.IntegerField

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("label", _("Year"))
        super().__init__(min_value=dates.FIRST_YEAR, max_value=9999, **kwargs)


def requested_year(request: HttpRequest, default: int) -> int:
    """Return the ?year= asked for if a list could filter by it, else the default."""
    try:
        return YearFilter().field.clean(request.GET.get("year")) or default
    except ValidationError:
        return default


class AuditEventFilter(django_filters.FilterSet):
    username = django_filters.CharFilter(label=_("User name"), lookup_expr="icontains")
    # Every app's actions, gathered when the form is shown: the apps load after core.
    action = django_filters.ChoiceFilter(
        label=_("Action"), choices=action_choices, empty_label=_("All")
    )
    outcome = django_filters.ChoiceFilter(
        label=_("Outcome"), choices=AuditEvent.Outcome, empty_label=_("All")
    )
    since = django_filters.DateFilter(
        label=_("From"),
        method="filter_since",
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[dates.planned],
    )
    until = django_filters.DateFilter(
        label=_("To"),
        method="filter_until",
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[dates.planned],
    )

    class Meta:
        model = AuditEvent
        fields = ["username", "action", "outcome", "since", "until"]

    # Days become a range of times on the column itself, which its index serves on a
    # million rows; comparing the column's date would read every row.
    def filter_since(self, queryset: QuerySet, name: str, value: date) -> QuerySet:
        return queryset.filter(created_at__gte=_start_of(value))

    def filter_until(self, queryset: QuerySet, name: str, value: date) -> QuerySet:
        return queryset.filter(created_at__lt=_start_of(value + timedelta(days=1)))


def _start_of(day: date) -> datetime:
    """Return the first moment of a local day."""
    return timezone.make_aware(datetime.combine(day, time.min))
