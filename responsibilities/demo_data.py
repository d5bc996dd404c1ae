"""The demo city 中州市 as plain data: its unit tree, its officials and its demo logins.

Everything here is a pure function of a fixed seed, so every run plans the same city;
the seed_demo command writes the plan to the database.
"""

import random
from dataclasses import dataclass

from core import roles

from .models import Official, Unit

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
