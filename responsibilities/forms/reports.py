"""Forms for duty reports, review meetings and their reviews, and the "三转" register."""

import django_filters
from django import forms
from django.contrib.auth.models import User
from django.core.validators import MaxValueValidator
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.filters import YearFilter
from core.forms import CleanTextMixin, model_choice_field

from ..models import (
    DutyReport,
    Official,
    Period,
    Portfolio,
    PortfolioArea,
    Review,
    ReviewMeeting,
    Unit,
)
from .catalogue import FIRST_YEAR
from .pickers import OfficialSelectMultiple, UnitSelect
from .work import AttachmentFilesField

# The officials who take part in a review meeting: the people the reports answer for.
PARTICIPANT_SUBJECTS = [
    Official.Subject.MAIN_LEADER,
    Official.Subject.TEAM_MEMBER,
    Official.Subject.DISCIPLINE_HEAD,
]


class ReportEditForm(CleanTextMixin, forms.Form):
    """A draft report's text, and files to add to it."""

    text = forms.CharField(
        label=gettext_lazy("Report"), widget=forms.Textarea(attrs={"rows": 14})
    )
    # A field named files: the form's metaclass moves it off the class, so it never
    # hides BaseForm.files (the uploads), which is what the stubs see here.
    files = AttachmentFilesField(  # type: ignore[assignment]
        too_many=gettext_lazy("Attach at most %(count)d files to one report.")
    )


class ReportForm(ReportEditForm):
    """A new report: its period, text and files."""

    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=FIRST_YEAR)
    period = forms.ChoiceField(label=gettext_lazy("Period"), choices=Period)

    field_order = ["year", "period", "text", "files"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        # Set here, as the latest year allowed moves on with the calendar.
        self.fields["year"].validators.append(MaxValueValidator(this_year + 1))
        self.fields["year"].widget.attrs["max"] = this_year + 1
        self.initial.setdefault("year", this_year)


class ReportFilter(django_filters.FilterSet):
    year = YearFilter()
    period = django_filters.ChoiceFilter(
        label=gettext_lazy("Period"), empty_label=gettext_lazy("All"), choices=Period
    )
    unit = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Unit"),
        empty_label=gettext_lazy("All"),
        queryset=Unit.objects.none(),
        widget=UnitSelect(params={**UnitSelect.HISTORY, "committee": 1}),
    )
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"),
        empty_label=gettext_lazy("All"),
        choices=DutyReport.Status,
    )

    class Meta:
        model = DutyReport
        fields = ["year", "period", "unit", "status"]

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filters["unit"].queryset = Unit.objects.visible_to(user).with_committee()


class ParticipantsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, official: Official) -> str:
        return f"{official.unit.display_name} · {official.name}（{official.post}）"


class MeetingForm(CleanTextMixin, forms.ModelForm):
    participants = ParticipantsField(
        label=gettext_lazy("Participants"),
        queryset=Official.objects.none(),
        required=False,
        widget=OfficialSelectMultiple(params={"subject": PARTICIPANT_SUBJECTS}),
    )

    class Meta:
        model = ReviewMeeting
        fields = ["held_on", "title", "participants"]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "participants").queryset = (
            Official.objects.visible_to(user)
            .active()
            .filter(unit__is_active=True, subject__in=PARTICIPANT_SUBJECTS)
            .select_related("unit")
            .order_by("unit__order", "unit_id", Official.seniority(), "name", "pk")
        )
        self.fields["participants"].help_text = _(
            "Party secretaries, team members and discipline heads of the units "
            "reviewed. Type to find each one."
        )


class ReviewForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Review
        fields = ["report", "rating", "comments"]
        widgets = {"comments": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user: User, meeting: ReviewMeeting, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # A draft is not reviewed: its secretary has not signed it off yet.
        model_choice_field(self, "report").queryset = (
            DutyReport.objects.visible_to(user)
            .submitted()
            .exclude(reviews__meeting=meeting)
            .select_related("unit")
        )
        self.fields["report"].label = _("Report")


class ProblemForm(CleanTextMixin, forms.Form):
    description = forms.CharField(
        label=gettext_lazy("Problem found"), widget=forms.Textarea(attrs={"rows": 2})
    )
    rectification_requirement = forms.CharField(
        label=gettext_lazy("Rectification requirement"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )


# Blank extra rows are skipped: a review may find no problem at all.
ProblemFormSet = forms.formset_factory(ProblemForm, extra=3)


class PortfolioForm(CleanTextMixin, forms.Form):
    areas = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Areas in charge of"),
        queryset=PortfolioArea.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, official: Official, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        held = official.portfolios.values_list("area_id", flat=True)
        self.initial.setdefault("areas", list(held))
        if official.subject == Official.Subject.DISCIPLINE_HEAD:
            # Django documents this override as a subclass's method; one form needs no class.
            areas = model_choice_field(self, "areas")
            areas.label_from_instance = _flag_forbidden  # type: ignore[method-assign,assignment]


def _flag_forbidden(area: PortfolioArea) -> str:
    if area.is_forbidden_to_discipline_heads:
        return _("%(area)s (forbidden to discipline heads)") % {"area": area.name}
    return area.name


class PortfolioFilter(django_filters.FilterSet):
    unit = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Unit (and the units below it)"),
        empty_label=gettext_lazy("All"),
        queryset=Unit.objects.none(),
        method="filter_unit_tree",
        widget=UnitSelect(params=UnitSelect.HISTORY),
    )
    area = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Area"),
        empty_label=gettext_lazy("All"),
        queryset=PortfolioArea.objects.all(),
        method="filter_area",
    )

    class Meta:
        model = Official
        fields = ["unit", "area"]

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filters["unit"].queryset = Unit.objects.visible_to(user)

    def filter_unit_tree(self, queryset: QuerySet, name: str, unit: Unit) -> QuerySet:
        return queryset.filter(unit__in=Unit.objects.under(unit))

    def filter_area(
        self, queryset: QuerySet, name: str, area: PortfolioArea
    ) -> QuerySet:
        holders = Portfolio.objects.filter(area=area).values("official_id")
        return queryset.filter(pk__in=holders)
