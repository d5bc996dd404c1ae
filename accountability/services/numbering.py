"""Register numbers of clues and cases: gap-free per register and year."""

from django.conf import settings

from ..models import RegisterNumber

FORMATS = {
    RegisterNumber.Register.CLUE: "CLUE_NUMBER_FORMAT",
    RegisterNumber.Register.CASE: "CASE_NUMBER_FORMAT",
}


def next_number(register: RegisterNumber.Register, year: int) -> tuple[int, str]:
    """Take the register's next number of the year: (sequence, formatted number).

    Call it inside the transaction that saves the record. get_or_create inserts in a
    savepoint and reads the row again when a concurrent first registration of the year
    inserted it first; the row lock then makes later ones wait in turn, and a rollback
    gives the number back, so numbers have no gaps.
    """
    return next_numbers(register, year, count=1)[0]


def next_numbers(
    register: RegisterNumber.Register, year: int, *, count: int
) -> list[tuple[int, str]]:
    """Take the register's next `count` numbers of the year at once, in order, as
    next_number takes one: for a register brought in from the archive."""
    RegisterNumber.objects.get_or_create(register=register, year=year)
    sequence = RegisterNumber.objects.select_for_update().get(
        register=register, year=year
    )
    first = sequence.last + 1
    sequence.last += count
    sequence.save(update_fields=["last"])
    number_format = getattr(settings, FORMATS[register])
    return [
        (number, number_format.format(year=year, number=number))
        for number in range(first, sequence.last + 1)
    ]
