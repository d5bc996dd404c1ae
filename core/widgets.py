"""Select widgets that search the server instead of listing every choice.

A city has thousands of people and units; a <select> holding all of them makes every
form page heavy. These widgets render only the chosen option(s), and
static/js/search-select.js fetches the rest from `search_url` as the user types. The
field's queryset is untouched, so validation still refuses a choice outside it.
"""

from collections.abc import Iterator
from typing import Any, Self, cast

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _


class _SearchMixin(forms.Select):
    search_url: Any = ""
    placeholder: Any = _("Type to search")

    def __init__(
        self,
        attrs: dict | None = None,
        *,
        narrow_by: str = "",
        params: dict | None = None,
    ) -> None:
        """`narrow_by` names a field of the same form whose value the search also
        sends, under that name; `params` are query parameters it always sends."""
        super().__init__(attrs)
        self.narrow_by = narrow_by
        self.params = dict(params or {})

    def __deepcopy__(self, memo: dict) -> Self:
        obj = super().__deepcopy__(memo)
        obj.params = dict(self.params)
        return obj

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict:
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs["data-search-url"] = str(self.search_url)
        widget_attrs["data-search-placeholder"] = str(self.placeholder)
        widget_attrs["data-search-empty"] = str(_("No matches"))
        widget_attrs["data-search-loading"] = str(_("Searching…"))
        widget_attrs["data-search-clear"] = str(_("Clear"))
        if self.params:
            widget_attrs["data-search-params"] = urlencode(self.params, doseq=True)
        if self.narrow_by:
            widget_attrs["data-narrow-by"] = self.narrow_by
        return context

    def optgroups(self, name: str, value: list, attrs: dict | None = None) -> list:
        everything = self.choices
        self.choices = list(self._chosen(value))
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = everything

    def _chosen(self, value: list) -> Iterator:
        """Yield the empty choice, if any, and the chosen ones still in the queryset."""
        field = getattr(self.choices, "field", None)
        if field is None:
            yield from self.choices
            return
        if field.empty_label is not None:
            yield ("", field.empty_label)
        picked = [item for item in value if item not in (None, "")]
        if not picked:
            return
        key = field.to_field_name or "pk"
        try:
            objects = list(field.queryset.filter(**{f"{key}__in": picked}))
        # A key beyond the column's range is no choice either (SQLite cannot bind it).
        except (ValueError, TypeError, OverflowError, ValidationError):
            return
        # Choices that carry their field are a model field's iterator.
        choices = cast(ModelChoiceIterator, self.choices)
        for obj in objects:
            yield choices.choice(obj)

    def use_required_attribute(self, initial: Any) -> bool:
        # The select is hidden behind the search box, where the browser cannot point
        # at it; the server's own check reports a missing choice.
        return False


class SearchSelect(_SearchMixin, forms.Select):
    pass


class SearchSelectMultiple(_SearchMixin, forms.SelectMultiple):
    pass
