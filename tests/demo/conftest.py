import pytest
from django.db import connection, transaction
from django.test import override_settings

from tests.seeding import FAST_PASSWORD_HASHERS, seed


@pytest.fixture(scope="package")
def seeded_city(django_db_setup, django_db_blocker):
    """The demo city, seeded once for this folder's tests, rolled back after.

    Seeding takes half a minute, so the tests that need the whole city stay in this
    folder; under xdist they all run in one process (tests/scheduling.py), which seeds it
    once. Each test still runs in its own savepoint inside this transaction; a test of
    this folder that does not ask for the city may find it there all the same.
    """
    # The tests' fast hasher (conftest) must already apply to the passwords seeded here.
    fast = override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS)
    with django_db_blocker.unblock(), fast, transaction.atomic():
        output = seed()
        # Check the seeded rows' deferred foreign keys now, once. Left pending, PostgreSQL
        # would check them all again at the end of every test, whose rollback to its
        # savepoint leaves them pending once more (half a second a test).
        connection.check_constraints()
        yield output
        transaction.set_rollback(True)
