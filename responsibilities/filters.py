import django_filters
from django import forms
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import Official, Unit


class ActiveFilter(django_filters.BooleanFilter):
    """Active / inactive / all, worded for people rather than as yes / no / unknown."""

    def __init__(self, **kwargs) -> None:
        choices = [("", _("All")), ("true", _("Active")), ("false", _("Inactive"))]
        kwargs.setdefault("label", _("Status"))
        super().__init__(widget=forms.Select(choices=choices), **kwargs)


class OfficialFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(
        label=pgettext_lazy("person", "Name"), lookup_expr="icontains"
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit (and the units below it)"),
        empty_label=_("All"),
        queryset=Unit.objects.none(),
        method="filter_unit_tree",
    )
    unit_kind = django_filters.ChoiceFilter(
        label=_("Kind of unit"),
        empty_label=_("All"),
        field_name="unit__kind",
        choices=Unit.Kind,
    )
    rank = django_filters.ChoiceFilter(
        label=_("Rank"), empty_label=_("All"), choices=Official.Rank
    )
    subject = django_filters.ChoiceFilter(
        label=_("Responsibility subject"),
        choices=Official.Subject,
        empty_label=_("All"),
    )
    is_active = ActiveFilter()

    class Meta:
        model = Official
        fields = ["name", "unit", "unit_kind", "rank", "subject", "is_active"]

    def __init__(self, *args, user: AbstractBaseUser, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filters["unit"].queryset = Unit.objects.visible_to(user)

    def filter_unit_tree(self, queryset: QuerySet, name: str, unit: Unit) -> QuerySet:
        return queryset.filter(unit__in=Unit.objects.under(unit))


class UnitFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(label=_("Name or code"), method="filter_name")
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), empty_label=_("All"), choices=Unit.Kind
    )
    is_active = ActiveFilter()

    class Meta:
        model = Unit
        fields = ["name", "kind", "is_active"]

    def filter_name(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(name__icontains=value) | Q(code__iexact=value))
