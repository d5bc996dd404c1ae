"""This year's supervision of the demo township, as its logins find it.

Staff inspected the township a week or two ago and handed over a supervision opinion
letter on paper when the inspection ended, registered from the archive since, that
`secretary` has still to acknowledge (it waits on the home page). Each finding has its
rectification with a township official answering for it: two due within the week, one
overdue (set when the letter went out), one whose completion report awaits staff's
verification, one with time left.
"""

from datetime import date, timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from core import dates
from demo import city
from demo import inspection_texts as texts
from inspections.models import Finding, Inspection, Notice, NoticeKind
from inspections.services.findings import save_finding
from inspections.services.inspections import save_inspection
from inspections.services.notices import draft_notice, issue_notice
from inspections.services.rectifications import assign_rectification, submit_completion
from responsibilities.models import Official, Unit


def seed(
    units: dict[str, Unit], *, today: date, logins: dict[str, User], seeded
) -> None:
    township, staff = units[city.DEMO_TOWNSHIP], logins["staff"]
    title = f"{today.year}年{township.name}党风廉政建设监督检查"
    if Inspection.objects.filter(title=title).exists():
        return
    started_on = max(date(today.year, 1, 1), today - timedelta(days=14))
    inspection = Inspection(
        organiser=staff.profile.unit,
        created_by=staff,
        kind=Inspection.Kind.ROUTINE,
        title=title,
        started_on=started_on,
        ended_on=max(started_on, today - timedelta(days=7)),
        status=Inspection.Status.DONE,
        summary="检查组通过查阅资料、个别谈话、实地查看等方式，对东湖镇落实党风廉政建设"
        "主体责任和监督责任情况进行了检查。",
    )
    team = Official.objects.active().filter(unit=units[city.DISCIPLINE])
    inspection = save_inspection(
        inspection=inspection,
        units=[township],
        team=list(team.order_by("pk")[3:6]),
        actor=staff,
    )
    seeded.inspections += 1
    officials = {o.post: o for o in township.officials.active().select_related("user")}
    findings = [
        _finding(inspection, spec, officials[spec[3]], staff)
        for spec in texts.TOWNSHIP_FINDINGS
    ]
    seeded.findings += len(findings)
    notice = _issue_opinion(inspection, findings, today=today, staff=staff)
    seeded.notices += 1
    for finding, spec in zip(findings, texts.TOWNSHIP_FINDINGS, strict=True):
        official = officials[spec[3]]
        _rectify(finding, official, spec, notice=notice, today=today, logins=logins)
    seeded.rectifications += len(findings)


def _finding(inspection: Inspection, spec, official: Official, staff: User) -> Finding:
    category, severity, description, *_rest = spec
    assert inspection.ended_on is not None  # the visit is over
    finding = Finding(
        inspection=inspection,
        unit=official.unit,
        created_by=staff,
        source=Finding.Source.INSPECTION,
        category=category,
        severity=severity,
        description=description,
        found_on=inspection.ended_on,
    )
    return save_finding(finding=finding, officials=[official], actor=staff)


def _issue_opinion(inspection, findings, *, today: date, staff: User) -> Notice:
    notice = Notice(
        recipient_unit=inspection.units.get(),
        kind=NoticeKind.OPINION,
        title=f"关于{inspection.title}发现问题的监督检查意见",
        response_due_on=today + timedelta(days=15),
    )
    notice = draft_notice(notice=notice, findings=findings, actor=staff)
    handed_over = min(dates.paper_moment(inspection.ended_on), timezone.now())
    return issue_notice(notice=notice, actor=staff, issued_at=handed_over)


def _rectify(
    finding, official: Official, spec, *, notice: Notice, today: date, logins
) -> None:
    *_rest, days, submitted = spec
    # The overdue one was set on the letter's paper, and its deadline has passed since
    # (never before the letter went out); the others were set in the system today.
    issued_on = timezone.localdate(notice.issued_at)
    rectification = assign_rectification(
        finding=finding,
        responsible=official,
        due_on=max(today + timedelta(days=days), issued_on),
        plan=f"针对“{finding.description}”，明确整改措施和责任人，按期完成整改。",
        actor=logins["staff"],
        assigned_on=issued_on if days < 0 else None,
    )
    if submitted:
        submit_completion(
            rectification=rectification,
            text="已对照问题逐项整改，补齐公务接待公函和清单，并完善了接待审批制度。",
            files=[],
            no_evidence_reason=texts.NO_FILES_REASON,
            actor=official.user or logins["secretary"],
        )
