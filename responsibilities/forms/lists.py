"""Forms and filters for the yearly responsibility lists (责任清单) and their duties."""

from datetime import date

import django_filters
from django import forms
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.filters import YearFilter
from core.forms import CleanTextMixin, model_choice_field

from ..models import Duty, DutyTemplate, ResponsibilityList, Unit
from .catalogue import FIRST_YEAR, LAST_YEAR
from .pickers import UnitSelect


class ResponsibilityListFilter(django_filters.FilterSet):
    year = YearFilter()
    unit_kind = django_filters.ChoiceFilter(
        label=_("Kind of unit"),
        empty_label=_("All"),
        field_name="unit__kind",
        choices=[(kind.value, kind.label) for kind in Unit.COMMITTEE_KINDS],
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), empty_label=_("All"), choices=ResponsibilityList.Status
    )
    unit_name = django_filters.CharFilter(
        label=_("Unit"), field_name="unit__name", lookup_expr="icontains"
    )

    class Meta:
        model = ResponsibilityList
        fields = ["year", "unit_kind", "status", "unit_name"]


class PublicListFilter(django_filters.FilterSet):
    year = YearFilter()
    unit_name = django_filters.CharFilter(
        label=_("Unit"), field_name="unit__name", lookup_expr="icontains"
    )

    class Meta:
        model = ResponsibilityList
        fields = ["year", "unit_name"]


class GenerateListsForm(CleanTextMixin, forms.Form):
    """Generate one unit's list, or every committee unit's list, for a year."""

    year = forms.IntegerField(
        label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR
    )
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("All units (runs in the background)"),
        widget=UnitSelect(params={"committee": 1}),
        help_text=_(
            "Generating again only adds what is missing: edits to duties are kept."
        ),
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("year", timezone.localdate().year)
        model_choice_field(self, "unit").queryset = committee_units(user)

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if not DutyTemplate.objects.of_year(year).exists():
            raise forms.ValidationError(
                _("There is no duty catalogue for %(year)s: create one first."),
                params={"year": year},
            )
        return year


def committee_units(user: User) -> QuerySet[Unit]:
    """Return the active units the user sees that are led by a party committee, and so
    keep a responsibility list and report on it."""
    return Unit.objects.visible_to(user).active().with_committee()


class DutyForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Duty
        fields = ["measures", "targets", "due_on"]
        widgets = {
            "measures": forms.Textarea(attrs={"rows": 5}),
            "targets": forms.Textarea(attrs={"rows": 3}),
            "due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean_due_on(self) -> date | None:
        due_on = self.cleaned_data["due_on"]
        if due_on and due_on.year < self.instance.responsibility_list.year:
            raise forms.ValidationError(_("The deadline falls before the list's year."))
        return due_on
