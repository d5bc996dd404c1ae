"""Case numbers stay gap-free and unique when many are filed at once (PostgreSQL)."""

import datetime
import threading

import pytest
from django.db import connection, connections

from accountability.models import Case
from accountability.services.cases import file_case
from tests.factories import OfficialFactory, UnitFactory, UserFactory

# --- Concurrency ------------------------------------------------------------------

CASES = 20


# Skipped before the test database is set up: a transactional test empties it after.
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Concurrent filing needs PostgreSQL's row locks; SQLite admits one writer "
    "at a time. Run with DATABASE_URL=postgres://...",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_filing_numbers_1_to_20_each_once():
    from core import roles
    from responsibilities.models import Unit

    committee = UnitFactory(kind=Unit.Kind.DISCIPLINE_COMMITTEE)
    township = UnitFactory(kind=Unit.Kind.TOWNSHIP, parent=committee)
    staff = UserFactory(profile__unit=committee, roles=[roles.DISCIPLINE_STAFF])
    officials = [OfficialFactory(unit=township) for _ in range(CASES)]
    start = threading.Barrier(CASES)
    failures = []

    def file(official) -> None:
        try:
            start.wait()
            file_case(
                case=Case(
                    unit=township,
                    title="违规收受礼金案",
                    category=Case.Category.INTEGRITY,
                    filed_on=datetime.date(2026, 2, 1),
                ),
                officials=[official],
                actor=staff,
            )
        except Exception as error:  # the assertion below reports it
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=file, args=[o]) for o in officials]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    sequences = sorted(Case.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, CASES + 1))
    assert len(set(Case.objects.values_list("number", flat=True))) == CASES
