"""Duty reports (drafts until signed off), review meetings and reviews, and "三转".

Each change writes an audit event, but for a report's drafts: until its sign-off (which
the commitments app audits) a draft is work in progress, kept by its history rows.
The history rows (django-simple-history) keep the field-by-field detail.
"""

from collections.abc import Iterable, Mapping

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit, history, roles
from core.audit import Actor
from core.errors import NotPermitted

from ..audit import ResponsibilitiesAuditAction
from ..models import (
    DutyReport,
    Official,
    Portfolio,
    PortfolioArea,
    Review,
    ReviewMeeting,
    ReviewProblem,
    Unit,
    home_unit,
    sees_all_units,
)
from .work import attach_files


def secretary_official(user: User) -> Official | None:
    """Return the official the user signs reports as: an active main leader linked to a
    party secretary's account, or None. Queries the user's groups and official."""
    if not roles.has_role(user, roles.SECRETARY):
        return None
    official = Official.objects.select_related("unit").filter(user=user).first()
    if (
        official is None
        or not official.is_active
        or official.subject != Official.Subject.MAIN_LEADER
    ):
        return None
    return official


@transaction.atomic
def write_report(
    *,
    unit: Unit,
    year: int,
    period: str,
    text: str,
    files: Iterable[UploadedFile],
    written_by: User,
) -> DutyReport:
    """Write the unit's report for a period as a draft, with its files.

    Only the unit's party secretary writes it; their sign-off (签字背书, in the
    commitments app) then submits it.
    """
    secretary = secretary_official(written_by)
    if secretary is None or secretary.unit_id != unit.pk:
        raise NotPermitted(_("Only the unit's party secretary can write its report."))
    report = _save_new_draft(
        DutyReport(
            unit=unit, year=year, period=period, text=text, written_by=written_by
        )
    )
    attach_files(files=files, uploaded_by=written_by, duty_report=report)
    return report


@transaction.atomic
def register_paper_report(
    *, unit: Unit, year: int, period: str, text: str, actor: User
) -> DutyReport:
    """Register from the archive a report its unit handed in on paper, as a draft that
    `actor`, an administrator, registered: the paper sign-off, registered in the
    commitments app, then submits it."""
    if not sees_all_units(actor):
        raise NotPermitted
    if year > timezone.localdate().year:
        raise ValidationError(
            _("A report from the archive cannot be of a future year.")
        )
    return _save_new_draft(
        DutyReport(unit=unit, year=year, period=period, text=text, written_by=actor)
    )


def _save_new_draft(report: DutyReport) -> DutyReport:
    """Save a new draft report, refusing a second one for its unit and period."""
    already = _("%(unit)s already has a report for this period.") % {
        "unit": report.unit
    }
    periods = DutyReport.objects.filter(
        unit=report.unit, year=report.year, period=report.period
    )
    if periods.exists():
        raise ValidationError(already)
    try:
        # A savepoint, so that a report written meanwhile leaves this transaction usable.
        with transaction.atomic():
            history.attribute(report, to=report.written_by)
            report.save()
    except IntegrityError:
        raise ValidationError(already) from None
    return report


@transaction.atomic
def update_report(
    *,
    report: DutyReport,
    text: str,
    files: Iterable[UploadedFile],
    actor: User,
) -> DutyReport:
    """Change a draft report's text and add files; a submitted report is refused."""
    report = DutyReport.objects.select_for_update().get(pk=report.pk)
    if not may_write_report(actor, report):
        raise NotPermitted(_("Only the unit's party secretary can change its report."))
    if report.is_submitted():
        raise ValidationError(
            _("The report is signed off and submitted: it can no longer be changed.")
        )
    report.text = text
    history.attribute(report, to=actor)
    report.save(update_fields=["text", "updated_at"])
    attach_files(files=files, uploaded_by=actor, duty_report=report)
    return report


def may_write_report(user: User, report: DutyReport) -> bool:
    """Return whether the user is the party secretary of the report's unit (queries it)."""
    secretary = secretary_official(user)
    return secretary is not None and secretary.unit_id == report.unit_id


@transaction.atomic
def create_meeting(
    *,
    meeting: ReviewMeeting,
    participants: Iterable[Official],
    actor: User,
) -> ReviewMeeting:
    organiser = home_unit(actor)
    if organiser is None:
        raise ValidationError(_("Your account has no home unit to hold the meeting."))
    meeting.created_by = actor
    meeting.organiser = organiser
    meeting.save()
    meeting.participants.set(participants)
    audit.record(
        action=ResponsibilitiesAuditAction.MEETING_CREATE, user=actor, target=meeting
    )
    return meeting


@transaction.atomic
def record_review(
    *,
    meeting: ReviewMeeting,
    report: DutyReport,
    comments: str,
    rating: str,
    problems: Iterable[Mapping[str, str]],
    actor: User,
) -> Review:
    """Record the meeting's review of a report and the problems it found, all or nothing.

    Each problem is a mapping with "description" and "rectification_requirement"; empty
    mappings (blank rows of a form) are skipped.
    """
    if not DutyReport.objects.submitted().filter(pk=report.pk).exists():
        raise ValidationError(
            _("This report is a draft: it is reviewed once its secretary signs it off.")
        )
    if Review.objects.filter(meeting=meeting, report=report).exists():
        raise ValidationError(
            _("This report has already been reviewed in this meeting.")
        )
    try:
        # A savepoint: a double submission meets the unique constraint, not a 500.
        with transaction.atomic():
            review = Review.objects.create(
                meeting=meeting, report=report, comments=comments, rating=rating
            )
    except IntegrityError:
        raise ValidationError(
            _("This report has already been reviewed in this meeting.")
        ) from None
    for problem in problems:
        if not problem:
            continue
        ReviewProblem.objects.create(
            review=review,
            description=problem["description"],
            rectification_requirement=problem["rectification_requirement"],
        )
    audit.record(
        action=ResponsibilitiesAuditAction.REVIEW_RECORD, user=actor, target=review
    )
    return review


@transaction.atomic
def set_portfolios(
    *, official: Official, areas: Iterable[PortfolioArea], actor: Actor
) -> list[PortfolioArea]:
    """Make `areas` the official's portfolios; return the forbidden ones if that makes a
    "三转" breach (allowed: the register then lists it)."""
    wanted = {area.pk: area for area in areas}
    # One editor at a time per official, so two saves cannot both add the same area.
    Official.objects.select_for_update().get(pk=official.pk)
    # Row by row rather than in bulk, so that each change leaves a history row naming
    # the actor (also when no request is being served, as in seed_demo).
    for portfolio in official.portfolios.exclude(area__in=wanted):
        history.attribute(portfolio, to=actor)
        portfolio.delete()
    held = set(official.portfolios.values_list("area_id", flat=True))
    for area_pk in wanted.keys() - held:
        portfolio = Portfolio(official=official, area=wanted[area_pk])
        history.attribute(portfolio, to=actor)
        portfolio.save()
    detail = {"areas": sorted(area.name for area in wanted.values())}
    audit.record(
        action=ResponsibilitiesAuditAction.PORTFOLIO_CHANGE,
        user=actor,
        target=official,
        detail=detail,
    )
    return breaching_areas(official=official, areas=wanted.values())


def breaching_areas(
    *, official: Official, areas: Iterable[PortfolioArea]
) -> list[PortfolioArea]:
    """Return the areas that the official may not hold under "三转" (none unless they are
    an active discipline head)."""
    is_head = official.subject == Official.Subject.DISCIPLINE_HEAD
    if not (is_head and official.is_active):
        return []
    return sorted(
        (area for area in areas if area.is_forbidden_to_discipline_heads),
        key=lambda area: area.name,
    )
