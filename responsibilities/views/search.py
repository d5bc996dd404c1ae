"""The searches behind the pickers of officials and units (forms/pickers.py)."""

from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Q
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from ..models import Official, Unit

# Enough to find someone by a few characters; a longer list is a cue to type more.
MAX_RESULTS = 20


def _term(request: HttpRequest) -> str:
    return request.GET.get("q", "").strip()[:50]


def _wants(request: HttpRequest, name: str) -> bool:
    return request.GET.get(name) == "1"


@login_required
@permission_required("responsibilities.view_official", raise_exception=True)
@require_GET
def official_search(request: HttpRequest) -> JsonResponse:
    """Return the visible officials matching a name (prefix), post or unit name.

    `unit` narrows to that unit and those below it (if the user may see it);
    `rank` and `subject` (repeatable) keep those; `inactive=1` includes officials who
    have left. The same few queries whatever the match.
    """
    visible = Unit.objects.visible_to(request.user)
    officials = Official.objects.visible_to(request.user)
    unit_pk = request.GET.get("unit", "")
    if unit_pk.isdecimal():
        unit = visible.filter(pk=unit_pk).only("pk", "path").first()
        officials = (
            officials.filter(unit__in=Unit.objects.under(unit))
            if unit
            else officials.none()
        )
    if not _wants(request, "inactive"):
        officials = officials.active()
    for name in ("rank", "subject"):
        if values := request.GET.getlist(name):
            officials = officials.filter(**{f"{name}__in": values})
    term = _term(request)
    if term:
        officials = officials.filter(
            Q(name__startswith=term)
            | Q(post__contains=term)
            | Q(unit__name__contains=term)
        )
    found = officials.select_related("unit").order_by("name", "pk")[:MAX_RESULTS]
    return JsonResponse(
        {
            "results": [
                {
                    "value": official.pk,
                    "text": f"{official.unit.display_name} · {official.name}"
                    f"（{official.post}）",
                }
                for official in found
            ]
        }
    )


@login_required
@permission_required("responsibilities.view_unit", raise_exception=True)
@require_GET
def unit_search(request: HttpRequest) -> JsonResponse:
    """Return the visible active units whose name contains the term, or whose code it
    is; `committee=1` keeps the units led by a party committee, `inactive=1` adds
    the deactivated ones."""
    units = Unit.objects.visible_to(request.user)
    if not _wants(request, "inactive"):
        units = units.active()
    if _wants(request, "committee"):
        units = units.with_committee()
    term = _term(request)
    if term:
        units = units.filter(Q(name__contains=term) | Q(code=term.upper()))
    found = units.order_by("order", "name", "pk")[:MAX_RESULTS]
    return JsonResponse(
        {"results": [{"value": unit.pk, "text": unit.name} for unit in found]}
    )
