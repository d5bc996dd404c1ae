"""The catalogue of what the audit trail records, gathered from every app.

Each app declares its own action codes and labels in its module `audit.py`, as a
subclass of AuditAction named after the app (`InspectionsAuditAction`); core's own are
in core/audit.py. core may not import the domain apps, so it finds those modules the way
the admin finds `admin.py`, and a new action never needs a change in core.
"""

import functools
from collections.abc import Iterable
from importlib import import_module

from django.apps import AppConfig, apps
from django.core import checks
from django.db import models
from django.utils.module_loading import module_has_submodule


class AuditAction(models.TextChoices):
    """The base of an app's action codes. Each code is stored on the events it names,
    so it never changes once used; its label may."""


def declared_actions(
    app_configs: Iterable[AppConfig] | None = None,
) -> list[type[AuditAction]]:
    """Return the AuditAction subclasses of each app's `audit` module, in
    INSTALLED_APPS order (or of the apps given)."""
    declared = []
    for config in apps.get_app_configs() if app_configs is None else app_configs:
        if module_has_submodule(config.module, "audit"):
            module = import_module(f"{config.name}.audit")
            declared += [
                value
                for value in vars(module).values()
                if isinstance(value, type)
                and issubclass(value, AuditAction)
                and value is not AuditAction
                # Another app's class imported there is counted with its own app.
                and value.__module__ == module.__name__
            ]
    return declared


# Gathered once: the trail's page labels every row, and the apps cannot change after
# start-up.
@functools.cache
def action_labels() -> dict[str, str]:
    """Return every app's action codes with their labels, in INSTALLED_APPS order."""
    return {
        code: label for action in declared_actions() for code, label in action.choices
    }


def action_choices() -> list[tuple[str, str]]:
    return list(action_labels().items())


def check_action_codes_are_unique(
    app_configs: Iterable[AppConfig] | None = None, **kwargs
) -> list[checks.Error]:
    """Refuse to start when two apps declare one code: the trail could not tell which
    of them an event was."""
    first_declared_by: dict[str, type[AuditAction]] = {}
    errors = []
    for action in declared_actions(app_configs):
        for code in action.values:
            first = first_declared_by.setdefault(code, action)
            if first is not action:
                errors.append(_duplicate_code(code, first, action))
    return errors


def _duplicate_code(
    code: str, first: type[AuditAction], second: type[AuditAction]
) -> checks.Error:
    return checks.Error(
        f"The audit action code {code!r} is already declared by {_path(first)}.",
        hint="Give one of them a code of its own.",
        obj=_path(second),
        id="core.E001",
    )


def _path(action: type[AuditAction]) -> str:
    return f"{action.__module__}.{action.__qualname__}"
