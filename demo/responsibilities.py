"""The demo city's responsibility lists, portfolios, key tasks, reports and review meeting.

The seed_demo command runs these steps after the units, officials and logins exist. Each
step goes through the services, is guarded on natural keys (so a second run adds nothing)
and draws its variety from a random.Random seeded per unit, so every run writes the same.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import cast

from django.contrib.auth.models import User

from demo import city
from responsibilities.models import (
    Duty,
    DutyReport,
    KeyTask,
    Official,
    Period,
    PortfolioArea,
    ProgressEntry,
    ResponsibilityList,
    ReviewMeeting,
    Subject,
    Unit,
)
from responsibilities.services import save_unit
from responsibilities.services.catalogue import (
    install_default_areas,
    install_default_catalogue,
)
from responsibilities.services.lists import generate_list, publish_list, update_duty
from responsibilities.services.reports import (
    create_meeting,
    record_review,
    register_paper_report,
    set_portfolios,
    write_report,
)
from responsibilities.services.work import record_progress, save_key_task

Kind = Unit.Kind


@dataclass
class Created:
    """What one run added, for the command's summary line."""

    lists: int = 0
    duties: int = 0
    portfolios: int = 0
    key_tasks: int = 0
    progress_entries: int = 0
    reports: int = 0
    meetings: int = 0
    reviews: int = 0
    detailed_duties: int = 0

    def summary(self) -> str:
        return (
            f"Responsibilities: {self.lists} lists published ({self.duties} duties), "
            f"{self.portfolios} portfolios, {self.detailed_duties} duties detailed, "
            f"{self.key_tasks} key tasks, {self.progress_entries} progress entries, "
            f"{self.reports} duty reports drafted, {self.meetings} review meetings "
            f"({self.reviews} reviews) created."
        )


def assign_stationed_groups(units: dict[str, Unit]) -> None:
    """Give each department without a discipline secretary its stationed group (派驻纪检组),
    so the six supervisory duties of its list have a holder: consecutive departments share
    a group, 25 departments over 8 groups."""
    groups = [units[f"{city.DISCIPLINE}-G{n}"] for n in range(1, 9)]
    departments = sorted(
        (unit for unit in units.values() if unit.kind == Kind.DEPARTMENT),
        key=lambda unit: unit.code,
    )
    per_group = -(-len(departments) // len(groups))  # ceiling division
    for index, department in enumerate(departments):
        if department.stationed_group_id is None:
            department.stationed_group = groups[index // per_group]
            save_unit(unit=department, actor=None)


def install_catalogues(years: tuple[int, ...]) -> None:
    """Make sure both years have a catalogue and the portfolio areas exist (idempotent)."""
    install_default_areas()
    for year in years:
        install_default_catalogue(year=year)


def seed_portfolios(units: dict[str, Unit], *, actor: User) -> int:
    """Give the team of every township, subdistrict and department its areas (分管领域),
    unless someone in the unit already holds one; return how many portfolios were added."""
    areas = PortfolioArea.objects.in_bulk(field_name="name")
    held = set(
        Official.objects.filter(portfolios__isnull=False).values_list(
            "unit_id", flat=True
        )
    )
    specs = {spec.code: spec for spec in city.unit_specs()}
    added = 0
    for code, spec in specs.items():
        unit = units[code]
        if spec.kind not in city.PORTFOLIO_PLANS or unit.pk in held:
            continue
        for official, names in _portfolio_plan(unit, spec):
            chosen = [areas[name] for name in names if name in areas]
            set_portfolios(official=official, areas=chosen, actor=actor)
            added += len(chosen)
    return added


def _portfolio_plan(
    unit: Unit, spec: city.UnitSpec
) -> list[tuple[Official, list[str]]]:
    """Return each team seat's official and area names; a seat maps to its official by
    post, in the order the seats were staffed."""
    rng = random.Random(f"{city.SEED}-portfolios-{unit.code}")
    seats = city.leader_seats(spec)
    plans = city.PORTFOLIO_PLANS[spec.kind]
    officials: dict[str, list[Official]] = {}
    team = unit.officials.active().exclude(subject=Official.Subject.NONE)
    for official in team.order_by("pk"):
        officials.setdefault(official.post, []).append(official)
    domain = city.DEPARTMENT_AREAS.get(unit.code, "行政审批")
    used: set[str] = set()
    plan = []
    for (post, _rank, subject), (first, second) in zip(seats, plans, strict=True):
        if not officials.get(post):
            continue
        official = officials[post].pop(0)
        if subject == Official.Subject.DISCIPLINE_HEAD:
            # Not marked used: the breach is the head sharing a member's area.
            names = list(city.BREACHES.get(unit.code, ()))
        else:
            names = _pick([name.format(domain=domain) for name in first], used)
            if second and rng.random() < 0.5:
                names += _pick(list(second), used | set(names))
            used.update(names)
        if names:
            plan.append((official, names))
    return plan


def _pick(preferences: list[str], used: set[str]) -> list[str]:
    """Return the first preferred area nobody in the unit holds yet, if any."""
    return next(([name] for name in preferences if name not in used), [])


def generate_lists(*, years: tuple[int, ...], actor: User) -> tuple[int, int]:
    """Generate the list of every active committee unit for each year where the unit has
    none yet; return how many lists and duties."""
    units = list(Unit.objects.active().with_committee().order_by("order", "pk"))
    lists = duties = 0
    for year in years:
        done = set(
            ResponsibilityList.objects.filter(year=year).values_list(
                "unit_id", flat=True
            )
        )
        for unit in units:
            if unit.pk in done:
                continue
            _list, added = generate_list(unit=unit, year=year, actor=actor)
            lists += 1
            duties += added
    return lists, duties


def publish_drafts(*, years: tuple[int, ...], actor: User) -> None:
    """Publish every draft list of those years, once their details are filled in:
    a published list can no longer change."""
    drafts = ResponsibilityList.objects.filter(
        year__in=years, status=ResponsibilityList.Status.DRAFT
    )
    for responsibility_list in drafts:
        publish_list(responsibility_list=responsibility_list, actor=actor)


def detail_township_list(
    township: Unit, *, year: int, secretary: User, member: User
) -> int:
    """Fill measures, targets and deadlines on the demo township's list, as its secretary
    would: the team's, the secretary's, the discipline secretary's and the demo member's
    duties. A duty that has any of them already is left alone."""
    duties = Duty.objects.filter(
        responsibility_list__unit=township, responsibility_list__year=year
    ).select_related("holder", "area")
    detailed = 0
    for duty in duties:
        # The township's team seats are all filled.
        holder = cast(Official, duty.holder)
        if duty.subject == Subject.TEAM_MEMBER and holder.user_id != member.pk:
            continue
        detail = city.DUTY_DETAILS.get(_detail_key(duty))
        if detail is None or duty.measures or duty.targets or duty.due_on:
            continue
        measures, targets, (month, day) = detail
        update_duty(
            duty=duty,
            measures=measures,
            targets=targets,
            due_on=date(year, month, day),
            actor=secretary,
        )
        detailed += 1
    return detailed


def _detail_key(duty: Duty) -> tuple[str, object]:
    """A duty's key in the demo data: ("area", name) or (subject, number)."""
    if duty.area is not None:
        return ("area", duty.area.name)
    return (duty.subject, duty.number)


def record_member_progress(member: User, *, year: int, today: date) -> int:
    """Record the demo member's work on two of their duties, once."""
    duties = {
        _detail_key(duty): duty
        for duty in Duty.objects.filter(
            holder__user=member, responsibility_list__year=year
        ).select_related("area")
    }
    if ProgressEntry.objects.filter(duty__in=duties.values()).exists():
        return 0
    created = 0
    for key, days_ago, entry in city.MEMBER_PROGRESS:
        if key not in duties:
            continue
        record_progress(
            author=member,
            happened_on=today - timedelta(days=days_ago),
            text=entry,
            files=[],
            duty=duties[key],
        )
        created += 1
    return created


def seed_key_tasks(
    units: dict[str, Unit], *, year: int, today: date, author: User
) -> tuple[int, int]:
    """Create the year's key tasks led by city leaders, each with its progress; a task
    whose title the year already has is left alone. Return tasks and entries added."""
    # Newest first, so where two leaders share a post the first one staffed wins.
    leaders = {
        official.post: official
        for official in units[city.ROOT].officials.active().order_by("-pk")
    }
    existing = set(KeyTask.objects.filter(year=year).values_list("title", flat=True))
    tasks = entries = 0
    for spec in city.KEY_TASKS:
        if spec.title in existing:
            continue
        key_task = save_key_task(
            key_task=KeyTask(
                year=year,
                title=spec.title,
                description=spec.description,
                lead_leader=leaders[spec.leader_post],
                lead_unit=units[spec.lead_unit],
                due_on=today + timedelta(days=spec.due_in_days),
                status=spec.status,
            ),
            actor=author,
            participating_units=[units[code] for code in spec.participants],
        )
        for days_ago, entry in spec.progress:
            record_progress(
                author=author,
                happened_on=today - timedelta(days=days_ago),
                text=entry,
                files=[],
                key_task=key_task,
            )
        tasks += 1
        entries += len(spec.progress)
    return tasks, entries


def seed_reports(
    units: dict[str, Unit], *, year: int, secretary: User, admin: User
) -> int:
    """Draft the year's reports of the committee units, except a few left unreported
    for the coverage view. The demo township's secretary writes its own; the others
    came on paper, and the administrator registers them from the archive. They are
    submitted by their secretaries' sign-offs, which the demo's sign-off step registers."""
    reported = set(
        DutyReport.objects.for_period(year, Period.YEAR).values_list(
            "unit_id", flat=True
        )
    )
    township = units[city.DEMO_TOWNSHIP]
    added = 0
    if township.pk not in reported:
        write_report(
            unit=township,
            year=year,
            period=Period.YEAR,
            text=city.report_text(township.name, township.kind, year),
            files=[],
            written_by=secretary,
        )
        added += 1
    for unit in _reported_on_paper(exclude={township.pk, *reported}):
        register_paper_report(
            unit=unit,
            year=year,
            period=Period.YEAR,
            text=city.report_text(unit.name, unit.kind, year),
            actor=admin,
        )
        added += 1
    return added


def _reported_on_paper(*, exclude: set[int]) -> list[Unit]:
    """The committee units with a main leader that reported on paper, but those left
    unreported and those excluded."""
    leaders = _main_leaders()
    committee = Unit.objects.active().with_committee().order_by("order", "pk")
    return [
        unit
        for unit in committee
        if unit.pk not in exclude
        and unit.code not in city.UNREPORTED
        and unit.pk in leaders
    ]


def _main_leaders() -> dict[int, Official]:
    """Return each unit's active main leader by unit key."""
    return {  # newest first, so the first main leader staffed wins
        official.unit_id: official
        for official in Official.objects.active()
        .filter(subject=Official.Subject.MAIN_LEADER)
        .order_by("-pk")
    }


def seed_review_meeting(
    units: dict[str, Unit], *, year: int, today: date, staff: User
) -> tuple[int, int]:
    """Hold the year's review meeting (述责述廉评议会) once, reviewing a few reports.

    Only submitted reports are reviewed: run before the reports are signed off, this
    creates the meeting; run again after, it records the reviews still missing.
    """
    title = city.MEETING_TITLE.format(year=year)
    meeting = ReviewMeeting.objects.filter(title=title).first()
    created = 0
    reports = {
        report.unit.code: report
        for report in DutyReport.objects.for_period(year, Period.YEAR).select_related(
            "unit"
        )
    }
    reviewed = [reports[code] for code, *_ in city.REVIEWS if code in reports]
    if meeting is None:
        discipline = units[city.DISCIPLINE].officials.active()
        participants = list(discipline.exclude(subject=Official.Subject.NONE))
        leaders = _main_leaders()
        participants += [leaders[report.unit_id] for report in reviewed]
        meeting = create_meeting(
            meeting=ReviewMeeting(held_on=_meeting_day(today), title=title),
            participants=participants,
            actor=staff,
        )
        created = 1
    done = set(meeting.reviews.values_list("report__unit__code", flat=True))
    reviews = 0
    for code, rating, comments, problems in city.REVIEWS:
        report = reports.get(code)
        if report is None or code in done or not report.is_submitted():
            continue
        record_review(
            meeting=meeting,
            report=report,
            comments=comments,
            rating=rating,
            problems=[
                {"description": problem, "rectification_requirement": requirement}
                for problem, requirement in problems
            ],
            actor=staff,
        )
        reviews += 1
    return created, reviews


def _meeting_day(today: date) -> date:
    """Review meetings on the past year are held in the first quarter."""
    return min(today, date(today.year, 3, 20))
