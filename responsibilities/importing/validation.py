"""Checking every row of a sheet, and the sheet as a whole, without writing anything."""

from collections.abc import Callable
from typing import Any, cast

from django.contrib.auth.models import User
from django.db import models
from django.utils.translation import gettext as _

from core.text import join_words

from ..models import Official, Unit, sees_all_units
from .reading import Vocabulary, vocabulary
from .sheet import (
    CODE,
    HEADERS,
    KIND,
    MAX_ORDER,
    NAME,
    OFFICIAL_SHEET,
    ORDER,
    PARENT,
    PARTY_MEMBER,
    PERSON,
    POST,
    RANK,
    SHORT_NAME,
    SUBJECT,
    UNIT_SHEET,
    ImportResult,
    OfficialRow,
    Report,
    RowError,
    Rows,
    UnitRow,
)
from .storage import load_sheet


def _fields(model: type[models.Model]) -> Callable[[str], models.Field]:
    """Return the lookup of the model's fields behind the sheet's columns, typed as
    what they are: plain columns, never relations."""
    return cast(Callable[[str], models.Field], model._meta.get_field)


def text(
    cells: dict[str, str], column: str, model_field: models.Field, report: Report
) -> str:
    value = cells[column]
    if not value and not model_field.blank:
        report(column, _("A value is required."))
    elif model_field.max_length is not None and len(value) > model_field.max_length:
        message = _(
            "At most %(limit)d characters are allowed; this value has %(length)d."
        )
        report(
            column, message % {"limit": model_field.max_length, "length": len(value)}
        )
    return value


def choice(
    cells: dict[str, str],
    column: str,
    model_field: models.Field,
    words: Vocabulary,
    report: Report,
) -> Any:
    accepted, suggested = words[column]
    value = cells[column]
    if not value:
        if not model_field.has_default():
            report(column, _("A value is required."))
        return model_field.get_default()
    if value.casefold() not in accepted:
        message = _("Unknown value “%(value)s”. Use one of: %(allowed)s.")
        report(column, message % {"value": value, "allowed": join_words(suggested)})
    return accepted.get(value.casefold(), model_field.get_default())


def whole_number(cells: dict[str, str], column: str, report: Report) -> int:
    try:
        number = int(cells[column] or 0)
    except ValueError:
        number = -1
    if not 0 <= number <= MAX_ORDER:
        report(column, _("Enter a whole number, 0 or more."))
    return max(number, 0)


def parse_unit(
    number: int, cells: dict[str, str], words: Vocabulary, errors: list[RowError]
) -> UnitRow:
    report = reporter(errors, UNIT_SHEET, number)
    field_of = _fields(Unit)
    return UnitRow(
        row=number,
        code=Unit.normalise_code(text(cells, CODE, field_of("code"), report)),
        name=text(cells, NAME, field_of("name"), report),
        short_name=text(cells, SHORT_NAME, field_of("short_name"), report),
        kind=choice(cells, KIND, field_of("kind"), words, report),
        parent_code=Unit.normalise_code(cells[PARENT]),
        order=whole_number(cells, ORDER, report),
    )


def parse_official(
    number: int, cells: dict[str, str], words: Vocabulary, errors: list[RowError]
) -> OfficialRow:
    report = reporter(errors, OFFICIAL_SHEET, number)
    field_of = _fields(Official)
    return OfficialRow(
        row=number,
        name=text(cells, PERSON, field_of("name"), report),
        unit_code=Unit.normalise_code(text(cells, CODE, _fields(Unit)("code"), report)),
        post=text(cells, POST, field_of("post"), report),
        rank=choice(cells, RANK, field_of("rank"), words, report),
        subject=choice(cells, SUBJECT, field_of("subject"), words, report),
        is_party_member=choice(
            cells, PARTY_MEMBER, field_of("is_party_member"), words, report
        ),
    )


def reporter(errors: list[RowError], sheet: str, number: int) -> Report:
    def report(column: str, message: str) -> None:
        errors.append(RowError(sheet, number, column, message))

    return report


def check_sheet(*, token: str, user: User) -> ImportResult:
    """Validate a stored sheet's rows against the database without writing anything."""
    return validate(load_sheet(token), user=user)


def validate(rows: dict[str, Rows], *, user: User) -> ImportResult:
    """Parse and check every row, in the same few queries whatever the row count."""
    result, words = ImportResult(), vocabulary()
    for number, cells in rows[UNIT_SHEET]:
        result.units.append(parse_unit(number, cells, words, result.errors))
    for number, cells in rows[OFFICIAL_SHEET]:
        result.officials.append(parse_official(number, cells, words, result.errors))
    named = {unit.parent_code for unit in result.units}
    named |= {official.unit_code for official in result.officials}
    result.known_units = known_units(named - {""}, user=user)
    check_units(result, may_add_top_level=sees_all_units(user))
    check_officials(result)
    result.errors.sort(key=error_order)
    return result


def known_units(codes: set[str], *, user: User) -> dict[str, Unit]:
    """Return the units the sheet may name as parents: active and within the user's scope."""
    units = Unit.objects.visible_to(user).active().filter(code__in=codes)
    return {unit.code: unit for unit in units.only("pk", "code", "path").order_by()}


def check_units(result: ImportResult, *, may_add_top_level: bool) -> None:
    sheet_codes = result.unit_codes
    taken = set(
        Unit.objects.filter(code__in=sheet_codes)
        .order_by()
        .values_list("code", flat=True)
    )
    first_rows: dict[str, int] = {}
    for unit in result.units:
        report = reporter(result.errors, UNIT_SHEET, unit.row)
        if unit.code in first_rows:
            message = _("Unit code “%(code)s” is already used in row %(row)d.")
            report(CODE, message % {"code": unit.code, "row": first_rows[unit.code]})
        elif unit.code in taken:
            message = _("A unit with code “%(code)s” already exists.")
            report(CODE, message % {"code": unit.code})
        if unit.code:
            first_rows.setdefault(unit.code, unit.row)
        parent = unit.parent_code
        if parent and parent not in sheet_codes and parent not in result.known_units:
            report(PARENT, _("Unknown unit code “%(code)s”.") % {"code": parent})
        elif not parent and not may_add_top_level:
            report(
                PARENT,
                _("Name the parent unit: only administrators add top-level units."),
            )
    check_parent_cycles(result)


def check_parent_cycles(result: ImportResult) -> None:
    sheet_codes = result.unit_codes
    parents = {
        u.code: u.parent_code for u in result.units if u.parent_code in sheet_codes
    }
    levels, cycles = sheet_levels(parents)
    for unit in result.units:
        unit.level = levels.get(unit.code, 0)
    rows = {unit.code: unit.row for unit in reversed(result.units)}
    for cycle in cycles:
        path = " → ".join([*cycle, cycle[0]])
        for code in cycle:
            message = _("The parent units form a cycle: %(cycle)s.")
            result.errors.append(
                RowError(UNIT_SHEET, rows[code], PARENT, message % {"cycle": path})
            )


def sheet_levels(
    parents: dict[str, str],
) -> tuple[dict[str, int | None], list[list[str]]]:
    """Return how many sheet units lie above each unit, and the cycles of parents.

    `parents` maps a code to its parent's code where both are in the sheet. A unit in
    or below a cycle has level None.
    """
    levels: dict[str, int | None] = {}
    cycles = []
    for start in parents:
        chain, seen, code = [], set(), start
        while code in parents and code not in levels and code not in seen:
            chain.append(code)
            seen.add(code)
            code = parents[code]
        if code in seen:
            cycles.append(chain[chain.index(code) :])
            base = None
        else:
            base = levels.get(code, 0)
        for offset, member in enumerate(reversed(chain), start=1):
            levels[member] = None if base is None else base + offset
    return levels, cycles


def check_officials(result: ImportResult) -> None:
    sheet_codes = result.unit_codes
    recorded = recorded_posts(result.officials)
    first_rows: dict[tuple[str, str, str], int] = {}
    for person in result.officials:
        report = reporter(result.errors, OFFICIAL_SHEET, person.row)
        code = person.unit_code
        if code and code not in sheet_codes and code not in result.known_units:
            report(CODE, _("Unknown unit code “%(code)s”.") % {"code": code})
        key = (person.name, code, person.post)
        if not all(key):
            continue
        if key in first_rows:
            message = _("The same person, unit and post are already in row %(row)d.")
            report(PERSON, message % {"row": first_rows[key]})
        elif key in recorded:
            message = _(
                "%(name)s already holds the post “%(post)s” in unit “%(code)s”."
            )
            report(PERSON, message % {"name": key[0], "post": key[2], "code": code})
        first_rows.setdefault(key, person.row)


def recorded_posts(officials: list[OfficialRow]) -> set[tuple[str, str, str]]:
    """Return (name, unit code, post) of the officials already recorded for these rows."""
    posts = Official.objects.filter(
        name__in={person.name for person in officials},
        unit__code__in={person.unit_code for person in officials},
    )
    return set(posts.order_by().values_list("name", "unit__code", "post"))


def error_order(error: RowError) -> tuple[int, int, int]:
    sheets = list(HEADERS)
    columns = HEADERS.get(error.sheet, ())
    return (
        sheets.index(error.sheet) if error.sheet in sheets else -1,
        error.row,
        columns.index(error.column) if error.column in columns else -1,
    )
