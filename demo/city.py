"""The demo city 中州市 as plain data: its unit tree, its officials and its demo logins,
then its portfolios, list details, key tasks, reports and review meeting (issue 3).

Everything here is a pure function of a fixed seed, so every run plans the same city;
the seed_demo command writes the plan to the database.
"""

import random
from dataclasses import dataclass

from core import roles
from responsibilities.models import KeyTask, Official, Review, Unit
from responsibilities.models import Subject as CatalogueSubject

SEED = 20150601
TOTAL_OFFICIALS = 2000
# The essay's figures: 570 section-level cadres and 1,100 middle managers commit.
SECTION_LEVEL_TOTAL = 570
MIDDLE_MANAGER_TOTAL = 1100

ROOT = "ZZ"
DISCIPLINE = "ZZ-JW"
DEMO_TOWNSHIP = "ZZ-T01"

Kind = Unit.Kind
Rank = Official.Rank
Subject = Official.Subject
SECTION_RANKS = (Rank.SECTION_CHIEF, Rank.SECTION_DEPUTY)


@dataclass(frozen=True)
class UnitSpec:
    code: str
    parent_code: str | None
    kind: str
    name: str
    short_name: str
    order: int
    # Offices (股室, 站所) whose heads and deputies are the unit's middle managers.
    offices: tuple[str, ...] = ()


@dataclass(frozen=True)
class OfficialSpec:
    unit_code: str
    name: str
    post: str
    rank: str
    subject: str
    is_party_member: bool


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    unit_code: str
    official_post: str = ""  # the post of the unit's official this login belongs to
    name: str = ""  # the display name of a login that is no official
    # Opens the Django admin for the administrator; no demo login is a superuser, so that
    # the administrator cannot read the audit trail (three-way separation).
    is_staff: bool = False


DEMO_ACCOUNTS = (
    DemoAccount("admin", roles.ADMINISTRATOR, ROOT, name="刘洋", is_staff=True),
    DemoAccount("staff", roles.DISCIPLINE_STAFF, DISCIPLINE, name="陈静"),
    DemoAccount("secretary", roles.SECRETARY, DEMO_TOWNSHIP, official_post="党委书记"),
    DemoAccount("member", roles.TEAM_MEMBER, DEMO_TOWNSHIP, official_post="镇长"),
    DemoAccount("auditor", roles.AUDITOR, DISCIPLINE, name="孙丽"),
)

# (name after "中州市", short name, offices of its own besides COMMON_OFFICES)
# fmt: off
DEPARTMENTS = (
    ("发展和改革局", "市发改局", ("综合股", "投资股", "价格股", "能源股", "重点项目服务中心", "价格认证中心")),
    ("财政局", "市财政局", ("预算股", "国库股", "农业股", "社会保障股", "经济建设股", "国库集中支付中心", "非税收入管理中心")),
    ("教育局", "市教育局", ("基础教育股", "职业与成人教育股", "教师工作股", "教育督导室", "教学研究室", "学生资助管理中心")),
    ("公安局", "市公安局", ("指挥中心", "刑事侦查大队", "治安管理大队", "交通警察大队", "经济犯罪侦查大队", "城关派出所")),
    ("住房和城乡建设局", "市住建局", ("建筑市场管理股", "房地产市场监管股", "村镇建设股", "城市建设股", "建设工程质量安全监督站", "住房保障中心")),
    ("交通运输局", "市交通运输局", ("综合规划股", "公路建设股", "运输管理股", "公路养护中心", "交通运输综合执法大队")),
    ("水利局", "市水利局", ("水旱灾害防御股", "水资源管理股", "农村水利股", "河湖长制工作股", "水利工程建设管理站", "水土保持站")),
    ("农业农村局", "市农业农村局", ("种植业管理股", "畜牧兽医股", "农村经营管理股", "乡村振兴股", "农业技术推广中心", "农业综合行政执法大队")),
    ("卫生健康局", "市卫健局", ("医政医管股", "基层卫生股", "疾病预防控制股", "妇幼健康股", "卫生健康综合监督执法大队")),
    ("自然资源和规划局", "市自然资源和规划局", ("国土空间规划股", "耕地保护股", "地籍管理股", "矿产资源管理股", "不动产登记中心", "自然资源执法监察大队")),
    ("生态环境局", "市生态环境局", ("大气环境股", "水生态环境股", "土壤生态环境股", "环境监测站", "生态环境保护综合行政执法大队")),
    ("市场监督管理局", "市市场监管局", ("登记注册股", "食品安全协调股", "药品医疗器械监管股", "特种设备安全监察股", "市场监管综合执法大队", "城关市场监督管理所")),
    ("民政局", "市民政局", ("社会救助股", "养老服务股", "社会组织管理股", "区划地名和婚姻登记股", "社会福利院", "殡葬管理所")),
    ("人力资源和社会保障局", "市人社局", ("就业促进股", "劳动关系股", "事业单位人事管理股", "就业服务中心", "社会保险服务中心", "劳动保障监察大队")),
    ("商务局", "市商务局", ("商贸流通股", "对外贸易股", "招商引资股", "电子商务股", "市场运行调节股")),
    ("文化广电旅游体育局", "市文广旅体局", ("文化艺术股", "旅游发展股", "体育股", "文物保护股", "图书馆", "文化馆", "文化市场综合执法大队")),
    ("审计局", "市审计局", ("财政审计股", "经济责任审计股", "固定资产投资审计股", "社会保障审计股", "审计服务中心")),
    ("统计局", "市统计局", ("综合统计股", "农业统计股", "工业交通统计股", "社会科技统计股", "普查中心")),
    ("应急管理局", "市应急管理局", ("危险化学品安全监督管理股", "工矿安全监督管理股", "防灾减灾救灾股", "应急指挥中心", "安全生产执法大队")),
    ("综合行政执法局", "市综合执法局", ("市容环境卫生管理股", "市政公用管理股", "法制股", "第一执法大队", "第二执法大队", "环境卫生管理所")),
    ("科学技术局", "市科技局", ("科技计划股", "高新技术股", "科技成果股", "生产力促进中心")),
    ("司法局", "市司法局", ("普法与依法治理股", "社区矫正管理股", "公共法律服务管理股", "行政复议股", "法律援助中心", "公证处")),
    ("退役军人事务局", "市退役军人事务局", ("思想政治和权益维护股", "移交安置和就业创业股", "优抚褒扬股", "退役军人服务中心", "军供站")),
    ("医疗保障局", "市医保局", ("待遇保障股", "医药价格和招标采购股", "基金监管股", "医疗保险服务中心", "医保基金稽核中心")),
    ("国有资产管理中心", "市国资中心", ("产权管理股", "企业监管股", "资产运营股", "财务审计股")),
)
# fmt: on
COMMON_OFFICES = ("办公室", "人事股", "计划财务股")

TOWN_STATIONS = ("财政所", "农业综合服务站", "国土资源所", "卫生院")
SMALL_TOWN_STATIONS = ("财政所", "农业综合服务站", "卫生院")
SUBDISTRICT_STATIONS = ("财政所", "司法所", "社区卫生服务中心")
BIG_SUBDISTRICT_STATIONS = ("财政所", "司法所", "文化站", "社区卫生服务中心")
TOWNSHIPS = (
    ("东湖镇", Kind.TOWNSHIP, TOWN_STATIONS),
    ("青山镇", Kind.TOWNSHIP, TOWN_STATIONS),
    ("白马镇", Kind.TOWNSHIP, TOWN_STATIONS),
    ("石桥镇", Kind.TOWNSHIP, SMALL_TOWN_STATIONS),
    ("柳林镇", Kind.TOWNSHIP, TOWN_STATIONS),
    ("河口镇", Kind.TOWNSHIP, SMALL_TOWN_STATIONS),
    ("龙泉镇", Kind.TOWNSHIP, TOWN_STATIONS),
    ("桃源乡", Kind.TOWNSHIP, SMALL_TOWN_STATIONS),
    ("双河乡", Kind.TOWNSHIP, TOWN_STATIONS),
    ("红星乡", Kind.TOWNSHIP, SMALL_TOWN_STATIONS),
    ("梅岭乡", Kind.TOWNSHIP, SMALL_TOWN_STATIONS),
    ("城关街道", Kind.SUBDISTRICT, BIG_SUBDISTRICT_STATIONS),
    ("城南街道", Kind.SUBDISTRICT, SUBDISTRICT_STATIONS),
    ("城北街道", Kind.SUBDISTRICT, BIG_SUBDISTRICT_STATIONS),
    ("新城街道", Kind.SUBDISTRICT, SUBDISTRICT_STATIONS),
)
# fmt: off
TOWN_OFFICES = (
    "党政综合办公室", "党建工作办公室", "经济发展办公室", "社会事务办公室", "村镇建设办公室",
    "农业农村办公室", "社会治安综合治理中心", "应急管理办公室", "便民服务中心", "退役军人服务站",
)
SUBDISTRICT_OFFICES = (
    "党政综合办公室", "党建工作办公室", "经济发展办公室", "社会事务办公室", "城市管理办公室",
    "社区建设办公室", "社会治安综合治理中心", "应急管理办公室", "便民服务中心", "退役军人服务站",
)
DISCIPLINE_OFFICES = (
    "办公室", "组织部", "宣传部", "党风政风监督室", "信访室", "案件监督管理室",
    "第一纪检监察室", "第二纪检监察室", "第三纪检监察室", "案件审理室",
)
# fmt: on
STATIONED_GROUPS = ("一", "二", "三", "四", "五", "六", "七", "八")

CITY_LEADERS = (
    ("市委书记", Rank.COUNTY_CHIEF, Subject.MAIN_LEADER),
    ("市委副书记、市长", Rank.COUNTY_CHIEF, Subject.TEAM_MEMBER),
    ("市委副书记", Rank.COUNTY_DEPUTY, Subject.TEAM_MEMBER),
    ("市委常委、常务副市长", Rank.COUNTY_DEPUTY, Subject.TEAM_MEMBER),
    ("市委常委、组织部部长", Rank.COUNTY_DEPUTY, Subject.TEAM_MEMBER),
    ("市委常委、宣传部部长", Rank.COUNTY_DEPUTY, Subject.TEAM_MEMBER),
    ("市委常委、政法委书记", Rank.COUNTY_DEPUTY, Subject.TEAM_MEMBER),
    ("市委常委、统战部部长", Rank.COUNTY_DEPUTY, Subject.TEAM_MEMBER),
    ("市委常委、市委办公室主任", Rank.COUNTY_DEPUTY, Subject.TEAM_MEMBER),
    ("市委常委、副市长", Rank.COUNTY_DEPUTY, Subject.TEAM_MEMBER),
    ("市委常委、人武部政委", Rank.COUNTY_DEPUTY, Subject.TEAM_MEMBER),
)
DISCIPLINE_LEADERS = (
    ("市委常委、市纪委书记、市监委主任", Rank.COUNTY_DEPUTY, Subject.DISCIPLINE_HEAD),
    ("市纪委副书记、市监委副主任", Rank.COUNTY_DEPUTY, Subject.TEAM_MEMBER),
    ("市纪委副书记、市监委副主任", Rank.COUNTY_DEPUTY, Subject.TEAM_MEMBER),
    ("市纪委常委、市监委委员", Rank.SECTION_CHIEF, Subject.TEAM_MEMBER),
    ("市纪委常委、市监委委员", Rank.SECTION_CHIEF, Subject.TEAM_MEMBER),
    ("市纪委常委、市监委委员", Rank.SECTION_CHIEF, Subject.TEAM_MEMBER),
)
STATIONED_GROUP_LEADERS = (
    ("纪检组长", Rank.SECTION_CHIEF, Subject.DISCIPLINE_HEAD),
    ("纪检副组长", Rank.SECTION_DEPUTY, Subject.NONE),
)
TOWN_LEADERS = (
    ("党委书记", Rank.SECTION_CHIEF, Subject.MAIN_LEADER),
    ("{head}", Rank.SECTION_CHIEF, Subject.TEAM_MEMBER),
    ("党委副书记", Rank.SECTION_DEPUTY, Subject.TEAM_MEMBER),
    ("人大主席", Rank.SECTION_DEPUTY, Subject.TEAM_MEMBER),
    ("纪委书记", Rank.SECTION_DEPUTY, Subject.DISCIPLINE_HEAD),
    ("组织委员", Rank.SECTION_DEPUTY, Subject.TEAM_MEMBER),
    ("宣传委员", Rank.SECTION_DEPUTY, Subject.TEAM_MEMBER),
    ("武装部长", Rank.SECTION_DEPUTY, Subject.TEAM_MEMBER),
    ("副{head}", Rank.SECTION_DEPUTY, Subject.TEAM_MEMBER),
    ("副{head}", Rank.SECTION_DEPUTY, Subject.TEAM_MEMBER),
)
# A subdistrict (街道) has a party working committee (党工委) and a street office.
SUBDISTRICT_LEADERS = (
    ("党工委书记", Rank.SECTION_CHIEF, Subject.MAIN_LEADER),
    ("办事处主任", Rank.SECTION_CHIEF, Subject.TEAM_MEMBER),
    ("党工委副书记", Rank.SECTION_DEPUTY, Subject.TEAM_MEMBER),
    ("人大工委主任", Rank.SECTION_DEPUTY, Subject.TEAM_MEMBER),
    ("纪工委书记", Rank.SECTION_DEPUTY, Subject.DISCIPLINE_HEAD),
    ("组织委员", Rank.SECTION_DEPUTY, Subject.TEAM_MEMBER),
    ("宣传委员", Rank.SECTION_DEPUTY, Subject.TEAM_MEMBER),
    ("武装部长", Rank.SECTION_DEPUTY, Subject.TEAM_MEMBER),
    ("办事处副主任", Rank.SECTION_DEPUTY, Subject.TEAM_MEMBER),
    ("办事处副主任", Rank.SECTION_DEPUTY, Subject.TEAM_MEMBER),
)
DEPARTMENT_LEADERS = (
    ("党组书记、{head}", Rank.SECTION_CHIEF, Subject.MAIN_LEADER),
    ("党组成员、副{head}", Rank.SECTION_DEPUTY, Subject.TEAM_MEMBER),
    ("党组成员、副{head}", Rank.SECTION_DEPUTY, Subject.TEAM_MEMBER),
    ("副{head}", Rank.SECTION_DEPUTY, Subject.TEAM_MEMBER),
    ("党组成员", Rank.SECTION_DEPUTY, Subject.TEAM_MEMBER),
)
# Since 2019 a civil servant without a leading post holds a grade (职级) instead.
SECTION_GRADES = (
    ("一级主任科员", Rank.SECTION_CHIEF),
    ("二级主任科员", Rank.SECTION_CHIEF),
    ("三级主任科员", Rank.SECTION_DEPUTY),
    ("四级主任科员", Rank.SECTION_DEPUTY),
)
GENERAL_POSTS = ("一级科员", "一级科员", "二级科员")

# Ordered by frequency; the weights below make the common ones common.
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
    "于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江"
    "尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
SURNAME_WEIGHTS = [1 / (rank + 8) for rank in range(len(SURNAMES))]
GIVEN_NAME_CHARACTERS = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉鹏飞斌宇浩凯"
    "健俊帆帅旭宁婷雪琳晨博峰志国海波亮成林东晓春秋云燕梅莉颖倩欣怡佳悦思源泽航"
    "振兴德荣福贵庆祥永胜利民安松柏山川宏晶慧卫新光正坤鑫昊然子轩梓涵"
)

HEAD_TITLES = (
    ("大队", "大队长"),
    ("中心", "主任"),
    ("室", "主任"),
    ("处", "主任"),
    ("部", "部长"),
    ("股", "股长"),
    ("所", "所长"),
    ("站", "站长"),
    ("院", "院长"),
    ("馆", "馆长"),
    ("局", "局长"),
)

Seat = tuple[str, str, str]  # post, rank, subject


def head_title(office: str) -> str:
    """Return the title of an office's head: 股 → 股长, 办公室 → 主任, 卫生院 → 院长."""
    return next(title for suffix, title in HEAD_TITLES if office.endswith(suffix))


def unit_specs() -> list[UnitSpec]:
    """Return the city's units, each parent before its children."""
    root = UnitSpec(ROOT, None, Kind.CITY_COMMITTEE, "中共中州市委员会", "中州市委", 0)
    specs = [root, *_discipline_specs(), *_department_specs()]
    for number, (name, kind, stations) in enumerate(TOWNSHIPS, 1):
        specs += _township_specs(number, name, kind, stations)
    return specs


def _discipline_specs() -> list[UnitSpec]:
    name, kind = "中共中州市纪律检查委员会", Kind.DISCIPLINE_COMMITTEE
    specs = [UnitSpec(DISCIPLINE, ROOT, kind, name, "市纪委", 10, DISCIPLINE_OFFICES)]
    for number, numeral in enumerate(STATIONED_GROUPS, 1):
        code, short = f"{DISCIPLINE}-G{number}", f"派驻第{numeral}纪检组"
        name, kind = f"中州市纪委{short}", Kind.STATIONED_GROUP
        specs.append(UnitSpec(code, DISCIPLINE, kind, name, short, 10 + number))
    return specs


def _department_specs() -> list[UnitSpec]:
    return [
        UnitSpec(
            f"ZZ-D{number:02}",
            ROOT,
            Kind.DEPARTMENT,
            f"中州市{name}",
            short,
            100 + number,
            COMMON_OFFICES + offices,
        )
        for number, (name, short, offices) in enumerate(DEPARTMENTS, 1)
    ]


def _township_specs(
    number: int, name: str, kind: str, stations: tuple[str, ...]
) -> list[UnitSpec]:
    code, order = f"ZZ-T{number:02}", 1000 + number * 10
    offices = SUBDISTRICT_OFFICES if kind == Kind.SUBDISTRICT else TOWN_OFFICES
    specs = [UnitSpec(code, ROOT, kind, name, name, order, offices)]
    for index, station in enumerate(stations, 1):
        code_, full = f"{code}-S{index}", f"{name}{station}"
        specs.append(
            UnitSpec(code_, code, Kind.STATION, full, full, order + index, (station,))
        )
    return specs


def leader_seats(unit: UnitSpec) -> list[Seat]:
    """Return the unit's leading posts: its team, its discipline head, its secretary."""
    if unit.kind == Kind.CITY_COMMITTEE:
        return list(CITY_LEADERS)
    if unit.kind == Kind.DISCIPLINE_COMMITTEE:
        return list(DISCIPLINE_LEADERS)
    if unit.kind == Kind.STATIONED_GROUP:
        return list(STATIONED_GROUP_LEADERS)
    if unit.kind == Kind.DEPARTMENT:
        table, head = DEPARTMENT_LEADERS, head_title(unit.name)
    elif unit.kind == Kind.SUBDISTRICT:
        table, head = SUBDISTRICT_LEADERS, ""
    elif unit.kind == Kind.TOWNSHIP:
        table, head = TOWN_LEADERS, "乡长" if unit.name.endswith("乡") else "镇长"
    else:
        return []
    return [(post.format(head=head), rank, subject) for post, rank, subject in table]


def plan_officials(units: list[UnitSpec], seed: int = SEED) -> list[OfficialSpec]:
    """Return every official of the city, named and ranked, the same for the same seed."""
    rng = random.Random(seed)
    seats = {unit.code: leader_seats(unit) for unit in units}
    offices = [(unit.code, office) for unit in units for office in unit.offices]
    _add_section_grades(seats, units, rng)
    _add_middle_managers(seats, offices, rng)
    _add_general_cadres(seats, units, offices, rng)
    return _name_seats(seats, rng)


def _count(seats: dict[str, list[Seat]], ranks: tuple[str, ...]) -> int:
    return sum(
        rank in ranks for unit_seats in seats.values() for _post, rank, _s in unit_seats
    )


def _add_section_grades(
    seats: dict[str, list[Seat]], units: list[UnitSpec], rng: random.Random
) -> None:
    """Fill the section level up to its total with graded (non-leading) section cadres."""
    kinds = (
        Kind.DISCIPLINE_COMMITTEE,
        Kind.DEPARTMENT,
        Kind.TOWNSHIP,
        Kind.SUBDISTRICT,
    )
    codes = [unit.code for unit in units if unit.kind in kinds]
    for _ in range(SECTION_LEVEL_TOTAL - _count(seats, SECTION_RANKS)):
        post, rank = rng.choice(SECTION_GRADES)
        seats[rng.choice(codes)].append((post, rank, Subject.NONE))


def _add_middle_managers(
    seats: dict[str, list[Seat]], offices: list[tuple[str, str]], rng: random.Random
) -> None:
    """Give every office a head, then deputies in turn until the total is reached."""
    for code, office in offices:
        seats[code].append(
            (office + head_title(office), Rank.MIDDLE_MANAGER, Subject.NONE)
        )
    shuffled = rng.sample(offices, len(offices))
    for index in range(MIDDLE_MANAGER_TOTAL - len(offices)):
        code, office = shuffled[index % len(shuffled)]
        post = f"{office}副{head_title(office)}"
        seats[code].append((post, Rank.MIDDLE_MANAGER, Subject.NONE))


def _add_general_cadres(
    seats: dict[str, list[Seat]],
    units: list[UnitSpec],
    offices: list[tuple[str, str]],
    rng: random.Random,
) -> None:
    """Fill up to the city's total, each office about as likely to get one as another."""
    groups = [unit.code for unit in units if unit.kind == Kind.STATIONED_GROUP]
    codes = [code for code, _office in offices] + groups
    missing = TOTAL_OFFICIALS - sum(len(unit_seats) for unit_seats in seats.values())
    for _ in range(missing):
        seats[rng.choice(codes)].append(
            (rng.choice(GENERAL_POSTS), Rank.GENERAL, Subject.NONE)
        )


def _name_seats(seats: dict[str, list[Seat]], rng: random.Random) -> list[OfficialSpec]:
    officials = []
    for code, unit_seats in seats.items():
        taken: set[str] = set()
        for post, rank, subject in unit_seats:
            name = _new_name(rng, taken)
            is_member = (
                rank not in (Rank.MIDDLE_MANAGER, Rank.GENERAL) or rng.random() < 0.85
            )
            officials.append(OfficialSpec(code, name, post, rank, subject, is_member))
    return officials


def _new_name(rng: random.Random, taken: set[str]) -> str:
    """Return a name nobody else in the unit has, so a name and a unit find one person."""
    while True:
        surname = rng.choices(SURNAMES, weights=SURNAME_WEIGHTS)[0]
        length = 1 if rng.random() < 0.25 else 2
        name = surname + "".join(rng.choices(GIVEN_NAME_CHARACTERS, k=length))
        if name not in taken:
            taken.add(name)
            return name


# --- Responsibility lists, portfolios, key tasks, reports (issue 3) ---------------------

# Each team seat's areas (分管领域), in the order of the unit's leader table: the first
# preferred area nobody in the unit holds yet, and half the time a second one. "{domain}"
# is the department's own field (DEPARTMENT_AREAS). A discipline head holds none, except
# in BREACHES.
AreaPlan = tuple[tuple[str, ...], tuple[str, ...]]
_TOWN_PLAN: tuple[AreaPlan, ...] = (
    ((), ()),  # 党委书记
    (("财务",), ("行政审批",)),  # 镇长 / 乡长
    (("社会事务",), ()),  # 党委副书记
    (("生态环境",), ()),  # 人大主席
    ((), ()),  # 纪委书记
    (("组织人事",), ()),  # 组织委员
    (("文化旅游",), ("教育",)),  # 宣传委员
    (("安全生产",), ()),  # 武装部长
    (("工程建设",), ("城乡建设",)),  # 副镇长
    (("农业农村",), ("政府采购",)),  # 副镇长
)
_SUBDISTRICT_PLAN: tuple[AreaPlan, ...] = (
    *_TOWN_PLAN[:8],
    (("城乡建设",), ("工程建设",)),  # 办事处副主任
    (("行政审批", "政府采购", "教育"), ("政府采购",)),  # 办事处副主任
)
_DEPARTMENT_PLAN: tuple[AreaPlan, ...] = (
    (("组织人事",), ()),  # 党组书记、局长
    (("财务",), ("政府采购",)),  # 党组成员、副局长
    (("{domain}", "行政审批"), ("工程建设", "城乡建设")),  # 党组成员、副局长
    (("安全生产", "行政审批", "生态环境"), ()),  # 副局长
    (("行政审批", "社会事务", "教育"), ()),  # 党组成员
)
PORTFOLIO_PLANS: dict[str, tuple[AreaPlan, ...]] = {
    Kind.TOWNSHIP: _TOWN_PLAN,
    Kind.SUBDISTRICT: _SUBDISTRICT_PLAN,
    Kind.DEPARTMENT: _DEPARTMENT_PLAN,
}
DEPARTMENT_AREAS = {
    "ZZ-D03": "教育",
    "ZZ-D05": "城乡建设",
    "ZZ-D06": "工程建设",
    "ZZ-D07": "工程建设",
    "ZZ-D08": "农业农村",
    "ZZ-D09": "社会事务",
    "ZZ-D10": "城乡建设",
    "ZZ-D11": "生态环境",
    "ZZ-D13": "社会事务",
    "ZZ-D14": "社会事务",
    "ZZ-D16": "文化旅游",
    "ZZ-D19": "安全生产",
    "ZZ-D23": "社会事务",
    "ZZ-D24": "社会事务",
}
# The two "三转" breaches the register must find: discipline secretaries of two townships
# (白马镇, 龙泉镇) each in charge of a forbidden area.
BREACHES = {"ZZ-T03": ("财务",), "ZZ-T07": ("工程建设",)}

# The demo township's own measures, targets and deadline (month, day) for some duties of
# this year's list, by (subject, number); the team member's are the town head's, and
# ("area", name) is one of the town head's portfolio duties.
# fmt: off
DUTY_DETAILS: dict[tuple[str, object], tuple[str, str, tuple[int, int]]] = {
    (CatalogueSubject.COMMITTEE, 1): (
        "年初召开党委会专题研究部署全年党风廉政建设工作，制定责任清单并逐级签订责任书；"
        "每季度听取一次班子成员履行“一岗双责”情况汇报。",
        "全年专题研究党风廉政建设不少于4次，责任书签订率100%。", (3, 31)),
    (CatalogueSubject.COMMITTEE, 2): (
        "严格执行干部选拔任用工作条例，村（社区）“两委”干部和站所负责人调整一律经党委会"
        "集体研究，凡提必核、凡提必听纪委意见。",
        "选人用人“一报告两评议”满意率90%以上，无“带病提拔”。", (12, 31)),
    (CatalogueSubject.COMMITTEE, 3): (
        "开展惠农补贴、低保评审、征地补偿等领域专项整治，设立群众意见箱和举报电话，"
        "每月梳理群众反映的问题并交办。",
        "群众反映问题办结率100%，信访举报按期回复率100%。", (11, 30)),
    (CatalogueSubject.COMMITTEE, 4): (
        "推行镇村两级权力清单和“四议两公开”，镇村财务、工程项目、惠民资金每季度公开一次；"
        "严格执行“三重一大”集体决策制度。",
        "权力清单公开率100%，村级财务每季度公开一次。", (6, 30)),
    (CatalogueSubject.COMMITTEE, 5): (
        "每半年听取一次镇纪委工作汇报，为镇纪委配齐专职干部、保障办案经费和场所，"
        "重要问题线索由党委书记亲自督办。",
        "镇纪委专职干部不少于3名，问题线索按期办结率100%。", (12, 31)),
    (CatalogueSubject.COMMITTEE, 6): (
        "组织党员干部参观廉政教育基地，开展警示教育月活动，每季度组织一次党纪法规学习，"
        "在村（社区）建设廉政文化阵地。",
        "党员干部警示教育覆盖率100%，建成廉政文化示范点2个。", (9, 30)),
    (CatalogueSubject.COMMITTEE, 7): (
        "梳理镇机关和站所廉政风险点，修订财务管理、公务接待、公车使用、工程招投标等制度，"
        "汇编成册并抓好执行。",
        "廉政风险点全部制定防控措施，修订完善制度不少于10项。", (6, 30)),
    (CatalogueSubject.COMMITTEE, 8): (
        "把党风廉政建设责任分解到班子成员和各村（社区），半年检查、年底考核，"
        "考核结果与评先评优和干部使用挂钩。",
        "半年检查、年终考核各一次，约谈考核后三名的村（社区）党组织书记。", (12, 20)),
    (CatalogueSubject.COMMITTEE, 9): (
        "班子成员带头执行中央八项规定精神，带头述责述廉，带头如实报告个人有关事项，"
        "在政务公开栏公开个性化廉政承诺。",
        "班子成员廉政承诺公开率100%，无违反八项规定精神问题。", (12, 31)),
    (CatalogueSubject.MAIN_LEADER, 1): (
        "亲自主持制定全镇党风廉政建设工作要点，做到重要工作亲自部署、重大问题亲自过问、"
        "重点环节亲自协调、重要案件亲自督办。",
        "每季度至少主持召开一次党风廉政建设专题会议。", (12, 31)),
    (CatalogueSubject.MAIN_LEADER, 2): (
        "与班子成员、各村（社区）党组织书记和站所负责人逐一开展廉政谈话，"
        "每半年听取一次班子成员履行“一岗双责”情况汇报。",
        "廉政谈话覆盖班子成员和下级单位主要负责人100%。", (6, 30)),
    (CatalogueSubject.MAIN_LEADER, 3): (
        "每季度听取一次镇纪委工作汇报，亲自过问重要问题线索和重大案件办理进展。",
        "听取纪委工作汇报不少于4次。", (12, 31)),
    (CatalogueSubject.MAIN_LEADER, 4): (
        "按时如实报告个人有关事项，在政务公开栏和电子触摸屏公开个人廉政承诺，"
        "接受干部群众监督。",
        "个人有关事项按期报告，廉政承诺公开。", (3, 31)),
    (CatalogueSubject.TEAM_MEMBER, 1): (
        "把党风廉政建设与分管的财政、经济发展工作同部署、同落实、同检查、同考核，"
        "每季度向党委报告一次分管领域党风廉政建设情况。",
        "每季度向党委报告一次。", (12, 31)),
    (CatalogueSubject.TEAM_MEMBER, 2): (
        "组织财政所、经济发展办公室排查资金拨付、项目审批等环节廉政风险点，"
        "建立台账并逐项落实防控措施。",
        "风险点全部建立台账并制定防控措施。", (5, 31)),
    (CatalogueSubject.TEAM_MEMBER, 3): (
        "每半年与分管站所负责人开展一次廉政谈话，对苗头性、倾向性问题及时提醒纠正，"
        "支持配合纪委查处分管范围内的案件。",
        "分管站所负责人廉政谈话每半年一次。", (12, 31)),
    (CatalogueSubject.TEAM_MEMBER, 4): (
        "严格执行公务接待、公车使用规定，管好亲属和身边工作人员，年底向党委书面报告"
        "履行“一岗双责”和廉洁自律情况。",
        "年底书面报告一次。", (12, 31)),
    ("area", "财务"): (
        "严格执行镇财政资金“联审联签”和大额资金集体研究制度，每季度开展一次"
        "“小金库”和暂领款自查清理。",
        "暂领款年内清理完毕，无“小金库”。", (9, 30)),
    (CatalogueSubject.DISCIPLINE, 1): (
        "协助党委分解责任清单，每季度向党委报告一次党风廉政建设工作情况，提出工作建议。",
        "每季度向党委报告一次。", (12, 31)),
    (CatalogueSubject.DISCIPLINE, 2): (
        "对惠农补贴发放、村级财务、工程项目开展专项检查，结合节假日明查暗访，"
        "发现问题下发监督检查意见书并跟踪整改。",
        "专项检查不少于4次，问题整改率100%。", (11, 30)),
    (CatalogueSubject.DISCIPLINE, 5): (
        "公开举报电话和信箱，规范问题线索登记、分办和督办，对实名举报件件回复。",
        "问题线索登记率100%，按期办结率95%以上。", (12, 31)),
}
# fmt: on
# The demo member's (the town head's) own record: (duty key, days ago, what was done).
MEMBER_PROGRESS = (
    (
        (CatalogueSubject.TEAM_MEMBER, 1),
        40,
        "主持召开财政所、经济发展办公室党风廉政建设工作会议，部署分管领域廉政风险排查，"
        "听取两个站所负责人履职情况汇报。",
    ),
    (
        ("area", "财务"),
        12,
        "组织财政所开展暂领款专项清理，清理暂领款23笔、金额41.6万元，已全部收回或核销。",
    ),
)


@dataclass(frozen=True)
class KeyTaskSpec:
    title: str
    description: str
    leader_post: str  # the post of the city leader who leads it
    lead_unit: str
    participants: tuple[str, ...]
    status: str
    due_in_days: int  # from today: negative is past
    progress: tuple[tuple[int, str], ...]  # (days ago, what was done)


Status = KeyTask.Status
# fmt: off
KEY_TASKS = (
    KeyTaskSpec(
        "开展落实中央八项规定精神专项监督检查",
        "聚焦公车私用、违规公务接待、违规发放津贴补贴等问题，开展明查暗访。",
        "市委常委、市委办公室主任", DISCIPLINE, ("ZZ-D02", "ZZ-D17", "ZZ-T01"),
        Status.DONE, -45,
        ((120, "印发专项监督检查实施方案，成立4个检查组。"),
         (75, "对25个市直部门和15个乡镇（街道）开展明查暗访，发现公车私用、违规公务接待问题7个。"),
         (50, "问题已全部交办整改，对3名责任人进行诫勉谈话，专项检查总结已报市委。"))),
    KeyTaskSpec(
        "推进党风廉政建设责任清单向社会公开",
        "各单位形成责任清单，通过政务公开栏、门户网站和电子触摸屏向社会公开。",
        "市委书记", ROOT, ("ZZ-T01", "ZZ-T02", "ZZ-T12", "ZZ-D03"),
        Status.IN_PROGRESS, 60,
        ((90, "市委常委会专题研究责任清单编制工作，印发责任清单模板。"),
         (30, "41个单位完成责任清单编制，已在政务公开栏和门户网站公开32个。"))),
    KeyTaskSpec(
        "开展工程建设招投标领域专项治理",
        "整治规避招标、围标串标、评标不公等问题，规范招投标代理机构。",
        "市委常委、常务副市长", "ZZ-D05", ("ZZ-D01", "ZZ-D02", "ZZ-D06", "ZZ-D07"),
        Status.IN_PROGRESS, -20,
        ((100, "梳理近三年政府投资项目招投标情况，建立项目台账。"),
         (45, "抽查项目38个，发现规避招标、围标串标问题线索5条，已移交市纪委。"))),
    KeyTaskSpec(
        "清理规范机关事业单位暂领款",
        "全面清理各单位暂领款，建立暂领款审批、报账和清理制度。",
        "市委常委、常务副市长", "ZZ-D02", ("ZZ-D17", "ZZ-T01", "ZZ-T03"),
        Status.DONE, -30,
        ((110, "下发暂领款清理通知，各单位开展自查。"),
         (60, "全市清理暂领款416笔、金额1286万元，收回或核销率98%。"))),
    KeyTaskSpec(
        "开展“小金库”专项治理",
        "对党政机关、事业单位和国有企业开展“小金库”自查和重点检查。",
        "市委常委、副市长", "ZZ-D02", ("ZZ-D17", "ZZ-T05", "ZZ-T12"),
        Status.IN_PROGRESS, 75,
        ((40, "部署“小金库”专项治理，各单位签订无“小金库”承诺书。"),)),
    KeyTaskSpec(
        "加强政府投资项目在线监察",
        "将全市227个政府投资项目纳入在线监察系统，实时监控进度和资金拨付。",
        "市委副书记、市长", "ZZ-D01", ("ZZ-D05", "ZZ-D07", "ZZ-D17", DISCIPLINE),
        Status.IN_PROGRESS, 120,
        ((80, "227个政府投资项目全部纳入在线监察系统。"),
         (25, "系统预警项目进度滞后、资金拨付异常问题12个，已督促整改9个。"))),
    KeyTaskSpec(
        "规范干部选拔任用，严防“带病提拔”",
        "落实干部选拔任用纪委意见回复制度，凡提必核。",
        "市委常委、组织部部长", ROOT, (DISCIPLINE, "ZZ-D14"),
        Status.DONE, -10,
        ((70, "建立干部选拔任用党风廉政意见回复制度。"),
         (20, "全年回复党风廉政意见312人次，暂缓使用4人。"))),
    KeyTaskSpec(
        "开展惠农补贴资金专项检查",
        "检查惠农补贴申报、审核、发放全过程，严查冒领、截留和优亲厚友。",
        "市委常委、副市长", "ZZ-D08", ("ZZ-D02", "ZZ-T01", "ZZ-T03", "ZZ-T07"),
        Status.IN_PROGRESS, -6,
        ((60, "对11个乡镇惠农补贴发放情况开展交叉检查。"),
         (15, "发现冒领、优亲厚友问题线索9条，已分办有关乡镇纪委。"))),
    KeyTaskSpec(
        "推进廉政文化进机关、进农村、进校园",
        "建设廉政文化示范点，开展廉政书画、廉政短剧等活动。",
        "市委常委、宣传部部长", "ZZ-D16", ("ZZ-D03", "ZZ-T01", "ZZ-T12"),
        Status.IN_PROGRESS, 150,
        ((35, "制定廉政文化“三进”活动方案，确定首批示范点6个。"),)),
    KeyTaskSpec(
        "整治群众身边的不正之风和腐败问题",
        "畅通举报渠道，严查发生在群众身边的“微腐败”。",
        "市委副书记", DISCIPLINE, ("ZZ-D13", "ZZ-D24", "ZZ-T01", "ZZ-T12"),
        Status.IN_PROGRESS, 90,
        ((65, "开通举报电话、信箱和网站，受理群众反映问题43件。"),
         (28, "办结群众反映问题31件，给予党纪政务处分6人。"),
         (8, "对办结问题开展回访，群众满意率92%。"))),
    KeyTaskSpec(
        "规范工程变更和资金拨付管理",
        "制定政府投资项目工程变更管理办法，变更一律集体研究。",
        "市委常委、常务副市长", "ZZ-D05", ("ZZ-D06", "ZZ-D07", "ZZ-D25"),
        Status.IN_PROGRESS, 100,
        ((18, "起草《政府投资项目工程变更管理办法》，征求有关部门意见。"),)),
    KeyTaskSpec(
        "落实执法司法廉洁风险防控",
        "排查执法司法岗位廉政风险，规范执法办案和涉案财物管理。",
        "市委常委、政法委书记", "ZZ-D04", ("ZZ-D22",),
        Status.DONE, -15,
        ((90, "排查执法司法岗位廉政风险点186个。"),
         (40, "修订执法办案、涉案财物管理制度14项，开展专项督察2次。"))),
)
# fmt: on

# Committee units that have not reported on the past year, so coverage has something
# to show: 市统计局, 市退役军人事务局, 梅岭乡, 新城街道.
UNREPORTED = frozenset({"ZZ-D18", "ZZ-D23", "ZZ-T11", "ZZ-T15"})
MEETING_TITLE = "{year}年度党委（党组）书记述责述廉评议会"

Rating = Review.Rating
# (unit code, rating, comments, ((problem, rectification requirement), …))
# fmt: off
REVIEWS = (
    ("ZZ-T01", Rating.GOOD,
     "报告内容全面，责任分解到人，措施具体，责任清单公开及时；班子成员履行“一岗双责”较好。",
     (("对村级财务的监督检查偏少，个别村财务公开不及时。",
       "每季度对村级财务公开情况检查一次，30日内整改到位并书面报告市纪委。"),)),
    ("ZZ-T02", Rating.FAIRLY_GOOD,
     "主体责任落实总体较好，但对班子成员履行“一岗双责”情况的检查不够经常。",
     (("班子成员廉政谈话记录不全，部分谈话没有书面记录。",
       "建立廉政谈话台账，下季度末前补齐记录并报市纪委备案。"),
      ("站所廉政风险点排查不深入，防控措施针对性不强。",
       "重新组织站所廉政风险排查，两个月内完善防控措施。"))),
    ("ZZ-T12", Rating.FAIR,
     "报告查摆问题不深，措施针对性不强，存在以会议落实会议的现象。",
     (("征地拆迁补偿款发放公开不充分，群众有反映。",
       "全面公示补偿款发放情况，两个月内完成复核，结果报市纪委。"),
      ("“四风”问题自查自纠流于形式，连续上报“零问题”。",
       "重新开展自查，如实查摆问题，形成问题清单和整改清单。"))),
    ("ZZ-D02", Rating.GOOD,
     "资金监管措施有力，制度建设扎实，在“小金库”专项治理中发挥了牵头作用。",
     (("局属事业单位政府采购程序执行不够规范。",
       "对局属单位政府采购开展专项检查，三个月内完成整改。"),)),
    ("ZZ-D05", Rating.FAIR,
     "对工程建设领域廉政风险认识不足，招投标监管存在薄弱环节。",
     (("部分项目工程变更未经集体研究。",
       "工程变更一律集体研究并留存记录，对已发生的变更逐项复查。"),
      ("招投标代理机构管理不规范。",
       "建立代理机构考评和退出机制，年内完成清理。"))),
    ("ZZ-D08", Rating.FAIRLY_GOOD,
     "惠农补贴监管措施较实，但对基层站所的监督延伸不够。",
     (("惠农补贴发放“一卡通”核对不及时。",
       "每半年核对一次补贴发放情况，整改结果向社会公开。"),)),
)
# fmt: on

_REPORT_PROBLEMS = (
    "对下级单位的监督检查还不够经常，压力传导存在层层递减的现象。",
    "个别班子成员抓分管领域党风廉政建设的主动性不强，重业务、轻廉政。",
    "廉政风险防控措施的针对性不强，一些制度执行不到位。",
    "警示教育的形式较为单一，教育效果有待提高。",
)
_REPORT_PLANS = (
    "严格落实责任清单，完善责任分解、检查、考核和追究机制。",
    "加强对重点领域和关键岗位的监督，深化廉政风险防控。",
    "持之以恒纠正“四风”，坚决整治群众身边的不正之风。",
    "支持纪检监察机关履行监督责任，严肃查处违纪违法问题。",
)


def report_text(unit_name: str, unit_kind: str, year: int) -> str:
    """Return a unit's report on its main responsibility for the year, the same for the
    same unit and year."""
    rng = random.Random(f"{SEED}-report-{unit_name}-{year}")
    committees: dict[str, str] = {Kind.DEPARTMENT: "党组", Kind.SUBDISTRICT: "党工委"}
    committee = committees.get(unit_kind, "党委")
    return "\n\n".join(
        (
            f"一、落实主体责任情况。{year}年，{unit_name}{committee}把党风廉政建设纳入"
            f"工作总体布局，召开专题会议{rng.randint(4, 9)}次，研究解决问题"
            f"{rng.randint(6, 20)}个，形成责任清单并向社会公开。",
            f"二、责任分解和履责情况。班子成员认真履行“一岗双责”，全年开展廉政谈话"
            f"{rng.randint(20, 90)}人次，对苗头性、倾向性问题及时提醒纠正。",
            f"三、作风建设和制度建设情况。严格落实中央八项规定精神，开展“四风”问题"
            f"自查自纠，修订完善财务管理、公务接待、公车使用等制度{rng.randint(5, 15)}项。",
            f"四、存在的问题。{''.join(rng.sample(_REPORT_PROBLEMS, 2))}",
            f"五、下一步打算。{''.join(rng.sample(_REPORT_PLANS, 3))}",
        )
    )
