"""The sign-off form: the leader's opinion, then the shared signing step."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .signing import SignatureForm

OPINION_MAX_LENGTH = 2000


class SignOffForm(SignatureForm):
    opinion = forms.CharField(
        label=_("Your opinion"),
        max_length=OPINION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "What you vouch for, e.g. 经审阅，同意该分解方案，本人对此负责。 "
            "It is signed with the document and cannot be changed afterwards."
        ),
    )

    # The fingerprint of the document as the page showed it (see document_digest), so
    # that a record changed meanwhile is not signed unseen. Browsers always send it.
    previewed = forms.CharField(required=False, widget=forms.HiddenInput)

    field_order = ["opinion", "password", "drawn_signature"]

    def cleaned_data_for_signing(self) -> dict[str, str]:
        """Return what the sign-off service takes: the opinion, the drawn signature and
        the fingerprint of what was read."""
        return {
            "opinion": self.cleaned_data["opinion"],
            "drawn_signature": self.cleaned_data["drawn_signature"],
            "previewed": self.cleaned_data["previewed"],
        }
