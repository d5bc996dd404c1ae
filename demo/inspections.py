"""The demo city's supervision: last year's record, and this year's open work.

- Last year: four special inspections (tendering, advance payments, project changes, small
  coffers) whose findings went out in 21 supervision opinion letters; 21 open and covert
  visits (明查暗访) and 14 online monitorings of projects whose findings went out in 56
  efficiency recommendations; the 227 projects monitored online, saving 6.6亿 yuan; and
  the 华发塑料粒子厂 case, answered after a television exposure and rectified.
- This year, in the demo township: see township.

Each part is created once, recognised by its first inspection's title, so running
seed_demo again changes nothing. Everything goes through the services, as the staff's
pages do; last year's papers are registered from the archive with the days they bear.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from demo import city, inspection_history, township
from demo import inspection_texts as texts
from demo.commitments import ensure_accounts
from demo.projects import plan_projects
from inspections.models import Finding, Inspection, MonitoredProject, NoticeKind
from inspections.services.findings import save_finding
from inspections.services.inspections import create_projects, save_inspection
from responsibilities.models import Official, Unit

Kind = Inspection.Kind
VISITS = 21
OPEN_VISITS = 11
MONITORED = 14
SEVERITIES = (Finding.Severity.MINOR, Finding.Severity.SERIOUS)


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


@dataclass
class Inspectors:
    """Last year's inspecting staff at work: the team they draw from, the one draw of
    chance behind every choice (in a fixed order), and the running counts."""

    year: int
    staff: User
    team: list[Official]
    rng: random.Random
    seeded: Seeded

    def inspect(
        self, inspection: Inspection, *, started_on: date, days: int, units, team
    ) -> Inspection:
        """Save a finished inspection of the units, lasting `days`."""
        inspection.organiser = self.staff.profile.unit
        inspection.created_by = self.staff
        inspection.started_on = started_on
        inspection.ended_on = started_on + timedelta(days=days)
        inspection.status = Inspection.Status.DONE
        self.seeded.inspections += 1
        return save_inspection(
            inspection=inspection, units=units, team=team, actor=self.staff
        )

    def find(
        self, inspection: Inspection, unit: Unit, category: str, count: int
    ) -> Group:
        """Record `count` lapses of the category in the unit, of drawn severity."""
        descriptions = self.rng.sample(texts.DESCRIPTIONS[category], count)
        findings = [
            self.finding(inspection, unit, category, text, self.rng.choice(SEVERITIES))
            for text in descriptions
        ]
        return Group(inspection, unit, findings)

    def finding(self, inspection, unit, category, description, severity) -> Finding:
        self.seeded.findings += 1
        finding = Finding(
            inspection=inspection,
            unit=unit,
            created_by=self.staff,
            source=Finding.Source.INSPECTION,
            category=category,
            severity=severity,
            description=description,
            found_on=inspection.ended_on,
        )
        return save_finding(finding=finding, officials=[], actor=self.staff)


def seed(units: dict[str, Unit], logins: dict[str, User]) -> str:
    today = timezone.localdate()
    seeded = Seeded()
    seed_previous_year(units, year=today.year - 1, staff=logins["staff"], seeded=seeded)
    township.seed(units, today=today, logins=logins, seeded=seeded)
    return seeded.summary()


def seed_previous_year(
    units: dict[str, Unit], *, year: int, staff: User, seeded: Seeded
) -> None:
    topic, title, *_rest = texts.SPECIAL_INSPECTIONS[0]
    if Inspection.objects.filter(title=f"{year}{title}").exists():
        return
    team = Official.objects.active().filter(unit=units[city.DISCIPLINE])
    inspectors = Inspectors(
        year=year,
        staff=staff,
        team=list(team.order_by("pk")[:6]),
        rng=random.Random(f"{city.SEED}-supervision-{year}"),
        seeded=seeded,
    )
    # The units' party secretaries acknowledge the notices and report on rectification.
    ensure_accounts(
        Official.objects.active().filter(
            subject=Official.Subject.MAIN_LEADER, unit__parent=units[city.ROOT]
        )
    )
    projects = seed_projects(units, year=year, staff=staff, seeded=seeded)
    opinions = seed_special_inspections(units, inspectors)
    efficiencies = seed_visits(units, inspectors)
    efficiencies += seed_monitoring(projects, inspectors)
    notify_and_rectify(opinions, efficiencies, inspectors)
    seed_huafa_case(units, inspectors)


def seed_projects(
    units: dict[str, Unit], *, year: int, staff: User, seeded: Seeded
) -> list[MonitoredProject]:
    """Create the year's monitored projects; return them, those that saved most first."""
    created = create_projects(projects=plan_projects(units, year=year), actor=staff)
    seeded.projects += len(created)
    return list(MonitoredProject.objects.filter(year=year).order_by("-savings", "pk"))


def seed_special_inspections(units, inspectors: Inspectors) -> list[Group]:
    """The four special inspections, two months apart, each finding one to three
    lapses of its topic in each unit it inspects."""
    groups = []
    for month, (topic, title, codes, category) in enumerate(
        texts.SPECIAL_INSPECTIONS, start=3
    ):
        inspection = inspectors.inspect(
            Inspection(
                kind=Kind.SPECIAL, topic=topic, title=f"{inspectors.year}{title}"
            ),
            started_on=date(inspectors.year, month * 2 - 2, 10),
            days=20,
            units=[units[code] for code in codes],
            team=inspectors.team[:3],
        )
        for code in codes:
            count = inspectors.rng.randint(1, 3)
            groups.append(inspectors.find(inspection, units[code], category, count))
    return groups


def seed_visits(units, inspectors: Inspectors) -> list[Group]:
    """The year's 明查暗访: each visit finds lapses in two units."""
    codes = [f"ZZ-D{n:02}" for n in range(1, 26)] + [
        f"ZZ-T{n:02}" for n in range(1, 16)
    ]
    groups = []
    for number in range(VISITS):
        visited = [units[code] for code in inspectors.rng.sample(codes, 2)]
        inspection = _visit(number, visited, inspectors)
        for unit in visited:
            count = inspectors.rng.randint(1, 2)
            groups.append(
                inspectors.find(inspection, unit, texts.Category.CONDUCT, count)
            )
    return groups


def _visit(number: int, visited: list[Unit], inspectors: Inspectors) -> Inspection:
    """The year's visit `number`: the first ones open (明查), the rest covert (暗访)."""
    rng = inspectors.rng
    is_open = number < OPEN_VISITS
    subjects = texts.OPEN_VISIT_SUBJECTS if is_open else texts.COVERT_VISIT_SUBJECTS
    label = "明查" if is_open else "暗访"
    return inspectors.inspect(
        Inspection(
            kind=Kind.OPEN_VISIT if is_open else Kind.COVERT_VISIT,
            title=f"{inspectors.year}年第{number + 1}次{rng.choice(subjects)}{label}",
        ),
        started_on=date(inspectors.year, 1, 8) + timedelta(days=number * 16),
        days=2,
        units=visited,
        team=rng.sample(inspectors.team, 2),
    )


def seed_monitoring(projects, inspectors: Inspectors) -> list[Group]:
    """Online monitoring of the projects that saved most, each finding lapses."""
    groups = []
    for number, project in enumerate(projects[:MONITORED]):
        inspection = inspectors.inspect(
            Inspection(
                kind=Kind.ONLINE_MONITORING,
                project=project,
                title=f"{project.name}网上监察",
            ),
            started_on=date(inspectors.year, 2, 1) + timedelta(days=number * 20),
            days=10,
            units=[project.owner],
            team=inspectors.team[3:5],
        )
        count = inspectors.rng.randint(1, 2)
        groups.append(
            inspectors.find(inspection, project.owner, texts.Category.PROJECTS, count)
        )
    return groups


def notify_and_rectify(
    opinions: list[Group], efficiencies: list[Group], inspectors: Inspectors
) -> None:
    """Register the paper notices (opinion letters for the special inspections,
    efficiency recommendations for the rest), then each finding's rectification."""
    year, staff = inspectors.year, inspectors.staff
    notices = inspection_history.issue_notices(
        NoticeKind.OPINION, opinions, staff=staff, year=year
    ) + inspection_history.issue_notices(
        NoticeKind.EFFICIENCY, efficiencies, staff=staff, year=year
    )
    inspectors.seeded.notices += len(notices)
    findings = [f for group in opinions + efficiencies for f in group.findings]
    inspectors.seeded.rectifications += inspection_history.rectify(
        findings, staff=staff, year=year
    )


def seed_huafa_case(units, inspectors: Inspectors) -> None:
    """Answer the television exposure of 华发塑料粒子厂: find, notify, rectify."""
    codes = [code for code, _category, _text in texts.HUAFA_FINDINGS]
    inspection = inspectors.inspect(
        Inspection(
            kind=Kind.MEDIA_RESPONSE,
            media_source=texts.HUAFA_SOURCE,
            title=f"{inspectors.year}年{texts.HUAFA_TITLE}",
            summary=texts.HUAFA_SUMMARY,
        ),
        started_on=date(inspectors.year, 6, 12),
        days=15,
        units=[units[code] for code in codes],
        team=inspectors.team[:4],
    )
    groups = [
        Group(
            inspection,
            units[code],
            [
                inspectors.finding(
                    inspection, units[code], category, text, Finding.Severity.SERIOUS
                )
            ],
        )
        for code, category, text in texts.HUAFA_FINDINGS
    ]
    _rectify_huafa(groups, inspectors)


def _rectify_huafa(groups: list[Group], inspectors: Inspectors) -> None:
    year, staff = inspectors.year, inspectors.staff
    notices = inspection_history.issue_notices(
        NoticeKind.RECTIFICATION, groups, staff=staff, year=year
    )
    inspectors.seeded.notices += len(notices)
    inspectors.seeded.rectifications += inspection_history.rectify(
        [group.findings[0] for group in groups],
        staff=staff,
        year=year,
        plan=texts.HUAFA_RECTIFICATION,
        report=texts.HUAFA_REPORT,
    )
