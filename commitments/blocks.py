"""The sign-offs (签字背书) shown on the pages of responsibility lists and duty reports.

Those pages belong to responsibilities, which may not know sign-offs; they gather these
blocks through core.hooks. Who may sign what is decided here and in the services, by
signing_leader and signing_secretary.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from core.hooks import Block, Slot
from responsibilities.models import DutyReport, ResponsibilityList

from .models import SignOff
from .models.signoffs import signing_leader, signing_secretary


def _shown(sign_offs: QuerySet[SignOff]) -> list[SignOff]:
    """Return the sign-offs oldest first, with who signed and when.

    The signed text and drawn signature are left behind: a page shows neither, and a
    drawn signature alone can weigh hundreds of kilobytes."""
    return list(
        sign_offs.select_related("official", "signature")
        .defer("signature__body", "signature__drawn_signature")
        .order_by("created_at", "pk")
    )


def list_sign_off(
    request: HttpRequest, responsibility_list: ResponsibilityList
) -> list[Block]:
    """The list's sign-offs, with the button for a leader of its unit who has not signed
    yet; an empty list is not signed off."""
    sign_offs = _shown(SignOff.objects.filter(responsibility_list=responsibility_list))
    official = signing_leader(responsibility_list, request.user)
    signed = {sign_off.official_id for sign_off in sign_offs}
    may_sign_off = (
        official is not None
        and official.pk not in signed
        and responsibility_list.duties.exists()
    )
    url = reverse("commitments:signoff_list_create", args=[responsibility_list.pk])
    context = {
        "sign_offs": sign_offs,
        "may_sign_off": may_sign_off,
        "sign_off_url": url if may_sign_off else "",
        "empty_text": _(
            "Not signed off yet: the unit's leaders sign off its breakdown, after "
            "which its duties no longer change."
        ),
    }
    return [Block("commitments/_sign_offs.html", context)]


def report_sign_off(request: HttpRequest, report: DutyReport) -> list[Block]:
    """The report's sign-offs beside it and, on a draft, what its notice says of signing
    off, with the button for the unit's party secretary."""
    is_draft = not report.is_submitted()
    may_sign_off = is_draft and signing_secretary(report, request.user) is not None
    url = reverse("commitments:signoff_report_create", args=[report.pk])
    if is_draft:
        empty_text = _("Not signed off yet.")
    else:
        empty_text = _("Submitted before sign-offs were signed online.")
    context = {
        "sign_offs": _shown(SignOff.objects.filter(duty_report=report)),
        "may_sign_off": may_sign_off,
        "sign_off_url": url if may_sign_off else "",
        "empty_text": empty_text,
    }
    blocks = [Block("commitments/_sign_offs.html", context, slot=Slot.ASIDE)]
    if is_draft:
        notice = Block("commitments/_report_draft_notice.html", context, Slot.NOTICE)
        blocks.append(notice)
    if may_sign_off:
        button = Block(
            "commitments/_report_sign_off_button.html", context, Slot.ACTIONS
        )
        blocks.append(button)
    return blocks


def report_signers(reports: Iterable[DutyReport], template: str) -> list[Block]:
    """A block per report naming who signed it off, keyed by the report's pk; one
    query for them all."""
    pks = [report.pk for report in reports]
    sign_offs = defaultdict(list)
    for sign_off in SignOff.objects.filter(duty_report__in=pks).select_related(
        "official"
    ):
        sign_offs[sign_off.duty_report_id].append(sign_off)
    return [Block(template, {"sign_offs": sign_offs[pk]}, key=pk) for pk in pks]
