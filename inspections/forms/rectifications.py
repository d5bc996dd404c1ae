"""Forms for rectifications: assignment, the unit's reports, the check, and the board."""

from datetime import date

import django_filters
from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import dates
from core.filters import YearFilter
from core.forms import CleanTextMixin, model_choice_field
from responsibilities.forms.pickers import OfficialSelect, UnitSelect
from responsibilities.forms.work import AttachmentFilesField
from responsibilities.models import Unit

from ..models import Finding, Notice, NoticeKind, Rectification
from ..models.rectifications import RectificationQuerySet
from ..services.rectifications import responsible_candidates

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TOO_MANY_FILES = _("Attach at most %(count)d files at a time.")


class RectificationForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Rectification
        fields = ["responsible", "due_on", "plan"]
        widgets = {
            "responsible": OfficialSelect,
            "due_on": DATE_INPUT,
            "plan": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, finding: Finding, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "responsible").queryset = responsible_candidates(
            finding
        ).by_seniority()
        self.fields["responsible"].widget.params["unit"] = finding.unit_id
        first = finding.officials.filter(is_active=True).first()
        if first is not None:
            self.initial.setdefault("responsible", first.pk)

    def clean_due_on(self) -> date:
        due_on = self.cleaned_data["due_on"]
        if due_on < timezone.localdate():
            raise ValidationError(_("The deadline cannot be in the past."))
        return due_on


class ProgressForm(CleanTextMixin, forms.Form):
    text = forms.CharField(
        label=_("Progress made"), widget=forms.Textarea(attrs={"rows": 3})
    )
    # A field named files: the form's metaclass moves it off the class, so it never
    # hides BaseForm.files (the uploads), which is what the stubs see here.
    files = AttachmentFilesField(  # type: ignore[assignment]
        too_many=TOO_MANY_FILES
    )


class CompletionForm(CleanTextMixin, forms.Form):
    """The completion report: what was done, with evidence or a reason why none."""

    text = forms.CharField(
        label=_("Completion report"), widget=forms.Textarea(attrs={"rows": 5})
    )
    # A field named files: the form's metaclass moves it off the class, so it never
    # hides BaseForm.files (the uploads), which is what the stubs see here.
    files = AttachmentFilesField(  # type: ignore[assignment]
        too_many=TOO_MANY_FILES
    )
    no_evidence_reason = forms.CharField(
        label=_("Why there is no evidence file"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only when no file can be attached."),
    )

    def clean(self) -> dict:
        super().clean()
        cleaned = self.cleaned_data
        no_files = "files" in cleaned and not cleaned["files"]
        if no_files and not cleaned.get("no_evidence_reason", "").strip():
            self.add_error(
                "files", _("Attach evidence files, or explain why there are none.")
            )
        return cleaned


class ReturnForm(CleanTextMixin, forms.Form):
    reasons = forms.CharField(
        label=_("Reasons for returning"), widget=forms.Textarea(attrs={"rows": 3})
    )


class AcceptForm(CleanTextMixin, forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ExtendForm(CleanTextMixin, forms.Form):
    new_due_on = forms.DateField(
        label=_("New deadline"), widget=DATE_INPUT, validators=[dates.planned]
    )
    reason = forms.CharField(
        label=_("Reason for the extension"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, rectification: Rectification, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.rectification = rectification

    def clean_new_due_on(self) -> date:
        new_due_on = self.cleaned_data["new_due_on"]
        if new_due_on <= self.rectification.due_on:
            raise ValidationError(_("The new deadline must be after the current one."))
        return new_due_on


class RectificationFilter(django_filters.FilterSet):
    OVERDUE = "overdue"

    year = YearFilter(
        label=_("Year"), field_name="finding__found_on", lookup_expr="year"
    )
    kind = django_filters.ChoiceFilter(
        label=_("Notice kind"),
        empty_label=_("All"),
        choices=NoticeKind,
        method="filter_kind",
    )
    category = django_filters.ChoiceFilter(
        label=_("Category"),
        empty_label=_("All"),
        choices=Finding.Category,
        field_name="finding__category",
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit"),
        empty_label=_("All"),
        queryset=Unit.objects.none(),
        method="filter_unit",
        widget=UnitSelect(params=UnitSelect.HISTORY),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        empty_label=_("All"),
        choices=[(OVERDUE, _("Overdue")), *Rectification.Status.choices],
        method="filter_status",
    )

    class Meta:
        model = Rectification
        fields = ["year", "kind", "category", "unit", "status"]

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filters["unit"].queryset = Unit.objects.visible_to(user)

    def filter_kind(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Rectifications of findings that an issued notice of that kind covers (a
        draft is not seen by the unit, so it must not shape what the unit sees)."""
        notices = Notice.objects.issued().filter(kind=value)
        covered = Finding.objects.filter(notices__in=notices).values("pk")
        return queryset.filter(finding__in=covered)

    def filter_unit(self, queryset: QuerySet, name: str, value: Unit) -> QuerySet:
        """The unit and the units below it, as a township answers for its stations."""
        return queryset.filter(finding__unit__in=Unit.objects.under(value))

    def filter_status(
        self, queryset: RectificationQuerySet, name: str, value: str
    ) -> QuerySet:
        if value == self.OVERDUE:
            return queryset.overdue(timezone.localdate())
        return queryset.filter(status=value)
