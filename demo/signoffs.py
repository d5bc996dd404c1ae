"""The demo's sign-offs (签字背书): last year's duty reports, submitted by their secretaries'
sign-offs on paper and registered from the archive, and the demo township's list
breakdown of last year.

It runs after the commitments demo, whose signer accounts it reuses; a main leader still
without one (the city's, who is above the section level) gets one the same way. This
year's breakdown is left for the `secretary` login to sign off. Idempotent: only drafts
are signed, and a leader signs a list once.
"""

import random
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from commitments.models.signoffs import signing_leader
from commitments.services.signoffs import register_paper_report_sign_off, sign_off_list
from demo import city
from demo import responsibilities as steps
from demo.commitments import ensure_accounts
from responsibilities.models import (
    DutyReport,
    Official,
    Period,
    ResponsibilityList,
    Unit,
)

REPORT_OPINIONS = (
    "本报告经党委（党组）会议审议通过，内容真实准确，本人对报告负责。",
    "报告如实反映了本年度履行主体责任情况，存在问题已列明整改措施，本人对此负责。",
    "经本人审阅，报告内容属实，同意报送。",
)
LIST_OPINIONS = {
    "secretary": "经党委会议研究，同意本年度责任清单分解方案，本人作为第一责任人对此负责。",
    "member": "已认领分工范围内的责任，同意该分解方案，将认真履行“一岗双责”。",
}


def seed(units: dict[str, Unit], logins: dict[str, User]) -> str:
    today = timezone.localdate()
    year = today.year - 1
    reports = sign_off_reports(year=year, today=today, admin=logins["admin"])
    lists = sign_off_township_list(units[city.DEMO_TOWNSHIP], year=year, logins=logins)
    _meeting, reviews = steps.seed_review_meeting(
        units, year=year, today=today, staff=logins["staff"]
    )
    return (
        f"{reports} duty reports signed off (and so submitted), {lists} list "
        f"breakdown sign-offs, {reviews} reviews of submitted reports"
    )


def sign_off_reports(*, year: int, today: date, admin: User) -> int:
    """Register each unit's whole-year report as its party secretary signed it off on
    paper in January, before the review meeting; that submitted it."""
    # The review meeting sits on the reports in the first quarter (demo.responsibilities).
    meeting_day = min(today, date(today.year, 3, 20))
    drafts = list(
        DutyReport.objects.for_period(year, Period.YEAR).drafts().select_related("unit")
    )
    leaders = Official.objects.active().filter(
        subject=Official.Subject.MAIN_LEADER,
        unit__in=[report.unit_id for report in drafts],
    )
    ensure_accounts(leaders)
    secretaries = {
        leader.unit_id: leader
        for leader in leaders.exclude(user=None).select_related("user").order_by("-pk")
    }
    for report in drafts:
        rng = random.Random(f"{city.SEED}-sign-off-{report.unit.code}")
        opinion = rng.choice(REPORT_OPINIONS)
        signed_on = date(year + 1, 1, 8) + timedelta(days=rng.randint(0, 20))
        register_paper_report_sign_off(
            duty_report=report,
            secretary=secretaries[report.unit_id],
            actor=admin,
            signed_on=min(signed_on, meeting_day - timedelta(days=1)),
            opinion=opinion,
        )
    return len(drafts)


def sign_off_township_list(
    township: Unit, *, year: int, logins: dict[str, User]
) -> int:
    """The township's secretary and a team member sign off last year's breakdown."""
    responsibility_list = ResponsibilityList.objects.filter(
        unit=township, year=year
    ).first()
    if responsibility_list is None:
        return 0
    signed = set(
        responsibility_list.sign_offs.values_list("official__user_id", flat=True)
    )
    added = 0
    for login, opinion in LIST_OPINIONS.items():
        user = logins[login]
        if user.pk in signed or signing_leader(responsibility_list, user) is None:
            continue
        sign_off_list(
            responsibility_list=responsibility_list, signer=user, opinion=opinion
        )
        added += 1
    return added
