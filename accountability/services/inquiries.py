"""One case, two inquiries (一案双查): who answers for a violation in their unit.

For each unit where a case's subjects worked (or a serious finding was made), the leaders
of the unit's party committee who signed for that year's responsibilities, or held duties
on its list, answer in an inquiry of their own: the main leader and team members for the
main responsibility, the discipline secretary for the supervisory one.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from commitments.models import Letter, LetterKind, Signature, SignOff
from core import audit
from core.audit import Actor
from inspections.models import Finding
from responsibilities.models import Duty, Official, Subject, Unit

from ..models import Case, Inquiry, Responsibility

LEADER_ORDER = [
    Official.Subject.MAIN_LEADER,
    Official.Subject.TEAM_MEMBER,
    Official.Subject.DISCIPLINE_HEAD,
]
# The findings serious enough to open a double inquiry for.
INQUIRY_SEVERITIES = (Finding.Severity.SERIOUS, Finding.Severity.GRAVE)


@dataclass
class Answerable:
    """A leader who answers for a unit's year, and what they are answerable under."""

    official: Official
    unit: Unit
    responsibility: str
    duties: list[Duty] = field(default_factory=list)
    signatures: list[Signature] = field(default_factory=list)


def committee_unit(unit: Unit) -> Unit | None:
    """Return the unit, or its nearest ancestor, led by a party committee (queries it)."""
    if unit.kind in Unit.COMMITTEE_KINDS:
        return unit
    ancestors = Unit.objects.filter(
        pk__in=unit.ancestor_ids, kind__in=Unit.COMMITTEE_KINDS
    )
    depth = {pk: position for position, pk in enumerate(unit.ancestor_ids)}
    return max(ancestors, key=lambda ancestor: depth[ancestor.pk], default=None)


def answerable_leaders(*, unit: Unit, year: int) -> list[Answerable]:
    """Return the leaders who answer for the unit's year, main leader first.

    The unit asked about is the committee unit above a station or group. A leader is
    answerable when they held duties on that year's list, signed off that year's list or
    duty report, or signed that year's acknowledgement (认领书): all of which only
    leaders do, so they are found even if they have left the leadership since. Other
    letters of that year (integrity commitments, which every cadre signs) count only
    for those who lead today. Runs five queries whatever the numbers.
    """
    target = committee_unit(unit)
    if target is None:
        return []
    letters = Letter.objects.signed().filter(campaign__year=year, unit=target)
    sign_offs = SignOff.objects.filter(unit=target).filter(
        Q(responsibility_list__year=year) | Q(duty_report__year=year)
    )
    duties = list(
        Duty.objects.filter(
            responsibility_list__unit=target, responsibility_list__year=year
        ).order_by("subject", "number", "pk")
    )
    signed_letters = list(
        letters.values_list("addressee_id", "signature_id", "campaign__kind")
    )
    signed_off = list(sign_offs.values_list("official_id", "signature_id"))
    signed = [
        *((official_id, pk) for official_id, pk, _kind in signed_letters),
        *signed_off,
    ]
    led_that_year = (
        {duty.holder_id for duty in duties if duty.holder_id}
        | {official_id for official_id, _pk in signed_off}
        | {
            official_id
            for official_id, _pk, kind in signed_letters
            if kind == LetterKind.ACKNOWLEDGEMENT
        }
    )
    officials = Official.objects.filter(
        Q(pk__in=led_that_year)
        | Q(subject__in=LEADER_ORDER, pk__in={pk for pk, _sig in signed})
    )
    signatures = Signature.objects.in_bulk([pk for _id, pk in signed])
    found = {
        official.pk: Answerable(official=official, unit=target, responsibility="")
        for official in officials
    }
    for official_id, signature_pk in signed:
        if official_id in found:
            found[official_id].signatures.append(signatures[signature_pk])
    main_leaders = _main_leaders(duties, found.values())
    for answerable in found.values():
        answerable.duties = _duties_of(answerable.official, duties, main_leaders)
        answerable.responsibility = _responsibility(answerable)
    return sorted(found.values(), key=_leader_order)


def _main_leaders(duties: list[Duty], found: Iterable[Answerable]) -> set[int]:
    """Return who led the committee that year: the holders of the main leader's duties,
    or, on a list without holders, whoever is main leader now."""
    holders = {d.holder_id for d in duties if d.subject == Subject.MAIN_LEADER}
    holders.discard(None)
    if holders:
        return holders
    return {
        item.official.pk
        for item in found
        if item.official.subject == Official.Subject.MAIN_LEADER
    }


def _duties_of(
    official: Official, duties: list[Duty], main_leaders: set[int]
) -> list[Duty]:
    """Return the official's own duties and, for the main leader, the committee's."""
    leads_the_team = official.pk in main_leaders
    return [
        duty
        for duty in duties
        if duty.holder_id == official.pk
        or (
            leads_the_team
            and duty.holder_id is None
            and duty.subject == Subject.COMMITTEE
        )
    ]


def _responsibility(answerable: Answerable) -> str:
    """Supervisory for whoever held the discipline duties that year (or, without
    duties, is a discipline head now); main for every other leader."""
    if answerable.duties:
        held = {duty.subject for duty in answerable.duties}
        supervising = Subject.DISCIPLINE in held
    else:
        supervising = answerable.official.subject == Official.Subject.DISCIPLINE_HEAD
    return Responsibility.SUPERVISORY if supervising else Responsibility.MAIN


def _leader_order(answerable: Answerable) -> tuple:
    """Main leader first, then team members, then discipline heads; those who have
    left the leadership since come last."""
    subject = answerable.official.subject
    position = (
        LEADER_ORDER.index(subject) if subject in LEADER_ORDER else len(LEADER_ORDER)
    )
    return (position, answerable.official.name, answerable.official.pk)


@transaction.atomic
def open_double_inquiry(
    *, case: Case | None = None, finding: Finding | None = None, actor: Actor
) -> list[Inquiry]:
    """Open an inquiry for each leader answerable for the case (or serious finding) and
    return the new ones; a leader who already has one keeps it, so opening again only
    adds those missing (say, a letter signed since)."""
    if (case is None) == (finding is None):
        raise ValueError("Open a double inquiry for a case or for a finding.")
    if case is not None:
        # Locked, so that two openings at once do not both create the same inquiries.
        case = Case.objects.select_for_update().get(pk=case.pk)
        year = case.violation_year
        units = {subject.unit for subject in case.subjects.select_related("unit")}
        units = units or {case.unit}
        source = {"case": case}
    else:
        finding = Finding.objects.select_for_update().get(pk=finding.pk)
        if finding.severity not in INQUIRY_SEVERITIES:
            raise ValidationError(
                _("Only a serious or grave finding leads to a double inquiry."),
                code="not_serious",
            )
        year = finding.found_on.year
        units = {finding.unit}
        source = {"finding": finding}
    existing = set(
        Inquiry.objects.filter(**source).values_list("official_id", flat=True)
    )
    opened = []
    for unit in sorted(units, key=lambda unit: unit.pk):
        for answerable in answerable_leaders(unit=unit, year=year):
            if answerable.official.pk in existing:
                continue
            existing.add(answerable.official.pk)
            opened.append(_open(answerable, year=year, source=source, actor=actor))
    return opened


def _open(answerable: Answerable, *, year: int, source: dict, actor: Actor) -> Inquiry:
    inquiry = Inquiry(
        unit=answerable.unit,
        official=answerable.official,
        opened_by=actor,
        year=year,
        responsibility=answerable.responsibility,
        **source,
    )
    inquiry._history_user = actor
    inquiry.save()
    inquiry.duties.set(answerable.duties)
    inquiry.signatures.set(answerable.signatures)
    audit.record(
        action=audit.Action.INQUIRY_OPEN,
        user=actor,
        target=inquiry,
        detail={
            **{key: value.pk for key, value in source.items()},
            "official": answerable.official.pk,
            "codes": [signature.code for signature in answerable.signatures],
        },
    )
    return inquiry


@transaction.atomic
def clear_inquiry(*, inquiry: Inquiry, reasons: str, actor: Actor) -> Inquiry:
    """Conclude an open inquiry with a finding of no responsibility, with its reasons."""
    reasons = reasons.strip()
    if not reasons:
        raise ValidationError(
            {"reasons": _("Give the reasons why there is no responsibility.")}
        )
    locked = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
    if not locked.is_open():
        raise ValidationError(_("This inquiry is already concluded."), code="concluded")
    locked.status = Inquiry.Status.NOT_RESPONSIBLE
    locked.reasons = reasons
    locked.concluded_by = actor
    locked.concluded_at = timezone.now()
    locked._history_user = actor
    locked.save()
    audit.record(
        action=audit.Action.INQUIRY_CONCLUDE,
        user=actor,
        target=locked,
        detail={"status": locked.status, "reasons": reasons},
    )
    return locked
