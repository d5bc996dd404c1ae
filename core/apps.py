from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the login audit receivers)
