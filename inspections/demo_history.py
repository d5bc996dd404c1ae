"""Last year's notices and rectifications for the demo, dated in last year.

The services act now: a notice is numbered in the year it is issued, and a rectification
cannot be given a deadline already past. Last year's notices went out on paper and are
registered from the archive with their paper dates, taking last year's numbers from last
year's sequence (their pages say so); rectifications are written through the same steps
and then dated back, their deadlines, reports and acceptance in that year and never
before their notice.
"""

import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from responsibilities import demo_data
from responsibilities.models import Official

from . import demo_texts as texts
from .models import (
    Finding,
    Notice,
    NoticeKind,
    Rectification,
    RectificationStep,
)
from .services.notices import acknowledge_notice, draft_notice, issue_notice
from .services.rectifications import (
    accept_rectification,
    assign_rectification,
    submit_completion,
)

TITLES = {
    NoticeKind.OPINION: "关于{inspection}发现问题的监督检查意见",
    NoticeKind.EFFICIENCY: "关于{inspection}发现问题的效能监察建议",
    NoticeKind.RECTIFICATION: "关于{inspection}发现问题的整改通知",
}
# Days from the finding to the deadline, and the share of reports that came late.
RECTIFICATION_DAYS = 30
LATE_SHARE = 0.12


def moment(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def issue_notices(kind: str, groups: list, *, staff: User, year: int) -> list[Notice]:
    """Draft and issue a notice per group, in the order they went out, numbered in the
    year; each recipient acknowledged receipt two days later."""
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
        issue_notice(notice=notice, actor=staff, issued_at=moment(issued_on))
        _acknowledge(notice, on=issued_on + timedelta(days=2))
        notices.append(notice)
    return notices


def _acknowledge(notice: Notice, *, on: date) -> None:
    leader = _main_leader(notice.recipient_unit_id)
    if leader is None:
        return
    acknowledge_notice(notice=notice, actor=leader.user)
    Notice.objects.filter(pk=notice.pk).update(acknowledged_at=moment(on, 15))


def _main_leader(unit_id: int) -> Official | None:
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
    """Have each finding rectified by its unit's party secretary and accepted by staff,
    then dated back into the year; about one report in eight came late."""
    rng = random.Random(f"{demo_data.SEED}-rectified-{year}")
    deadline = timezone.localdate() + timedelta(days=RECTIFICATION_DAYS)
    done = 0
    for finding in findings:
        leader = _main_leader(finding.unit_id)
        if leader is None:
            continue
        rectification = assign_rectification(
            finding=finding,
            responsible=leader,
            due_on=deadline,
            plan=plan or f"针对“{finding.description}”，逐项制定整改措施，完善制度。",
            actor=staff,
        )
        submit_completion(
            rectification=rectification,
            text=report or "已按整改方案完成整改，并举一反三开展自查自纠。",
            files=[],
            no_evidence_reason=texts.NO_FILES_REASON,
            actor=leader.user,
        )
        accept_rectification(rectification=rectification, actor=staff)
        _date_back(rectification, finding.found_on, late=rng.random() < LATE_SHARE)
        done += 1
    return done


def _date_back(rectification: Rectification, found_on: date, *, late: bool) -> None:
    assigned = found_on + timedelta(days=5)
    due_on = assigned + timedelta(days=RECTIFICATION_DAYS)
    submitted = due_on + timedelta(days=6 if late else -4)
    accepted = submitted + timedelta(days=3)
    Rectification.objects.filter(pk=rectification.pk).update(
        due_on=due_on,
        created_at=moment(assigned),
        submitted_at=moment(submitted),
        closed_at=moment(accepted),
    )
    steps = RectificationStep.objects.filter(rectification=rectification)
    steps.filter(kind=RectificationStep.Kind.COMPLETION).update(
        created_at=moment(submitted)
    )
    steps.filter(kind=RectificationStep.Kind.ACCEPTED).update(
        created_at=moment(accepted)
    )
