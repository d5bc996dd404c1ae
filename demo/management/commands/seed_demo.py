"""Build the demo city 中州市: its units, about 2,000 officials and five demo logins, then
each app's work along the chain: responsibility lists, portfolios, key tasks, duty reports
and a review meeting; commitment letters and sign-offs; inspections, findings and
rectification; clues, cases, sanctions, accountability and the assessment.

Each step is a function called from `handle`, in the order of the chain. Every step is
idempotent, so running the command again changes nothing.
"""

import unicodedata
from typing import NamedTuple

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from demo import city, commitments, enforcement, inspections, signoffs
from demo import responsibilities as steps
from demo.city import DemoAccount
from responsibilities.models import Official, Unit
from responsibilities.services import save_unit
from responsibilities.services.accounts import NewAccount, create_account
from responsibilities.services.organisation import create_officials

DEFAULT_PASSWORD = "zhongzhou-demo"
CHANGE_REASON = "seed_demo"


class DemoLogin(NamedTuple):
    account: DemoAccount
    user: User
    created: bool


def seed_units() -> tuple[dict[str, Unit], set[str]]:
    """Create the demo units that are missing; return all of them by code, and the new codes."""
    specs = city.unit_specs()
    units = Unit.objects.in_bulk([spec.code for spec in specs], field_name="code")
    created = set()
    for spec in specs:  # parents come first, so a child's parent is always there
        if spec.code in units:
            continue
        unit = Unit(
            parent=units.get(spec.parent_code),
            kind=spec.kind,
            name=spec.name,
            short_name=spec.short_name,
            code=spec.code,
            order=spec.order,
        )
        unit._change_reason = CHANGE_REASON  # type: ignore[attr-defined]  # simple_history's
        units[spec.code] = save_unit(unit=unit, actor=None)
        created.add(spec.code)
    return units, created


def seed_officials(units: dict[str, Unit], new_codes: set[str]) -> int:
    """Staff the units created in this run; a unit that was already there keeps its people."""
    officials = [
        Official(
            unit=units[spec.unit_code],
            name=spec.name,
            post=spec.post,
            rank=spec.rank,
            subject=spec.subject,
            is_party_member=spec.is_party_member,
        )
        for spec in city.plan_officials(city.unit_specs())
        if spec.unit_code in new_codes
    ]
    return len(create_officials(officials=officials, actor=None))


def seed_accounts(units: dict[str, Unit], *, password: str) -> list[DemoLogin]:
    """Create the demo logins that are missing; an existing one keeps its password."""
    # Hashing is slow on purpose, so hash once: the five accounts share one password.
    encoded = make_password(password)
    return [
        _ensure_account(account, units[account.unit_code], encoded)
        for account in city.DEMO_ACCOUNTS
    ]


def _ensure_account(
    account: DemoAccount, unit: Unit, encoded_password: str
) -> DemoLogin:
    user = User.objects.filter(username=account.username).first()
    if user is not None:
        return DemoLogin(account, user, created=False)
    official = None
    if account.official_post:
        official = unit.officials.filter(post=account.official_post).first()
    user = User(
        username=account.username,
        password=encoded_password,
        first_name=official.name if official else account.name,
        is_staff=account.is_staff,
    )
    is_unlinked = official is not None and official.user_id is None
    new_account = NewAccount(
        user=user,
        unit=unit,
        roles=(account.role,),
        official=official if is_unlinked else None,
    )
    return DemoLogin(account, create_account(account=new_account, actor=None), True)


def seed_responsibilities(
    units: dict[str, Unit], logins: dict[str, User]
) -> steps.Created:
    """Give every issue-3 page content, for the current and the previous year."""
    today = timezone.localdate()
    year, previous = today.year, today.year - 1
    admin, staff = logins["admin"], logins["staff"]
    secretary, member = logins["secretary"], logins["member"]
    township = units[city.DEMO_TOWNSHIP]
    created = steps.Created()
    steps.assign_stationed_groups(units)
    steps.install_catalogues((previous, year))
    created.portfolios = steps.seed_portfolios(units, actor=admin)
    created.lists, created.duties = steps.generate_lists(
        years=(previous, year), actor=admin
    )
    created.detailed_duties = steps.detail_township_list(
        township, year=year, secretary=secretary, member=member
    )
    steps.publish_drafts(years=(previous, year), actor=admin)
    created.progress_entries = steps.record_member_progress(
        member, year=year, today=today
    )
    created.key_tasks, entries = steps.seed_key_tasks(
        units, year=year, today=today, author=staff
    )
    created.progress_entries += entries
    created.reports = steps.seed_reports(
        units, year=previous, secretary=secretary, admin=admin
    )
    created.meetings, created.reviews = steps.seed_review_meeting(
        units, year=previous, today=today, staff=staff
    )
    return created


def seed_along_the_chain(units: dict[str, Unit], logins: dict[str, User]) -> list[str]:
    """Seed each app after responsibilities, in the chain's order; return their summaries."""
    letters = commitments.seed(units, logins)
    sign_offs = signoffs.seed(units, logins)
    return [
        f"Commitments: {letters}; sign-offs: {sign_offs}.",
        f"Supervision: {inspections.seed(units, logins)}.",
        f"Enforcement: {enforcement.seed(units, logins)}.",
    ]


def _pad(text: str, width: int) -> str:
    """Pad to a width in terminal columns, where a Chinese character takes two."""
    wide = sum(unicodedata.east_asian_width(char) in "WF" for char in text)
    return text + " " * max(width - len(text) - wide, 0)


class Command(BaseCommand):
    help = "Build the demo city 中州市 with its units, officials and demo logins."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--password",
            default=DEFAULT_PASSWORD,
            help=f"Password of the demo logins it creates (default {DEFAULT_PASSWORD}).",
        )

    def handle(self, *args, password: str, **options) -> None:
        if settings.IS_PRODUCTION:
            raise CommandError(
                "seed_demo creates logins with a known password: "
                "it does not run with ENVIRONMENT=production."
            )
        with transaction.atomic():
            units, new_codes = seed_units()
            official_count = seed_officials(units, new_codes)
            accounts = seed_accounts(units, password=password)
            logins = {login.account.username: login.user for login in accounts}
            created = seed_responsibilities(units, logins)
            summaries = seed_along_the_chain(units, logins)
        self.stdout.write(
            f"Seeded 中州市: {len(new_codes)} units, {official_count} officials and "
            f"{sum(login.created for login in accounts)} logins created."
        )
        self.stdout.write(created.summary())
        for summary in summaries:
            self.stdout.write(summary)
        self.write_counts()
        self.write_accounts(units, accounts, password)

    def write_counts(self) -> None:
        officials = Official.objects.all()
        section = officials.filter(rank__in=city.SECTION_RANKS).count()
        middle = officials.filter(rank=Official.Rank.MIDDLE_MANAGER).count()
        self.stdout.write(
            f"Now {Unit.objects.count()} units, {officials.count()} officials "
            f"({section} section-level, {middle} middle managers).\n"
        )

    def write_accounts(
        self,
        units: dict[str, Unit],
        accounts: list[DemoLogin],
        password: str,
    ) -> None:
        widths = (12, 16, 12)
        header = ("username", "role", "unit", "password")
        self.stdout.write("Demo logins:")
        self.stdout.write("  " + "".join(map(_pad, header, widths)) + header[-1])
        for account, user, created in accounts:
            # An account from an earlier run keeps its password: show it only if it fits.
            is_known = created or user.check_password(password)
            shown = password if is_known else "(kept an earlier password)"
            unit = units[account.unit_code].display_name
            cells = (account.username, account.role, unit)
            self.stdout.write("  " + "".join(map(_pad, cells, widths)) + shown)
