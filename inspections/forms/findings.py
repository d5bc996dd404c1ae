"""Forms and list filters for findings: one at a time and row by row."""

import django_filters
from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.filters import YearFilter
from core.forms import CleanTextMixin, model_choice_field
from responsibilities.forms.pickers import OfficialSelectMultiple, UnitSelect
from responsibilities.models import Official, Review, Unit

from ..models import Finding, Inspection
from ..services.findings import check_finding

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# Sources entered on their own; findings of an inspection come from its entry page.
OTHER_SOURCES = [
    (value, label)
    for value, label in Finding.Source.choices
    if value != Finding.Source.INSPECTION
]


def _units_under(units: list[Unit]) -> QuerySet[Unit]:
    """Return the units and every unit below them: a station's head may answer too."""
    condition = Q(pk__in=[unit.pk for unit in units])
    for unit in units:
        condition |= Q(path__startswith=unit.subtree_prefix)
    return Unit.objects.filter(condition)


class _FindingFields(CleanTextMixin, forms.ModelForm):
    """What every finding form shares: scoped choices and the source's rules."""

    def _limit_officials(self, units: QuerySet[Unit]) -> None:
        current = self.instance.officials.all() if self.instance.pk else []
        model_choice_field(self, "officials").queryset = (
            Official.objects.filter(
                Q(unit__in=units, is_active=True) | Q(pk__in=[o.pk for o in current])
            )
            .select_related("unit")
            .by_seniority()
        )
        self.fields["officials"].required = False

    def _check(self, finding: Finding) -> None:
        try:
            check_finding(
                finding=finding, officials=self.cleaned_data.get("officials") or []
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                if field in self.fields and field not in self.errors:
                    self.add_error(field, messages)


class FindingForm(_FindingFields):
    """A finding from a source other than an inspection."""

    source = forms.ChoiceField(label=_("Source"), choices=OTHER_SOURCES)

    class Meta:
        model = Finding
        fields = [
            "source",
            "review",
            "unit",
            "officials",
            "category",
            "severity",
            "found_on",
            "description",
        ]
        widgets = {
            "found_on": DATE_INPUT,
            "unit": UnitSelect,
            "officials": OfficialSelectMultiple(narrow_by="unit"),
            "description": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {"review": _("Only for a finding of a duty-report review.")}

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        units = Unit.objects.visible_to(user)
        model_choice_field(self, "unit").queryset = units.filter(
            Q(is_active=True) | Q(pk=self.instance.unit_id)
        )
        model_choice_field(self, "review").queryset = Review.objects.filter(
            report__unit__in=units
        ).select_related("report__unit", "meeting")
        self._limit_officials(units)
        if not self.instance.pk:
            self.initial.setdefault("found_on", timezone.localdate())

    def clean(self) -> dict:
        super().clean()
        cleaned = self.cleaned_data
        probe = Finding(
            source=cleaned.get("source", ""),
            review=cleaned.get("review"),
            unit=cleaned.get("unit"),
        )
        self._check(probe)
        return cleaned


class FindingRowForm(_FindingFields):
    """One row of the entry page: a finding of the inspection, about one of its units."""

    class Meta:
        model = Finding
        fields = [
            "unit",
            "category",
            "severity",
            "found_on",
            "officials",
            "description",
        ]
        widgets = {
            "found_on": DATE_INPUT,
            "officials": OfficialSelectMultiple(narrow_by="unit"),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, inspection: Inspection, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.inspection = inspection
        units = inspection.units.all()
        model_choice_field(self, "unit").queryset = units
        inspected = list(units)
        self._limit_officials(_units_under(inspected))
        if len(inspected) == 1:
            self.initial.setdefault("unit", inspected[0].pk)
        self.initial.setdefault("found_on", inspection.ended_on or timezone.localdate())
        self.fields["description"].widget.attrs["data-last-field"] = ""

    def clean(self) -> dict:
        super().clean()
        cleaned = self.cleaned_data
        probe = Finding(
            inspection=self.inspection,
            source=Finding.Source.INSPECTION,
            unit=cleaned.get("unit"),
        )
        self._check(probe)
        return cleaned


class FindingFilter(django_filters.FilterSet):
    year = YearFilter(field_name="found_on__year")
    source = django_filters.ChoiceFilter(
        label=_("Source"), empty_label=_("All"), choices=Finding.Source
    )
    category = django_filters.ChoiceFilter(
        label=_("Category"), empty_label=_("All"), choices=Finding.Category
    )
    severity = django_filters.ChoiceFilter(
        label=_("Severity"), empty_label=_("All"), choices=Finding.Severity
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), empty_label=_("All"), choices=Finding.Status
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit"),
        empty_label=_("All"),
        queryset=Unit.objects.none(),
        widget=UnitSelect(params=UnitSelect.HISTORY),
    )
    inspection = django_filters.ModelChoiceFilter(
        label=_("Inspection"), empty_label=_("All"), queryset=Inspection.objects.none()
    )

    class Meta:
        model = Finding
        fields = [
            "year",
            "source",
            "category",
            "severity",
            "status",
            "unit",
            "inspection",
        ]

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filters["unit"].queryset = Unit.objects.visible_to(user)
        self.filters["inspection"].queryset = Inspection.objects.visible_to(user)
