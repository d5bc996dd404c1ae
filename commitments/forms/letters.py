"""Forms of the signer's flow and of the public commitment board."""

import hashlib

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.documents.verification import normalise_verification_code
from core.forms import CleanTextMixin
from core.text import strip_invisible
from responsibilities.models import Unit

from ..models import Letter

PERSONAL_TEXT_MAX_LENGTH = 5000


def preview_digest(letter: Letter, personal_text: str) -> str:
    """Return a fingerprint of the letter as the signer reads it on the preview page."""
    shown = "\x00".join([letter.render_title(), letter.render_body(), personal_text])
    return hashlib.sha256(shown.encode()).hexdigest()


class PersonalTextField(forms.CharField):
    """The signer's own words, with line ends as one "\n" however the browser sent them.

    Spaces are kept as typed; invisible characters are not, since the text is published
    on the commitment board.
    """

    def to_python(self, value: str | None) -> str:
        text = (
            (super().to_python(value) or "").replace("\r\n", "\n").replace("\r", "\n")
        )
        return strip_invisible(text, multiline=True)


class DraftForm(CleanTextMixin, forms.Form):
    personal_text = PersonalTextField(
        label=_("My personal commitments"),
        required=False,
        strip=False,
        max_length=PERSONAL_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    # The draft revision the page started from, moved on by each save it makes.
    revision = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    # Sent by the button that saves the writer's text over a draft saved meanwhile,
    # which the page has just shown them: the revision that text replaces.
    overwrite = forms.IntegerField(required=False, min_value=0)

    def based_on(self) -> int | None:
        """Return the draft revision this save may replace."""
        overwrite = self.cleaned_data["overwrite"]
        return self.cleaned_data["revision"] if overwrite is None else overwrite


class SignOptionsForm(CleanTextMixin, forms.Form):
    """What the signer previewed, and whether they publish it.

    The personal text travels with the form, so what is signed is exactly what the
    preview showed, and a wrong password loses nothing typed.
    """

    personal_text = PersonalTextField(
        required=False,
        strip=False,
        max_length=PERSONAL_TEXT_MAX_LENGTH,
        widget=forms.HiddenInput,
    )
    previewed = forms.CharField(widget=forms.HiddenInput)
    is_public = forms.BooleanField(
        label=_("Publish my commitment on the public board (公开承诺)"),
        required=False,
        help_text=_(
            "Your name, post, unit and personal commitments will be shown on the "
            "public commitment board and its touch screen."
        ),
    )

    def __init__(self, *args, letter: Letter, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.letter = letter
        if not letter.has_personal_part():
            del self.fields["is_public"]

    def clean(self) -> dict:
        super().clean()
        cleaned_data = self.cleaned_data
        personal_text = cleaned_data.get("personal_text", "")
        previewed = cleaned_data.get("previewed")
        if previewed and previewed != preview_digest(self.letter, personal_text):
            raise forms.ValidationError(
                _(
                    "The letter's text changed after you opened this page. Read it "
                    "again below before signing."
                )
            )
        return cleaned_data


def _board_years() -> list[tuple[int, int]]:
    """This year, whether or not anything is published yet, and every published year."""
    years = set(
        Letter.objects.published()
        .order_by()
        .values_list("campaign__year", flat=True)
        .distinct()
    )
    years.add(timezone.localdate().year)
    return [(year, year) for year in sorted(years, reverse=True)]


def _published_units(request: HttpRequest | None) -> QuerySet[Unit]:
    published = Letter.objects.published().values("unit")
    return Unit.objects.filter(pk__in=published).order_by("order", "name")


class CommitmentBoardFilter(django_filters.FilterSet):
    """The public board's year, unit and name search; the year defaults to this year."""

    year = django_filters.ChoiceFilter(
        label=_("Year"), field_name="campaign__year", empty_label=None
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit"), queryset=_published_units, empty_label=_("All units")
    )
    q = django_filters.CharFilter(
        label=pgettext_lazy("person", "Name"),
        field_name="signature__signer_name",
        lookup_expr="icontains",
    )

    class Meta:
        model = Letter
        fields = ["year", "unit", "q"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["choices"] = _board_years


class VerificationCodeForm(CleanTextMixin, forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=40,
        help_text=_("The code printed at the foot of the signed document."),
        widget=forms.TextInput(
            attrs={"autocapitalize": "characters", "autocomplete": "off"}
        ),
    )

    def clean_code(self) -> str:
        code = normalise_verification_code(self.cleaned_data["code"])
        # Codes are letters and digits; anything else could not even be put in a link.
        if not code.isascii() or not code.isalnum():
            raise ValidationError(_("A verification code has only letters and digits."))
        return code
