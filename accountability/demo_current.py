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

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.models import User

from responsibilities import demo_data
from responsibilities.models import BottomLine, Official, PortfolioArea, Subject, Unit

from . import demo_texts as texts
from .models import AccountabilityAction, Case, Clue, Inquiry, Responsibility
from .services.actions import decide_action
from .services.cases import advance_case, decide_sanction, file_case, transfer_case
from .services.clues import assign_clue, dispose_clue, register_clue
from .services.inquiries import clear_inquiry, open_double_inquiry

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


# fmt: off
CLUES = (
    ClueSpec(demo_data.DEMO_TOWNSHIP, 2, texts.Source.PUBLIC_REPORT, "phone",
             "群众来电反映东湖镇便民服务中心工作人员办理社保业务时索要“辛苦费”。",
             assigned=False),
    ClueSpec("ZZ-T02", 12, texts.Source.PUBLIC_REPORT, "letter",
             "群众来信反映青山镇农业综合服务站负责人在农机购置补贴审核中优亲厚友。",
             assigned=False),
    ClueSpec(demo_data.DEMO_TOWNSHIP, 9, texts.Source.HIGHER_REFERRAL, "document",
             "上级纪委转办：反映东湖镇村镇建设办公室工作人员违规插手村级工程发包。"),
    ClueSpec("ZZ-D05", 25, texts.Source.PUBLIC_REPORT, "online",
             "网络举报反映市住建局建筑市场管理股负责人接受施工企业宴请。",
             (Route.TALK_INQUIRY,)),
    ClueSpec("ZZ-T03", 40, texts.Source.PUBLIC_REPORT, "visit",
             "群众来访反映白马镇财政所工作人员多年前违规报销差旅费，线索较为模糊。",
             (Route.HOLD,)),
    ClueSpec(demo_data.DEMO_TOWNSHIP, 6, texts.Source.AUDIT, "document",
             "审计发现东湖镇财政所工作人员经手的村级公益事业专项资金去向不明。",
             (Route.VERIFICATION, Route.PROPOSE_CASE)),
    ClueSpec("ZZ-T07", 50, texts.Source.MEDIA, "online",
             "网络媒体反映龙泉镇卫生院负责人公车私用，经核实系正常公务用车。",
             (Route.VERIFICATION, Route.CLOSE)),
)
# (unit, days ago received, category, is major, the stage it reaches, days ago filed,
#  summary, title). Each stage begins a set number of days after filing (see _case): the
#  case in review and investigation is overdue there, the one in hearing is not.
CASES = (
    (demo_data.DEMO_TOWNSHIP, 20, texts.Category.MASSES, False, Stage.FILED, 8,
     "群众反映东湖镇农业综合服务站工作人员在惠农补贴发放中虚报冒领。", "虚报冒领惠农补贴案"),
    (demo_data.DEMO_TOWNSHIP, 150, texts.Category.INTEGRITY, False, Stage.INVESTIGATION, 140,
     "群众反映东湖镇社会事务办公室工作人员在低保评审中收受好处费。", "收受低保户好处费案"),
    ("ZZ-D09", 170, texts.Category.WORK, False, Stage.TRIAL, 160,
     "审计发现市卫健局计划财务股违规发放津补贴。", "违规发放津补贴案"),
    (demo_data.DEMO_TOWNSHIP, 230, texts.Category.INTEGRITY, False, Stage.CLOSED, 220,
     "群众反映东湖镇财政所工作人员节日期间收受礼金。", "违规收受礼金案"),
    (demo_data.DEMO_TOWNSHIP, 210, texts.Category.MASSES, False, Stage.CLOSED, 200,
     "上级纪委转办：反映东湖镇便民服务中心工作人员截留群众补贴款。", "截留挪用惠民资金案"),
    ("ZZ-T02", 260, texts.Category.CRIME, True, Stage.CLOSED, 250,
     "群众举报青山镇村镇建设办公室负责人在工程发包中收受工程款回扣。", "涉嫌受贿案"),
)
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


def seed(units: dict[str, Unit], *, today: date, staff: User) -> tuple[int, int]:
    """Write this year's clues and cases; return how many of each were created."""
    if Clue.objects.filter(year=today.year, summary=CLUES[0].summary).exists():
        return 0, 0
    year = today.year
    lines = {s: list(BottomLine.objects.filter(year=year, subject=s)) for s in Subject}
    taken: set[int] = set()

    def day(days_ago: int) -> date:
        return max(date(year, 1, 2), today - timedelta(days=days_ago))

    for spec in CLUES:
        _clue(spec, units, day=day, staff=staff, taken=taken)
    cases = [_case(spec, units, day=day, staff=staff, taken=taken) for spec in CASES]
    _unfinished_inquiry(cases[4], staff=staff, lines=lines, day=day)
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
    taken.add(official.pk)
    return official


def _clue(spec: ClueSpec, units, *, day, staff: User, taken: set[int]) -> Clue:
    official = _subject(units[spec.unit], taken)
    clue = register_clue(
        clue=Clue(
            unit=units[spec.unit],
            source=spec.source,
            channel=spec.channel,
            received_on=day(spec.days_ago),
            summary=spec.summary,
        ),
        officials=[official],
        actor=staff,
    )
    if not spec.assigned:
        return clue
    clue = assign_clue(clue=clue, handler=staff, actor=staff)
    for number, route in enumerate(spec.routes):
        decided_on = day(max(spec.days_ago - 3 - number * 2, 0))
        dispose_clue(
            clue=clue,
            route=route,
            decided_on=decided_on,
            reasoning=texts.DISPOSAL_REASONS[route],
            reported_to_committee_on=decided_on,
            reported_to_higher_on=decided_on if route != Route.PROPOSE_CASE else None,
            actor=staff,
        )
    return clue


def _case(spec, units, *, day, staff: User, taken: set[int]) -> Case:
    code, received, category, is_major, stage, filed, summary, title = spec
    clue = _clue(
        ClueSpec(
            code,
            received,
            texts.Source.PUBLIC_REPORT,
            "letter",
            summary,
            (Route.PROPOSE_CASE,),
        ),
        units,
        day=day,
        staff=staff,
        taken=taken,
    )
    official = clue.officials.get()
    money = Decimal(28_600) if stage == Stage.CLOSED else Decimal(0)
    case = file_case(
        case=Case(
            clue=clue,
            unit=clue.unit,
            title=f"{official.name}{title}",
            summary=f"{summary}经初步核实，{_who(official)}涉嫌违纪，予以立案审查调查。",
            category=category,
            area=PortfolioArea.objects.filter(name=CASE_AREAS[title]).first(),
            is_major=is_major,
            money_involved=money * 2 if is_major else money + Decimal("1500.00"),
            money_recovered=money * 2 if is_major else money,
            filed_on=day(filed),
        ),
        officials=[official],
        actor=staff,
    )
    if stage == Stage.FILED:
        return case
    case = advance_case(case=case, actor=staff, started_on=day(filed - 20))
    if stage == Stage.INVESTIGATION:
        return case
    case = advance_case(case=case, actor=staff, started_on=day(filed - 148))
    if stage == Stage.TRIAL:
        return case
    closed_on = day(filed - 150)
    if category == texts.Category.CRIME:
        transfer_case(
            case=case,
            transferred_on=closed_on,
            transferred_to=texts.TRANSFERRED_TO,
            actor=staff,
        )
    who = _who(official)
    conclusion = (texts.TRANSFER_CONCLUSION if is_major else texts.CONCLUSION).format(
        who=who
    )
    case = advance_case(
        case=case, actor=staff, closed_on=closed_on, conclusion=conclusion
    )
    party, administrative, _months = (
        texts.EXPULSION if is_major else (texts.Party.SERIOUS_WARNING, "", None)
    )
    decide_sanction(
        subject=case.subjects.get(),
        actor=staff,
        party_sanction=party if official.is_party_member else "",
        administrative_sanction=administrative
        or ("" if official.is_party_member else texts.Administrative.DEMERIT),
        decided_on=closed_on,
    )
    return case


def _who(official: Official) -> str:
    return f"{official.unit.display_name}{official.post}{official.name}"


def _unfinished_inquiry(case: Case, *, staff: User, lines, day) -> None:
    """Open the case's double inquiry; the discipline secretary is held accountable and
    the leader in charge cleared, the main leader's still open."""
    inquiries = open_double_inquiry(case=case, actor=staff)
    discipline = [
        i for i in inquiries if i.responsibility == Responsibility.SUPERVISORY
    ]
    others = [i for i in inquiries if i.basis == Inquiry.Basis.IN_CHARGE]
    for inquiry in discipline[:1]:
        official = inquiry.official
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
                decided_on=min(case.closed_on + timedelta(days=7), day(0)),
            ),
            bottom_lines=lines[Subject.DISCIPLINE][:1],
            actor=staff,
            inquiry=inquiry,
        )
    for inquiry in others[:1]:
        clear_inquiry(
            inquiry=inquiry,
            reasons=texts.INQUIRY_CLEARED_IN_CHARGE.format(
                name=inquiry.official.name, area=case.area, case=case.number
            ),
            actor=staff,
        )
