"""The home page's enforcement panels, for discipline staff: clues waiting for a
handler, cases overdue in their stage, double inquiries still open."""

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from .models import Case, Clue, Inquiry

SHOWN = 10


def _panel(template: str, name: str, items: QuerySet, **extra) -> dict | None:
    """Return a panel of the first SHOWN items and how many there are in all, or None
    when there are none; the count costs a query only when the list is full."""
    shown = list(items[:SHOWN])
    if not shown:
        return None
    count = items.count() if len(shown) == SHOWN else len(shown)
    return {"template": template, name: shown, "count": count, **extra}


def clues_panel(request: HttpRequest) -> dict | None:
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
    if panel is not None:
        for clue in panel["clues"]:
            clue.is_late = clue.overdue_since(today) is not None
        panel["overdue_count"] = visible.overdue(today).count()
        panel["urgent"] = panel["overdue_count"] > 0
    return panel


def overdue_cases_panel(request: HttpRequest) -> dict | None:
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


def open_inquiries_panel(request: HttpRequest) -> dict | None:
    """Double inquiries (一案双查) still open, oldest first."""
    inquiries = (
        Inquiry.objects.visible_to(request.user)
        .open()
        .select_related("official", "unit", "case", "finding")
        .order_by("pk")
    )
    return _panel("accountability/_panel_inquiries.html", "inquiries", inquiries)


def home_panels(request: HttpRequest) -> list[dict]:
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
