from django.apps import AppConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class ResponsibilitiesConfig(AppConfig):
    name = "responsibilities"
    verbose_name = _("Organisation and responsibilities")

    def home_panels(self, request: HttpRequest) -> list[dict]:
        from .panels import home_panels

        return home_panels(request)
