"""Time issuing a campaign to the essay's 1,670 addressees: `make bench`.

570 section-level cadres and 1,100 middle managers of the demo city get one letter each,
through the same service the background job runs. Uses a throwaway SQLite database in a
temporary folder, migrated first; with DATABASE_URL set it uses that (already migrated)
database instead. Either way the work runs inside a transaction that is rolled back.
"""

import sys
import tempfile
import time
from datetime import date
from pathlib import Path

# The import benchmark's set-up (throwaway database, settings) serves this one too.
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_import import setup_django  # noqa: E402


def main() -> None:
    workdir = tempfile.TemporaryDirectory()
    setup_django(Path(workdir.name))
    from django.db import transaction

    with transaction.atomic():
        run()
        transaction.set_rollback(True)
    workdir.cleanup()


def run() -> None:
    from django.contrib.auth.models import User

    from commitments.models import Campaign, LetterKind, LetterTemplate
    from commitments.services.campaigns import issue_letters
    from demo import city
    from demo.management.commands.seed_demo import (
        seed_officials,
        seed_units,
    )
    from responsibilities.models import Official

    units, new_codes = seed_units()
    seed_officials(units, new_codes)
    user = User.objects.create_superuser("bench-admin", password=None)
    template = LetterTemplate.objects.filter(kind=LetterKind.COMMITMENT).first()
    assert template is not None, "the migrations install the standard letters"
    campaign = Campaign.objects.create(
        template=template,
        created_by=user,
        year=2026,
        kind=LetterKind.COMMITMENT,
        title="bench",
        deadline=date(2026, 3, 31),
        ranks=[*city.SECTION_RANKS, Official.Rank.MIDDLE_MANAGER],
    )
    steps = []

    started = time.perf_counter()
    message = issue_letters(
        campaign=campaign, actor=user, progress=lambda done, total: steps.append(done)
    )
    issued_in = time.perf_counter() - started

    started = time.perf_counter()
    issue_letters(campaign=campaign, actor=user, progress=lambda done, total: None)
    again_in = time.perf_counter() - started

    print(f"campaign to {campaign.letters.count():,} addressees: {message}")
    print(f"issue ({len(steps) - 1} batches):          {issued_in:6.2f} s")
    print(f"issue again (adds nothing): {again_in:6.2f} s")


if __name__ == "__main__":
    main()
