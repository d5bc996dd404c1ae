"""Notice numbers stay gap-free and unique when many are issued at once (PostgreSQL)."""

import threading

import pytest
from django.db import connection, connections

from inspections.models import Notice, NoticeKind
from inspections.services.notices import issue_notice
from tests.factories import NoticeFactory, UnitFactory, UserFactory

NOTICES = 20


# Skipped before the test database is set up: a transactional test empties it after.
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Concurrent issuing needs PostgreSQL's row locks; SQLite admits one writer "
    "at a time. Run with DATABASE_URL=postgres://...",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_issuing_numbers_1_to_20_each_once():
    from core import roles
    from responsibilities.models import Unit

    committee = UnitFactory(kind=Unit.Kind.DISCIPLINE_COMMITTEE)
    staff = UserFactory(profile__unit=committee, roles=[roles.DISCIPLINE_STAFF])
    notices = [
        NoticeFactory(
            kind=NoticeKind.RECTIFICATION,
            issuer=committee,
            recipient_unit=UnitFactory(parent=committee),
            created_by=staff,
        )
        for _ in range(NOTICES)
    ]
    start = threading.Barrier(NOTICES)
    failures = []

    def issue(notice: Notice) -> None:
        try:
            start.wait()
            issue_notice(notice=notice, actor=staff)
        except Exception as error:  # the assertion below reports it
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=[notice]) for notice in notices]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    sequences = sorted(
        Notice.objects.filter(kind=NoticeKind.RECTIFICATION).values_list(
            "sequence", flat=True
        )
    )
    assert sequences == list(range(1, NOTICES + 1))
    numbers = set(Notice.objects.values_list("number", flat=True))
    assert len(numbers) == NOTICES
