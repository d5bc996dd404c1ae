"""Confirming a case's double inquiry, concluding one without responsibility, and the
list of gaps' filters."""

import django_filters
from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from core.filters import YearFilter
from core.forms import CleanTextMixin
from responsibilities.forms.pickers import UnitSelect
from responsibilities.models import Unit

from ..models import Case
from ..services.inquiries import Answerable, Proposal


class DoubleInquiryForm(CleanTextMixin, forms.Form):
    """Confirm the leaders a case's proposal names, and add any of the others that
    have no inquiry yet, each with the reason why they answer too."""

    shown = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, proposal: Proposal, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.offered = [leader for leader in proposal.others if not leader.has_inquiry]
        for leader in self.offered:
            pk = leader.official.pk
            self.fields[f"add_{pk}"] = forms.BooleanField(
                label=_("Add to the inquiry"), required=False
            )
            self.fields[f"reason_{pk}"] = forms.CharField(
                label=_("Why they answer too"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self) -> list[tuple[Answerable, forms.BoundField, forms.BoundField]]:
        """Return each offered leader with their two fields, for the page."""
        return [
            (leader, self[f"add_{pk}"], self[f"reason_{pk}"])
            for leader in self.offered
            for pk in [leader.official.pk]
        ]

    def clean_shown(self) -> list[int]:
        parts = self.cleaned_data["shown"].split(",")
        if not all(part.isdecimal() for part in parts if part):
            raise forms.ValidationError(_("Open the page again and confirm."))
        return [int(part) for part in parts if part]

    def clean(self) -> dict:
        super().clean()
        cleaned = self.cleaned_data
        for leader in self.offered:
            pk = leader.official.pk
            if cleaned.get(f"add_{pk}") and not cleaned.get(f"reason_{pk}", "").strip():
                self.add_error(
                    f"reason_{pk}", _("Give the reason for adding this leader.")
                )
        return cleaned

    def added(self) -> dict[int, str]:
        """Return the leaders added: official pk to the written reason."""
        return {
            leader.official.pk: self.cleaned_data[f"reason_{leader.official.pk}"]
            for leader in self.offered
            if self.cleaned_data.get(f"add_{leader.official.pk}")
        }


class ClearInquiryForm(CleanTextMixin, forms.Form):
    reasons = forms.CharField(
        label=_("Reasons why there is no responsibility"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class InquiryGapFilter(django_filters.FilterSet):
    year = YearFilter(label=_("Year filed"), field_name="year")
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit"),
        empty_label=_("All"),
        queryset=Unit.objects.none(),
        widget=UnitSelect(params=UnitSelect.HISTORY),
    )

    class Meta:
        model = Case
        fields = ["year", "unit"]

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filters["unit"].queryset = Unit.objects.visible_to(user)
