from django.apps import AppConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.hooks import Block
from core.http import AuthenticatedHttpRequest


class AccountabilityConfig(AppConfig):
    name = "accountability"
    verbose_name = _("Cases and accountability")

    def nav_menus(self, request: HttpRequest) -> list[Block]:
        return [Block("accountability/_nav_menu.html")]

    def home_panels(self, request: AuthenticatedHttpRequest) -> list[Block]:
        from .panels import home_panels

        return home_panels(request)

    def unit_sections(self, request: HttpRequest, unit) -> list[Block]:
        from .sections import unit_sections

        return unit_sections(request, unit)

    def official_sections(self, request: HttpRequest, official) -> list[Block]:
        from .sections import official_sections

        return official_sections(request, official)

    def finding_follow_up(
        self, request: AuthenticatedHttpRequest, finding
    ) -> list[Block]:
        from .blocks import finding_follow_up

        return finding_follow_up(request, finding)
