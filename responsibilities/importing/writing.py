"""Creating a validated sheet's units and officials, all in one transaction."""

from typing import cast

from django.contrib.auth.models import User
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from core import audit

from ..audit import ResponsibilitiesAuditAction
from ..models import Official, Unit
from .sheet import ImportResult, UnitRow
from .storage import delete_sheet
from .validation import check_sheet


@transaction.atomic
def import_sheet(*, token: str, user: User) -> ImportResult:
    """Validate the stored sheet again and, only if every row is valid, create it all."""
    result = check_sheet(token=token, user=user)
    if not result.is_valid:
        return result
    units = create_units(result.units, known=result.known_units, user=user)
    officials = [row.to_official(unit=units[row.unit_code]) for row in result.officials]
    bulk_create_with_history(officials, Official, default_user=user)
    detail = {"units": len(result.units), "officials": len(officials)}
    audit.record(action=ResponsibilitiesAuditAction.IMPORT, user=user, detail=detail)
    transaction.on_commit(lambda: delete_sheet(token))
    return result


def create_units(
    rows: list[UnitRow], *, known: dict[str, Unit], user: User
) -> dict[str, Unit]:
    """Create the sheet's units, parents first; return every unit the sheet names."""
    units = dict(known)
    # A child's path holds its parent's key, which the INSERT returns (PostgreSQL, and
    # SQLite 3.35+): so one bulk insert per level of the tree, top level first.
    # Every row has a level here: a sheet with a cycle (level None) fails validation.
    for level in sorted({cast(int, row.level) for row in rows}):
        batch = [
            row.to_unit(parent=units.get(row.parent_code))
            for row in rows
            if row.level == level
        ]
        bulk_create_with_history(batch, Unit, default_user=user)
        units |= {unit.code: unit for unit in batch}
    return units
