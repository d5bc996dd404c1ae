"""The home page's "letters to sign" panel."""

from django.http import HttpRequest

from .models import Letter


def letters_to_sign_panel(request: HttpRequest) -> dict | None:
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
    return {
        "template": "commitments/_panel_letters_to_sign.html",
        "letters": letters,
        "urgent": True,
    }


def home_panels(request: HttpRequest) -> list[dict]:
    panel = letters_to_sign_panel(request)
    return [panel] if panel else []
