from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from core.forms import CleanTextMixin

from ..models import BottomLine, DutyTemplate, PortfolioArea

FIRST_YEAR = 2000
LAST_YEAR = 2100
FUTURE_ONLY = _(
    "Lists already generated keep the text they were generated with; "
    "a change applies to lists generated from now on."
)


def limit_year(field: forms.Field) -> None:
    """Keep a year within the range a catalogue can be kept for, in browser and server."""
    field.validators += [MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
    field.widget.attrs.update(min=FIRST_YEAR, max=LAST_YEAR)


class _CatalogueForm(CleanTextMixin, forms.ModelForm):
    """A catalogue entry: its year is chosen when it is created and fixed afterwards."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        limit_year(self.fields["year"])
        self.fields["year"].disabled = self.instance.pk is not None
        self.fields["number"].validators.append(MinValueValidator(1))
        self.fields["number"].widget.attrs["min"] = 1
        self.fields["text"].help_text = FUTURE_ONLY


class DutyTemplateForm(_CatalogueForm):
    class Meta:
        model = DutyTemplate
        fields = ["year", "subject", "number", "title", "text"]


class BottomLineForm(_CatalogueForm):
    class Meta:
        model = BottomLine
        fields = ["year", "subject", "number", "text"]
        help_texts = {
            "number": _("Numbered through all subjects, as decisions cite them."),
        }


class PortfolioAreaForm(CleanTextMixin, forms.ModelForm):
    class Meta:
        model = PortfolioArea
        fields = ["name", "duty_text", "is_forbidden_to_discipline_heads"]
        help_texts = {
            "is_forbidden_to_discipline_heads": _(
                "“三转”: a discipline secretary or stationed group head must not be "
                "in charge of this area."
            ),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["duty_text"].help_text = FUTURE_ONLY


class CatalogueCopyForm(CleanTextMixin, forms.Form):
    year = forms.IntegerField(min_value=FIRST_YEAR, max_value=LAST_YEAR)
