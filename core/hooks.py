"""What the domain apps offer to pages they may not import from.

Apps depend one way (responsibilities <- commitments <- inspections <- accountability),
yet a lower app's page shows what a higher one keeps: a list's sign-offs, the clue a
finding became. The page's view gathers those blocks through a hook, and each app
answers with its AppConfig method of the hook's name, e.g.
`CommitmentsConfig.list_sign_off(request, responsibility_list)`, returning Blocks that
the page renders with `{% render_blocks %}` (core/templatetags/blocks.py) without
naming the app. A misspelt hook method is refused at start-up, a misspelt hook when
gathered.
"""

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any

from django.apps import AppConfig, apps
from django.core import checks


class Hook(StrEnum):
    """The hooks, each named after the AppConfig method that answers it."""

    NAV_MENUS = "nav_menus"  # (request): the navbar's menus
    HOME_PANELS = "home_panels"  # (request): "what needs me" and "at a glance"
    UNIT_SECTIONS = "unit_sections"  # (request, unit)
    OFFICIAL_SECTIONS = "official_sections"  # (request, official)
    LIST_SIGN_OFF = "list_sign_off"  # (request, responsibility_list)
    REPORT_SIGN_OFF = "report_sign_off"  # (request, report)
    # (request, reports): a block per report, keyed by its pk, for a table's rows.
    REPORT_SIGNERS = "report_signers"
    # (request, reports): a block per report, keyed by its pk, for a meeting's reviews.
    REVIEWED_REPORT_SIGNERS = "reviewed_report_signers"
    FINDING_FOLLOW_UP = "finding_follow_up"  # (request, finding)


class Slot(StrEnum):
    """Where on its page a block goes; a page renders the slots it has."""

    MAIN = "main"  # the page's main column, or a table's cell
    ASIDE = "aside"  # the side column
    BADGES = "badges"  # beside the page's title
    NOTICE = "notice"  # the words of the page's notice
    ACTIONS = "actions"  # the buttons beside the title or in the notice
    DIALOGS = "dialogs"  # modal dialogs, at the end of the page
    # The home page's "at a glance", apart from what needs the user.
    OVERVIEW = "overview"


@dataclass(frozen=True)
class Block:
    """One block an app offers to a page: the template that draws it and what that
    template reads. `order` sorts blocks before INSTALLED_APPS order does; `key` names
    the row (a record's pk) a block of a table belongs to; an `urgent` home panel waits
    on the user's own action and comes first."""

    template: str
    context: Mapping[str, Any] = field(default_factory=dict)
    slot: Slot = Slot.MAIN
    order: int = 0
    key: Hashable = None
    urgent: bool = False

    def __getitem__(self, name: str) -> Any:
        """Return the field, or else the context value, of that name: templates read a
        panel as `{{ panel.clues }}`."""
        if name in _FIELD_NAMES:
            return getattr(self, name)
        return self.context[name]

    def get(self, name: str, default: Any = None) -> Any:
        try:
            return self[name]
        except KeyError:
            return default


_FIELD_NAMES = frozenset(block_field.name for block_field in fields(Block))
KNOWN_HOOKS = frozenset(Hook)


def gather(hook: Hook, *args: Any) -> list[Block]:
    """Return the blocks each installed app offers through its method named after the
    hook, by `order` and then INSTALLED_APPS order; an app without the method offers
    nothing. Raise ValueError for a name that is no Hook."""
    name = Hook(hook)
    offered = []
    for config in apps.get_app_configs():
        method = getattr(config, name, None)
        if method is not None:
            offered.extend(method(*args))
    return sorted(offered, key=lambda block: block.order)


def check_hook_methods(
    app_configs: Iterable[AppConfig] | None = None, **kwargs: Any
) -> list[checks.Error]:
    """Refuse to start when an AppConfig has a public method that answers no hook: a
    misspelt hook method would offer nothing, and silently."""
    configs = apps.get_app_configs() if app_configs is None else app_configs
    return [
        checks.Error(
            f"{type(config).__qualname__}.{name}() answers no hook, so it is never "
            "called.",
            hint=f"Name it after a member of core.hooks.Hook ({', '.join(Hook)}), "
            f"or make it private (_{name}).",
            obj=type(config),
            id="core.E002",
        )
        for config in configs
        for name in _added_methods(type(config))
        if name not in KNOWN_HOOKS
    ]


def _added_methods(config_class: type[AppConfig]) -> list[str]:
    """Return the public methods an AppConfig subclass adds to Django's AppConfig."""
    added = {}
    for klass in config_class.__mro__:
        if klass is AppConfig or not issubclass(klass, AppConfig):
            continue
        for name, value in vars(klass).items():
            is_method = callable(value) or isinstance(value, classmethod | staticmethod)
            if is_method and not name.startswith("_") and not hasattr(AppConfig, name):
                added[name] = value
    return list(added)
