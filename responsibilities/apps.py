from django.apps import AppConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.hooks import Block
from core.http import AuthenticatedHttpRequest


class ResponsibilitiesConfig(AppConfig):
    name = "responsibilities"
    verbose_name = _("Organisation and responsibilities")

    def nav_menus(self, request: HttpRequest) -> list[Block]:
        # The links to units, officials and the import come after every app's menu.
        return [
            Block("responsibilities/_nav_menu.html"),
            Block("responsibilities/_nav_links.html", order=1),
        ]

    def home_panels(self, request: AuthenticatedHttpRequest) -> list[Block]:
        from .panels import home_panels

        return home_panels(request)
