"""Last year's notices and rectifications for the demo, dated in last year.

Last year's notices went out on paper and are registered from the archive with their
paper dates, taking last year's numbers from last year's sequence (their pages say so).
Their receipts, the rectifications they set, the units' completion reports and staff's
acceptance are registered from the same papers, each with the day it bears: deadlines,
reports and acceptance fall in that year and never before their notice.
"""

import random
from datetime import date, timedelta
from typing import cast

from django.contrib.auth.models import User

from core import dates
from demo import city
from demo import inspection_texts as texts
from inspections.models import Finding, Notice, NoticeKind
from inspections.services.notices import acknowledge_notice, draft_notice, issue_notice
from inspections.services.rectifications import (
    accept_rectification,
    assign_rectification,
    submit_completion,
)
from responsibilities.models import Official

TITLES: dict[str, str] = {
    NoticeKind.OPINION: "关于{inspection}发现问题的监督检查意见",
    NoticeKind.EFFICIENCY: "关于{inspection}发现问题的效能监察建议",
    NoticeKind.RECTIFICATION: "关于{inspection}发现问题的整改通知",
}
# Days from the finding to the deadline, and the share of reports that came late.
RECTIFICATION_DAYS = 30
LATE_SHARE = 0.12


def issue_notices(kind: str, groups: list, *, staff: User, year: int) -> list[Notice]:
    """Draft and register each group's paper notice, in the order they went out,
    numbered in the year; each recipient acknowledged receipt two days later."""
    notices = []
    for group in sorted(groups, key=lambda g: g.inspection.ended_on):
        issued_on = group.inspection.ended_on + timedelta(days=5)
        notice = Notice(
            recipient_unit=group.unit,
            kind=kind,
            title=TITLES[kind].format(inspection=group.inspection.title),
            response_due_on=issued_on + timedelta(days=RECTIFICATION_DAYS),
        )
        notice = draft_notice(notice=notice, findings=group.findings, actor=staff)
        issued_at = dates.paper_moment(issued_on)
        issue_notice(notice=notice, actor=staff, issued_at=issued_at)
        _acknowledge(notice, on=issued_on + timedelta(days=2))
        notices.append(notice)
    return notices


def _acknowledge(notice: Notice, *, on: date) -> None:
    leader = _main_leader(notice.recipient_unit_id)
    if leader is not None:
        # _main_leader picks one with an account.
        user = cast(User, leader.user)
        acknowledge_notice(notice=notice, actor=user, acknowledged_on=on)


def _main_leader(unit_id: int | None) -> Official | None:
    return (
        Official.objects.active()
        .filter(unit_id=unit_id, subject=Official.Subject.MAIN_LEADER)
        .exclude(user=None)
        .select_related("user")
        .order_by("pk")
        .first()
    )


def rectify(
    findings: list[Finding],
    *,
    staff: User,
    year: int,
    plan: str = "",
    report: str = "",
) -> int:
    """Register each finding's rectification from the papers: set with its notice,
    reported by its unit's party secretary and accepted by staff; about one report in
    eight came late."""
    rng = random.Random(f"{city.SEED}-rectified-{year}")
    done = 0
    for finding in findings:
        leader = _main_leader(finding.unit_id)
        if leader is None:
            continue
        papers = _paper_days(finding.found_on, late=rng.random() < LATE_SHARE)
        _rectify_on_paper(
            finding, leader, papers, staff=staff, plan=plan, report=report
        )
        done += 1
    return done


def _paper_days(found_on: date, *, late: bool) -> dict[str, date]:
    """The days the papers bear: set with the notice, due a month later, reported a few
    days before the deadline (or after it, when late), accepted three days on."""
    assigned = found_on + timedelta(days=5)
    due_on = assigned + timedelta(days=RECTIFICATION_DAYS)
    submitted = due_on + timedelta(days=6 if late else -4)
    return {
        "assigned": assigned,
        "due_on": due_on,
        "submitted": submitted,
        "accepted": submitted + timedelta(days=3),
    }


def _rectify_on_paper(
    finding: Finding,
    leader: Official,
    papers: dict[str, date],
    *,
    staff: User,
    plan: str,
    report: str,
) -> None:
    rectification = assign_rectification(
        finding=finding,
        responsible=leader,
        due_on=papers["due_on"],
        plan=plan or f"针对“{finding.description}”，逐项制定整改措施，完善制度。",
        actor=staff,
        assigned_on=papers["assigned"],
    )
    submit_completion(
        rectification=rectification,
        text=report or "已按整改方案完成整改，并举一反三开展自查自纠。",
        files=[],
        no_evidence_reason=texts.NO_FILES_REASON,
        actor=cast(User, leader.user),  # _main_leader picks one with an account
        submitted_on=papers["submitted"],
    )
    accept_rectification(
        rectification=rectification, actor=staff, accepted_on=papers["accepted"]
    )
