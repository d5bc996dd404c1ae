"""Login accounts: each with its home unit, its roles and, for a signer, its official.

An account is audited as the administrator's page audits it (account.change); linking
it to an official is a change of the official, audited as such.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import Group, User
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core import audit
from core.audit import Actor, CoreAuditAction

from ..audit import ResponsibilitiesAuditAction
from ..models import Official, Profile, Unit


@dataclass(frozen=True)
class NewAccount:
    """An account to create: the user (unsaved, its password already set), its home
    unit, its roles, and the official it signs as, if any."""

    user: User
    unit: Unit
    roles: tuple[str, ...] = ()
    official: Official | None = None


@transaction.atomic
def create_account(*, account: NewAccount, actor: Actor) -> User:
    """Create one account with its home unit and roles, linked to its official."""
    return create_accounts(accounts=[account], actor=actor)[0]


@transaction.atomic
def create_accounts(*, accounts: Sequence[NewAccount], actor: Actor) -> list[User]:
    """Create many accounts at once, as create_account does one, in a few inserts
    whatever the number: the signers of a round of letters, say."""
    users = User.objects.bulk_create([account.user for account in accounts])
    profiles = [Profile(user=a.user, unit=a.unit) for a in accounts]
    bulk_create_with_history(profiles, Profile, default_user=actor)
    _grant_roles(accounts)
    _link_officials(accounts, actor)
    audit.record_each(
        action=CoreAuditAction.ACCOUNT_CHANGE,
        user=actor,
        targets=users,
        details=[_account_detail(account) for account in accounts],
    )
    return users


def _grant_roles(accounts: Sequence[NewAccount]) -> None:
    names = {role for account in accounts for role in account.roles}
    groups = Group.objects.in_bulk(names, field_name="name")
    Membership = User.groups.through
    Membership.objects.bulk_create(
        Membership(user_id=account.user.pk, group_id=groups[role].pk)
        for account in accounts
        for role in account.roles
    )


def _link_officials(accounts: Sequence[NewAccount], actor: Actor) -> None:
    """Make each account the login its official signs with, as save_official would."""
    now = timezone.now()
    officials = []
    for account in accounts:
        if account.official is not None:
            # bulk_update leaves auto_now fields as they were.
            account.official.user, account.official.updated_at = account.user, now
            officials.append(account.official)
    if not officials:
        return
    bulk_update_with_history(
        officials, Official, ["user", "updated_at"], batch_size=500, default_user=actor
    )
    audit.record_each(
        action=ResponsibilitiesAuditAction.OFFICIAL_UPDATE,
        user=actor,
        targets=officials,
    )


def _account_detail(account: NewAccount) -> dict:
    """The detail the administrator's page records for an account it saves."""
    return {
        "roles": sorted(account.roles),
        "is_active": account.user.is_active,
        "is_staff": account.user.is_staff,
        "home_unit": str(account.unit),
    }
