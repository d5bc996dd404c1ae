"""Concluding a double inquiry without responsibility, and the list of gaps' filters."""

import django_filters
from django import forms
from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext_lazy as _

from responsibilities.models import Unit

from ..models import Case


class ClearInquiryForm(forms.Form):
    reasons = forms.CharField(
        label=_("Reasons why there is no responsibility"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class InquiryGapFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("Year filed"), field_name="year")
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit"), empty_label=_("All"), queryset=Unit.objects.none()
    )

    class Meta:
        model = Case
        fields = ["year", "unit"]

    def __init__(self, *args, user: AbstractBaseUser, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filters["unit"].queryset = Unit.objects.visible_to(user)
