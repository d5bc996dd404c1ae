"""What the demo's supervision found and wrote, as plain data for the seeding steps."""

from inspections.models import Finding, Inspection

Category = Finding.Category
Topic = Inspection.Topic

# The special inspections of the previous year: topic, title after the year, the inspected
# units (codes in responsibilities.demo_data) and the category of what they found.
# fmt: off
SPECIAL_INSPECTIONS = (
    (Topic.TENDERING, "年度政府投资项目招投标专项检查",
     ("ZZ-D03", "ZZ-D05", "ZZ-D06", "ZZ-D07", "ZZ-D08", "ZZ-T02"), Category.TENDERING),
    (Topic.ADVANCE_PAYMENTS, "年度暂领款专项清理检查",
     ("ZZ-D09", "ZZ-D16", "ZZ-T03", "ZZ-T04", "ZZ-T05"), Category.FUNDS),
    (Topic.PROJECT_CHANGES, "年度工程变更专项检查",
     ("ZZ-D05", "ZZ-D06", "ZZ-D20", "ZZ-T06", "ZZ-T07"), Category.PROJECTS),
    (Topic.SMALL_COFFERS, "年度“小金库”专项治理检查",
     ("ZZ-D12", "ZZ-D13", "ZZ-D14", "ZZ-T08", "ZZ-T09"), Category.FUNDS),
)

DESCRIPTIONS: dict[str, tuple[str, ...]] = {
    Category.TENDERING: (
        "部分工程项目化整为零，规避公开招标。",
        "招标文件设置排他性资格条件，限制潜在投标人。",
        "评标专家抽取记录不完整，评标过程未全程录像。",
        "中标后未按规定时间签订合同，合同条款与招标文件不一致。",
        "邀请招标项目未经审批，投标单位存在关联关系。",
    ),
    Category.FUNDS: (
        "暂领款长期挂账未及时结报，最长挂账时间超过两年。",
        "个人名义暂领公款用于单位日常开支，未按规定审批。",
        "下属单位收取的场地租金未纳入单位账户统一核算。",
        "违规设立账外账户存放会议费结余资金。",
        "以虚开发票方式套取资金用于发放职工福利。",
    ),
    Category.PROJECTS: (
        "工程变更未履行集体决策程序，变更金额超过合同价10%。",
        "先施工后补办变更手续，变更签证资料不全。",
        "设计变更增加工程量未经监理和建设单位共同确认。",
        "工程结算时变更部分计价依据不充分，存在高估冒算。",
        "网上监察平台项目信息录入滞后，关键节点资料缺失。",
    ),
    Category.CONDUCT: (
        "工作日上班时间有工作人员离岗，未履行请假手续。",
        "窗口工作人员服务态度生硬，群众办事一次告知落实不到位。",
        "上班时间有工作人员浏览与工作无关的网页。",
        "值班人员未按规定在岗，值班记录填写不规范。",
        "承诺件未在承诺时限内办结，群众反映办事效率低。",
        "公车停放不规范，节假日公车未按规定封存。",
    ),
}
# fmt: on

OPEN_VISIT_SUBJECTS = (
    "机关上班纪律",
    "窗口单位服务效能",
    "行政审批提速",
    "便民服务中心运行",
    "中心工作推进落实",
)
COVERT_VISIT_SUBJECTS = (
    "节前“四风”问题",
    "公车使用管理",
    "工作日午间饮酒",
    "值班值守",
    "基层站所办事效率",
)

HUAFA_SOURCE = "市电视台《聚焦》栏目"
HUAFA_TITLE = "华发塑料粒子厂污染问题回应式监督"
HUAFA_SUMMARY = (
    "市电视台《聚焦》栏目曝光华发塑料粒子厂长期无证生产、废气直排、废水偷排，周边群众反映强烈。"
    "市纪委监委第一时间启动回应式监督，约谈属地镇和相关职能部门负责人，督促依法关停取缔，"
    "并对相关责任人履职情况开展调查。"
)
# (unit code, category, description) of the case's findings.
HUAFA_FINDINGS = (
    (
        "ZZ-T05",
        Category.DUTY,
        "属地镇对华发塑料粒子厂无证生产问题巡查不到位，群众多次反映未及时处置，属地管理责任落实不力。",
    ),
    (
        "ZZ-D11",
        Category.DUTY,
        "市生态环境局对华发塑料粒子厂废气、废水违法排放查处不及时，执法监管存在盲区。",
    ),
    (
        "ZZ-D12",
        Category.DUTY,
        "市市场监管局对华发塑料粒子厂无照经营问题未依法查处，日常监管流于形式。",
    ),
)
HUAFA_RECTIFICATION = (
    "依法关停取缔华发塑料粒子厂，清运残留原料和危险废物，开展周边环境监测；"
    "建立“散乱污”企业排查整治长效机制。"
)
HUAFA_REPORT = (
    "华发塑料粒子厂已于限期内关停取缔，设备全部拆除，残留原料和危险废物已由有资质单位清运处置；"
    "周边水体和空气监测指标恢复正常，已建立网格化巡查制度。"
)

NO_FILES_REASON = "整改台账为纸质材料，已报送市纪委党风政风监督室。"

# The demo township's findings this year: (category, severity, description, the post of
# the official who answers for the fix, days from today to the deadline, submitted).
# fmt: off
TOWNSHIP_FINDINGS = (
    (Category.CONDUCT, Finding.Severity.MINOR,
     "便民服务中心窗口工作日上午有工作人员迟到，考勤管理不严。", "镇长", 2, False),
    (Category.FUNDS, Finding.Severity.SERIOUS,
     "村级工程项目资金拨付审批手续不全，存在先拨付后补签现象。", "党委副书记", 5, False),
    (Category.PROJECTS, Finding.Severity.SERIOUS,
     "美丽乡村建设项目工程变更未经镇党委会议集体研究。", "副镇长", -3, False),
    (Category.EIGHT_RULES, Finding.Severity.MINOR,
     "公务接待清单填写不完整，部分接待缺少公函。", "纪委书记", 10, True),
    (Category.DUTY, Finding.Severity.MINOR,
     "党委对村级“小微权力”清单执行情况的督查不够经常。", "党委书记", 20, False),
)
# fmt: on
