"""Forms for letter templates, campaigns and the withdrawal of a letter."""

import django_filters
from django import forms
from django.contrib.auth.models import User
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from core.filters import YearFilter
from core.forms import CleanTextMixin, model_choice_field
from responsibilities.forms.pickers import UnitSelectMultiple
from responsibilities.models import Official, Unit

from ..models import PLACEHOLDERS, Campaign, LetterKind, LetterTemplate


def placeholder_help() -> str:
    return format_html_join(
        "; ",
        "<code>{{{}}}</code> {}",
        ((name, label) for name, label in PLACEHOLDERS.items()),
    )


class LetterTemplateForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = LetterTemplate
        fields = ["kind", "name", "title", "body", "personal_prompt", "is_active"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 12}),
            "personal_prompt": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        placeholders = lazy(placeholder_help, str)()
        self.fields["title"].help_text = placeholders
        self.fields["body"].help_text = placeholders
        self.fields["personal_prompt"].help_text = _(
            "Shown above the box where the signer writes their own commitments; "
            "only integrity commitments and year-end sign-offs have one."
        )


class CampaignFilter(django_filters.FilterSet):
    year = YearFilter()
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=LetterKind, empty_label=_("All")
    )
    title = django_filters.CharFilter(label=_("Title"), lookup_expr="icontains")

    class Meta:
        model = Campaign
        fields = ["year", "kind", "title"]


class CampaignForm(CleanTextMixin, forms.ModelForm):
    ranks = forms.MultipleChoiceField(
        label=_("Ranks"),
        choices=Official.Rank,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every rank."),
    )
    subjects = forms.MultipleChoiceField(
        label=_("Responsibility subjects"),
        choices=Official.Subject,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: everyone, whatever their responsibility subject."),
    )

    class Meta:
        model = Campaign
        fields = [
            "title",
            "year",
            "template",
            "deadline",
            "units",
            "include_subunits",
            "ranks",
            "subjects",
        ]
        widgets = {
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "units": UnitSelectMultiple,
        }

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        campaign = self.instance
        model_choice_field(self, "template").queryset = LetterTemplate.objects.filter(
            Q(is_active=True) | Q(pk=campaign.template_id)
        )
        visible = Unit.objects.visible_to(user)
        model_choice_field(self, "units").queryset = Unit.objects.filter(
            Q(pk__in=visible.active())
            | Q(pk__in=campaign.units.all() if campaign.pk else [])
        )
        # Someone who does not see every unit may only write to units they see.
        self.fields["units"].required = Unit.objects.exclude(pk__in=visible).exists()
        self.fields["units"].help_text = (
            _("Choose the units whose officials receive the letter.")
            if self.fields["units"].required
            else _("None chosen: officials of every unit.")
        )
        if not campaign.pk:
            self.initial.setdefault("year", timezone.localdate().year)


class WithdrawalForm(CleanTextMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawal"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept on record with the letter and in the audit trail."),
    )
    reissue = forms.BooleanField(
        label=_("Issue a new letter to the same addressee"),
        required=False,
        initial=True,
    )
