"""Every yes/no filter of every list offers All (the default), not "Unknown"."""

import importlib

import django_filters
from django.conf import settings

from core.filters import YesNoFilter


def filtersets(cls: type = django_filters.FilterSet) -> list[type]:
    found = []
    for subclass in cls.__subclasses__():
        found += [subclass, *filtersets(subclass)]
    return found


def test_every_yes_no_filter_offers_all_first():
    # The URLconf imports every view, and so every filter a list page uses.
    importlib.import_module(settings.ROOT_URLCONF)
    ours = [
        filterset
        for filterset in filtersets()
        if filterset.__module__.split(".")[0] in settings.LOCAL_APPS
    ]

    booleans = [
        f"{filterset.__name__}.{name}"
        for filterset in ours
        for name, declared in filterset.base_filters.items()
        if isinstance(declared, django_filters.BooleanFilter)
        and not isinstance(declared, YesNoFilter)
    ]

    assert len(ours) >= 10
    assert booleans == []
