"""Time the validation and the writing of a 2,000-row import sheet: `make bench`.

Uses a throwaway SQLite database in a temporary folder, migrated first. With
DATABASE_URL set it uses that (already migrated) database instead. Either way the work
runs inside a transaction that is rolled back, so nothing is left behind.
"""

import io
import os
import sys
import tempfile
import time
from pathlib import Path

UNITS = 100  # 10 townships, each with 9 stations
OFFICIALS = 1_900


def main() -> None:
    workdir = tempfile.TemporaryDirectory()
    setup_django(Path(workdir.name))
    from django.db import transaction

    with transaction.atomic():
        run()
        transaction.set_rollback(True)
    workdir.cleanup()


def setup_django(workdir: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["MEDIA_ROOT"] = str(workdir)
    throwaway = "DATABASE_URL" not in os.environ
    if throwaway:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    import django
    from django.core.management import call_command

    django.setup()
    if throwaway:
        call_command("migrate", verbosity=0)


def run() -> None:
    from django.contrib.auth.models import User

    from responsibilities import importing
    from responsibilities.models import Official, Unit

    city = Unit.objects.create(
        kind=Unit.Kind.CITY_COMMITTEE, name="市委", code="B-CITY"
    )
    user = User.objects.create_superuser("bench-admin", password=None)
    content = build_sheet(parent_code=city.code)

    started = time.perf_counter()
    token = importing.store_sheet(importing.read_workbook(io.BytesIO(content)))
    checked = importing.check_sheet(token=token, user=user)
    checked_in = time.perf_counter() - started
    assert checked.is_valid, checked.errors[:5]

    started = time.perf_counter()
    result = importing.import_sheet(token=token, user=user)
    imported_in = time.perf_counter() - started

    created = Unit.objects.under(city).count() - 1, Official.objects.count()
    assert created == (len(result.units), len(result.officials)), created
    print(f"sheet: {UNITS} units + {OFFICIALS} officials, {len(content):,} bytes")
    print(f"read, store and validate (preview): {checked_in:6.2f} s")
    print(f"validate again and write (confirm): {imported_in:6.2f} s")


def build_sheet(*, parent_code: str) -> bytes:
    """Return a workbook whose stations come before their townships, as a test of order."""
    import openpyxl

    from responsibilities import importing

    book = openpyxl.Workbook()
    units = book.active
    units.title = importing.UNIT_SHEET
    units.append(importing.HEADERS[importing.UNIT_SHEET])
    townships = [f"B-T{t:02d}" for t in range(UNITS // 10)]
    stations = [f"{town}-S{s}" for town in townships for s in range(9)]
    for code in stations:
        units.append([code, f"{code}站", "", "station", code[:5], 1])
    for code in townships:
        units.append([code, f"{code}镇", "", "township", parent_code, 1])
    officials = book.create_sheet(importing.OFFICIAL_SHEET)
    officials.append(importing.HEADERS[importing.OFFICIAL_SHEET])
    codes = townships + stations
    for n in range(OFFICIALS):
        row = [f"干部{n}", codes[n % len(codes)], f"岗位{n}", "general", "", "是"]
        officials.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


if __name__ == "__main__":
    main()
