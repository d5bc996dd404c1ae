"""The catalogues the product ships with: duties (9/4/4/6), the 40 bottom lines, portfolio areas.

Plain data, written from the public meaning of the central and provincial guidance on the
party committee's main responsibility and the discipline committee's supervisory one. An
administrator edits them per year; nothing else in the code depends on these texts.

The install functions take the model classes, so the data migration can call them with its
historical models and the services with the real ones.
"""

from collections.abc import Callable, Iterable
from typing import Any

from .models.catalogue import Subject

# (subject, ((title, text), …)): numbered from 1 within each subject.
DUTIES: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        Subject.COMMITTEE,
        (
            (
                "加强组织领导",
                "把党风廉政建设纳入经济社会发展全局和党的建设总体部署，与业务工作同部署、"
                "同落实、同检查、同考核；每年至少两次专题研究党风廉政建设和反腐败工作，"
                "及时解决工作中的重大问题。",
            ),
            (
                "选好用好干部",
                "坚持正确的选人用人导向，严格执行干部选拔任用工作条例，规范动议、推荐、"
                "考察、讨论决定等程序，防止和纠正选人用人上的不正之风，防止干部“带病提拔”。",
            ),
            (
                "纠正损害群众利益的不正之风",
                "坚决纠正损害群众利益的不正之风，持之以恒落实中央八项规定精神，"
                "反对形式主义、官僚主义、享乐主义和奢靡之风，切实解决群众反映强烈的突出问题。",
            ),
            (
                "强化对权力运行的制约和监督",
                "深化改革，健全权力运行制约和监督体系，推行权力清单制度和党务、政务公开，"
                "加强对重点领域、关键环节和重要岗位的监督，把权力关进制度的笼子。",
            ),
            (
                "支持纪委查处违纪违法案件",
                "领导和支持纪委依纪依法履行监督责任，定期听取纪委工作汇报，"
                "及时研究解决纪委工作中的困难；支持纪委查处违纪违法案件，"
                "排除案件查办中的阻力和干扰。",
            ),
            (
                "加强党风廉政教育",
                "深入开展理想信念、党纪国法和廉洁从政教育，推进廉政文化建设，"
                "经常开展警示教育，筑牢党员干部拒腐防变的思想道德防线。",
            ),
            (
                "健全惩治和预防腐败体系",
                "建立健全惩治和预防腐败体系，完善各项规章制度，加强廉政风险防控，"
                "抓好制度执行情况的监督检查，以制度管权、管事、管人。",
            ),
            (
                "抓好检查考核和责任追究",
                "分解落实党风廉政建设责任，组织开展检查考核，把考核结果作为干部评价和"
                "奖惩的重要依据；对履行责任不力的，严格实行责任追究。",
            ),
            (
                "以身作则当好廉洁从政表率",
                "领导班子以身作则，带头执行廉洁从政各项规定，带头改进作风，"
                "带头接受监督，当好廉洁从政的表率。",
            ),
        ),
    ),
    (
        Subject.MAIN_LEADER,
        (
            (
                "履行第一责任人职责",
                "作为党风廉政建设第一责任人，对本地区、本单位党风廉政建设负总责，"
                "做到重要工作亲自部署、重大问题亲自过问、重点环节亲自协调、"
                "重要案件亲自督办。",
            ),
            (
                "管好班子带好队伍",
                "加强对领导班子成员和下级党组织主要负责人的教育、管理和监督，"
                "定期听取班子成员履行“一岗双责”情况汇报，每年与班子成员和下级单位"
                "主要负责人至少开展一次廉政谈话，发现问题及时提醒纠正。",
            ),
            (
                "支持纪委履行监督责任",
                "支持纪委（纪检组）开展工作，及时听取工作汇报，亲自过问重要问题线索"
                "和重大案件，为纪委履行监督责任创造条件。",
            ),
            (
                "带头廉洁自律",
                "严格遵守廉洁从政各项规定，如实报告个人有关事项，管好配偶、子女和"
                "身边工作人员，主动接受组织和群众监督。",
            ),
        ),
    ),
    (
        Subject.TEAM_MEMBER,
        (
            (
                "落实“一岗双责”",
                "对分管部门和领域的党风廉政建设负直接领导责任，把党风廉政建设与分管"
                "业务工作同部署、同落实、同检查、同考核。",
            ),
            (
                "抓好分管领域廉政风险防控",
                "排查分管领域的廉政风险点，健全防控制度，加强对分管部门和单位权力运行"
                "的监督，督促整改发现的问题。",
            ),
            (
                "教育管理分管范围干部",
                "经常对分管部门和单位的干部进行廉政教育和廉政谈话，发现苗头性、倾向性"
                "问题及时提醒纠正；支持配合纪委查处分管范围内的违纪违法案件。",
            ),
            (
                "带头廉洁自律",
                "严格执行廉洁从政各项规定，管好亲属和身边工作人员，定期向党委报告"
                "履行“一岗双责”和个人廉洁自律情况。",
            ),
        ),
    ),
    (
        Subject.DISCIPLINE,
        (
            (
                "协助党委加强党风建设和组织协调反腐败工作",
                "协助党委研究部署党风廉政建设和反腐败工作，分解任务、督促检查，"
                "及时向党委报告工作情况，提出意见和建议。",
            ),
            (
                "加强监督检查",
                "对党的路线方针政策和决议决定的贯彻执行情况开展监督检查，加强对同级"
                "党委及其成员、下级党组织领导班子及其成员的监督，运用专项检查、"
                "明查暗访等方式推动责任落实。",
            ),
            (
                "严肃查办违纪违法案件",
                "坚持有案必查、有腐必惩，严肃查处党员干部违纪违法案件，重点查处领导干部"
                "中的腐败案件和发生在群众身边的不正之风和腐败问题。",
            ),
            (
                "严格责任追究",
                "对党风廉政建设责任落实不力、发生重大腐败案件或者不正之风长期滋生蔓延的，"
                "实行“一案双查”，既追究当事人的责任，又追究相关领导的主体责任和监督责任。",
            ),
            (
                "认真受理信访举报",
                "畅通信访举报渠道，认真受理群众来信来访和网络举报，规范问题线索管理，"
                "做到件件有着落、事事有回音。",
            ),
            (
                "加强自身建设",
                "深化转职能、转方式、转作风，聚焦监督执纪问责主业，加强纪检监察干部"
                "队伍建设和内部监督，打造忠诚、干净、担当的纪检监察队伍。",
            ),
        ),
    ),
)

# (subject, (text, …)): numbered 1 to 40 through all four subjects, in this order.
BOTTOM_LINES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        Subject.COMMITTEE,
        (
            "不得对党风廉政建设工作不研究、不部署、不检查、不考核。",
            "不得违反规定选拔任用干部，造成用人失察失误或者干部“带病提拔”。",
            "不得对管辖范围内发生的重大腐败案件不闻不问、放任不管。",
            "不得对损害群众利益的不正之风长期不纠，任其滋生蔓延。",
            "不得对违反中央八项规定精神的问题视而不见、不抓不管。",
            "不得违反民主集中制原则，以个人或者少数人意见代替集体决策。",
            "不得对重点领域、关键岗位的权力运行疏于监督，造成重大损失或者恶劣影响。",
            "不得干预、阻挠纪委查处违纪违法案件，或者包庇、袒护违纪违法人员。",
            "不得对上级部署的党风廉政建设任务敷衍塞责、落实不力。",
            "不得对监督检查中发现的问题拒不整改或者整改不力。",
            "不得对信访举报反映的问题压案不查、隐瞒不报。",
            "不得在党风廉政建设责任制检查考核中弄虚作假、瞒报虚报。",
        ),
    ),
    (
        Subject.MAIN_LEADER,
        (
            "不得对党风廉政建设不过问、不部署、不督办，当“甩手掌柜”。",
            "不得对班子成员和下级单位主要负责人疏于教育管理，发现问题不提醒、不纠正。",
            "不得违反规定插手干预干部选拔任用、工程建设、政府采购、资金分配等事项。",
            "不得授意、指使或者纵容他人违反规定办事。",
            "不得对管辖范围内的严重违纪违法问题失察失管。",
            "不得阻挠、干扰纪委调查案件，或者为违纪违法人员说情打招呼。",
            "不得不按规定开展廉政谈话、不听取班子成员履行“一岗双责”情况汇报。",
            "不得放任配偶、子女和身边工作人员利用本人职权或者影响谋取私利。",
            "不得不报告或者不如实报告个人有关事项。",
            "不得违反廉洁从政各项规定，在廉洁自律方面不作表率。",
        ),
    ),
    (
        Subject.TEAM_MEMBER,
        (
            "不得对分管领域的党风廉政建设不部署、不检查、不落实，只抓业务不抓廉政。",
            "不得对分管部门和单位发生的违纪违法问题失察失管、放任不管。",
            "不得对分管领域的廉政风险隐患不排查、不防控。",
            "不得对分管范围内干部的苗头性、倾向性问题不提醒、不纠正。",
            "不得违反规定干预分管领域的具体事项，为他人谋取不正当利益。",
            "不得对分管范围内群众反映强烈的不正之风不闻不问。",
            "不得干扰、阻挠纪委查处分管范围内的违纪违法案件。",
            "不得违反廉洁从政规定，或者放任亲属、身边工作人员借本人影响谋利。",
        ),
    ),
    (
        Subject.DISCIPLINE,
        (
            "不得对党风廉政建设和反腐败工作不协助、不督促、不检查。",
            "不得对发现的违纪违法问题线索瞒案不报、压案不查。",
            "不得对群众信访举报不受理、不处置，或者泄露举报人信息。",
            "不得在查办案件中徇私舞弊、以案谋私、跑风漏气。",
            "不得对应当追究责任的不追究，应当问责的不问责。",
            "不得对监督检查中发现的问题不督促整改、不跟踪问效。",
            "不得违反“三转”要求，分管人事、财务、行政审批、工程建设、政府采购等工作。",
            "不得违反规定处置问题线索，或者擅自改变案件定性和处理结果。",
            "不得对纪检监察干部的违纪违法问题护短遮丑、失察失管。",
            "不得违反办案纪律和安全规定，造成严重后果。",
        ),
    ),
)

# (name, duty_text, is_forbidden_to_discipline_heads). The first five are the "三转" areas
# a discipline secretary or stationed group head must not be in charge of.
AREAS: tuple[tuple[str, str, bool], ...] = (
    (
        "组织人事",
        "抓好干部选拔任用和人事管理中的党风廉政建设，严格执行干部选拔任用规定，"
        "防止和纠正选人用人上的不正之风。",
        True,
    ),
    (
        "财务",
        "抓好财务管理和资金使用中的党风廉政建设，严格执行财经纪律，"
        "防止设立“小金库”和违规使用资金。",
        True,
    ),
    (
        "行政审批",
        "抓好行政审批中的党风廉政建设，推行审批事项公开和流程规范，"
        "防止吃拿卡要和权力寻租。",
        True,
    ),
    (
        "工程建设",
        "抓好工程建设领域的党风廉政建设，规范招投标、工程变更和资金拨付，"
        "防止插手干预工程项目。",
        True,
    ),
    (
        "政府采购",
        "抓好政府采购中的党风廉政建设，严格执行采购程序，做到公开透明，"
        "防止暗箱操作和利益输送。",
        True,
    ),
    (
        "教育",
        "抓好教育系统的党风廉政建设，规范招生、收费和教育经费管理，"
        "纠正教育领域损害群众利益的问题。",
        False,
    ),
    (
        "农业农村",
        "抓好农业农村工作中的党风廉政建设，规范惠农补贴和集体“三资”管理，"
        "纠正侵害农民利益的问题。",
        False,
    ),
    (
        "城乡建设",
        "抓好城乡建设和管理中的党风廉政建设，规范规划审批和征地拆迁，防止以权谋私。",
        False,
    ),
    (
        "安全生产",
        "抓好安全生产监管中的党风廉政建设，严格执法，防止失职渎职和充当“保护伞”。",
        False,
    ),
    (
        "社会事务",
        "抓好民政、社保、医疗等社会事务中的党风廉政建设，规范救助和保障资金"
        "发放，纠正优亲厚友等问题。",
        False,
    ),
    (
        "文化旅游",
        "抓好文化旅游工作中的党风廉政建设，规范项目资金和市场执法，防止利益输送。",
        False,
    ),
    (
        "生态环境",
        "抓好生态环境保护中的党风廉政建设，严格环境执法，防止以罚代管、失职渎职。",
        False,
    ),
)


def duty_rows() -> Iterable[dict[str, Any]]:
    for subject, duties in DUTIES:
        for number, (title, text) in enumerate(duties, start=1):
            yield {"subject": subject, "number": number, "title": title, "text": text}


def bottom_line_rows() -> Iterable[dict[str, Any]]:
    number = 0
    for subject, texts in BOTTOM_LINES:
        for text in texts:
            number += 1
            yield {"subject": subject, "number": number, "text": text}


# A model class, or a data migration's historical model: typed loosely, since the
# historical one is built at run time and only has the same manager and fields.
ModelClass = type[Any]


def _bulk_create(model: ModelClass, objects: list) -> object:
    return model.objects.bulk_create(objects)


Save = Callable[[ModelClass, list], object]


def install_catalogue(
    duty_model: ModelClass,
    bottom_line_model: ModelClass,
    *,
    year: int,
    save: Save = _bulk_create,
) -> int:
    """Create the default duties and bottom lines for a year where it has none; return how many.

    Each table is checked on its own, so a year with edited duties but no bottom lines
    still gets the bottom lines, and an edited catalogue is never touched.
    """
    created = 0
    for model, rows in [(duty_model, duty_rows), (bottom_line_model, bottom_line_rows)]:
        if not model.objects.filter(year=year).exists():
            objects = [model(year=year, **row) for row in rows()]
            save(model, objects)
            created += len(objects)
    return created


def install_areas(area_model: ModelClass, *, save: Save = _bulk_create) -> int:
    """Create the default portfolio areas whose name is not taken yet; return how many."""
    taken = set(area_model.objects.values_list("name", flat=True))
    objects = [
        area_model(name=name, duty_text=text, is_forbidden_to_discipline_heads=flag)
        for name, text, flag in AREAS
        if name not in taken
    ]
    if objects:
        save(area_model, objects)
    return len(objects)
