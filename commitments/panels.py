"""The home page's "letters to sign" panel, and the year's letters for those who run
campaigns."""

from django.db.models import Count, Q
from django.utils import timezone

from core.hooks import Block, Slot
from core.http import AuthenticatedHttpRequest

from .models import Campaign, Letter


def letters_to_sign_panel(request: AuthenticatedHttpRequest) -> Block | None:
    """For an addressee: the letters awaiting their signature, nearest deadline first."""
    letters = list(
        Letter.objects.addressed_to(request.user)
        .unsigned()
        .select_related("campaign")
        .order_by("campaign__deadline", "pk")
    )
    if not letters:
        return None
    # A letter awaiting the user's own signature is the first thing they should see.
    return Block(
        "commitments/_panel_letters_to_sign.html", {"letters": letters}, urgent=True
    )


def year_letters_panel(request: AuthenticatedHttpRequest) -> Block:
    """For those who run campaigns: this year's campaigns and their letters, issued,
    signed and overdue; two queries whatever the numbers."""
    today = timezone.localdate()
    letters = Letter.objects.visible_to(request.user).live()
    counts = letters.filter(campaign__year=today.year).aggregate(
        issued=Count("pk"),
        signed=Count("pk", filter=Q(status=Letter.Status.SIGNED)),
        overdue=Count(
            "pk",
            filter=Q(status=Letter.Status.ISSUED, campaign__deadline__lt=today),
        ),
    )
    campaigns = Campaign.objects.visible_to(request.user).filter(year=today.year)
    return Block(
        "commitments/_panel_year_letters.html",
        {"year": today.year, "campaign_count": campaigns.count(), **counts},
        slot=Slot.OVERVIEW,
    )


def home_panels(request: AuthenticatedHttpRequest) -> list[Block]:
    panel = letters_to_sign_panel(request)
    panels = [panel] if panel else []
    if request.user.has_perm("commitments.add_campaign"):
        panels.append(year_letters_panel(request))
    return panels
