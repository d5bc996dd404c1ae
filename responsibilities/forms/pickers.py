"""Pickers of officials and units that search instead of listing (core.widgets).

Every form in every app that picks a person or a unit uses these, so a province's
60,000 officials and 10,000 units never reach a page as options.
"""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from core.widgets import SearchSelect, SearchSelectMultiple

OFFICIAL_SEARCH = reverse_lazy("responsibilities:official_search")
UNIT_SEARCH = reverse_lazy("responsibilities:unit_search")
OFFICIAL_PLACEHOLDER = _("Type a name, post or unit")
UNIT_PLACEHOLDER = _("Type a unit's name or code")


class OfficialSelect(SearchSelect):
    search_url = OFFICIAL_SEARCH
    placeholder = OFFICIAL_PLACEHOLDER


class OfficialSelectMultiple(SearchSelectMultiple):
    search_url = OFFICIAL_SEARCH
    placeholder = OFFICIAL_PLACEHOLDER


class UnitSelect(SearchSelect):
    search_url = UNIT_SEARCH
    placeholder = UNIT_PLACEHOLDER
    # A list's filter offers deactivated units too: older records still name them.
    HISTORY = {"inactive": 1}


class UnitSelectMultiple(SearchSelectMultiple):
    search_url = UNIT_SEARCH
    placeholder = UNIT_PLACEHOLDER
