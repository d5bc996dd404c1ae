"""Forms and list filters for inspections and the projects monitored online."""

from typing import TypeVar

import django_filters
from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.filters import YearFilter
from core.forms import CleanTextMixin, model_choice_field
from responsibilities.forms.pickers import (
    OfficialSelectMultiple,
    UnitSelect,
    UnitSelectMultiple,
)
from responsibilities.models import Official, Unit
from responsibilities.models.organisation import OfficialQuerySet, UnitQuerySet

from ..models import Inspection, MonitoredProject
from ..services.inspections import check_inspection

_QuerySetT = TypeVar("_QuerySetT", bound=QuerySet)

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _in_scope_or_current(
    queryset: _QuerySetT, scope: UnitQuerySet | OfficialQuerySet, current: QuerySet
) -> _QuerySetT:
    """Return the active records in scope, plus those already chosen that are still
    in scope (deactivated since), so that editing does not drop them unseen."""
    return queryset.filter(
        Q(pk__in=scope.active()) | Q(pk__in=current.filter(pk__in=scope))
    )


class InspectionForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Inspection
        fields = [
            "kind",
            "topic",
            "media_source",
            "project",
            "title",
            "started_on",
            "ended_on",
            "units",
            "team",
            "summary",
        ]
        widgets = {
            "started_on": DATE_INPUT,
            "ended_on": DATE_INPUT,
            "units": UnitSelectMultiple,
            "team": OfficialSelectMultiple,
            "summary": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "topic": _("Special inspections only."),
            "media_source": _("Responses to media exposure only."),
            "project": _("Online monitoring only."),
            "team": _("A covert visit is seen by its team alone until it is done."),
        }

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        inspection = self.instance
        units = Unit.objects.visible_to(user)
        officials = Official.objects.visible_to(user)
        current_units = inspection.units.all() if inspection.pk else Unit.objects.none()
        current_team = (
            inspection.team.all() if inspection.pk else Official.objects.none()
        )
        model_choice_field(self, "units").queryset = _in_scope_or_current(
            Unit.objects.all(), units, current_units
        )
        model_choice_field(self, "team").queryset = _in_scope_or_current(
            Official.objects.select_related("unit"), officials, current_team
        ).by_seniority()
        # Only a covert visit must name its team (see check_inspection).
        self.fields["team"].required = False
        model_choice_field(
            self, "project"
        ).queryset = MonitoredProject.objects.visible_to(user)
        for name in ("topic", "media_source", "project"):
            self.fields[name].widget.attrs["data-kind-field"] = name
        if not inspection.pk:
            self.initial.setdefault("started_on", timezone.localdate())

    def clean(self) -> dict:
        super().clean()
        cleaned = self.cleaned_data
        probe = Inspection(
            kind=cleaned.get("kind", ""),
            topic=cleaned.get("topic", ""),
            media_source=cleaned.get("media_source", ""),
            project=cleaned.get("project"),
        )
        try:
            check_inspection(
                inspection=probe,
                units=cleaned.get("units") or [],
                team=cleaned.get("team") or [],
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                if field not in self.errors:
                    self.add_error(field, messages)
        started_on, ended_on = cleaned.get("started_on"), cleaned.get("ended_on")
        if started_on and ended_on and ended_on < started_on:
            self.add_error("ended_on", _("The end date falls before the start date."))
        return cleaned


class InspectionFilter(django_filters.FilterSet):
    year = YearFilter(field_name="started_on__year")
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), empty_label=_("All"), choices=Inspection.Kind
    )
    topic = django_filters.ChoiceFilter(
        label=_("Topic"), empty_label=_("All"), choices=Inspection.Topic
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), empty_label=_("All"), choices=Inspection.Status
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("Inspected unit"),
        empty_label=_("All"),
        field_name="units",
        queryset=Unit.objects.none(),
        widget=UnitSelect(params=UnitSelect.HISTORY),
    )

    class Meta:
        model = Inspection
        fields = ["year", "kind", "topic", "status", "unit"]

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filters["unit"].queryset = Unit.objects.visible_to(user)


class ProjectForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = MonitoredProject
        fields = ["owner", "name", "year", "budget", "savings", "stage"]
        widgets = {"owner": UnitSelect}
        help_texts = {
            "savings": _("What supervision saved on the project (审减), in yuan."),
        }

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        project = self.instance
        model_choice_field(self, "owner").queryset = Unit.objects.filter(
            Q(pk__in=Unit.objects.visible_to(user).active())
            | Q(pk=project.owner_id, pk__in=Unit.objects.visible_to(user))
        )
        if not project.pk:
            self.initial.setdefault("year", timezone.localdate().year)


class ProjectFilter(django_filters.FilterSet):
    year = YearFilter()
    stage = django_filters.ChoiceFilter(
        label=_("Stage"), empty_label=_("All"), choices=MonitoredProject.Stage
    )
    owner = django_filters.ModelChoiceFilter(
        label=_("Owner unit"),
        empty_label=_("All"),
        queryset=Unit.objects.none(),
        widget=UnitSelect(params=UnitSelect.HISTORY),
    )

    class Meta:
        model = MonitoredProject
        fields = ["year", "stage", "owner"]

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filters["owner"].queryset = Unit.objects.visible_to(user)
