"""The records each assessment rule proposes deductions from, for one year.

Each rule returns `Source` rows: the record's unit, a key that is unique to the record
("app.model:pk", so proposing twice adds nothing), a readable label and a link. Labels
are stored on the deduction as data, in Chinese like the items, so they read the same
whatever language the page is later shown in.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from django.db.models import F, Q
from django.utils import translation

from commitments.models import Letter
from inspections.models import Finding, Rectification
from responsibilities.models import DutyReport, Period, Unit

from ..models import AccountabilityAction, AssessmentItem, Case

Rule = AssessmentItem.Rule


@dataclass(frozen=True)
class Source:
    unit_id: int
    key: str
    label: str
    url: str


def _key(record) -> str:
    return f"{record._meta.label_lower}:{record.pk}"


def overdue_rectifications(year: int, today: date) -> Iterator[Source]:
    """Rectifications due in the year and still pending past it, or reported late;
    those of a covert visit not yet done stay out, as they do everywhere else."""
    late = Q(status__in=Rectification.PENDING_STATUSES, due_on__lt=today) | Q(
        submitted_at__date__gt=F("due_on")
    )
    rectifications = (
        Rectification.objects.filter(late, due_on__year=year)
        .exclude(status=Rectification.Status.WITHDRAWN)
        .exclude(finding__in=Finding.objects.secret().values("pk"))
        .select_related("finding")
    )
    for rectification in rectifications:
        finding = rectification.finding
        label = f"整改逾期（期限 {rectification.due_on:%Y-%m-%d}）：{finding.description[:60]}"
        yield Source(
            finding.unit_id,
            _key(rectification),
            label,
            rectification.get_absolute_url(),
        )


def cases(year: int, today: date, *, major_only: bool = False) -> Iterator[Source]:
    filed = Case.objects.filter(filed_on__year=year)
    if major_only:
        filed = filed.filter(is_major=True)
    for case in filed:
        label = f"{case.number} {case.title}（{case.filed_on:%Y-%m-%d} 立案）"
        yield Source(case.unit_id, _key(case), label[:200], case.get_absolute_url())


def unit_actions(year: int, today: date) -> Iterator[Source]:
    """Actions decided in the year against a unit itself, still in force."""
    actions = AccountabilityAction.objects.in_force().filter(
        official__isnull=True, decided_on__year=year
    )
    for action in actions:
        number = f"{action.decision_number} " if action.decision_number else ""
        label = (
            f"{number}{action.get_measure_display()}（{action.decided_on:%Y-%m-%d}）"
        )
        yield Source(
            action.unit_id, _key(action), label[:200], action.get_absolute_url()
        )


def unsigned_letters(year: int, today: date) -> Iterator[Source]:
    letters = (
        Letter.objects.overdue(today)
        .filter(campaign__year=year)
        .select_related("campaign", "addressee")
    )
    for letter in letters:
        campaign = letter.campaign
        label = (
            f"{campaign.title}：{letter.addressee.name} 逾期未签"
            f"（截止 {campaign.deadline:%Y-%m-%d}）"
        )
        yield Source(
            letter.unit_id, _key(letter), label[:200], letter.get_absolute_url()
        )


def missing_duty_reports(year: int, today: date) -> Iterator[Source]:
    """Committee units without a submitted whole-year report, once the year is over.

    The key names the unit and year rather than a report, since there may be none."""
    if today.year <= year:
        return
    submitted = DutyReport.objects.for_period(year, Period.YEAR).submitted()
    units = (
        Unit.objects.active()
        .with_committee()
        .exclude(pk__in=submitted.values("unit_id"))
    )
    drafts = {
        report.unit_id: report
        for report in DutyReport.objects.for_period(year, Period.YEAR).drafts()
    }
    for unit in units:
        draft = drafts.get(unit.pk)
        url = draft.get_absolute_url() if draft else unit.get_absolute_url()
        yield Source(
            unit.pk,
            f"responsibilities.dutyreport:unit-{unit.pk}-{year}",
            f"{year}年度落实主体责任情况报告未提交",
            url,
        )


FINDERS: dict[str, Callable[[int, date], Iterator[Source]]] = {
    Rule.OVERDUE_RECTIFICATION: overdue_rectifications,
    Rule.MAJOR_CASE: lambda year, today: cases(year, today, major_only=True),
    Rule.CASE: cases,
    Rule.UNIT_ACCOUNTABILITY: unit_actions,
    Rule.UNSIGNED_LETTER: unsigned_letters,
    Rule.MISSING_DUTY_REPORT: missing_duty_reports,
}


def sources(rule: str, year: int, today: date) -> list[Source]:
    """Return the records of the year that propose a deduction under the rule."""
    with translation.override("zh-hans"):
        return list(FINDERS[rule](year, today))
