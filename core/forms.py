"""What every form of the project shares."""

from typing import cast

from django import forms

from .text import strip_invisible


class CleanTextMixin(forms.BaseForm):
    """Strip control and format characters from every text a form takes.

    A name or a title keeps none (a U+202E override makes it read other than it is
    stored); a multi-line text keeps its tabs and line breaks; a field that keeps what
    was typed exactly (strip=False, as a password) is left alone. The posted data is
    cleaned before any field sees it, so lengths, formats and uniqueness are checked on
    the text that is stored.
    """

    def full_clean(self) -> None:
        if self.is_bound:
            self.data = self._without_invisible_characters(self.data)
        super().full_clean()

    def _without_invisible_characters(self, data):
        cleaned = data.copy()
        for name, field in self.fields.items():
            if not (isinstance(field, forms.CharField) and field.strip):
                continue
            key = self.add_prefix(name)
            if key not in cleaned:
                continue
            multiline = isinstance(field.widget, forms.Textarea)
            values = [
                strip_invisible(value, multiline=multiline)
                if isinstance(value, str)
                else value
                for value in _values(cleaned, key)
            ]
            if hasattr(cleaned, "setlist"):
                cleaned.setlist(key, values)
            else:
                cleaned[key] = values[0]
        return cleaned


def _values(data, key: str) -> list:
    return data.getlist(key) if hasattr(data, "getlist") else [data[key]]


def model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    """Return the form's field `name`, typed as the ModelChoiceField (or multiple) it
    is, for a form that narrows its queryset or labels to the user."""
    return cast(forms.ModelChoiceField, form.fields[name])
