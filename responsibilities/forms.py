from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext_lazy as _

from .models import Official, Unit, sees_all_units


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["parent", "kind", "name", "short_name", "code", "order"]

    def __init__(self, *args, user: AbstractBaseUser, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Unit.objects.visible_to(user).active()
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
        return self.cleaned_data["code"].strip().upper()


class OfficialForm(forms.ModelForm):
    class Meta:
        model = Official
        fields = ["unit", "name", "post", "rank", "subject", "is_party_member", "user"]

    def __init__(self, *args, user: AbstractBaseUser, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        visible_units = Unit.objects.visible_to(user)
        self.fields["unit"].queryset = visible_units.active()
        self.fields["user"].queryset = get_user_model().objects.filter(
            profile__unit__in=visible_units
        )
        self.fields["user"].help_text = _(
            "The login account this person signs with, if they have one."
        )

    def clean_name(self) -> str:
        return self.cleaned_data["name"].strip()
