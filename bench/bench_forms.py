"""Time every form page that picks officials or units, at the demo city's size:
`make bench`. Target: each page under 300 ms.

The demo's units and its 2,000 officials are seeded into a throwaway SQLite database
(see bench_import.setup_django; with DATABASE_URL set, that database), inside a
transaction that is rolled back. Each page is fetched once to warm up, then timed as the
median of five requests through Django's test client, as a logged-in administrator.
"""

import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_import import setup_django  # noqa: E402

TARGET_MS = 300
REQUESTS = 5


def main() -> None:
    workdir = tempfile.TemporaryDirectory()
    setup_django(Path(workdir.name))
    from django.conf import settings
    from django.db import transaction

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # The hashed-name manifest needs collectstatic; the pages' cost is the same without.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    with transaction.atomic():
        slow = run()
        transaction.set_rollback(True)
    workdir.cleanup()
    print(f"{len(slow)} page(s) over {TARGET_MS} ms" if slow else "every page in time")


def run() -> list[str]:
    from django.contrib.auth.models import User
    from django.test import Client
    from django.urls import reverse

    from demo.management.commands.seed_demo import (
        seed_officials,
        seed_units,
    )
    from responsibilities.models import Official, Profile, Unit

    units, new_codes = seed_units()
    seed_officials(units, new_codes)
    city = Unit.objects.get(parent=None)
    user = User.objects.create_superuser("bench-admin", password=None)
    Profile.objects.create(user=user, unit=city)
    inspection, finding = inspected_township(user)
    client = Client()
    client.force_login(user)
    pages = [
        *(reverse(name) for name in PAGES),
        reverse("inspections:finding_entry", args=[inspection.pk]),
        reverse("inspections:rectification_create", args=[finding.pk]),
        reverse("responsibilities:official_search") + "?q=王",
        reverse("responsibilities:unit_search") + "?q=镇",
    ]
    print(f"{Official.objects.count():,} officials, {Unit.objects.count():,} units")
    return [url for url in pages if not timed(client, url)]


PAGES = [
    "responsibilities:unit_create",
    "responsibilities:official_create",
    "responsibilities:keytask_create",
    "responsibilities:meeting_create",
    "responsibilities:list_generate",
    "commitments:campaign_create",
    "inspections:inspection_create",
    "inspections:project_create",
    "inspections:finding_create",
    "inspections:notice_create",
    "accountability:clue_create",
    "accountability:case_create",
    "accountability:action_create",
]


def inspected_township(user):
    from inspections.models import Finding, Inspection
    from responsibilities.models import Unit

    township = (
        Unit.objects.filter(kind=Unit.Kind.TOWNSHIP).order_by("order", "pk").first()
    )
    organiser = Unit.objects.filter(kind=Unit.Kind.DISCIPLINE_COMMITTEE).first()
    assert township is not None, "the seeded city has townships"
    assert organiser is not None, "the seeded city has a discipline committee"
    inspection = Inspection.objects.create(
        organiser=organiser,
        created_by=user,
        kind=Inspection.Kind.ROUTINE,
        title="bench",
        started_on=date(2026, 5, 10),
        status=Inspection.Status.IN_PROGRESS,
    )
    inspection.units.add(township)
    finding = Finding.objects.create(
        unit=township,
        created_by=user,
        source=Finding.Source.HIGHER_LEVEL,
        category=Finding.Category.FUNDS,
        description="bench",
        found_on=date(2026, 5, 12),
    )
    return inspection, finding


def timed(client, url: str) -> bool:
    """Print the page's median time, size and queries; return whether it is in time."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    times = []
    for _request in range(REQUESTS):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    median = statistics.median(times)
    verdict = "ok" if median < TARGET_MS else f"SLOW (target {TARGET_MS} ms)"
    size = len(response.content) / 1024
    count = len(queries.captured_queries)
    print(f"{url:<48} {median:6.0f} ms {size:5.0f} KB {count:4} queries  {verdict}")
    return median < TARGET_MS


if __name__ == "__main__":
    main()
