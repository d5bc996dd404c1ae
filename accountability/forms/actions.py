"""The form that decides an accountability action, and the list's filters."""

from collections.abc import Iterable
from itertools import groupby

import django_filters
from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.filters import YearFilter
from core.forms import CleanTextMixin, model_choice_field
from inspections.models import Finding, Inspection
from responsibilities.forms.pickers import OfficialSelect, UnitSelect
from responsibilities.models import BottomLine, Official, Subject, Unit

from ..models import AccountabilityAction, Case, Responsibility
from ..services.actions import check_action

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# 副科级以上: the ranks the year's counts single out.
SENIOR_RANKS = (
    Official.Rank.COUNTY_CHIEF,
    Official.Rank.COUNTY_DEPUTY,
    Official.Rank.SECTION_CHIEF,
    Official.Rank.SECTION_DEPUTY,
)
# The fields an inquiry decides: the action is against its leader, from its source.
INQUIRY_FIELDS = ("unit", "official", "source", "case", "finding", "inspection")


class OfficialChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, official: Official) -> str:
        return f"{official.unit.name} · {official.name}（{official.post}）"


def grouped_bottom_lines(lines: Iterable[BottomLine]) -> list:
    """Return the bottom lines as choices grouped by year and subject, as cited."""
    ordered = sorted(lines, key=lambda line: (-line.year, line.number))
    return [
        (
            f"{year} · {Subject(subject).label}",
            [(line.pk, _label(line)) for line in group],
        )
        for (year, subject), group in groupby(
            ordered, key=lambda line: (line.year, line.subject)
        )
    ]


def _label(line: BottomLine) -> str:
    return f"{line.number}. {line.text}"


class ActionForm(CleanTextMixin, forms.ModelForm):
    official = OfficialChoiceField(
        label=_("Official"),
        queryset=Official.objects.none(),
        required=False,
        # An action may concern someone who has since left the post.
        widget=OfficialSelect(narrow_by="unit", params={"inactive": 1}),
        help_text=_("Leave empty for an action against the unit itself."),
    )

    class Meta:
        model = AccountabilityAction
        fields = [
            "unit",
            "official",
            "measure",
            "responsibility",
            "bottom_lines",
            "source",
            "case",
            "finding",
            "inspection",
            "corrects",
            "reasons",
            "decided_on",
            "decision_number",
        ]
        widgets = {
            "unit": UnitSelect,
            "bottom_lines": forms.SelectMultiple(attrs={"size": 12}),
            "case": forms.HiddenInput,
            "finding": forms.HiddenInput,
            "corrects": forms.HiddenInput,
            "reasons": forms.Textarea(attrs={"rows": 4}),
            "decided_on": DATE_INPUT,
        }

    def __init__(self, *args, user: User, from_inquiry: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        units = Unit.objects.visible_to(user)
        model_choice_field(self, "unit").queryset = units.filter(
            Q(is_active=True) | Q(pk=self.instance.unit_id)
        )
        model_choice_field(self, "official").queryset = Official.objects.filter(
            unit__in=units
        ).select_related("unit")
        model_choice_field(self, "case").queryset = Case.objects.visible_to(user)
        model_choice_field(self, "finding").queryset = Finding.objects.visible_to(user)
        model_choice_field(self, "inspection").queryset = Inspection.objects.visible_to(
            user
        )
        model_choice_field(
            self, "corrects"
        ).queryset = AccountabilityAction.objects.visible_to(user)
        self.initial.setdefault("decided_on", timezone.localdate())
        self._limit_bottom_lines()
        if from_inquiry:
            for name in INQUIRY_FIELDS:
                self.fields[name].disabled = True

    def _limit_bottom_lines(self) -> None:
        """Offer the catalogues of this year and of the violation's year."""
        years = {timezone.localdate().year, self.initial["decided_on"].year}
        if self.instance.case_id:
            years.add(self.instance.case.violation_year)
        if self.instance.finding_id:
            years.add(self.instance.finding.found_on.year)
        decided_on = self.data.get("decided_on", "")
        if decided_on[:4].isdecimal():
            years.add(int(decided_on[:4]))
        field = model_choice_field(self, "bottom_lines")
        field.queryset = BottomLine.objects.filter(year__in=years)
        field.widget.choices = grouped_bottom_lines(field.queryset)

    def clean(self) -> dict:
        super().clean()
        cleaned = self.cleaned_data
        fields = [
            "unit",
            "official",
            "measure",
            "source",
            "case",
            "finding",
            "inspection",
            "decided_on",
        ]
        probe = AccountabilityAction(**{name: cleaned.get(name) for name in fields})
        try:
            check_action(
                action=probe,
                bottom_lines=cleaned.get("bottom_lines") or [],
                actor=self.user,
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                if field in self.fields and field not in self.errors:
                    self.add_error(field, messages)
        return cleaned


class ActionFilter(django_filters.FilterSet):
    year = YearFilter(field_name="decided_on__year")
    responsibility = django_filters.ChoiceFilter(
        label=_("Responsibility"), empty_label=_("All"), choices=Responsibility
    )
    measure = django_filters.ChoiceFilter(
        label=_("Measure"), empty_label=_("All"), choices=AccountabilityAction.Measure
    )
    source = django_filters.ChoiceFilter(
        label=_("Source"), empty_label=_("All"), choices=AccountabilityAction.Source
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit"),
        empty_label=_("All"),
        queryset=Unit.objects.none(),
        widget=UnitSelect(params=UnitSelect.HISTORY),
    )
    target = django_filters.ChoiceFilter(
        label=_("Against"),
        empty_label=_("All"),
        choices=[("unit", _("A unit")), ("official", _("An official"))],
        method="filter_target",
    )
    rank = django_filters.ChoiceFilter(
        label=_("Rank"),
        empty_label=_("All"),
        choices=[
            ("senior", _("Deputy section level and above (副科级以上)")),
            ("other", _("Below deputy section level")),
        ],
        method="filter_rank",
    )

    class Meta:
        model = AccountabilityAction
        fields = ["year", "responsibility", "measure", "source", "unit"]

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filters["unit"].queryset = Unit.objects.visible_to(user)

    def filter_target(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(official__isnull=value == "unit")

    def filter_rank(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        senior = Q(rank__in=SENIOR_RANKS)
        return queryset.filter(official__isnull=False).filter(
            senior if value == "senior" else ~senior
        )
