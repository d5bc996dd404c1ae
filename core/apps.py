from django.apps import AppConfig
from django.http import HttpRequest


class CoreConfig(AppConfig):
    name = "core"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the login audit receivers)

    def home_panels(self, request: HttpRequest) -> list[dict]:
        from .panels import home_panels

        return home_panels(request)
