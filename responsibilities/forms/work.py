"""Forms for key tasks (反腐倡廉重点工作), their progress entries and the files behind them."""

from datetime import date
from typing import TYPE_CHECKING

import django_filters
from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import FileExtensionValidator
from django.db.models import Q, QuerySet
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import dates
from core.filters import YearFilter, YesNoFilter
from core.forms import CleanTextMixin, model_choice_field

from ..models import KeyTask, Official, Unit
from .pickers import OfficialSelect, UnitSelect, UnitSelectMultiple

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

ALLOWED_EXTENSIONS = ["pdf", "docx", "xlsx", "jpg", "jpeg", "png"]
MAX_FILE_SIZE = 10 * 1024 * 1024
MAX_FILES = 10
# Attachment.original_name keeps at most this many characters.
MAX_NAME_LENGTH = 200
CITY_LEADER_RANKS = [Official.Rank.COUNTY_CHIEF, Official.Rank.COUNTY_DEPUTY]


class KeyTaskForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = KeyTask
        fields = [
            "year",
            "title",
            "description",
            "lead_leader",
            "lead_unit",
            "participating_units",
            "due_on",
            "status",
        ]
        widgets = {
            "due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "lead_leader": OfficialSelect(params={"rank": CITY_LEADER_RANKS}),
            "lead_unit": UnitSelect,
            "participating_units": UnitSelectMultiple,
        }

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        task = self.instance
        units = Unit.objects.visible_to(user)
        self.hidden_units = self._units_out_of_scope(units)
        # A task keeps its current leader and units even once they are deactivated.
        model_choice_field(self, "lead_leader").queryset = Official.objects.filter(
            Q(
                pk__in=Official.objects.visible_to(user)
                .active()
                .filter(rank__in=CITY_LEADER_RANKS)
            )
            | Q(pk=task.lead_leader_id)
        ).by_seniority()
        self.fields["lead_leader"].help_text = _(
            "A city leader (county/division level) who answers for the task."
        )
        model_choice_field(self, "lead_unit").queryset = Unit.objects.filter(
            Q(pk__in=units.active()) | Q(pk=task.lead_unit_id)
        )
        current = task.participating_units.all() if task.pk else Unit.objects.none()
        model_choice_field(self, "participating_units").queryset = Unit.objects.filter(
            Q(pk__in=units.active()) | Q(pk__in=current.filter(pk__in=units))
        )
        if not task.pk:
            self.initial.setdefault("year", timezone.localdate().year)

    def _units_out_of_scope(self, units: QuerySet[Unit]) -> list[Unit]:
        """Return the task's participating units the user cannot see, and so cannot
        choose: saving the form must keep them rather than silently drop them."""
        if not self.instance.pk:
            return []
        return list(self.instance.participating_units.exclude(pk__in=units))

    def clean_participating_units(self) -> list[Unit]:
        chosen = list(self.cleaned_data["participating_units"])
        return chosen + self.hidden_units

    def clean(self) -> dict:
        super().clean()
        cleaned = self.cleaned_data
        year, due_on = cleaned.get("year"), cleaned.get("due_on")
        if year and due_on and due_on.year < year:
            self.add_error("due_on", _("The deadline falls before the task's year."))
        return cleaned


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that takes several files and reports every bad one, by name."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None) -> list[UploadedFile]:
        uploads = data if isinstance(data, list | tuple) else [data] if data else []
        if self.required and not uploads:
            raise ValidationError(self.error_messages["required"], code="required")
        cleaned: list[UploadedFile] = []
        errors: list[str] = []
        for upload in uploads:
            try:
                cleaned.append(super().clean(upload, initial))
            except ValidationError as error:
                errors.extend(
                    f"“{getattr(upload, 'name', '')}”: {message}"
                    for message in error.messages
                )
        if errors:
            raise ValidationError(errors)
        return cleaned


def validate_file_size(upload: UploadedFile) -> None:
    if (upload.size or 0) > MAX_FILE_SIZE:
        raise ValidationError(
            _("The file is larger than %(limit)s."),
            code="file_too_large",
            params={"limit": filesizeformat(MAX_FILE_SIZE)},
        )


def files_help_text() -> str:
    return gettext(
        "PDF, Word (.docx), Excel (.xlsx), JPG or PNG; "
        "at most %(count)d files of %(size)s each."
    ) % {"count": MAX_FILES, "size": filesizeformat(MAX_FILE_SIZE)}


class AttachmentFilesField(MultipleFileField):
    """The files behind an entry or a report: at most MAX_FILES, of the allowed kinds
    and size; `too_many` is the message for more than MAX_FILES."""

    def __init__(self, *, too_many: "StrOrPromise") -> None:
        accept = ",".join(f".{ext}" for ext in ALLOWED_EXTENSIONS)
        super().__init__(
            label=_("Attachments"),
            required=False,
            # Lazy, so that the text follows the reader's language, not the one at import.
            help_text=lazy(files_help_text, str)(),
            max_length=MAX_NAME_LENGTH,
            validators=[FileExtensionValidator(ALLOWED_EXTENSIONS), validate_file_size],
            widget=MultipleFileInput(attrs={"accept": accept}),
        )
        self.too_many = too_many

    def clean(self, data, initial=None) -> list[UploadedFile]:
        files = super().clean(data, initial)
        if len(files) > MAX_FILES:
            raise ValidationError(self.too_many, params={"count": MAX_FILES})
        return files


class ProgressForm(CleanTextMixin, forms.Form):
    """A dated entry of work done, with its files (pdf, docx, xlsx, jpg, png)."""

    happened_on = forms.DateField(
        label=_("Date"),
        initial=timezone.localdate,
        validators=[dates.happened],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    text = forms.CharField(
        label=_("What was done"), widget=forms.Textarea(attrs={"rows": 4})
    )
    # A field named files: the form's metaclass moves it off the class, so it never
    # hides BaseForm.files (the uploads), which is what the stubs see here.
    files = AttachmentFilesField(  # type: ignore[assignment]
        too_many=_("Attach at most %(count)d files to one entry.")
    )

    def clean_happened_on(self) -> date:
        happened_on = self.cleaned_data["happened_on"]
        if happened_on > timezone.localdate():
            raise ValidationError(
                _("Record work that has been done: not a future date.")
            )
        return happened_on


class KeyTaskFilter(django_filters.FilterSet):
    year = YearFilter()
    status = django_filters.ChoiceFilter(
        label=_("Status"), empty_label=_("All"), choices=KeyTask.Status
    )
    overdue = YesNoFilter(
        label=_("Overdue"),
        yes=_("Overdue"),
        no=_("Not overdue"),
        method="filter_overdue",
    )
    lead_unit = django_filters.ModelChoiceFilter(
        label=_("Lead unit"),
        empty_label=_("All"),
        queryset=Unit.objects.none(),
        widget=UnitSelect(params=UnitSelect.HISTORY),
    )

    class Meta:
        model = KeyTask
        fields = ["year", "status", "overdue", "lead_unit"]

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filters["lead_unit"].queryset = Unit.objects.visible_to(user)

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        overdue = KeyTask.objects.overdue(timezone.localdate()).values("pk")
        if value:
            return queryset.filter(pk__in=overdue)
        return queryset.exclude(pk__in=overdue)
