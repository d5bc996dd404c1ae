"""The signing step shared by letters and sign-offs: the password again, and a drawn signature."""

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from core.forms import CleanTextMixin

from ..services.signing import validate_drawn_signature


class SignatureForm(CleanTextMixin, forms.Form):
    """Confirm who is signing. The drawn signature comes from the signature pad's canvas
    as a PNG data URL in a hidden field; leaving it empty signs with the typed name."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Signing is done by you alone: confirm it with your password."),
    )
    drawn_signature = forms.CharField(
        required=False,
        widget=forms.HiddenInput,
        validators=[validate_drawn_signature],
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."))
        return password
