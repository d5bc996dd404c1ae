from django.apps import AppConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.hooks import Block
from core.http import AuthenticatedHttpRequest


class InspectionsConfig(AppConfig):
    name = "inspections"
    verbose_name = _("Supervision and rectification")

    def nav_menus(self, request: HttpRequest) -> list[Block]:
        return [Block("inspections/_nav_menu.html")]

    def home_panels(self, request: AuthenticatedHttpRequest) -> list[Block]:
        from .panels import home_panels

        return home_panels(request)
