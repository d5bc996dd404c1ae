"""What the domain apps offer to pages they are not allowed to import from them."""

from typing import Any

from django.apps import apps


def gather(hook: str, *args: Any) -> list[dict]:
    """Return, in INSTALLED_APPS order, what each app's AppConfig offers through its
    method `hook` (e.g. `home_panels(request)`): a list of dicts, each naming the
    "template" that renders it. Apps without the method offer nothing."""
    offered = []
    for config in apps.get_app_configs():
        if hasattr(config, hook):
            offered.extend(getattr(config, hook)(*args))
    return offered
