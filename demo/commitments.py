"""The demo city's letters: last year's commitments, all signed, and this year's round.

- Last year: integrity commitments of every section-level cadre (570) and every middle
  manager (1,100), issued and signed on paper before the deadline and registered from
  the archive with the dates the papers bear, some published on the public board.
- This year, to the demo township's leaders: an integrity commitment still open (some
  signed, `secretary`'s not yet), and a responsibility acknowledgement whose deadline
  passed yesterday, run on paper and registered from the archive, signed by all but
  one, whose letter is now overdue.

Each campaign is created, issued and signed once: a campaign already there is left as it
is, so running seed_demo again changes nothing.
"""

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import cast

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils import timezone

from commitments.models import Campaign, Letter, LetterKind, LetterTemplate
from commitments.services.campaigns import (
    issue_letters,
    register_archive_letters,
    save_campaign,
)
from commitments.services.signing import register_paper_signature, sign_letter
from demo import city
from responsibilities.models import Official, Unit
from responsibilities.services.accounts import NewAccount, create_accounts

Rank = Official.Rank
Subject = Official.Subject

# Personal commitments as cadres write them; each signer's text is two or three of these.
# fmt: off
PERSONAL_COMMITMENTS = (
    "不插手、不干预工程项目招投标，不为亲属和特定关系人承揽工程提供便利。",
    "严格执行公务接待规定，不接受可能影响公正执行公务的宴请和礼品礼金。",
    "分管领域资金使用严格执行审批程序，做到专款专用、账目公开。",
    "在干部选拔任用中坚持原则，不打招呼、不说情，不搞“小圈子”。",
    "严格管理配偶、子女和身边工作人员，不允许其利用本人影响谋取私利。",
    "带头落实“一岗双责”，每季度听取一次分管科室党风廉政建设情况汇报。",
    "不违规使用公车，不违规出入私人会所，不参加用公款支付的高消费娱乐活动。",
    "惠民补贴发放做到公开公示，对群众反映的问题及时核查、限时答复。",
    "严格执行政府采购制度，不指定品牌、不暗箱操作。",
    "如实报告个人有关事项，主动接受组织和群众监督。",
    "执法检查中坚持依法依规，不吃拿卡要，不以罚代管。",
    "办事服务做到一次告知、限时办结，不推诿扯皮，不刁难群众。",
)
# fmt: on
# Share of last year's signers who agreed to publish their commitments on the board.
PUBLIC_SHARE = 0.35
# The acknowledgement's one overdue letter: this leader did not sign in time.
LATE_POST = "武装部长"
# Last year's paper letters went out this many days before the deadline.
ARCHIVE_SIGNING_DAYS = 30


@dataclass
class Seeded:
    campaigns: int = 0
    letters: int = 0
    signed: int = 0
    accounts: int = 0

    def summary(self) -> str:
        return (
            f"{self.campaigns} campaigns, {self.letters} letters issued, "
            f"{self.signed} signed, {self.accounts} signer accounts created"
        )


def seed(units: dict[str, Unit], logins: dict[str, User]) -> str:
    admin, township = logins["admin"], units[city.DEMO_TOWNSHIP]
    today = timezone.localdate()
    seeded = Seeded()
    seed_previous_year(today.year - 1, admin=admin, seeded=seeded)
    seed_commitments(township, today=today, admin=admin, logins=logins, seeded=seeded)
    seed_acknowledgements(township, today=today, admin=admin, seeded=seeded)
    return seeded.summary()


def seed_previous_year(year: int, *, admin: User, seeded: Seeded) -> None:
    """Last year's two rounds, to the section level and to middle managers, all signed."""
    rounds = (
        (f"{year}年度乡科级干部个性化廉政承诺", list(city.SECTION_RANKS)),
        (f"{year}年度中层干部个性化廉政承诺", [Rank.MIDDLE_MANAGER]),
    )
    for title, ranks in rounds:
        campaign = _new_campaign(
            title=title,
            year=year,
            kind=LetterKind.COMMITMENT,
            deadline=date(year, 3, 31),
            admin=admin,
            seeded=seeded,
            ranks=ranks,
        )
        if campaign:
            _register_from_archive(campaign, admin=admin, seeded=seeded)


def seed_commitments(
    township: Unit, *, today: date, admin: User, logins: dict, seeded: Seeded
) -> None:
    """This year's commitments of the township's leaders: open, half of them signed."""
    waiting = {logins["secretary"].pk, logins["member"].pk}
    campaign = _new_campaign(
        title=f"{today.year}年度{township.name}领导干部个性化廉政承诺",
        year=today.year,
        kind=LetterKind.COMMITMENT,
        deadline=today + timedelta(days=14),
        admin=admin,
        seeded=seeded,
        units=[township],
        ranks=list(city.SECTION_RANKS),
    )
    if campaign:
        _issue_and_sign(
            campaign,
            admin=admin,
            seeded=seeded,
            signs=lambda letter: (
                letter.addressee.user_id not in waiting and letter.pk % 2 == 0
            ),
        )


def seed_acknowledgements(
    township: Unit, *, today: date, admin: User, seeded: Seeded
) -> None:
    """The township's acknowledgements, due yesterday: signed by all but one leader."""
    deadline = today - timedelta(days=1)
    campaign = _new_campaign(
        title=f"{deadline.year}年度{township.name}党风廉政建设主体责任认领",
        year=deadline.year,
        kind=LetterKind.ACKNOWLEDGEMENT,
        deadline=deadline,
        admin=admin,
        seeded=seeded,
        units=[township],
        subjects=[Subject.MAIN_LEADER, Subject.TEAM_MEMBER, Subject.DISCIPLINE_HEAD],
    )
    if campaign:
        _register_from_archive(
            campaign,
            admin=admin,
            seeded=seeded,
            signs=lambda letter: letter.addressee.post != LATE_POST,
        )


def _new_campaign(
    *,
    title: str,
    year: int,
    kind: str,
    deadline: date,
    admin: User,
    seeded: Seeded,
    units: list[Unit] | None = None,
    ranks: Sequence[str] | None = None,
    subjects: list[str] | None = None,
) -> Campaign | None:
    """Create the campaign unless it is there already; return it only when created."""
    if Campaign.objects.filter(year=year, title=title).exists():
        return None
    campaign = Campaign(
        title=title,
        year=year,
        template=LetterTemplate.objects.filter(kind=kind).order_by("pk").first(),
        deadline=deadline,
        include_subunits=False,
        ranks=list(ranks or []),
        subjects=subjects or [],
    )
    seeded.campaigns += 1
    return save_campaign(campaign=campaign, actor=admin, units=units or [])


def _issue_and_sign(campaign: Campaign, *, admin: User, seeded: Seeded, signs) -> None:
    issue_letters(campaign=campaign, actor=admin, progress=lambda done, total: None)
    seeded.accounts += ensure_accounts(campaign.addressees())
    letters = campaign.letters.select_related(
        "campaign", "addressee__unit", "addressee__user"
    )
    seeded.letters += len(letters)
    for letter in letters:
        if signs(letter):
            _sign(letter)
            seeded.signed += 1


def _register_from_archive(
    campaign: Campaign, *, admin: User, seeded: Seeded, signs=lambda _letter: True
) -> None:
    """Register a round run on paper: its letters out on one day, each signed on paper
    by the deadline, the days the papers bear."""
    deadline = campaign.deadline
    issued_on = max(
        deadline - timedelta(days=ARCHIVE_SIGNING_DAYS), date(campaign.year, 1, 1)
    )
    register_archive_letters(campaign=campaign, actor=admin, issued_on=issued_on)
    seeded.accounts += ensure_accounts(campaign.addressees())
    letters = campaign.letters.select_related(
        "campaign", "addressee__unit", "addressee__user"
    )
    seeded.letters += len(letters)
    for letter in letters:
        if not signs(letter):
            continue
        rng = _rng(letter)
        # The personal part draws first: which commitments are public depends on it.
        personal_part = _personal_part(letter, rng)
        days = rng.randint(1, ARCHIVE_SIGNING_DAYS)
        register_paper_signature(
            letter=letter,
            actor=admin,
            signed_on=min(issued_on + timedelta(days=days), deadline),
            **personal_part,
        )
        seeded.signed += 1


def _rng(letter: Letter) -> random.Random:
    official = letter.addressee
    return random.Random(f"{city.SEED}-{official.unit.code}-{official.name}")


def _personal_part(letter: Letter, rng: random.Random) -> dict:
    chosen = rng.sample(PERSONAL_COMMITMENTS, rng.choice((2, 3)))
    return {
        "personal_text": "\n".join(
            f"{number}. {text}" for number, text in enumerate(chosen, 1)
        ),
        "is_public": letter.campaign.kind == LetterKind.COMMITMENT
        and rng.random() < PUBLIC_SHARE,
    }


def _sign(letter: Letter) -> None:
    sign_letter(
        letter=letter,
        # The letters go to officials with an account.
        signer=cast(User, letter.addressee.user),
        **_personal_part(letter, _rng(letter)),
    )


def ensure_accounts(officials: QuerySet[Official]) -> int:
    """Give each official without a login one, so that they sign their own letters.

    The accounts have no usable password: these signers exist to fill the demo.
    """
    without = officials.filter(user__isnull=True).select_related("unit")
    accounts = [
        NewAccount(
            user=User(
                username=f"{official.unit.code}-{official.pk}".lower(),
                first_name=official.name,
                password=make_password(None),
            ),
            unit=official.unit,
            official=official,
        )
        for official in without
    ]
    return len(create_accounts(accounts=accounts, actor=None))
