"""Who may read enforcement records: the most sensitive data of the product."""

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet

from responsibilities.models import Unit


def enforcement_units(user: User | AnonymousUser, permission: str) -> QuerySet[Unit]:
    """Return the units whose records of one kind the user may read.

    None without the kind's view permission: party secretaries and team members never
    read clues or cases, not even about their own units, and administrators keep units
    and people, not case files. With it, the units of the user's scope.
    """
    if not user.is_authenticated or not user.has_perm(permission):
        return Unit.objects.none()
    return Unit.objects.visible_to(user)
