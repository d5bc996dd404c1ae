from django.apps import AppConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class AccountabilityConfig(AppConfig):
    name = "accountability"
    verbose_name = _("Cases and accountability")

    def home_panels(self, request: HttpRequest) -> list[dict]:
        from .panels import home_panels

        return home_panels(request)

    def unit_sections(self, request: HttpRequest, unit) -> list[dict]:
        from .sections import unit_sections

        return unit_sections(request, unit)

    def official_sections(self, request: HttpRequest, official) -> list[dict]:
        from .sections import official_sections

        return official_sections(request, official)

    def seed_demo(self, units: dict, logins: dict) -> str:
        from .demo import seed

        return f"Enforcement: {seed(units, logins)}."
