from django.apps import AppConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "inspections"
    verbose_name = _("Supervision and rectification")

    def home_panels(self, request: HttpRequest) -> list[dict]:
        from .panels import home_panels

        return home_panels(request)

    def seed_demo(self, units: dict, logins: dict) -> str:
        from .demo_inspections import seed

        return f"Supervision: {seed(units, logins)}."
