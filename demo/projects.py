"""The demo city's government investment projects under online monitoring (网上监察).

The essay's figures: 227 projects monitored in a year, whose settled accounts were cut by
6.6亿 yuan in total. Each project's budget and savings are drawn from a fixed seed, then the
savings are scaled so that they add up to the total to the fen.
"""

import random
from decimal import ROUND_DOWN, Decimal

from demo import city
from inspections.models import MonitoredProject
from responsibilities.models import Unit

PROJECT_COUNT = 227
TOTAL_SAVINGS = Decimal("660000000.00")
FEN = Decimal("0.01")
Stage = MonitoredProject.Stage

# Owner departments (by their number in city.DEPARTMENTS) and what they build.
# fmt: off
DEPARTMENT_PROJECTS = {
    1: ("重点项目前期咨询", "产业园区基础设施配套工程", "城市会客厅建设项目"),
    2: ("政府投资项目财政评审", "智慧财政平台建设项目"),
    3: ("中学教学楼新建工程", "小学运动场改造工程", "幼儿园扩建工程", "学校食堂提升改造工程"),
    5: ("老旧小区改造工程", "城市道路提升改造工程", "保障性住房建设项目", "市政排水管网改造工程"),
    6: ("农村公路提升工程", "县道路面大修工程", "桥梁危桥改造工程", "公交枢纽站建设工程"),
    7: ("河道综合治理工程", "水库除险加固工程", "农村饮用水提标工程", "海塘加固工程"),
    8: ("高标准农田建设项目", "农村人居环境整治项目", "现代农业园区建设项目"),
    9: ("人民医院门诊楼改造工程", "乡镇卫生院提升工程", "疾控中心实验室建设项目"),
    10: ("土地综合整治项目", "矿山生态修复工程"),
    11: ("污水处理厂提标改造工程", "大气监测站点建设项目", "工业园区污染整治项目"),
    16: ("体育中心改造工程", "文化馆提升工程", "旅游集散中心建设项目"),
    20: ("城市照明节能改造工程", "垃圾中转站建设工程", "公园绿化提升工程"),
}
TOWNSHIP_PROJECTS = (
    "污水管网改造工程", "农村道路硬化工程", "美丽乡村建设项目", "小城镇环境综合整治工程",
    "文化礼堂建设项目", "农贸市场改造工程", "河道清淤工程", "安置小区建设项目",
)
# fmt: on
STAGES = (Stage.SETTLED, Stage.SETTLED, Stage.SETTLED, Stage.ACCEPTANCE)


def plan_projects(units: dict[str, Unit], *, year: int) -> list[MonitoredProject]:
    """Return the year's projects, not yet saved, their savings adding up to the total."""
    rng = random.Random(f"{city.SEED}-projects-{year}")
    owners = _owners(units)
    projects, raw_savings = [], []
    for number in range(PROJECT_COUNT):
        owner, kinds = owners[number % len(owners)]
        budget = Decimal(rng.randrange(200, 8_000)) * 10_000  # 200万 to 8000万 yuan
        projects.append(
            MonitoredProject(
                owner=owner,
                name=f"{owner.short_name}{rng.choice(kinds)}（{number + 1:03}）",
                year=year,
                budget=budget,
                stage=rng.choice(STAGES),
            )
        )
        raw_savings.append(budget * Decimal(rng.uniform(0.02, 0.15)))
    _share_out(projects, raw_savings)
    return projects


def _owners(units: dict[str, Unit]) -> list[tuple[Unit, tuple[str, ...]]]:
    departments = [
        (units[f"ZZ-D{number:02}"], kinds)
        for number, kinds in DEPARTMENT_PROJECTS.items()
    ]
    townships = [
        (units[f"ZZ-T{number:02}"], TOWNSHIP_PROJECTS)
        for number in range(1, len(city.TOWNSHIPS) + 1)
    ]
    return departments + townships


def _share_out(projects: list[MonitoredProject], raw: list[Decimal]) -> None:
    """Scale the drawn savings to the total; the last project takes the rounding rest."""
    scale = TOTAL_SAVINGS / sum(raw)
    for project, amount in zip(projects[:-1], raw[:-1], strict=True):
        project.savings = (amount * scale).quantize(FEN, rounding=ROUND_DOWN)
    projects[-1].savings = TOTAL_SAVINGS - sum(p.savings for p in projects[:-1])
