"""The home page's "what needs me" panels for organisation and people."""

from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest

from .models import Official, Unit, home_unit

# Units that must each have a party committee main leader and a discipline head.
LED_KINDS = [Unit.Kind.DEPARTMENT, Unit.Kind.TOWNSHIP, Unit.Kind.SUBDISTRICT]
SHOWN = 10


def _units_missing(subject: str, units: QuerySet[Unit]) -> list[Unit]:
    holder = Official.objects.active().filter(unit=OuterRef("pk"), subject=subject)
    return list(units.filter(~Exists(holder))[:SHOWN])


def organisation_panel(request: HttpRequest) -> dict:
    """For administrators: the size of the organisation and the posts left empty."""
    units = Unit.objects.visible_to(request.user).active()
    led_units = units.filter(kind__in=LED_KINDS)
    return {
        "template": "responsibilities/_panel_organisation.html",
        "unit_count": units.count(),
        "official_count": Official.objects.visible_to(request.user).active().count(),
        "without_main_leader": _units_missing(Official.Subject.MAIN_LEADER, led_units),
        "without_discipline_head": _units_missing(
            Official.Subject.DISCIPLINE_HEAD,
            led_units.exclude(kind=Unit.Kind.DEPARTMENT),
        ),
    }


def my_unit_panel(request: HttpRequest) -> dict:
    """For everyone with a home unit: where they stand and what they oversee."""
    return {
        "template": "responsibilities/_panel_my_unit.html",
        "unit": home_unit(request.user),
        "official": Official.objects.filter(user=request.user)
        .select_related("unit")
        .first(),
        "unit_count": Unit.objects.visible_to(request.user).active().count(),
        "official_count": Official.objects.visible_to(request.user).active().count(),
    }


def home_panels(request: HttpRequest) -> list[dict]:
    user = request.user
    if not user.has_perm("responsibilities.view_unit"):
        return []
    if user.has_perm("responsibilities.add_unit"):
        return [organisation_panel(request)]
    return [my_unit_panel(request)]
