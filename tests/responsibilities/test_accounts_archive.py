"""create_account(s): login accounts with their home unit, roles and official."""

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from core import roles
from core.audit import CoreAuditAction
from core.models import AuditEvent
from responsibilities.audit import ResponsibilitiesAuditAction
from responsibilities.models import Official, Profile, Unit
from responsibilities.services.accounts import (
    NewAccount,
    create_account,
    create_accounts,
)
from tests.factories import OfficialFactory

pytestmark = pytest.mark.django_db


def new_user(username: str) -> User:
    user = User(username=username)
    user.set_password("pass-word-1")
    return user


def signer_account(unit: Unit, username: str, official: Official) -> NewAccount:
    return NewAccount(
        user=new_user(username),
        unit=unit,
        roles=(roles.SECRETARY,),
        official=official,
    )


@pytest.fixture
def party_secretary(township) -> Official:
    """王建国, the township's party secretary, without a login yet."""
    return OfficialFactory(
        unit=township,
        name="王建国",
        post="党委书记",
        subject=Official.Subject.MAIN_LEADER,
    )


def test_an_account_gets_its_home_unit_roles_and_password(township, administrator):
    account = NewAccount(
        user=new_user("zhangsan"),
        unit=township,
        roles=(roles.DISCIPLINE_STAFF, roles.TEAM_MEMBER),
    )

    user = create_account(account=account, actor=administrator)

    user = User.objects.get(pk=user.pk)
    assert user.profile.unit == township
    assert roles.role_names(user) == {roles.DISCIPLINE_STAFF, roles.TEAM_MEMBER}
    assert user.check_password("pass-word-1")
    assert user.profile.history.get().history_user == administrator


def test_a_signers_account_becomes_the_login_of_their_official(
    township, administrator, party_secretary
):
    user = create_account(
        account=signer_account(township, "wangjg", party_secretary),
        actor=administrator,
    )

    party_secretary.refresh_from_db()
    assert party_secretary.user == user
    latest = party_secretary.history.first()
    assert (latest.user_id, latest.history_user) == (user.pk, administrator)
    event = AuditEvent.objects.get(action=ResponsibilitiesAuditAction.OFFICIAL_UPDATE)
    assert event.object_id == str(party_secretary.pk)
    assert event.user == administrator


def test_each_account_has_one_entry_as_the_administrators_page_records_it(
    township, administrator, party_secretary
):
    user = create_account(
        account=signer_account(township, "wangjg", party_secretary),
        actor=administrator,
    )

    event = AuditEvent.objects.get(action=CoreAuditAction.ACCOUNT_CHANGE)
    assert (event.object_id, event.object_number) == (str(user.pk), "wangjg")
    assert event.user == administrator
    assert event.detail == {
        "roles": [roles.SECRETARY],
        "is_active": True,
        "is_staff": False,
        "home_unit": str(township),
    }
    assert "王建国" not in str(event.detail)


def test_an_account_without_an_official_changes_no_official(township, administrator):
    create_account(
        account=NewAccount(user=new_user("li"), unit=township), actor=administrator
    )

    assert not AuditEvent.objects.filter(
        action=ResponsibilitiesAuditAction.OFFICIAL_UPDATE
    ).exists()
    assert User.objects.get(username="li").groups.count() == 0


def test_many_accounts_are_each_created_linked_and_audited(
    township, other_township, administrator
):
    officials = [OfficialFactory(unit=township), OfficialFactory(unit=other_township)]
    accounts = [
        signer_account(township, "first", officials[0]),
        signer_account(other_township, "second", officials[1]),
    ]

    users = create_accounts(accounts=accounts, actor=administrator)

    assert [user.username for user in users] == ["first", "second"]
    assert [user.profile.unit for user in users] == [township, other_township]
    for official, user in zip(officials, users, strict=True):
        official.refresh_from_db()
        assert official.user == user
    events = AuditEvent.objects.filter(action=CoreAuditAction.ACCOUNT_CHANGE)
    assert sorted(events.values_list("object_number", flat=True)) == [
        "first",
        "second",
    ]


def test_a_login_name_already_taken_creates_none_of_the_accounts(
    township, administrator, secretary, party_secretary
):
    accounts = [
        signer_account(township, "newcomer", party_secretary),
        NewAccount(user=new_user(secretary.username), unit=township),
    ]

    with pytest.raises(IntegrityError):
        create_accounts(accounts=accounts, actor=administrator)

    assert not User.objects.filter(username="newcomer").exists()
    party_secretary.refresh_from_db()
    assert party_secretary.user is None
    assert not AuditEvent.objects.exists()


def test_creating_more_accounts_takes_no_more_queries(township, administrator):
    def queries_to_create(count: int) -> int:
        accounts = [
            signer_account(
                township, f"user-{count}-{number}", OfficialFactory(unit=township)
            )
            for number in range(count)
        ]
        with CaptureQueriesContext(connection) as queries:
            create_accounts(accounts=accounts, actor=administrator)
        return len(queries.captured_queries)

    assert queries_to_create(2) == queries_to_create(10)
    assert Profile.objects.filter(unit=township).count() == 12
