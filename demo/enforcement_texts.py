"""What the demo's enforcement records say, as plain data for the seeding steps."""

from accountability.models import (
    AccountabilityAction,
    Case,
    Clue,
    ClueDisposal,
    Sanction,
)

Category = Case.Category
Source = Clue.Source
Route = ClueDisposal.Route
Measure = AccountabilityAction.Measure
Party = Sanction.Party
Administrative = Sanction.Administrative

# A case's violation by category: (title after "name+post", facts). "{who}" is the
# subject's unit, post and name.
# fmt: off
VIOLATIONS: dict[str, tuple[tuple[str, str], ...]] = {
    Category.INTEGRITY: (
        ("违规收受礼金案", "{who}在节日期间多次收受管理服务对象所送礼金、购物卡，共计价值{money}元。"),
        ("违规发放津补贴案", "{who}违反规定以加班费、值班费名义向单位职工发放津补贴，涉及金额{money}元。"),
        ("公款吃喝案", "{who}多次以接待名义安排公款宴请，虚列接待对象，套取公务接待费{money}元。"),
        ("虚报冒领惠农补贴案", "{who}利用审核惠农补贴的职务便利，为亲属虚报冒领耕地地力保护补贴{money}元。"),
        ("违规借用管理服务对象车辆案", "{who}长期借用管理服务对象车辆供个人使用，车辆费用由对方承担，折合{money}元。"),
    ),
    Category.MASSES: (
        ("优亲厚友违规审批低保案", "{who}在低保评审中优亲厚友，违规为不符合条件的亲属办理低保，骗取低保金{money}元。"),
        ("截留挪用扶贫资金案", "{who}截留挪用村级扶贫产业发展资金{money}元，用于村级其他开支。"),
        ("吃拿卡要群众案", "{who}在办理宅基地审批手续过程中向群众索要好处费{money}元。"),
    ),
    Category.WORK: (
        ("工程项目监管失职案", "{who}对辖区工程项目质量安全监管不力，致使项目存在重大质量隐患，造成损失{money}元。"),
        ("违规决策造成损失案", "{who}未经集体研究擅自决定项目变更，造成国有资金损失{money}元。"),
        ("“小金库”资金违规使用案", "{who}默许下属单位设立账外账户，违规使用“小金库”资金{money}元。"),
    ),
    Category.ORGANISATIONAL: (
        ("不如实报告个人有关事项案", "{who}在个人有关事项报告中隐瞒房产和投资情况，涉及金额{money}元。"),
        ("违规插手干部选拔案", "{who}违规干预下属单位人员招录，收受请托人财物{money}元。"),
    ),
    Category.PERSONAL: (
        ("违规出入私人会所案", "{who}多次出入私人会所接受宴请，费用由私营企业主支付，折合{money}元。"),
    ),
    Category.CRIME: (
        ("涉嫌受贿案", "{who}利用职务便利在工程招投标中为他人谋取利益，非法收受他人财物{money}元，涉嫌受贿犯罪。"),
        ("涉嫌贪污案", "{who}利用经手财政专项资金的便利，采取虚开发票方式侵吞公款{money}元，涉嫌贪污犯罪。"),
        ("涉嫌挪用公款案", "{who}挪用单位公款{money}元用于个人投资经营，超过三个月未还，涉嫌挪用公款犯罪。"),
    ),
}
# fmt: on
# How often each category occurs among last year's cases.
CATEGORY_WEIGHTS: dict[str, int] = {
    Category.INTEGRITY: 10,
    Category.MASSES: 6,
    Category.WORK: 5,
    Category.ORGANISATIONAL: 2,
    Category.PERSONAL: 1,
}

# Where clues came from, with the channel, and how often.
CLUE_SOURCES = (
    (Source.PUBLIC_REPORT, Clue.Channel.LETTER, 8),
    (Source.PUBLIC_REPORT, Clue.Channel.PHONE, 5),
    (Source.PUBLIC_REPORT, Clue.Channel.ONLINE, 5),
    (Source.PUBLIC_REPORT, Clue.Channel.VISIT, 3),
    (Source.HIGHER_REFERRAL, Clue.Channel.DOCUMENT, 4),
    (Source.AUDIT, Clue.Channel.DOCUMENT, 2),
    (Source.MEDIA, Clue.Channel.ONLINE, 1),
    (Source.OTHER, Clue.Channel.DOCUMENT, 1),
)
CLUE_SUMMARY = {
    Source.PUBLIC_REPORT: "群众反映{who}{problem}",
    Source.HIGHER_REFERRAL: "上级纪委转办：反映{who}{problem}",
    Source.AUDIT: "审计发现{who}{problem}",
    Source.MEDIA: "网络媒体反映{who}{problem}",
    Source.OTHER: "巡察移交：{who}{problem}",
}
# Problems of clues that did not become cases.
MINOR_PROBLEMS = (
    "上班时间经常外出办私事，群众办事找不到人。",
    "在办理低保审核时态度生硬，工作作风简单粗暴。",
    "子女婚礼操办时宴请人数较多，疑似违规收受礼金。",
    "使用公车接送子女上下学。",
    "村级工程项目发包不公开，疑似与承包人存在利益关系。",
    "在惠农补贴发放中存在优亲厚友问题。",
    "工作日中午饮酒，下午上班时酒气熏天。",
    "对群众反映的问题推诿扯皮，长期不予答复。",
    "违规兼职取酬。",
    "违规在村集体经济合作社报销个人费用。",
)
DISPOSAL_REASONS: dict[str, str] = {
    Route.TALK_INQUIRY: "反映问题较为笼统，具有一般性，经委务会研究，采取谈话函询方式处置。",
    Route.VERIFICATION: "反映问题具体，有一定可查性，经委务会研究，予以初步核实。",
    Route.HOLD: "反映问题暂不具备核查条件，经委务会研究，暂存待查。",
    Route.CLOSE: "经核实，反映问题失实或情节轻微，已作说明，经委务会研究，予以了结。",
    Route.PROPOSE_CASE: "经初步核实，反映的主要问题属实，涉嫌违纪，经委务会研究，拟立案审查调查。",
}
CLOSE_AFTER_INQUIRY = "经谈话函询，本人如实说明情况，反映问题基本失实，予以了结并采信。"
CLOSE_AFTER_VERIFICATION = "经初步核实，反映问题查无实据，予以了结，并向被反映人反馈。"

CONCLUSION = (
    "经审查调查和审理，{who}的行为构成违纪，依规依纪给予处分，违纪款项已全部收缴。"
)
EXEMPT_CONCLUSION = (
    "经审查调查和审理，{who}违纪情节轻微，且主动交代问题、积极退缴，免予处分，"
    "给予批评教育。"
)
TRANSFER_CONCLUSION = (
    "经审查调查，{who}严重违纪违法并涉嫌职务犯罪，给予开除党籍、开除公职处分，"
    "涉嫌犯罪问题移送检察机关依法审查起诉。"
)
TRANSFERRED_TO = "中州市人民检察院"

# Sanctions by gravity: (party, administrative, months of probation); the
# administrative sanctions' periods are the law's (services.cases.check_period).
SANCTIONS = (
    (Party.WARNING, "", None),
    (Party.WARNING, Administrative.WARNING, None),
    (Party.SERIOUS_WARNING, "", None),
    (Party.SERIOUS_WARNING, Administrative.DEMERIT, None),
    ("", Administrative.WARNING, None),
    ("", Administrative.DEMERIT, None),
    (Party.REMOVAL_FROM_POST, Administrative.DISMISSAL_FROM_POST, None),
    (Party.PROBATION, Administrative.DEMOTION, 24),
)
EXPULSION = (Party.EXPULSION, Administrative.DISCHARGE, None)

# Reasons of accountability actions.
UNIT_CRITICISM = (
    "在{inspection}中发现“{finding}”，单位党委（党组）履行主体责任不到位，"
    "经市纪委常委会研究，予以通报批评。"
)
SPECIAL_REASONS = (
    "在{inspection}中发现{unit}存在“{finding}”问题，{post}{name}履职不力，负有{kind}。"
)
HUAFA_REASONS = (
    "华发塑料粒子厂长期无证生产、违法排污，经电视台曝光后查明，{unit}{post}{name}"
    "对该问题巡查、监管不力，负有{kind}。"
)
EFFICIENCY_REASONS = "在{inspection}中发现“{finding}”，{post}{name}负有直接责任，依据效能责任追究办法予以问责。"
INQUIRY_MAIN = (
    "{case}发生在本单位，{post}{name}作为主体责任第一责任人，对所属干部教育管理监督不力，"
    "签订的主体责任认领书所列职责未落实，负有主要领导责任。"
)
INQUIRY_SUPERVISORY = "{case}发生在本单位，{post}{name}履行监督责任不力，对反映问题未及时核查，负有监督责任。"
INQUIRY_CLEARED = (
    "经调查，{name}对{case}所涉事项不分管、不知情，已按责任清单履行职责，不负领导责任。"
)
INQUIRY_CLEARED_IN_CHARGE = (
    "经调查，{name}分管{area}工作期间已按责任清单开展廉政风险排查和提醒谈话，"
    "对{case}所涉问题发现后及时督促整改，不负直接领导责任。"
)
