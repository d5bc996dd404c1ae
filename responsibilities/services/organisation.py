from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from core import audit
from core.audit import Actor

from ..audit import ResponsibilitiesAuditAction
from ..models import Official, Unit


@transaction.atomic
def save_unit(*, unit: Unit, actor: Actor) -> Unit:
    """Save a new or edited unit; when it moved, re-root the paths of everything below it."""
    old_prefix = None
    if unit.pk:
        old_prefix = Unit.objects.select_for_update().get(pk=unit.pk).subtree_prefix
    unit.save()
    if old_prefix and old_prefix != unit.subtree_prefix:
        # Paths are derived data, so this bulk rewrite leaves no history rows of its own;
        # the move itself is in the moved unit's history.
        Unit.objects.filter(path__startswith=old_prefix).update(
            path=Concat(Value(unit.subtree_prefix), Substr("path", len(old_prefix) + 1))
        )
    action = (
        ResponsibilitiesAuditAction.UNIT_UPDATE
        if old_prefix
        else ResponsibilitiesAuditAction.UNIT_CREATE
    )
    audit.record(action=action, user=actor, target=unit)
    return unit


@transaction.atomic
def set_unit_active(*, unit: Unit, is_active: bool, actor: Actor) -> Unit:
    """Deactivate or reactivate a unit; refuse to deactivate one that still has active members."""
    if not is_active:
        if unit.children.active().exists():
            raise ValidationError(
                _("Deactivate or move the active units under this unit first.")
            )
        if unit.officials.active().exists():
            raise ValidationError(
                _("Deactivate or move the active officials of this unit first.")
            )
    if is_active and unit.parent and not unit.parent.is_active:
        raise ValidationError(_("Reactivate the parent unit first."))
    unit.is_active = is_active
    unit.save(update_fields=["is_active", "updated_at"])
    action = (
        ResponsibilitiesAuditAction.UNIT_REACTIVATE
        if is_active
        else ResponsibilitiesAuditAction.UNIT_DEACTIVATE
    )
    audit.record(action=action, user=actor, target=unit)
    return unit


@transaction.atomic
def save_official(*, official: Official, actor: Actor) -> Official:
    is_new = official.pk is None
    official.save()
    action = (
        ResponsibilitiesAuditAction.OFFICIAL_CREATE
        if is_new
        else ResponsibilitiesAuditAction.OFFICIAL_UPDATE
    )
    audit.record(action=action, user=actor, target=official)
    return official


@transaction.atomic
def create_officials(*, officials: Sequence[Official], actor: Actor) -> list[Official]:
    """Add many new officials at once, as save_official adds one: each with its history
    row and its audit entry, in a few inserts whatever the number."""
    created = bulk_create_with_history(
        list(officials), Official, batch_size=500, default_user=actor
    )
    audit.record_each(
        action=ResponsibilitiesAuditAction.OFFICIAL_CREATE, user=actor, targets=created
    )
    return created


@transaction.atomic
def set_official_active(
    *, official: Official, is_active: bool, actor: Actor
) -> Official:
    if is_active and not official.unit.is_active:
        raise ValidationError(
            _("The official's unit is inactive: reactivate it first.")
        )
    official.is_active = is_active
    official.save(update_fields=["is_active", "updated_at"])
    action = (
        ResponsibilitiesAuditAction.OFFICIAL_REACTIVATE
        if is_active
        else ResponsibilitiesAuditAction.OFFICIAL_DEACTIVATE
    )
    audit.record(action=action, user=actor, target=official)
    return official
