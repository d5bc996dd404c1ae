"""What enforcement adds to a unit's and an official's page, for those allowed to see it."""

from django.http import HttpRequest

from core.hooks import Block
from responsibilities.models import Official, Unit

from .models import AccountabilityAction, ScoreSheet

# How many years of results and how many actions a page shows.
YEARS_SHOWN = 5
ACTIONS_SHOWN = 10


def _actions(request: HttpRequest):
    return (
        AccountabilityAction.objects.visible_to(request.user)
        .in_force()
        .select_related("official")
        .order_by("-decided_on", "-pk")
    )


def unit_sections(request: HttpRequest, unit: Unit) -> list[Block]:
    """Return the unit's assessment results of recent years, and the accountability
    actions against the unit itself: each only with its view permission."""
    sections = []
    user = request.user
    if user.has_perm("accountability.view_scoresheet"):
        sheets = (
            ScoreSheet.objects.visible_to(user)
            .filter(unit=unit)
            .select_related("scheme")
            .order_by("-scheme__year")[:YEARS_SHOWN]
        )
        sections.append(
            Block("accountability/_section_assessments.html", {"sheets": list(sheets)})
        )
    if user.has_perm("accountability.view_accountabilityaction"):
        actions = _actions(request).filter(unit=unit, official__isnull=True)
        sections.append(
            Block(
                "accountability/_section_actions.html",
                {"actions": list(actions[:ACTIONS_SHOWN]), "against_unit": True},
            )
        )
    return sections


def official_sections(request: HttpRequest, official: Official) -> list[Block]:
    """Return the accountability actions against the official, with view permission."""
    if not request.user.has_perm("accountability.view_accountabilityaction"):
        return []
    actions = _actions(request).filter(official=official)
    return [
        Block(
            "accountability/_section_actions.html",
            {"actions": list(actions[:ACTIONS_SHOWN]), "against_unit": False},
        )
    ]
