from django.apps import AppConfig
from django.core import checks

from .hooks import Block, check_hook_methods
from .http import AuthenticatedHttpRequest


class CoreConfig(AppConfig):
    name = "core"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the login audit receivers)
        from .audit_actions import check_action_codes_are_unique

        checks.register(check_action_codes_are_unique)
        checks.register(check_hook_methods)

    def home_panels(self, request: AuthenticatedHttpRequest) -> list[Block]:
        from .panels import home_panels

        return home_panels(request)
