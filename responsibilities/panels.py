"""The home page's panels for organisation and people: what needs the user, and what
an administrator keeps."""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from core.hooks import Block, Slot
from core.http import AuthenticatedHttpRequest

from .models import (
    STANDARD_BOTTOM_LINE_COUNT,
    STANDARD_DUTY_COUNTS,
    BottomLine,
    Duty,
    DutyReport,
    DutyTemplate,
    KeyTask,
    Official,
    Period,
    Portfolio,
    ResponsibilityList,
    Unit,
    home_unit,
)

# Units that must each have a party committee main leader and a discipline head.
LED_KINDS = [Unit.Kind.DEPARTMENT, Unit.Kind.TOWNSHIP, Unit.Kind.SUBDISTRICT]
SHOWN = 10


def _units_missing(subject: str, units: QuerySet[Unit]) -> list[Unit]:
    holder = Official.objects.active().filter(unit=OuterRef("pk"), subject=subject)
    return list(units.filter(~Exists(holder))[:SHOWN])


def organisation_panel(request: AuthenticatedHttpRequest) -> Block:
    """For administrators: the size of the organisation and the posts left empty; it
    needs them only while a post is empty."""
    units = Unit.objects.visible_to(request.user).active()
    led_units = units.filter(kind__in=LED_KINDS)
    without_main_leader = _units_missing(Official.Subject.MAIN_LEADER, led_units)
    without_discipline_head = _units_missing(
        Official.Subject.DISCIPLINE_HEAD,
        led_units.exclude(kind=Unit.Kind.DEPARTMENT),
    )
    is_complete = not (without_main_leader or without_discipline_head)
    return Block(
        "responsibilities/_panel_organisation.html",
        {
            "unit_count": units.count(),
            "official_count": Official.objects.visible_to(request.user)
            .active()
            .count(),
            "without_main_leader": without_main_leader,
            "without_discipline_head": without_discipline_head,
        },
        slot=Slot.OVERVIEW if is_complete else Slot.MAIN,
    )


def recent_changes_panel(request: AuthenticatedHttpRequest) -> Block:
    """For administrators: the latest changes to units and officials in their scope,
    imports included, from the records' own history (the audit trail is the auditor's
    to read). Two bounded queries however long the history."""
    visible = Unit.objects.visible_to(request.user).values("pk")
    units = Unit.history.filter(id__in=visible)
    officials = Official.history.filter(unit_id__in=visible)
    latest = [
        *units.select_related("history_user").order_by("-history_date")[:SHOWN],
        *officials.select_related("history_user").order_by("-history_date")[:SHOWN],
    ]
    latest.sort(key=lambda change: change.history_date, reverse=True)
    return Block(
        "responsibilities/_panel_recent_changes.html",
        {"changes": [_change(record) for record in latest[:SHOWN]]},
        slot=Slot.OVERVIEW,
    )


def _change(record) -> dict:
    """One history row in words: what, which record (with its page), who and when."""
    return {
        "kind": record.instance_type._meta.verbose_name,
        "action": record.get_history_type_display(),
        "name": record.name,
        "url": record.instance.get_absolute_url(),
        "user": record.history_user,
        "at": record.history_date,
    }


def catalogue_panel(request: AuthenticatedHttpRequest) -> Block:
    """For administrators: whether this year's duty catalogue and bottom lines are in,
    against the counts of the city's implementation opinion."""
    year = timezone.localdate().year
    counts = dict(
        DutyTemplate.objects.of_year(year)
        .values_list("subject")
        .annotate(count=Count("pk"))
        .values_list("subject", "count")
    )
    duties = [
        {"subject": subject, "count": counts.get(subject, 0), "standard": standard}
        for subject, standard in STANDARD_DUTY_COUNTS.items()
    ]
    return Block(
        "responsibilities/_panel_catalogue.html",
        {
            "year": year,
            "duties": duties,
            "duty_count": sum(counts.values()),
            "bottom_line_count": BottomLine.objects.of_year(year).count(),
            "bottom_line_standard": STANDARD_BOTTOM_LINE_COUNT,
        },
        slot=Slot.OVERVIEW,
    )


def my_unit_panel(request: AuthenticatedHttpRequest) -> Block:
    """For everyone with a home unit: where they stand and what they oversee."""
    return Block(
        "responsibilities/_panel_my_unit.html",
        {
            "unit": home_unit(request.user),
            "official": Official.objects.filter(user=request.user)
            .select_related("unit")
            .first(),
            "unit_count": Unit.objects.visible_to(request.user).active().count(),
            "official_count": Official.objects.visible_to(request.user)
            .active()
            .count(),
        },
    )


def my_duties_panel(request: AuthenticatedHttpRequest) -> Block:
    """For a signed-in official: this year's duties they hold and how many have a record."""
    year = timezone.localdate().year
    duties = Duty.objects.held_by(request.user).filter(responsibility_list__year=year)
    counts = duties.aggregate(
        total=Count("pk", distinct=True),
        recorded=Count("pk", filter=Q(progress_entries__isnull=False), distinct=True),
    )
    return Block("responsibilities/_panel_my_duties.html", {"year": year, **counts})


def supervision_panel(request: AuthenticatedHttpRequest) -> Block:
    """For administrators and discipline staff: this year's lists, reports and "三转"."""
    year = timezone.localdate().year
    units = Unit.objects.visible_to(request.user).active().with_committee()
    lists = ResponsibilityList.objects.visible_to(request.user).filter(year=year)
    # A year's report is written when the year ends, so last year's is the one now due.
    report_year = year - 1
    reports = DutyReport.objects.visible_to(request.user)
    reported = reports.for_period(report_year, Period.YEAR).submitted()
    today = timezone.localdate()
    return Block(
        "responsibilities/_panel_supervision.html",
        {
            "year": year,
            "unit_count": units.count(),
            "list_count": lists.count(),
            "published_count": lists.published().count(),
            "report_year": report_year,
            "reported_count": reported.count(),
            "overdue_tasks": KeyTask.objects.visible_to(request.user)
            .overdue(today)
            .count(),
            "breaches": Portfolio.objects.visible_to(request.user).breaches().count(),
        },
        slot=Slot.OVERVIEW,
    )


def home_panels(request: AuthenticatedHttpRequest) -> list[Block]:
    user = request.user
    if not user.has_perm("responsibilities.view_unit"):
        return []
    panels = []
    if hasattr(user, "official"):
        panels.append(my_duties_panel(request))
    if user.has_perm("responsibilities.add_unit"):
        panels.append(organisation_panel(request))
        if user.has_perm("responsibilities.add_official"):
            panels.append(recent_changes_panel(request))
        if user.has_perm("responsibilities.add_dutytemplate"):
            panels.append(catalogue_panel(request))
    else:
        panels.append(my_unit_panel(request))
    if user.has_perm("responsibilities.view_portfolio") and user.has_perm(
        "responsibilities.view_dutyreport"
    ):
        panels.append(supervision_panel(request))
    return panels
