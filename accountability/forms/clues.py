"""Forms and the list filter of problem clues (问题线索)."""

from typing import cast

import django_filters
from django import forms
from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.filters import YearFilter, YesNoFilter
from core.forms import CleanTextMixin, model_choice_field
from responsibilities.forms.pickers import OfficialSelectMultiple, UnitSelect
from responsibilities.models import Official, Unit

from ..models import Clue, ClueDisposal
from ..services.clues import handlers_in_scope, routes_for

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Sources registered by hand; a finding becomes a clue from its own page.
OTHER_SOURCES = [
    (value, label) for value, label in Clue.Source.choices if value != "finding"
]


class ClueForm(CleanTextMixin, forms.ModelForm):
    """A clue received by phone, letter or visit, registered by discipline staff."""

    source = forms.ChoiceField(label=_("Source"), choices=OTHER_SOURCES)

    class Meta:
        model = Clue
        fields = ["source", "channel", "received_on", "unit", "officials", "summary"]
        widgets = {
            "received_on": DATE_INPUT,
            "unit": UnitSelect,
            "officials": OfficialSelectMultiple,
            "summary": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        units = Unit.objects.visible_to(user)
        model_choice_field(self, "unit").queryset = units.filter(
            Q(is_active=True) | Q(pk=self.instance.unit_id)
        )
        current = (
            [o.pk for o in self.instance.officials.all()] if self.instance.pk else []
        )
        model_choice_field(self, "officials").queryset = (
            Official.objects.filter(
                Q(unit__in=units, is_active=True) | Q(pk__in=current)
            )
            .select_related("unit")
            .by_seniority()
        )
        self.fields["officials"].required = False
        if self.instance.source == Clue.Source.FINDING:
            # A clue from a finding keeps its source; the choice is not offered.
            del self.fields["source"]
        if not self.instance.pk:
            self.initial.setdefault("received_on", timezone.localdate())


class AssignForm(CleanTextMixin, forms.Form):
    handler: "forms.ModelChoiceField[User]" = forms.ModelChoiceField(
        label=_("Handler"), queryset=None
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        handler = model_choice_field(self, "handler")
        handler.queryset = handlers_in_scope(user)
        # Django documents this override as a subclass's method; one form needs no class.
        handler.label_from_instance = _handler_label  # type: ignore[method-assign,assignment]


def _handler_label(user: User) -> str:
    return user.get_full_name() or user.get_username()


class DisposeForm(CleanTextMixin, forms.ModelForm):
    confirm = forms.BooleanField(
        label=_("I confirm this decision; it cannot be changed once recorded."),
        required=True,
    )

    class Meta:
        model = ClueDisposal
        fields = [
            "route",
            "decided_on",
            "reasoning",
            "reported_to_committee_on",
            "reported_to_higher_on",
        ]
        widgets = {
            "decided_on": DATE_INPUT,
            "reported_to_committee_on": DATE_INPUT,
            "reported_to_higher_on": DATE_INPUT,
            "reasoning": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "reported_to_committee_on": _("Leave empty and record it later if needed."),
        }

    def __init__(self, *args, clue: Clue, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        allowed = routes_for(clue)
        cast(forms.ChoiceField, self.fields["route"]).choices = [
            (value, label)
            for value, label in ClueDisposal.Route.choices
            if value in allowed
        ]
        self.initial.setdefault("decided_on", timezone.localdate())


class DualReportForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = ClueDisposal
        fields = ["reported_to_committee_on", "reported_to_higher_on"]
        widgets = {
            "reported_to_committee_on": DATE_INPUT,
            "reported_to_higher_on": DATE_INPUT,
        }


class FindingToClueForm(CleanTextMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ClueFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    year = YearFilter(field_name="year")
    status = django_filters.ChoiceFilter(
        label=_("Status"), empty_label=_("All"), choices=Clue.Status
    )
    source = django_filters.ChoiceFilter(
        label=_("Source"), empty_label=_("All"), choices=Clue.Source
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit"),
        empty_label=_("All"),
        queryset=Unit.objects.none(),
        widget=UnitSelect(params=UnitSelect.HISTORY),
    )
    overdue = YesNoFilter(
        label=_("Overdue"),
        yes=_("Overdue"),
        no=_("In time"),
        method="filter_overdue",
    )

    class Meta:
        model = Clue
        fields = ["q", "year", "status", "source", "unit", "overdue"]

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filters["unit"].queryset = Unit.objects.visible_to(user)

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        named = Official.objects.filter(name__icontains=value).values("clues")
        return queryset.filter(
            Q(number__icontains=value) | Q(summary__icontains=value) | Q(pk__in=named)
        )

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        overdue = Clue.objects.overdue(timezone.localdate()).values("pk")
        if value:
            return queryset.filter(pk__in=overdue)
        return queryset.exclude(pk__in=overdue)
