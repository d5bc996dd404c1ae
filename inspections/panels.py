"""The home page's supervision panels: notices and rectifications that need someone."""

from dataclasses import replace

from django.db.models import Q, QuerySet
from django.utils import timezone

from core.hooks import Block
from core.http import AuthenticatedHttpRequest
from responsibilities.models import Official

from .models import Notice, Rectification

SHOWN = 10


def _own_official(request: AuthenticatedHttpRequest) -> Official | None:
    return (
        Official.objects.active()
        .filter(user_id=request.user.pk)
        .select_related("unit")
        .first()
    )


def _panel(
    template: str, name: str, items: QuerySet, *, urgent: bool = False
) -> Block | None:
    """Return a panel of the first SHOWN items and how many there are in all, or None
    when there are none; the count costs a query only when the list is full."""
    shown = list(items[:SHOWN])
    if not shown:
        return None
    count = items.count() if len(shown) == SHOWN else len(shown)
    return Block(template, {name: shown, "count": count}, urgent=urgent)


def _rectifications_panel(
    template: str, rectifications: QuerySet, *, urgent: bool = False
) -> Block | None:
    related = rectifications.select_related("finding__unit", "responsible")
    return _panel(template, "rectifications", related, urgent=urgent)


def notices_panel(
    request: AuthenticatedHttpRequest, official: Official
) -> Block | None:
    """Issued notices to the official's unit (or to them as a leader) not yet
    acknowledged; urgent for the one who acknowledges: the unit's party secretary."""
    addressed = Q(recipient_unit_id=official.unit_id) | Q(recipient_leader=official)
    notices = (
        Notice.objects.visible_to(request.user)
        .filter(addressed, status=Notice.Status.ISSUED)
        .select_related("recipient_unit")
        .order_by("response_due_on", "issued_at", "pk")
    )
    panel = _panel("inspections/_panel_notices.html", "notices", notices)
    if panel is None:
        return None
    is_main_leader = official.subject == Official.Subject.MAIN_LEADER
    to_them = any(n.recipient_leader_id == official.pk for n in panel["notices"])
    return replace(panel, urgent=is_main_leader or to_them)


def my_rectifications_panel(
    request: AuthenticatedHttpRequest, official: Official
) -> Block | None:
    """Rectifications the user reports on (as the responsible official, or as the
    unit's party secretary) still to do, nearest deadline first."""
    mine = Q(responsible=official)
    if official.subject == Official.Subject.MAIN_LEADER:
        mine |= Q(finding__unit_id=official.unit_id)
    rectifications = (
        Rectification.objects.visible_to(request.user)
        .pending()
        .filter(mine)
        .order_by("due_on", "pk")
    )
    return _rectifications_panel(
        "inspections/_panel_my_rectifications.html", rectifications, urgent=True
    )


def to_verify_panel(request: AuthenticatedHttpRequest) -> Block | None:
    """For discipline staff: completion reports waiting for their check, oldest first."""
    reports = (
        Rectification.objects.visible_to(request.user)
        .filter(status=Rectification.Status.SUBMITTED)
        .order_by("submitted_at", "pk")
    )
    return _rectifications_panel(
        "inspections/_panel_to_verify.html", reports, urgent=True
    )


def overdue_panel(request: AuthenticatedHttpRequest) -> Block | None:
    """For discipline staff: overdue rectifications in their scope, longest overdue first."""
    overdue = Rectification.objects.visible_to(request.user).overdue(
        timezone.localdate()
    )
    return _rectifications_panel(
        "inspections/_panel_overdue_rectifications.html", overdue
    )


def home_panels(request: AuthenticatedHttpRequest) -> list[Block]:
    if not request.user.is_authenticated:
        return []
    candidates = []
    official = _own_official(request)
    if official is not None:
        candidates += [
            notices_panel(request, official),
            my_rectifications_panel(request, official),
        ]
    if request.user.has_perm("inspections.change_rectification"):
        candidates += [to_verify_panel(request), overdue_panel(request)]
    return [panel for panel in candidates if panel]
