"""The double inquiries (一案双查) of last year's other closed cases, written at once.

The major cases' inquiries go through the services (demo_actions); for the rest of the
year's closed cases the leaders the rule names were asked too, and none was found
responsible: the same rows the services write (the leaders, duties and signatures found
by answerable_leaders and split_leaders, concluded with reasons), bulk-created as the
archive they are.
"""

from datetime import timedelta

from django.contrib.auth.models import User
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from core import audit
from inspections.demo_history import moment

from . import demo_texts as texts
from .demo_clues import CHANGE_REASON
from .models import Case, Inquiry
from .services.inquiries import answerable_leaders, split_leaders


def conclude_the_rest(*, year: int, staff: User) -> int:
    """Open and clear the inquiries of the year's closed cases that have none."""
    cases = (
        Case.objects.filter(year=year, stage=Case.Stage.CLOSED, inquiries=None)
        .prefetch_related("subjects__unit")
        .order_by("sequence")
    )
    found: dict[tuple[int, int], list] = {}
    planned = []
    for case in cases:
        leaders = []
        units = sorted({subject.unit for subject in case.subjects.all()}, key=_pk)
        for unit in units:
            key = (unit.pk, case.violation_year)
            if key not in found:
                found[key] = answerable_leaders(unit=unit, year=case.violation_year)
            leaders += found[key]
        subjects = {subject.official_id for subject in case.subjects.all()}
        asked = set()
        for answerable in split_leaders(case, leaders, subjects=subjects).named:
            if answerable.official.pk not in asked:
                asked.add(answerable.official.pk)
                planned.append((_cleared(case, answerable, staff), answerable))
    inquiries = bulk_create_with_history(
        [inquiry for inquiry, _answerable in planned],
        Inquiry,
        default_user=staff,
        default_change_reason=CHANGE_REASON,
    )
    _link(inquiries, [answerable for _inquiry, answerable in planned])
    for action in (audit.Action.INQUIRY_OPEN, audit.Action.INQUIRY_CONCLUDE):
        audit.record(
            action=action,
            user=staff,
            detail={"year": year, "created": len(inquiries), "by": CHANGE_REASON},
        )
    return len(inquiries)


def _pk(unit) -> int:
    return unit.pk


def _cleared(case: Case, answerable, staff: User) -> Inquiry:
    today = timezone.localdate()
    return Inquiry(
        case=case,
        unit=answerable.unit,
        official=answerable.official,
        opened_by=staff,
        concluded_by=staff,
        year=case.violation_year,
        responsibility=answerable.responsibility,
        basis=answerable.basis,
        status=Inquiry.Status.NOT_RESPONSIBLE,
        reasons=texts.INQUIRY_CLEARED.format(
            name=answerable.official.name, case=case.number
        ),
        concluded_at=moment(min(case.closed_on + timedelta(days=10), today)),
    )


def _link(inquiries: list[Inquiry], answerables: list) -> None:
    duties, signatures = Inquiry.duties.through, Inquiry.signatures.through
    duties.objects.bulk_create(
        duties(inquiry_id=inquiry.pk, duty_id=duty.pk)
        for inquiry, answerable in zip(inquiries, answerables, strict=True)
        for duty in answerable.duties
    )
    signatures.objects.bulk_create(
        signatures(inquiry_id=inquiry.pk, signature_id=signature.pk)
        for inquiry, answerable in zip(inquiries, answerables, strict=True)
        for signature in {s.pk: s for s in answerable.signatures}.values()
    )
