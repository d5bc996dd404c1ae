from django.apps import AppConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class CommitmentsConfig(AppConfig):
    name = "commitments"
    verbose_name = _("Commitments and sign-offs")

    def home_panels(self, request: HttpRequest) -> list[dict]:
        from .panels import home_panels

        return home_panels(request)

    def seed_demo(self, units: dict, logins: dict) -> str:
        from . import demo_commitments, demo_signoffs

        letters = demo_commitments.seed(units, logins)
        sign_offs = demo_signoffs.seed(units, logins)
        return f"Commitments: {letters}; sign-offs: {sign_offs}."
