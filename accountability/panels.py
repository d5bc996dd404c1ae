"""The home page's enforcement panels, for discipline staff: clues waiting for a
handler, cases overdue in their stage, double inquiries still open."""

from dataclasses import replace

from django.db.models import Count, Min, QuerySet
from django.utils import timezone

from core.hooks import Block
from core.http import AuthenticatedHttpRequest
from inspections.models import Finding

from .models import Case, Clue, Inquiry

SHOWN = 10


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


def clues_panel(request: AuthenticatedHttpRequest) -> Block | None:
    """Clues waiting: unassigned ones, and assigned ones left undisposed past the set
    days, oldest first; urgent when any of them is overdue."""
    today = timezone.localdate()
    visible = Clue.objects.visible_to(request.user)
    waiting = (
        (visible.unassigned() | visible.overdue(today))
        .select_related("unit", "handler")
        .order_by("received_on", "pk")
    )
    panel = _panel("accountability/_panel_clues.html", "clues", waiting)
    if panel is None:
        return None
    for clue in panel["clues"]:
        clue.is_late = clue.overdue_since(today) is not None
    overdue_count = visible.overdue(today).count()
    return replace(
        panel,
        context={**panel.context, "overdue_count": overdue_count},
        urgent=overdue_count > 0,
    )


def overdue_cases_panel(request: AuthenticatedHttpRequest) -> Block | None:
    """Cases past their stage's deadline, longest overdue first."""
    cases = (
        Case.objects.visible_to(request.user)
        .overdue(timezone.localdate())
        .select_related("unit")
        .order_by("stage_due_on", "pk")
    )
    return _panel(
        "accountability/_panel_overdue_cases.html", "cases", cases, urgent=True
    )


def open_inquiries_panel(request: AuthenticatedHttpRequest) -> Block | None:
    """The cases and findings whose double inquiry (一案双查) still has open inquiries,
    the longest waiting first, each with how many leaders are still under inquiry."""
    waiting = list(
        Inquiry.objects.visible_to(request.user)
        .open()
        .values("case", "finding")
        .annotate(open_count=Count("pk"), first=Min("pk"))
        .order_by("first")[:SHOWN]
    )
    if not waiting:
        return None
    cases = Case.objects.in_bulk([row["case"] for row in waiting if row["case"]])
    findings = Finding.objects.select_related("unit").in_bulk(
        [row["finding"] for row in waiting if row["finding"]]
    )
    records = [
        {
            "record": cases.get(row["case"]) or findings[row["finding"]],
            "open_count": row["open_count"],
        }
        for row in waiting
    ]
    return Block("accountability/_panel_inquiries.html", {"records": records})


def home_panels(request: AuthenticatedHttpRequest) -> list[Block]:
    if not request.user.is_authenticated:
        return []
    user = request.user
    candidates = []
    if user.has_perm("accountability.view_clue"):
        candidates.append(clues_panel(request))
    if user.has_perm("accountability.view_case"):
        candidates.append(overdue_cases_panel(request))
    if user.has_perm("accountability.view_inquiry"):
        candidates.append(open_inquiries_panel(request))
    return [panel for panel in candidates if panel]
