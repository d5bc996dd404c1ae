"""Yearly responsibility lists: generation from the catalogue, breakdown, publication."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core import audit, history
from core.audit import Actor

from ..audit import ResponsibilitiesAuditAction
from ..models import (
    Duty,
    DutyTemplate,
    Official,
    Portfolio,
    ResponsibilityList,
    Subject,
    Unit,
)

Progress = Callable[[int, int], None]

# The officials a list is broken down to, and the subject their portfolio duties fall under.
# Keyed by str, as official.subject is read from the database.
PORTFOLIO_SUBJECTS: dict[str, Subject] = {
    Official.Subject.MAIN_LEADER: Subject.MAIN_LEADER,
    Official.Subject.TEAM_MEMBER: Subject.TEAM_MEMBER,
}


@dataclass
class _Holders:
    """Who holds which catalogue subject in a unit this year."""

    main_leader: Official | None
    team_members: list[Official]
    discipline_head: Official | None

    @property
    def with_portfolios(self) -> list[Official]:
        """The officials whose portfolios (分管领域) add duties to their part of the list."""
        leader = [self.main_leader] if self.main_leader else []
        return leader + self.team_members

    def for_subject(self, subject: str) -> list[Official | None]:
        if subject == Subject.MAIN_LEADER:
            return [self.main_leader]
        if subject == Subject.TEAM_MEMBER:
            return list(self.team_members)
        if subject == Subject.DISCIPLINE:
            return [self.discipline_head]
        return [None]


def catalogue_of(year: int) -> list[DutyTemplate]:
    """Return the year's duty catalogue; refuse a year that has none."""
    templates = list(DutyTemplate.objects.of_year(year))
    if not templates:
        raise ValidationError(
            _("There is no duty catalogue for %(year)s: create one first.")
            % {"year": year}
        )
    return templates


@transaction.atomic
def generate_list(
    *, unit: Unit, year: int, actor: Actor = None
) -> tuple[ResponsibilityList, int]:
    """Create the unit's list for the year, or complete it; return it and the duties added.

    Rows already on the list are never changed, so local measures, targets and deadlines
    survive; the only exception is a vacant duty (no holder yet) that now has one.
    """
    return _generate(unit=unit, year=year, templates=catalogue_of(year), actor=actor)


def generate_all_lists(*, year: int, progress: Progress, actor: Actor = None) -> str:
    """Generate the lists of every active committee unit; report progress as it goes.

    Each unit is its own transaction, so a failure half-way keeps the lists already done
    (and running the job again completes the rest without duplicating anything).
    """
    templates = catalogue_of(year)
    units = list(Unit.objects.active().with_committee().order_by("order", "name", "pk"))
    total_duties = 0
    progress(0, len(units))
    for done, unit in enumerate(units, start=1):
        with transaction.atomic():
            _list, added = _generate(
                unit=unit, year=year, templates=templates, actor=actor
            )
        total_duties += added
        progress(done, len(units))
    message = _(
        "%(year)s: lists of %(units)d units generated, %(duties)d duties added."
    )
    return message % {"year": year, "units": len(units), "duties": total_duties}


def _generate(
    *, unit: Unit, year: int, templates: list[DutyTemplate], actor: Actor
) -> tuple[ResponsibilityList, int]:
    # One generation per unit at a time (the job and a one-unit run may overlap): the
    # second waits here, then finds the first one's rows and adds nothing.
    Unit.objects.select_for_update().get(pk=unit.pk)
    responsibility_list = _get_or_create_list(unit=unit, year=year, actor=actor)
    if responsibility_list.is_locked():
        return responsibility_list, 0  # published or signed-off lists are evidence
    holders = _holders_of(unit)
    wanted = _catalogue_duties(responsibility_list, templates, holders)
    wanted += _portfolio_duties(responsibility_list, holders)
    existing = list(responsibility_list.duties.all())
    _fill_vacancies(existing, wanted, actor=actor)
    keys = {_key(duty) for duty in existing}
    # A post left empty does not add a vacant copy of a duty someone already held.
    keys |= {
        ("template", duty.template_id, None) for duty in existing if duty.template_id
    }
    missing = [duty for duty in wanted if _key(duty) not in keys]
    missing = _number_portfolio_duties(missing, existing)
    bulk_create_with_history(missing, Duty, default_user=actor)
    if missing:
        audit.record(
            action=ResponsibilitiesAuditAction.LIST_GENERATE,
            user=actor,
            target=responsibility_list,
            detail={"duties_added": len(missing)},
        )
    return responsibility_list, len(missing)


def _get_or_create_list(*, unit: Unit, year: int, actor: Actor) -> ResponsibilityList:
    found = ResponsibilityList.objects.filter(unit=unit, year=year).first()
    if found:
        return found
    responsibility_list = ResponsibilityList(unit=unit, year=year)
    if actor is not None:
        history.attribute(responsibility_list, to=actor)
    responsibility_list.save()
    return responsibility_list


def _holders_of(unit: Unit) -> _Holders:
    """Return the unit's active post holders; two or three queries."""
    officials = list(
        unit.officials.active()
        .exclude(subject=Official.Subject.NONE)
        .by_seniority()
        .prefetch_related(
            Prefetch(
                "portfolios",
                queryset=Portfolio.objects.select_related("area").order_by(
                    "area__name"
                ),
            )
        )
    )
    by_subject: dict[str, list[Official]] = {}
    for official in officials:
        by_subject.setdefault(official.subject, []).append(official)
    main_leader = next(iter(by_subject.get(Official.Subject.MAIN_LEADER, [])), None)
    team_members = by_subject.get(Official.Subject.TEAM_MEMBER, [])
    return _Holders(
        main_leader=main_leader,
        team_members=team_members,
        discipline_head=discipline_head_for(unit, by_subject),
    )


def discipline_head_for(
    unit: Unit, by_subject: dict[str, list[Official]]
) -> Official | None:
    """The unit's own discipline secretary, else the head of the discipline body that
    supervises it: its stationed group, or the discipline committee set up under it (as
    the city discipline committee is under the city committee)."""
    own = by_subject.get(Official.Subject.DISCIPLINE_HEAD)
    if own:
        return own[0]
    supervising = Q(unit__parent=unit, unit__kind=Unit.Kind.DISCIPLINE_COMMITTEE)
    if unit.stationed_group_id is not None:
        supervising |= Q(unit_id=unit.stationed_group_id)
    return (
        Official.objects.active()
        .filter(supervising, subject=Official.Subject.DISCIPLINE_HEAD)
        .by_seniority()
        .first()
    )


def discipline_secretary_of(unit: Unit) -> Official | None:
    """Return the discipline secretary over a unit: the one the unit's responsibility list
    names (its own, its stationed group's head, or its discipline committee's), else the
    nearest one up the tree, as a station answers to its township."""
    ancestors = Unit.objects.in_bulk(unit.ancestor_ids)
    nearest_first = [unit, *(ancestors[pk] for pk in reversed(unit.ancestor_ids))]
    for candidate in nearest_first:
        own = list(
            candidate.officials.active()
            .filter(subject=Official.Subject.DISCIPLINE_HEAD)
            .by_seniority()
            .select_related("user")
        )
        head = discipline_head_for(candidate, {Official.Subject.DISCIPLINE_HEAD: own})
        if head is not None:
            return head
    return None


def _catalogue_duties(
    responsibility_list: ResponsibilityList,
    templates: Iterable[DutyTemplate],
    holders: _Holders,
) -> list[Duty]:
    return [
        Duty(
            responsibility_list=responsibility_list,
            template=template,
            holder=holder,
            source=Duty.Source.CATALOGUE,
            subject=template.subject,
            number=template.number,
            text=template.text,
        )
        for template in templates
        for holder in holders.for_subject(template.subject)
    ]


def _portfolio_duties(
    responsibility_list: ResponsibilityList, holders: _Holders
) -> list[Duty]:
    return [
        Duty(
            responsibility_list=responsibility_list,
            area=portfolio.area,
            holder=official,
            source=Duty.Source.PORTFOLIO,
            subject=PORTFOLIO_SUBJECTS[official.subject],
            number=0,  # numbered once we know which are new
            text=portfolio.area.duty_text,
        )
        for official in holders.with_portfolios
        for portfolio in official.portfolios.all()
    ]


def _key(duty: Duty) -> tuple:
    """The duty's identity on its list, as the model's unique constraints define it."""
    if duty.template_id is not None:
        return ("template", duty.template_id, duty.holder_id)
    return ("area", duty.area_id, duty.holder_id)


def _fill_vacancies(existing: list[Duty], wanted: list[Duty], *, actor: Actor) -> None:
    """Give a vacant main-leader or discipline duty to the person who now holds the post.

    Only the holder changes, so the unit's measures and targets on it stay. Without this,
    a list generated before the post was filled would carry the duty twice.
    """
    single_holder = (Subject.MAIN_LEADER, Subject.DISCIPLINE)
    holder_of = {
        duty.template_id: duty.holder
        for duty in wanted
        if duty.subject in single_holder and duty.holder is not None
    }
    held = {_key(duty) for duty in existing if duty.holder_id is not None}
    filled = []
    for duty in existing:
        holder = holder_of.get(duty.template_id)
        if (
            duty.holder_id is not None
            or duty.subject not in single_holder
            or not holder
        ):
            continue
        if ("template", duty.template_id, holder.pk) in held:
            continue
        duty.holder = holder
        duty.updated_at = timezone.now()  # bulk_update does not apply auto_now
        filled.append(duty)
    if filled:
        bulk_update_with_history(
            filled, Duty, ["holder", "updated_at"], default_user=actor
        )


def _number_portfolio_duties(missing: list[Duty], existing: list[Duty]) -> list[Duty]:
    """Number each holder's new portfolio duties after the last duty they hold, so that
    a member's part of the list reads 1-4 from the catalogue, then 5, 6… per area."""
    # A portfolio duty always has a holder; the key type allows the column's None.
    last: dict[int | None, int] = {}
    for duty in [*existing, *missing]:
        if duty.holder_id is not None and duty.source == Duty.Source.CATALOGUE:
            last[duty.holder_id] = max(last.get(duty.holder_id, 0), duty.number)
    for duty in existing:
        if duty.source == Duty.Source.PORTFOLIO:
            last[duty.holder_id] = max(last.get(duty.holder_id, 0), duty.number)
    for duty in missing:
        if duty.source == Duty.Source.PORTFOLIO:
            last[duty.holder_id] = last.get(duty.holder_id, 0) + 1
            duty.number = last[duty.holder_id]
    return missing


@transaction.atomic
def publish_list(
    *, responsibility_list: ResponsibilityList, actor: User
) -> ResponsibilityList:
    """Publish a draft list: from now on it is on the public pages."""
    responsibility_list = ResponsibilityList.objects.select_for_update().get(
        pk=responsibility_list.pk
    )
    if responsibility_list.is_published():
        raise ValidationError(_("This list is already published."))
    if not responsibility_list.duties.exists():
        raise ValidationError(
            _("An empty list cannot be published: generate it first.")
        )
    responsibility_list.status = ResponsibilityList.Status.PUBLISHED
    responsibility_list.published_at = timezone.now()
    responsibility_list.published_by = actor
    history.attribute(responsibility_list, to=actor)
    responsibility_list.save()
    audit.record(
        action=ResponsibilitiesAuditAction.LIST_PUBLISH,
        user=actor,
        target=responsibility_list,
    )
    return responsibility_list


@transaction.atomic
def update_list_notes(
    *,
    responsibility_list: ResponsibilityList,
    internal_notes: str,
    actor: User,
) -> ResponsibilityList:
    """Keep staff notes on a list; allowed after publication, as they are not public."""
    responsibility_list.internal_notes = internal_notes
    history.attribute(responsibility_list, to=actor)
    responsibility_list.save(update_fields=["internal_notes", "updated_at"])
    return responsibility_list


@transaction.atomic
def update_duty(
    *,
    duty: Duty,
    measures: str,
    targets: str,
    due_on: date | None,
    actor: User,
) -> Duty:
    """Record the unit's own concrete measures, targets and deadline for a duty."""
    # Locked, and read afresh: a sign-off holds this row while it freezes the duties,
    # so a change either lands before it or is refused after it.
    responsibility_list = ResponsibilityList.objects.select_for_update().get(
        pk=duty.responsibility_list_id
    )
    if responsibility_list.is_published():
        raise ValidationError(
            _("The list is published: its duties can no longer be changed.")
        )
    if responsibility_list.is_signed_off():
        raise ValidationError(
            _(
                "The list's breakdown is signed off: its duties can no longer be changed."
            )
        )
    duty.measures = measures
    duty.targets = targets
    duty.due_on = due_on
    history.attribute(duty, to=actor)
    duty.save(update_fields=["measures", "targets", "due_on", "updated_at"])
    audit.record(
        action=ResponsibilitiesAuditAction.DUTY_UPDATE, user=actor, target=duty
    )
    return duty
