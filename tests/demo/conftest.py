import pytest
from django.db import transaction
from django.test import override_settings

from tests.seeding import FAST_PASSWORD_HASHERS, seed


@pytest.fixture(scope="package")
def seeded_city(django_db_setup, django_db_blocker):
    """The demo city, seeded once for this folder's tests, rolled back after.

    Seeding takes many seconds; each test still runs in its own savepoint inside this one.
    """
    # The tests' fast hasher (conftest) must already apply to the passwords seeded here.
    fast = override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS)
    with django_db_blocker.unblock(), fast, transaction.atomic():
        yield seed()
        transaction.set_rollback(True)
