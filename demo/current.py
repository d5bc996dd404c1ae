"""This year's enforcement work, as the `staff` login finds it, through the services.

Clues in every state of the register: two awaiting assignment (one past the days
allowed), one assigned, one being inquired into, one held, one proposed for filing and
one closed. Cases in every stage, most in the demo township: one just filed, one in
investigation past its deadline, one in hearing, and three closed with sanctions: one
whose double inquiry (一案双查) was never opened, one whose inquiry is still unfinished,
and a major one transferred to the procuratorate. Each case names the area (分管领域)
it concerns, so its double inquiry names the leader in charge.

Idempotent: the year's first demo clue is looked for before anything is written.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from django.contrib.auth.models import User

from accountability.models import (
    AccountabilityAction,
    Case,
    Clue,
    Inquiry,
    Responsibility,
)
from accountability.services.actions import decide_action
from accountability.services.cases import (
    advance_case,
    decide_sanction,
    file_case,
    transfer_case,
)
from accountability.services.clues import assign_clue, dispose_clue, register_clue
from accountability.services.inquiries import clear_inquiry, open_double_inquiry
from demo import city
from demo import enforcement_texts as texts
from responsibilities.models import BottomLine, Official, PortfolioArea, Subject, Unit

Route = texts.Route
Stage = Case.Stage


@dataclass(frozen=True)
class ClueSpec:
    unit: str
    days_ago: int
    source: str
    channel: str
    summary: str
    routes: tuple[str, ...] = ()  # disposals in order; () with assigned=False: none
    assigned: bool = True


class CaseSpec(NamedTuple):
    unit: str
    received: int  # days ago its clue came in
    category: str
    is_major: bool
    stage: str  # the stage it reaches
    filed: int  # days ago it was filed
    summary: str
    title: str


# fmt: off
CLUES = (
    ClueSpec(city.DEMO_TOWNSHIP, 2, texts.Source.PUBLIC_REPORT, "phone",
             "群众来电反映东湖镇便民服务中心工作人员办理社保业务时索要“辛苦费”。",
             assigned=False),
    ClueSpec("ZZ-T02", 12, texts.Source.PUBLIC_REPORT, "letter",
             "群众来信反映青山镇农业综合服务站负责人在农机购置补贴审核中优亲厚友。",
             assigned=False),
    ClueSpec(city.DEMO_TOWNSHIP, 9, texts.Source.HIGHER_REFERRAL, "document",
             "上级纪委转办：反映东湖镇村镇建设办公室工作人员违规插手村级工程发包。"),
    ClueSpec("ZZ-D05", 25, texts.Source.PUBLIC_REPORT, "online",
             "网络举报反映市住建局建筑市场管理股负责人接受施工企业宴请。",
             (Route.TALK_INQUIRY,)),
    ClueSpec("ZZ-T03", 40, texts.Source.PUBLIC_REPORT, "visit",
             "群众来访反映白马镇财政所工作人员多年前违规报销差旅费，线索较为模糊。",
             (Route.HOLD,)),
    ClueSpec(city.DEMO_TOWNSHIP, 6, texts.Source.AUDIT, "document",
             "审计发现东湖镇财政所工作人员经手的村级公益事业专项资金去向不明。",
             (Route.VERIFICATION, Route.PROPOSE_CASE)),
    ClueSpec("ZZ-T07", 50, texts.Source.MEDIA, "online",
             "网络媒体反映龙泉镇卫生院负责人公车私用，经核实系正常公务用车。",
             (Route.VERIFICATION, Route.CLOSE)),
)
# Each stage begins a set number of days after filing (STAGE_STARTS): the case in
# review and investigation is overdue there, the one in hearing is not.
CASES = tuple(CaseSpec(*spec) for spec in (
    (city.DEMO_TOWNSHIP, 20, texts.Category.MASSES, False, Stage.FILED, 8,
     "群众反映东湖镇农业综合服务站工作人员在惠农补贴发放中虚报冒领。", "虚报冒领惠农补贴案"),
    (city.DEMO_TOWNSHIP, 150, texts.Category.INTEGRITY, False, Stage.INVESTIGATION, 140,
     "群众反映东湖镇社会事务办公室工作人员在低保评审中收受好处费。", "收受低保户好处费案"),
    ("ZZ-D09", 170, texts.Category.WORK, False, Stage.TRIAL, 160,
     "审计发现市卫健局计划财务股违规发放津补贴。", "违规发放津补贴案"),
    (city.DEMO_TOWNSHIP, 230, texts.Category.INTEGRITY, False, Stage.CLOSED, 220,
     "群众反映东湖镇财政所工作人员节日期间收受礼金。", "违规收受礼金案"),
    (city.DEMO_TOWNSHIP, 210, texts.Category.MASSES, False, Stage.CLOSED, 200,
     "上级纪委转办：反映东湖镇便民服务中心工作人员截留群众补贴款。", "截留挪用惠民资金案"),
    ("ZZ-T02", 260, texts.Category.CRIME, True, Stage.CLOSED, 250,
     "群众举报青山镇村镇建设办公室负责人在工程发包中收受工程款回扣。", "涉嫌受贿案"),
))
# fmt: on
# The area (分管领域) each case concerns, by its title.
CASE_AREAS = {
    "虚报冒领惠农补贴案": "农业农村",
    "收受低保户好处费案": "社会事务",
    "违规发放津补贴案": "财务",
    "违规收受礼金案": "财务",
    "截留挪用惠民资金案": "社会事务",
    "涉嫌受贿案": "工程建设",
}
# Days after filing that each stage began, in the order a case moves through them, and
# that a case closed.
STAGE_STARTS = ((Stage.INVESTIGATION, 20), (Stage.TRIAL, 148))
CLOSED_AFTER = 150


@dataclass
class ThisYear:
    """This year's work as staff enter it: the day it is, and who is named already."""

    units: dict[str, Unit]
    today: date
    staff: User
    taken: set[int] = field(default_factory=set)

    def day(self, days_ago: int) -> date:
        """The day `days_ago` before today, though never before the year began."""
        return max(date(self.today.year, 1, 2), self.today - timedelta(days=days_ago))


def seed(units: dict[str, Unit], *, today: date, staff: User) -> tuple[int, int]:
    """Write this year's clues and cases; return how many of each were created."""
    if Clue.objects.filter(year=today.year, summary=CLUES[0].summary).exists():
        return 0, 0
    work = ThisYear(units, today, staff)
    for spec in CLUES:
        _clue(spec, work)
    cases = [_case(spec, work) for spec in CASES]
    _unfinished_inquiry(cases[4], work)
    return len(CLUES) + len(CASES), len(CASES)


def _subject(unit: Unit, taken: set[int]) -> Official:
    """An official of the unit or its stations without a leading post or a login."""
    official = (
        Official.objects.active()
        .filter(unit__in=Unit.objects.under(unit), subject=Official.Subject.NONE)
        .filter(user__isnull=True, case_subjects__isnull=True)
        .exclude(pk__in=taken)
        .order_by("-rank", "pk")
        .first()
    )
    assert official is not None, f"{unit} has officials left"
    taken.add(official.pk)
    return official


def _clue(spec: ClueSpec, work: ThisYear) -> Clue:
    """Register the clue, then assign and dispose of it as far as the spec says."""
    unit = work.units[spec.unit]
    clue = register_clue(
        clue=Clue(
            unit=unit,
            source=spec.source,
            channel=spec.channel,
            received_on=work.day(spec.days_ago),
            summary=spec.summary,
        ),
        officials=[_subject(unit, work.taken)],
        actor=work.staff,
    )
    if not spec.assigned:
        return clue
    clue = assign_clue(clue=clue, handler=work.staff, actor=work.staff)
    for number, route in enumerate(spec.routes):
        decided_on = work.day(max(spec.days_ago - 3 - number * 2, 0))
        dispose_clue(
            clue=clue,
            route=route,
            decided_on=decided_on,
            reasoning=texts.DISPOSAL_REASONS[route],
            reported_to_committee_on=decided_on,
            reported_to_higher_on=decided_on if route != Route.PROPOSE_CASE else None,
            actor=work.staff,
        )
    return clue


def _case(spec: CaseSpec, work: ThisYear) -> Case:
    """File the case from a clue proposed for it and take it to its stage; a closed
    case ends with its subject's sanction."""
    clue = _clue(
        ClueSpec(
            spec.unit,
            spec.received,
            texts.Source.PUBLIC_REPORT,
            "letter",
            spec.summary,
            (Route.PROPOSE_CASE,),
        ),
        work,
    )
    official = clue.officials.get()
    case = _take_to_stage(_file(spec, clue, official, work), spec, work)
    if spec.stage == Stage.CLOSED:
        case = _close(case, spec, official, work)
    return case


def _file(spec: CaseSpec, clue: Clue, official: Official, work: ThisYear) -> Case:
    money = Decimal(28_600) if spec.stage == Stage.CLOSED else Decimal(0)
    return file_case(
        case=Case(
            clue=clue,
            unit=clue.unit,
            title=f"{official.name}{spec.title}",
            summary=f"{spec.summary}经初步核实，{_who(official)}涉嫌违纪，"
            "予以立案审查调查。",
            category=spec.category,
            area=PortfolioArea.objects.filter(name=CASE_AREAS[spec.title]).first(),
            is_major=spec.is_major,
            money_involved=money * 2 if spec.is_major else money + Decimal("1500.00"),
            money_recovered=money * 2 if spec.is_major else money,
            filed_on=work.day(spec.filed),
        ),
        officials=[official],
        actor=work.staff,
    )


def _take_to_stage(case: Case, spec: CaseSpec, work: ThisYear) -> Case:
    """Move the case on, each stage begun its set days after filing, until it is in
    the spec's stage or at its hearing."""
    for stage, after in STAGE_STARTS:
        if case.stage == spec.stage:
            break
        started_on = work.day(spec.filed - after)
        case = advance_case(
            case=case, actor=work.staff, to=stage, started_on=started_on
        )
    return case


def _close(case: Case, spec: CaseSpec, official: Official, work: ThisYear) -> Case:
    """Close the case after its hearing (a crime transferred first) and decide its
    subject's sanction that day."""
    closed_on = work.day(spec.filed - CLOSED_AFTER)
    if spec.category == texts.Category.CRIME:
        transfer_case(
            case=case,
            transferred_on=closed_on,
            transferred_to=texts.TRANSFERRED_TO,
            actor=work.staff,
        )
    template = texts.TRANSFER_CONCLUSION if spec.is_major else texts.CONCLUSION
    case = advance_case(
        case=case,
        actor=work.staff,
        closed_on=closed_on,
        conclusion=template.format(who=_who(official)),
    )
    _sanction(case, spec, official, work)
    return case


def _sanction(case: Case, spec: CaseSpec, official: Official, work: ThisYear) -> None:
    """Expulsion for the major case, a serious warning otherwise; a demerit for
    someone outside the party."""
    party, administrative, _months = (
        texts.EXPULSION if spec.is_major else (texts.Party.SERIOUS_WARNING, "", None)
    )
    if not official.is_party_member:
        party, administrative = "", administrative or texts.Administrative.DEMERIT
    decide_sanction(
        subject=case.subjects.get(),
        actor=work.staff,
        party_sanction=party,
        administrative_sanction=administrative,
        decided_on=case.closed_on,
    )


def _who(official: Official) -> str:
    return f"{official.unit.display_name}{official.post}{official.name}"


def _unfinished_inquiry(case: Case, work: ThisYear) -> None:
    """Open the case's double inquiry; the discipline secretary is held accountable and
    the leader in charge cleared, the main leader's still open."""
    inquiries = open_double_inquiry(case=case, actor=work.staff)
    discipline = [
        i for i in inquiries if i.responsibility == Responsibility.SUPERVISORY
    ]
    in_charge = [i for i in inquiries if i.basis == Inquiry.Basis.IN_CHARGE]
    for inquiry in discipline[:1]:
        _hold_discipline_secretary(case, inquiry, work)
    for inquiry in in_charge[:1]:
        clear_inquiry(
            inquiry=inquiry,
            reasons=texts.INQUIRY_CLEARED_IN_CHARGE.format(
                name=inquiry.official.name, area=case.area, case=case.number
            ),
            actor=work.staff,
        )


def _hold_discipline_secretary(case: Case, inquiry: Inquiry, work: ThisYear) -> None:
    assert case.closed_on is not None  # inquiries follow closed cases
    official = inquiry.official
    lines = BottomLine.objects.filter(year=work.today.year, subject=Subject.DISCIPLINE)
    decide_action(
        action=AccountabilityAction(
            unit=official.unit,
            official=official,
            measure=AccountabilityAction.Measure.ORDERED_SELF_EXAMINATION,
            responsibility=Responsibility.SUPERVISORY,
            source=AccountabilityAction.Source.DOUBLE_INQUIRY,
            case=case,
            reasons=texts.INQUIRY_SUPERVISORY.format(
                case=f"{case.number}{case.title}",
                post=official.post,
                name=official.name,
            ),
            decided_on=min(case.closed_on + timedelta(days=7), work.day(0)),
        ),
        bottom_lines=list(lines[:1]),
        actor=work.staff,
        inquiry=inquiry,
    )
