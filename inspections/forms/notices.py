"""Forms of notices (文书): the draft, the list's filters and the kinds' templates."""

import django_filters
from django import forms
from django.contrib.auth.models import User
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.documents.placeholders import unknown_placeholders
from core.filters import YearFilter
from core.forms import CleanTextMixin, model_choice_field
from responsibilities.forms.pickers import OfficialSelect, UnitSelect
from responsibilities.models import Official, Unit

from ..models import Finding, Notice, NoticeKind, NoticeTemplate
from ..services.notices import NOTICE_PLACEHOLDERS


class FindingsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, finding: Finding) -> str:
        found_on = f"{finding.found_on:%Y-%m-%d}"
        return f"{finding.unit.display_name} · {found_on} · {finding.description[:60]}"


class LeaderField(forms.ModelChoiceField):
    def label_from_instance(self, official: Official) -> str:
        return f"{official.unit.display_name} · {official.name}（{official.post}）"


class NoticeForm(CleanTextMixin, forms.ModelForm):
    recipient_leader = LeaderField(
        label=_("Recipient leader"),
        queryset=Official.objects.none(),
        required=False,
        widget=OfficialSelect,
        help_text=_(
            "A work recommendation goes to a leader, every other kind to a unit."
        ),
    )
    findings = FindingsField(
        label=_("Findings"),
        queryset=Finding.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )

    class Meta:
        model = Notice
        fields = [
            "kind",
            "recipient_unit",
            "recipient_leader",
            "findings",
            "response_due_on",
            "title",
            "body",
        ]
        widgets = {
            "recipient_unit": UnitSelect,
            "response_due_on": forms.DateInput(
                attrs={"type": "date"}, format="%Y-%m-%d"
            ),
            "body": forms.Textarea(attrs={"rows": 14}),
        }
        help_texts = {
            "title": _("Leave blank to take the title of the kind's template."),
            "body": _(
                "Leave blank to fill in the kind's template with the recipient, the "
                "findings and the deadline; then edit the text as needed."
            ),
        }

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "recipient_unit").queryset = Unit.objects.visible_to(
            user
        ).active()
        model_choice_field(self, "recipient_leader").queryset = (
            Official.objects.visible_to(user).active().select_related("unit")
        )
        chosen = (
            self.instance.findings.all() if self.instance.pk else Finding.objects.none()
        )
        model_choice_field(self, "findings").queryset = (
            Finding.objects.visible_to(user)
            .filter(~Q(status__in=Finding.FINAL_STATUSES) | Q(pk__in=chosen))
            .select_related("unit")
            .order_by("unit__order", "unit__name", "-found_on", "pk")
        )
        self.fields["response_due_on"].required = True
        self.fields["title"].required = False
        self.fields["body"].required = False

    def clean(self) -> dict:
        super().clean()
        cleaned_data = self.cleaned_data
        to_leader = cleaned_data.get("kind") == NoticeKind.WORK_RECOMMENDATION
        if to_leader and not cleaned_data.get("recipient_leader"):
            self.add_error("recipient_leader", _("Choose the leader to recommend to."))
        if not to_leader and not cleaned_data.get("recipient_unit"):
            self.add_error("recipient_unit", _("Choose the unit the notice goes to."))
        # Only the recipient the kind calls for is kept.
        cleaned_data["recipient_unit" if to_leader else "recipient_leader"] = None
        return cleaned_data


class NoticeFilter(django_filters.FilterSet):
    year = YearFilter()
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), empty_label=_("All"), choices=NoticeKind
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), empty_label=_("All"), choices=Notice.Status
    )
    recipient_unit = django_filters.ModelChoiceFilter(
        label=_("Recipient unit"),
        empty_label=_("All"),
        queryset=Unit.objects.none(),
        widget=UnitSelect(params=UnitSelect.HISTORY),
    )

    class Meta:
        model = Notice
        fields = ["year", "kind", "status", "recipient_unit"]

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filters["recipient_unit"].queryset = Unit.objects.visible_to(user)


class NoticeTemplateForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = NoticeTemplate
        fields = ["title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 14})}

    def clean_body(self) -> str:
        body = self.cleaned_data["body"]
        unknown = unknown_placeholders(body, NOTICE_PLACEHOLDERS)
        if unknown:
            raise forms.ValidationError(
                _("Unknown placeholders: %(names)s."),
                params={"names": " ".join("{" + name + "}" for name in unknown)},
            )
        return body
