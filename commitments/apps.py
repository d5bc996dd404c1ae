from collections.abc import Iterable

from django.apps import AppConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.hooks import Block
from core.http import AuthenticatedHttpRequest


class CommitmentsConfig(AppConfig):
    name = "commitments"
    verbose_name = _("Commitments and sign-offs")

    def nav_menus(self, request: HttpRequest) -> list[Block]:
        return [Block("commitments/_nav_menu.html")]

    def home_panels(self, request: AuthenticatedHttpRequest) -> list[Block]:
        from .panels import home_panels

        return home_panels(request)

    def list_sign_off(self, request: HttpRequest, responsibility_list) -> list[Block]:
        from .blocks import list_sign_off

        return list_sign_off(request, responsibility_list)

    def report_sign_off(self, request: HttpRequest, report) -> list[Block]:
        from .blocks import report_sign_off

        return report_sign_off(request, report)

    def report_signers(self, request: HttpRequest, reports: Iterable) -> list[Block]:
        from .blocks import report_signers

        return report_signers(reports, "commitments/_report_signers.html")

    def reviewed_report_signers(
        self, request: HttpRequest, reports: Iterable
    ) -> list[Block]:
        from .blocks import report_signers

        return report_signers(reports, "commitments/_reviewed_report_signers.html")
