"""One case, two inquiries (一案双查): who answers for a violation in their unit.

For each unit where a case's subjects worked (or a serious finding was made), the leaders
of the unit's party committee who signed for that year's responsibilities, or held duties
on its list, are answerable: the main leader and team members for the main
responsibility, the discipline secretary for the supervisory one. For a case the rule
names three of them: the first responsible person (第一责任人), the leader in charge of
the area the case concerns (直接责任领导) and the discipline secretary; any other leader
of that year is asked only for a written reason, and a subject of the case never is.
"""

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from commitments.models import Letter, LetterKind, Signature, SignOff
from core import audit, dates, history
from core.audit import Actor
from inspections.models import Finding
from responsibilities.models import Duty, Official, Subject, Unit

from ..audit import AccountabilityAuditAction
from ..models import Case, CaseSubject, Inquiry, Responsibility

Basis = Inquiry.Basis

LEADER_ORDER: list[str] = [
    Official.Subject.MAIN_LEADER,
    Official.Subject.TEAM_MEMBER,
    Official.Subject.DISCIPLINE_HEAD,
]
# The findings serious enough to open a double inquiry for.
INQUIRY_SEVERITIES = (Finding.Severity.SERIOUS, Finding.Severity.GRAVE)
# The leaders the rule names for a case, in the order the proposal lists them.
NAMED_BASES: list[str] = [Basis.MAIN_LEADER, Basis.IN_CHARGE, Basis.DISCIPLINE]


@dataclass
class Answerable:
    """A leader who answers for a unit's year, and what they are answerable under."""

    official: Official
    unit: Unit
    responsibility: str
    basis: str = Basis.LEADER
    duties: list[Duty] = field(default_factory=list)
    signatures: list[Signature] = field(default_factory=list)
    added_reason: str = ""
    has_inquiry: bool = False

    @property
    def basis_label(self) -> str | Promise:
        return Basis(self.basis).label

    @property
    def responsibility_label(self) -> str | Promise:
        return Responsibility(self.responsibility).label


@dataclass
class Proposal:
    """A case's double inquiry as the rule proposes it: the leaders it names, the
    other leaders of that year who may be added with a reason, and the subjects left
    out."""

    case: Case
    named: list[Answerable]
    others: list[Answerable]
    subjects: set[int]

    @property
    def named_pks(self) -> list[int]:
        return [leader.official.pk for leader in self.named]

    @property
    def shown(self) -> str:
        """The named leaders as the confirmation page sends them back."""
        return ",".join(str(pk) for pk in self.named_pks)

    def has_leader_in_charge(self) -> bool:
        """Return whether a named leader held the case's area that year."""
        return any(_holds_area(leader, self.case.area_id) for leader in self.named)


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
    signatures = Signature.objects.select_related(
        "letter__campaign", "sign_off"
    ).in_bulk([pk for _id, pk in signed])
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
        if answerable.official.pk in main_leaders:
            answerable.basis = Basis.MAIN_LEADER
        elif answerable.responsibility == Responsibility.SUPERVISORY:
            answerable.basis = Basis.DISCIPLINE
    return sorted(found.values(), key=_leader_order)


def _main_leaders(duties: list[Duty], found: Iterable[Answerable]) -> set[int]:
    """Return who led the committee that year: the holders of the main leader's duties,
    or, on a list without holders, whoever is main leader now."""
    holders = {
        d.holder_id
        for d in duties
        if d.subject == Subject.MAIN_LEADER and d.holder_id is not None
    }
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


def _holds_area(leader: Answerable, area_id: int | None) -> bool:
    return area_id is not None and any(
        duty.area_id == area_id for duty in leader.duties
    )


# The answerable leaders already looked up, by unit and year: a bulk path asks once.
LeadersFound = dict[tuple[int, int], list[Answerable]]


def _leaders_of_units(
    units: Iterable[Unit], year: int, found: LeadersFound | None = None
) -> list[Answerable]:
    """Return the answerable leaders of each unit's committee, each leader once;
    `found` keeps what was looked up, for the next case."""
    found = {} if found is None else found
    leaders: dict[int, Answerable] = {}
    for unit in sorted(set(units), key=lambda unit: unit.pk):
        if (unit.pk, year) not in found:
            found[unit.pk, year] = answerable_leaders(unit=unit, year=year)
        for answerable in found[unit.pk, year]:
            leaders.setdefault(answerable.official.pk, answerable)
    return list(leaders.values())


def split_leaders(
    case: Case, leaders: Iterable[Answerable], *, subjects: set[int]
) -> Proposal:
    """Return the proposal for the case from its units' answerable leaders: the main
    leaders, those who held the case's area (分管领域) that year and the discipline
    secretaries are named; the other leaders are offered; the subjects are neither."""
    named: list[Answerable] = []
    others: list[Answerable] = []
    for leader in leaders:
        if leader.official.pk in subjects:
            continue
        if leader.basis == Basis.LEADER and _holds_area(leader, case.area_id):
            leader = replace(leader, basis=Basis.IN_CHARGE)
        (others if leader.basis == Basis.LEADER else named).append(leader)
    named.sort(key=lambda leader: NAMED_BASES.index(leader.basis))
    return Proposal(case=case, named=named, others=others, subjects=subjects)


def propose_double_inquiry(*, case: Case) -> Proposal:
    """Return who the case's double inquiry asks, and why (see split_leaders); those
    who already have an inquiry into the case are marked. Queries per unit."""
    proposal = _proposal(case, list(case.subjects.select_related("unit")))
    opened = set(case.inquiries.values_list("official_id", flat=True))
    for leader in [*proposal.named, *proposal.others]:
        leader.has_inquiry = leader.official.pk in opened
    return proposal


def _proposal(
    case: Case, subjects: list[CaseSubject], found: LeadersFound | None = None
) -> Proposal:
    """Return the rule's proposal from the leaders of the units of the case's subjects
    (their units loaded), or of its own unit when it has none."""
    units = [subject.unit for subject in subjects] or [case.unit]
    leaders = _leaders_of_units(units, case.violation_year, found)
    pks = {subject.official_id for subject in subjects}
    return split_leaders(case, leaders, subjects=pks)


def _added(proposal: Proposal, added: Mapping[int, str]) -> list[Answerable]:
    """Return the other leaders added to the proposal, each with its written reason."""
    offered = {leader.official.pk: leader for leader in proposal.others}
    named = set(proposal.named_pks)
    chosen = []
    for pk, reason in added.items():
        if pk in named:
            continue
        if pk in proposal.subjects:
            name = Official.objects.get(pk=pk).name
            raise ValidationError(
                _(
                    "%(name)s is a subject of this case: a subject never answers in "
                    "its double inquiry."
                )
                % {"name": name},
                code="subject",
            )
        if pk not in offered:
            raise ValidationError(
                _(
                    "Only a leader who signed for or held duties in the unit that "
                    "year can be added."
                ),
                code="not_answerable",
            )
        if not reason.strip():
            raise ValidationError(
                _("Give the reason for adding %(name)s.")
                % {"name": offered[pk].official.name},
                code="no_reason",
            )
        chosen.append(replace(offered[pk], added_reason=reason.strip()))
    return chosen


def _case_leaders(
    case: Case, added: Mapping[int, str], shown: Collection[int] | None
) -> list[Answerable]:
    proposal = propose_double_inquiry(case=case)
    if shown is not None and set(shown) != set(proposal.named_pks):
        raise ValidationError(
            _(
                "Who the rule names has changed since the page was shown: check the "
                "leaders below and confirm again."
            ),
            code="stale",
        )
    return [*proposal.named, *_added(proposal, added)]


def _finding_leaders(finding: Finding) -> list[Answerable]:
    if finding.severity not in INQUIRY_SEVERITIES:
        raise ValidationError(
            _("Only a serious or grave finding leads to a double inquiry."),
            code="not_serious",
        )
    return _leaders_of_units([finding.unit], finding.found_on.year)


@transaction.atomic
def open_double_inquiry(
    *,
    case: Case | None = None,
    finding: Finding | None = None,
    actor: Actor,
    added: Mapping[int, str] | None = None,
    shown: Collection[int] | None = None,
) -> list[Inquiry]:
    """Open the double inquiry of a case or a serious finding; return the new inquiries.

    A case asks the leaders its proposal names, and those `added` (official pk to the
    written reason), never a subject of the case; `shown`, the named leaders' pks as
    the user confirmed them, refuses to open a proposal that changed since. A finding
    asks every answerable leader. A leader who already has an inquiry keeps it, so
    opening again (a second click, a second tab) adds only those missing.
    """
    if (case is None) == (finding is None):
        raise ValueError("Open a double inquiry for a case or for a finding.")
    if case is not None:
        # Locked, so that two openings at once do not both create the same inquiries.
        case = Case.objects.select_for_update().get(pk=case.pk)
        leaders = _case_leaders(case, added or {}, shown)
        year, source = case.violation_year, {"case": case}
    else:
        assert finding is not None  # one of the two, as checked above
        finding = Finding.objects.select_for_update().get(pk=finding.pk)
        leaders = _finding_leaders(finding)
        year, source = finding.found_on.year, {"finding": finding}
    existing = set(
        Inquiry.objects.filter(**source).values_list("official_id", flat=True)
    )
    return [
        _open(answerable, year=year, source=source, actor=actor)
        for answerable in leaders
        if answerable.official.pk not in existing
    ]


def _open(answerable: Answerable, *, year: int, source: dict, actor: Actor) -> Inquiry:
    inquiry = _new_inquiry(answerable, year=year, source=source, actor=actor)
    history.attribute(inquiry, to=actor)
    inquiry.save()
    inquiry.duties.set(answerable.duties)
    inquiry.signatures.set(answerable.signatures)
    audit.record(
        action=AccountabilityAuditAction.INQUIRY_OPEN,
        user=actor,
        target=inquiry,
        detail=_opening_detail(answerable, source),
    )
    return inquiry


def _new_inquiry(
    answerable: Answerable, *, year: int, source: dict, actor: Actor
) -> Inquiry:
    return Inquiry(
        unit=answerable.unit,
        official=answerable.official,
        opened_by=actor,
        year=year,
        responsibility=answerable.responsibility,
        basis=answerable.basis,
        added_reason=answerable.added_reason,
        **source,
    )


def _opening_detail(answerable: Answerable, source: dict) -> dict:
    return {
        **{key: value.pk for key, value in source.items()},
        "official": answerable.official.pk,
        "basis": answerable.basis,
        "codes": [signature.code for signature in answerable.signatures],
    }


@transaction.atomic
def open_double_inquiries(*, cases: Sequence[Case], actor: Actor) -> list[Inquiry]:
    """Open the double inquiries of many cases at once, as open_double_inquiry opens
    one case's with the leaders its proposal names: each inquiry with its history row
    and audit entry, in a few inserts, each unit's leaders looked up once a year."""
    # Locked, as open_double_inquiry locks its case; in the order given.
    locked = (
        Case.objects.select_for_update()
        .prefetch_related("subjects__unit")
        .in_bulk([case.pk for case in cases])
    )
    cases = [locked[case.pk] for case in cases]
    asked = set(
        Inquiry.objects.filter(case__in=cases).values_list("case_id", "official_id")
    )
    found: LeadersFound = {}
    planned = [
        (case, answerable)
        for case in cases
        for answerable in _proposal(case, list(case.subjects.all()), found).named
        if (case.pk, answerable.official.pk) not in asked
    ]
    inquiries = bulk_create_with_history(
        [
            _new_inquiry(
                a, year=case.violation_year, source={"case": case}, actor=actor
            )
            for case, a in planned
        ],
        Inquiry,
        default_user=actor,
    )
    answerables = [answerable for _case, answerable in planned]
    _link_duties_and_signatures(inquiries, answerables)
    audit.record_each(
        action=AccountabilityAuditAction.INQUIRY_OPEN,
        user=actor,
        targets=inquiries,
        details=[_opening_detail(a, {"case": case}) for case, a in planned],
    )
    return inquiries


def _link_duties_and_signatures(
    inquiries: list[Inquiry], answerables: list[Answerable]
) -> None:
    """What inquiry.duties.set() and signatures.set() do, for many inquiries at once."""
    duties, signatures = Inquiry.duties.through, Inquiry.signatures.through
    pairs = list(zip(inquiries, answerables, strict=True))
    duties.objects.bulk_create(
        duties(inquiry_id=inquiry.pk, duty_id=pk)
        for inquiry, answerable in pairs
        for pk in dict.fromkeys(duty.pk for duty in answerable.duties)
    )
    signatures.objects.bulk_create(
        signatures(inquiry_id=inquiry.pk, signature_id=pk)
        for inquiry, answerable in pairs
        for pk in dict.fromkeys(signature.pk for signature in answerable.signatures)
    )


@transaction.atomic
def clear_inquiry(*, inquiry: Inquiry, reasons: str, actor: Actor) -> Inquiry:
    """Conclude an open inquiry with a finding of no responsibility, with its reasons."""
    locked = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
    _mark_cleared(locked, reasons, actor, concluded_at=timezone.now())
    history.attribute(locked, to=actor)
    locked.save()
    audit.record(
        action=AccountabilityAuditAction.INQUIRY_CONCLUDE,
        user=actor,
        target=locked,
        detail=_conclusion_detail(locked),
    )
    return locked


@dataclass(frozen=True)
class Conclusion:
    """An inquiry to conclude with no responsibility, its reasons and, for one
    concluded on paper before it was registered, the day the paper bears."""

    inquiry: Inquiry
    reasons: str
    concluded_on: date | None = None


@transaction.atomic
def clear_inquiries(
    *, conclusions: Sequence[Conclusion], actor: Actor
) -> list[Inquiry]:
    """Conclude many open inquiries at once, as clear_inquiry concludes one: each with
    its history row and audit entry, in a few queries whatever the number."""
    locked = (
        Inquiry.objects.select_for_update(of=("self",))
        .select_related("case", "finding")
        .in_bulk([conclusion.inquiry.pk for conclusion in conclusions])
    )
    now = timezone.now()
    cleared = []
    for conclusion in conclusions:
        inquiry = locked[conclusion.inquiry.pk]
        _mark_cleared(inquiry, conclusion.reasons, actor, concluded_at=now)
        if conclusion.concluded_on is not None:
            inquiry.concluded_at = _paper_conclusion(inquiry, conclusion.concluded_on)
        # bulk_update leaves auto_now fields as they were.
        inquiry.updated_at = now
        cleared.append(inquiry)
    fields = ["status", "reasons", "concluded_by", "concluded_at", "updated_at"]
    bulk_update_with_history(cleared, Inquiry, fields, default_user=actor)
    audit.record_each(
        action=AccountabilityAuditAction.INQUIRY_CONCLUDE,
        user=actor,
        targets=cleared,
        details=[_conclusion_detail(inquiry) for inquiry in cleared],
    )
    return cleared


def _paper_conclusion(inquiry: Inquiry, concluded_on: date) -> datetime:
    """Return the moment a conclusion on paper dated `concluded_on` counts from: not in
    the future, nor before the case was filed or the finding made."""
    dates.happened(concluded_on)
    if inquiry.case is not None:
        began_on = inquiry.case.filed_on
    else:
        # A constraint gives every inquiry its case or its finding.
        assert inquiry.finding is not None
        began_on = inquiry.finding.found_on
    if concluded_on < began_on:
        raise ValidationError(
            _(
                "A conclusion on paper cannot be dated before the case was filed or "
                "the finding was made."
            ),
            code="too_early",
        )
    return dates.paper_moment(concluded_on)


def _mark_cleared(
    inquiry: Inquiry, reasons: str, actor: Actor, *, concluded_at: datetime
) -> None:
    """Conclude the open inquiry, which the caller holds, as not responsible."""
    reasons = reasons.strip()
    if not reasons:
        raise ValidationError(
            {"reasons": _("Give the reasons why there is no responsibility.")}
        )
    if not inquiry.is_open():
        raise ValidationError(_("This inquiry is already concluded."), code="concluded")
    inquiry.status = Inquiry.Status.NOT_RESPONSIBLE
    inquiry.reasons = reasons
    inquiry.concluded_by = actor
    inquiry.concluded_at = concluded_at


def _conclusion_detail(inquiry: Inquiry) -> dict:
    # The outcome only: the reasons are the record's content, which the trail, read by
    # auditors, must not hold (it names the record by its id).
    return {"status": inquiry.status}
