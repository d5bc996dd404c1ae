from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo city 中州市 and `manage.py seed_demo`; not installed in production."""

    name = "demo"
    verbose_name = "中州市 demo"
