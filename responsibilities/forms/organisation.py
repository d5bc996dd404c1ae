import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db.models import Q, QuerySet
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core import roles
from core.filters import YesNoFilter
from core.forms import CleanTextMixin, model_choice_field

from .. import importing
from ..models import Official, Unit, sees_all_units
from .pickers import UnitSelect

MAX_UPLOAD_SIZE = 5 * 1024 * 1024


class UnitForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["parent", "kind", "name", "short_name", "code", "order"]
        widgets = {"parent": UnitSelect}

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        current = Q(pk=self.instance.parent_id)
        model_choice_field(self, "parent").queryset = Unit.objects.filter(
            Q(pk__in=Unit.objects.visible_to(user).active()) | current
        )
        # Only someone who sees the whole organisation may add a new top-level unit.
        self.fields["parent"].required = not sees_all_units(user)

    def clean_parent(self) -> Unit | None:
        parent = self.cleaned_data["parent"]
        if parent and self.instance.pk and parent.is_under(self.instance):
            raise forms.ValidationError(
                _("A unit cannot be placed under itself or one of its own units.")
            )
        return parent

    def clean_code(self) -> str:
        return Unit.normalise_code(self.cleaned_data["code"])


class OfficialForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = Official
        fields = ["unit", "name", "post", "rank", "subject", "is_party_member", "user"]
        widgets = {"unit": UnitSelect}

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        visible_units = Unit.objects.visible_to(user)
        # An official in a deactivated unit can still be corrected, or moved out of it.
        model_choice_field(self, "unit").queryset = Unit.objects.filter(
            Q(pk__in=visible_units.active()) | Q(pk=self.instance.unit_id)
        )
        model_choice_field(self, "user").queryset = signer_accounts(
            visible_units, editor=user, official=self.instance
        )
        self.fields["user"].help_text = _(
            "The login account this person signs with, if they have one."
        )


def signer_accounts(
    units: QuerySet[Unit], *, editor: User, official: Official
) -> QuerySet:
    """Return the accounts that may be linked to the official, and so sign as them.

    Never the editor's own account (nobody may arrange to sign for someone else), never
    an administrator's or auditor's, and never one already linked to another official.
    """
    separated_roles = [roles.ADMINISTRATOR, roles.AUDITOR]
    return (
        get_user_model()
        .objects.filter(profile__unit__in=units, is_active=True)
        .exclude(pk=editor.pk)
        .exclude(groups__name__in=separated_roles)
        .filter(Q(official__isnull=True) | Q(official=official.pk))
    )


class ImportUploadForm(CleanTextMixin, forms.Form):
    sheet = forms.FileField(
        label=_("Sheet (.xlsx)"),
        help_text=_("Fill in the template; at most 5 MB."),
        validators=[FileExtensionValidator(["xlsx"])],
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_sheet(self) -> dict[str, importing.Rows]:
        """Return the rows the sheet holds: it is read here, once, for good."""
        sheet = self.cleaned_data["sheet"]
        if sheet.size > MAX_UPLOAD_SIZE:
            message = _("The file is larger than %(limit)s.")
            raise ValidationError(message % {"limit": filesizeformat(MAX_UPLOAD_SIZE)})
        return importing.read_workbook(sheet)


class ActiveFilter(YesNoFilter):
    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("label", _("Status"))
        super().__init__(yes=_("Active"), no=_("Inactive"), **kwargs)


class OfficialFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(
        label=pgettext_lazy("person", "Name"), lookup_expr="icontains"
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit (and the units below it)"),
        empty_label=_("All"),
        queryset=Unit.objects.none(),
        method="filter_unit_tree",
        widget=UnitSelect(params=UnitSelect.HISTORY),
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

    def __init__(self, *args, user: User, **kwargs) -> None:
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
