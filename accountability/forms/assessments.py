from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import CleanTextMixin, model_choice_field

from ..models import AssessmentItem, AssessmentScheme, Deduction, ScoreSheet


class SchemeForm(CleanTextMixin, forms.ModelForm):
    copy_from = forms.ModelChoiceField(
        label=_("Copy the items of"),
        queryset=AssessmentScheme.objects.all(),
        required=False,
        help_text=_("Leave empty to start from the standard items of the five steps."),
    )

    class Meta:
        model = AssessmentScheme
        fields = ["year", "title"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            year = timezone.localdate().year
            self.initial.setdefault("year", year)
            self.initial.setdefault("copy_from", AssessmentScheme.objects.first())


class ItemForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = AssessmentItem
        fields = [
            "step",
            "order",
            "title",
            "max_points",
            "weight",
            "rule",
            "points_per_record",
        ]


ItemFormSet = forms.modelformset_factory(
    AssessmentItem, form=ItemForm, extra=1, can_delete=True
)


class DeductionForm(CleanTextMixin, forms.ModelForm):
    """A deduction an assessor enters on a sheet: an item of its scheme, points, reason."""

    class Meta:
        model = Deduction
        fields = ["item", "points", "reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, sheet: ScoreSheet, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.instance.sheet = sheet
        model_choice_field(self, "item").queryset = sheet.scheme.items.all()
        self.fields["reason"].required = True


class AdjustForm(CleanTextMixin, forms.Form):
    points = forms.DecimalField(
        label=_("points deducted"), min_value=0, max_digits=6, decimal_places=2
    )
    reason = forms.CharField(
        label=_("reason for the adjustment"), widget=forms.Textarea(attrs={"rows": 3})
    )
