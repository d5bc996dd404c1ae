"""Forms and the list filter for cases (案件) and sanctions (处分)."""

import django_filters
from django import forms
from django.contrib.auth.models import User
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import dates
from core.filters import YearFilter, YesNoFilter
from core.forms import CleanTextMixin, model_choice_field
from responsibilities.forms.pickers import OfficialSelectMultiple, UnitSelect
from responsibilities.models import Official, Unit

from ..models import Case, CaseSubject, Clue, Sanction
from ..models.scope import enforcement_units

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
CASE_FIELDS = [
    "title",
    "summary",
    "category",
    "area",
    "violation_year",
    "is_major",
    "money_involved",
    "money_recovered",
]


AREA_HELP = _(
    "The area of work the matter falls in: the leader in charge of it that year is "
    "named in the double inquiry as the leader directly responsible. Left blank, "
    "nobody is named for it, and staff add that leader by hand with a reason."
)


class CaseForm(CleanTextMixin, forms.ModelForm):
    """A new case: the facts, where it happened and whom it is against."""

    officials = forms.ModelMultipleChoiceField(
        label=_("Subjects (officials)"),
        queryset=Official.objects.none(),
        widget=OfficialSelectMultiple,
    )

    class Meta:
        model = Case
        fields = ["unit", *CASE_FIELDS, "filed_on"]
        widgets = {
            "unit": UnitSelect,
            "summary": forms.Textarea(attrs={"rows": 5}),
            "filed_on": DATE_INPUT,
        }
        help_texts = {
            "violation_year": _("Left blank: the year the case is filed."),
            "area": AREA_HELP,
        }

    def __init__(self, *args, user: User, clue: Clue | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        units = enforcement_units(user, "accountability.add_case")
        model_choice_field(self, "unit").queryset = units.filter(is_active=True)
        self.fields["violation_year"].required = False
        concerned = list(clue.officials.all()) if clue else []
        model_choice_field(self, "officials").queryset = (
            Official.objects.filter(
                Q(unit__in=Unit.objects.visible_to(user), is_active=True)
                | Q(pk__in=[official.pk for official in concerned])
            )
            .select_related("unit")
            .by_seniority()
        )
        self.initial.setdefault("filed_on", timezone.localdate())
        if clue is not None:
            self.instance.clue = clue
            self.initial.setdefault("unit", clue.unit_id)
            self.initial.setdefault("summary", clue.summary)
            self.initial.setdefault("officials", [o.pk for o in concerned])


class CaseUpdateForm(CleanTextMixin, forms.ModelForm):
    """Corrections to an open case: its number, unit, subjects and dates stay."""

    class Meta:
        model = Case
        fields = CASE_FIELDS
        widgets = {"summary": forms.Textarea(attrs={"rows": 5})}
        help_texts = {"area": AREA_HELP}


class AdvanceForm(CleanTextMixin, forms.Form):
    """Move a case to the stage shown; closing it takes the date and conclusion."""

    to = forms.ChoiceField(choices=Case.Stage, widget=forms.HiddenInput)
    closed_on = forms.DateField(
        label=_("Closed on"),
        required=False,
        widget=DATE_INPUT,
        validators=[dates.happened],
    )
    conclusion = forms.CharField(
        label=_("Conclusion"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class TransferForm(CleanTextMixin, forms.Form):
    transferred_on = forms.DateField(
        label=_("Transferred on"), widget=DATE_INPUT, validators=[dates.happened]
    )
    transferred_to = forms.CharField(label=_("Receiving organ"), max_length=100)


class SanctionForm(CleanTextMixin, forms.ModelForm):
    """The sanction decided for one subject of the case, or a correction of one."""

    class Meta:
        model = Sanction
        fields = [
            "subject",
            "party_sanction",
            "administrative_sanction",
            "period_months",
            "decided_on",
            "decision_number",
            "corrects",
        ]
        widgets = {"decided_on": DATE_INPUT}
        help_texts = {
            "period_months": _(
                "Probation (留党察看): 12 or 24. Left blank for an administrative "
                "sanction: the period the law fixes."
            ),
            "corrects": _("Only to correct a sanction recorded before."),
        }

    def __init__(self, *args, case: Case, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "subject").queryset = case.subjects.select_related(
            "official"
        )
        model_choice_field(self, "corrects").queryset = (
            Sanction.objects.in_force()
            .filter(subject__case=case)
            .select_related("subject__official")
        )
        self.initial.setdefault("decided_on", timezone.localdate())

    def _post_clean(self) -> None:
        # The service checks the sanction, and saves it: the model's own validation
        # would need the recorder, whom the view does not put on the form.
        pass


class CaseFilter(django_filters.FilterSet):
    text = django_filters.CharFilter(label=_("Search"), method="filter_text")
    year = YearFilter()
    stage = django_filters.ChoiceFilter(
        label=_("Stage"), empty_label=_("All"), choices=Case.Stage
    )
    category = django_filters.ChoiceFilter(
        label=_("Category"), empty_label=_("All"), choices=Case.Category
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit"),
        empty_label=_("All"),
        queryset=Unit.objects.none(),
        method="filter_unit",
        widget=UnitSelect(params=UnitSelect.HISTORY),
    )
    major = YesNoFilter(label=_("Major case"), field_name="is_major")
    transferred = YesNoFilter(
        label=_("Transferred"),
        field_name="transferred_on",
        lookup_expr="isnull",
        exclude=True,
    )
    overdue = YesNoFilter(
        label=_("Overdue"),
        yes=_("Overdue"),
        no=_("In time"),
        method="filter_overdue",
    )

    class Meta:
        model = Case
        fields = [
            "text",
            "year",
            "stage",
            "category",
            "unit",
            "major",
            "transferred",
            "overdue",
        ]

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        units = enforcement_units(user, "accountability.view_case")
        self.filters["unit"].queryset = units

    def filter_text(self, queryset: QuerySet[Case], name: str, value: str):
        # Exists, not a join: a case with two matching subjects stays one row, and the
        # totals count it once.
        named = CaseSubject.objects.filter(
            case=OuterRef("pk"), official__name__icontains=value
        )
        return queryset.filter(
            Q(number__icontains=value)
            | Q(title__icontains=value)
            | Q(summary__icontains=value)
            | Exists(named)
        )

    def filter_unit(self, queryset: QuerySet[Case], name: str, value: Unit | None):
        # A township's cases include those of its stations.
        return (
            queryset.filter(unit__in=Unit.objects.under(value)) if value else queryset
        )

    def filter_overdue(self, queryset: QuerySet[Case], name: str, value: bool | None):
        overdue = Case.objects.overdue(timezone.localdate()).values("pk")
        if value is None:
            return queryset
        if value:
            return queryset.filter(pk__in=overdue)
        return queryset.exclude(pk__in=overdue)
