"""What enforcement shows on a finding's page: where an escalated finding went, and the
ways to escalate one that may still be.

The page belongs to inspections, which may not know clues, accountability actions or
double inquiries; it gathers these blocks through core.hooks.
"""

from core.hooks import Block, Slot
from core.http import AuthenticatedHttpRequest
from inspections.models import Finding

from .models import AccountabilityAction, Clue, Escalation


def finding_follow_up(
    request: AuthenticatedHttpRequest, finding: Finding
) -> list[Block]:
    if finding.escalation:
        return _escalated(request, finding)
    if finding.can_be_escalated_by(request.user):
        return _ways_to_escalate(request, finding)
    return []


def _escalated(request: AuthenticatedHttpRequest, finding: Finding) -> list[Block]:
    """The badge saying where the finding went, and the records it became that the
    user may read."""
    user = request.user
    clue = None
    if user.has_perm("accountability.view_clue"):
        clue = Clue.objects.filter(finding=finding).first()
    actions = []
    if user.has_perm("accountability.view_accountabilityaction"):
        actions = list(
            AccountabilityAction.objects.filter(finding=finding).select_related(
                "official", "unit"
            )
        )
    badge = {"escalation": Escalation(finding.escalation).label, "finding": finding}
    return [
        Block("accountability/_finding_escalation.html", badge, Slot.BADGES),
        Block(
            "accountability/_finding_records.html", {"clue": clue, "actions": actions}
        ),
    ]


def _ways_to_escalate(
    request: AuthenticatedHttpRequest, finding: Finding
) -> list[Block]:
    """The buttons, and their dialogs, of each way to escalate the user is allowed: a
    clue, an accountability action, and a double inquiry for a finding above minor."""
    user = request.user
    context = {
        "finding": finding,
        "may_register_clue": user.has_perm("accountability.add_clue"),
        "may_hold_accountable": user.has_perm(
            "accountability.add_accountabilityaction"
        ),
        "may_open_inquiry": user.has_perm("accountability.add_inquiry")
        and finding.severity != Finding.Severity.MINOR,
    }
    return [
        Block("accountability/_finding_escalate_buttons.html", context, Slot.ACTIONS),
        Block("accountability/_finding_escalate_dialogs.html", context, Slot.DIALOGS),
    ]
