"""One case, two inquiries (一案双查): who answers for a violation in their unit.

For each unit where a case's subjects worked (or a serious finding was made), the leaders
of the unit's party committee who signed for that year's responsibilities, or held duties
on its list, are answerable: the main leader and team members for the main
responsibility, the discipline secretary for the supervisory one. For a case the rule
names three of them: the first responsible person (第一责任人), the leader in charge of
the area the case concerns (直接责任领导) and the discipline secretary; any other leader
of that year is asked only for a written reason, and a subject of the case never is.
"""

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace

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

Basis = Inquiry.Basis

LEADER_ORDER = [
    Official.Subject.MAIN_LEADER,
    Official.Subject.TEAM_MEMBER,
    Official.Subject.DISCIPLINE_HEAD,
]
# The findings serious enough to open a double inquiry for.
INQUIRY_SEVERITIES = (Finding.Severity.SERIOUS, Finding.Severity.GRAVE)
# The leaders the rule names for a case, in the order the proposal lists them.
NAMED_BASES = [Basis.MAIN_LEADER, Basis.IN_CHARGE, Basis.DISCIPLINE]


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
    def basis_label(self) -> str:
        return Basis(self.basis).label

    @property
    def responsibility_label(self) -> str:
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


def _holds_area(leader: Answerable, area_id: int | None) -> bool:
    return area_id is not None and any(
        duty.area_id == area_id for duty in leader.duties
    )


def _leaders_of_units(units: Iterable[Unit], year: int) -> list[Answerable]:
    """Return the answerable leaders of each unit's committee, each leader once."""
    leaders: dict[int, Answerable] = {}
    for unit in sorted(set(units), key=lambda unit: unit.pk):
        for answerable in answerable_leaders(unit=unit, year=year):
            leaders.setdefault(answerable.official.pk, answerable)
    return list(leaders.values())


def split_leaders(
    case: Case, leaders: Iterable[Answerable], *, subjects: set[int]
) -> Proposal:
    """Return the proposal for the case from its units' answerable leaders: the main
    leaders, those who held the case's area (分管领域) that year and the discipline
    secretaries are named; the other leaders are offered; the subjects are neither."""
    named, others = [], []
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
    subjects = list(case.subjects.select_related("unit"))
    units = [subject.unit for subject in subjects] or [case.unit]
    leaders = _leaders_of_units(units, case.violation_year)
    pks = {subject.official_id for subject in subjects}
    proposal = split_leaders(case, leaders, subjects=pks)
    opened = set(case.inquiries.values_list("official_id", flat=True))
    for leader in [*proposal.named, *proposal.others]:
        leader.has_inquiry = leader.official.pk in opened
    return proposal


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
    inquiry = Inquiry(
        unit=answerable.unit,
        official=answerable.official,
        opened_by=actor,
        year=year,
        responsibility=answerable.responsibility,
        basis=answerable.basis,
        added_reason=answerable.added_reason,
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
            "basis": answerable.basis,
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
