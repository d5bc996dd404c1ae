"""The demo city's supervision: last year's record, and this year's open work.

- Last year: four special inspections (tendering, advance payments, project changes, small
  coffers) whose findings went out in 21 supervision opinion letters; 21 open and covert
  visits (明查暗访) and 14 online monitorings of projects whose findings went out in 56
  efficiency recommendations; the 227 projects monitored online, saving 6.6亿 yuan; and
  the 华发塑料粒子厂 case, answered after a television exposure and rectified.
- This year, in the demo township: see demo_township.

Each part is created once, recognised by its first inspection's title, so running
seed_demo again changes nothing. Everything goes through the services, as the staff's
pages do; only dates are set back where last year's history needs them.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from commitments.demo_commitments import ensure_accounts
from core import audit
from core.models import Notification
from responsibilities import demo_data
from responsibilities.models import Official, Unit

from . import demo_history, demo_township
from . import demo_texts as texts
from .demo_projects import plan_projects
from .models import Finding, Inspection, MonitoredProject, NoticeKind
from .services.findings import save_finding
from .services.inspections import save_inspection

Kind = Inspection.Kind
VISITS = 21
OPEN_VISITS = 11
MONITORED = 14


@dataclass
class Seeded:
    inspections: int = 0
    findings: int = 0
    notices: int = 0
    projects: int = 0
    rectifications: int = 0

    def summary(self) -> str:
        return (
            f"{self.inspections} inspections, {self.findings} findings, "
            f"{self.notices} notices issued, {self.projects} monitored projects, "
            f"{self.rectifications} rectifications"
        )


@dataclass
class Group:
    """What one inspection found in one unit, and the notice that tells the unit."""

    inspection: Inspection
    unit: Unit
    findings: list[Finding]


def seed(units: dict[str, Unit], logins: dict[str, User]) -> str:
    today = timezone.localdate()
    seeded = Seeded()
    seed_previous_year(units, year=today.year - 1, staff=logins["staff"], seeded=seeded)
    demo_township.seed(units, today=today, logins=logins, seeded=seeded)
    return seeded.summary()


def seed_previous_year(
    units: dict[str, Unit], *, year: int, staff: User, seeded: Seeded
) -> None:
    topic, title, *_rest = texts.SPECIAL_INSPECTIONS[0]
    if Inspection.objects.filter(title=f"{year}{title}").exists():
        return
    started = timezone.now()
    rng = random.Random(f"{demo_data.SEED}-supervision-{year}")
    team = list(
        Official.objects.active()
        .filter(unit=units[demo_data.DISCIPLINE])
        .order_by("pk")[:6]
    )
    ensure_accounts(
        Official.objects.active().filter(
            subject=Official.Subject.MAIN_LEADER, unit__parent=units[demo_data.ROOT]
        )
    )
    projects = seed_projects(units, year=year, staff=staff, seeded=seeded)
    opinions = seed_special_inspections(units, year, team, staff, rng, seeded)
    efficiencies = seed_visits(units, year, team, staff, rng, seeded)
    efficiencies += seed_monitoring(projects, year, team, staff, rng, seeded)
    notices = demo_history.issue_notices(
        NoticeKind.OPINION, opinions, staff=staff, year=year
    ) + demo_history.issue_notices(
        NoticeKind.EFFICIENCY, efficiencies, staff=staff, year=year
    )
    seeded.notices += len(notices)
    groups = opinions + efficiencies
    seeded.rectifications += demo_history.rectify(
        [f for group in groups for f in group.findings], staff=staff, year=year
    )
    seed_huafa_case(units, year, team, staff, seeded)
    # The services notified everyone as they went; last year's messages were read then.
    Notification.objects.filter(created_at__gte=started).unread().update(
        read_at=timezone.now()
    )


def seed_projects(
    units: dict[str, Unit], *, year: int, staff: User, seeded: Seeded
) -> list[MonitoredProject]:
    """Create the year's monitored projects at once, with one audit entry for them all."""
    projects = bulk_create_with_history(
        plan_projects(units, year=year),
        MonitoredProject,
        default_user=staff,
        default_change_reason="seed_demo",
    )
    audit.record(
        action=audit.Action.PROJECT_SAVE,
        user=staff,
        detail={"year": year, "created": len(projects)},
    )
    seeded.projects += len(projects)
    return list(MonitoredProject.objects.filter(year=year).order_by("-savings", "pk"))


def seed_special_inspections(units, year, team, staff, rng, seeded) -> list[Group]:
    groups = []
    for month, (topic, title, codes, category) in enumerate(
        texts.SPECIAL_INSPECTIONS, start=3
    ):
        inspection = _inspection(
            Inspection(kind=Kind.SPECIAL, topic=topic, title=f"{year}{title}"),
            started_on=date(year, month * 2 - 2, 10),
            days=20,
            units=[units[code] for code in codes],
            team=team[:3],
            staff=staff,
            seeded=seeded,
        )
        for code in codes:
            count = rng.randint(1, 3)
            groups.append(
                _find(inspection, units[code], category, count, staff, rng, seeded)
            )
    return groups


def seed_visits(units, year, team, staff, rng, seeded) -> list[Group]:
    """The year's 明查暗访: each visit finds lapses in two units."""
    groups = []
    codes = [f"ZZ-D{n:02}" for n in range(1, 26)] + [
        f"ZZ-T{n:02}" for n in range(1, 16)
    ]
    for number in range(VISITS):
        is_open = number < OPEN_VISITS
        kind = Kind.OPEN_VISIT if is_open else Kind.COVERT_VISIT
        subjects = texts.OPEN_VISIT_SUBJECTS if is_open else texts.COVERT_VISIT_SUBJECTS
        label = "明查" if is_open else "暗访"
        visited = [units[code] for code in rng.sample(codes, 2)]
        inspection = _inspection(
            Inspection(
                kind=kind,
                title=f"{year}年第{number + 1}次{rng.choice(subjects)}{label}",
            ),
            started_on=date(year, 1, 8) + timedelta(days=number * 16),
            days=2,
            units=visited,
            team=rng.sample(team, 2),
            staff=staff,
            seeded=seeded,
        )
        for unit in visited:
            count = rng.randint(1, 2)
            groups.append(
                _find(
                    inspection, unit, texts.Category.CONDUCT, count, staff, rng, seeded
                )
            )
    return groups


def seed_monitoring(projects, year, team, staff, rng, seeded) -> list[Group]:
    """Online monitoring of the projects that saved most, each finding lapses."""
    groups = []
    for number, project in enumerate(projects[:MONITORED]):
        inspection = _inspection(
            Inspection(
                kind=Kind.ONLINE_MONITORING,
                project=project,
                title=f"{project.name}网上监察",
            ),
            started_on=date(year, 2, 1) + timedelta(days=number * 20),
            days=10,
            units=[project.owner],
            team=team[3:5],
            staff=staff,
            seeded=seeded,
        )
        count = rng.randint(1, 2)
        groups.append(
            _find(
                inspection,
                project.owner,
                texts.Category.PROJECTS,
                count,
                staff,
                rng,
                seeded,
            )
        )
    return groups


def seed_huafa_case(units, year, team, staff, seeded) -> None:
    """Answer the television exposure of 华发塑料粒子厂: find, notify, rectify."""
    codes = [code for code, _category, _text in texts.HUAFA_FINDINGS]
    inspection = _inspection(
        Inspection(
            kind=Kind.MEDIA_RESPONSE,
            media_source=texts.HUAFA_SOURCE,
            title=f"{year}年{texts.HUAFA_TITLE}",
            summary=texts.HUAFA_SUMMARY,
        ),
        started_on=date(year, 6, 12),
        days=15,
        units=[units[code] for code in codes],
        team=team[:4],
        staff=staff,
        seeded=seeded,
    )
    groups = []
    for code, category, description in texts.HUAFA_FINDINGS:
        finding = _finding(
            inspection,
            units[code],
            category,
            description,
            Finding.Severity.SERIOUS,
            staff,
        )
        seeded.findings += 1
        groups.append(Group(inspection, units[code], [finding]))
    seeded.notices += len(
        demo_history.issue_notices(
            NoticeKind.RECTIFICATION, groups, staff=staff, year=year
        )
    )
    seeded.rectifications += demo_history.rectify(
        [group.findings[0] for group in groups],
        staff=staff,
        year=year,
        plan=texts.HUAFA_RECTIFICATION,
        report=texts.HUAFA_REPORT,
    )


def _inspection(inspection, *, started_on, days, units, team, staff, seeded):
    inspection.organiser = staff.profile.unit
    inspection.created_by = staff
    inspection.started_on = started_on
    inspection.ended_on = started_on + timedelta(days=days)
    inspection.status = Inspection.Status.DONE
    seeded.inspections += 1
    return save_inspection(inspection=inspection, units=units, team=team, actor=staff)


def _find(inspection, unit, category, count, staff, rng, seeded) -> Group:
    descriptions = rng.sample(texts.DESCRIPTIONS[category], count)
    severities = (Finding.Severity.MINOR, Finding.Severity.SERIOUS)
    findings = [
        _finding(inspection, unit, category, text, rng.choice(severities), staff)
        for text in descriptions
    ]
    seeded.findings += len(findings)
    return Group(inspection, unit, findings)


def _finding(inspection, unit, category, description, severity, staff) -> Finding:
    finding = Finding(
        inspection=inspection,
        unit=unit,
        created_by=staff,
        source=Finding.Source.INSPECTION,
        category=category,
        severity=severity,
        description=description,
        found_on=inspection.ended_on,
    )
    return save_finding(finding=finding, officials=[], actor=staff)
