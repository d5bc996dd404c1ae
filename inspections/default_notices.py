"""The notice texts a new installation starts with; administrators edit them after.

Placeholders: {recipient} the unit or leader addressed, {findings} the numbered problems,
{due_on} the response deadline, {year} the year.
"""

DEFAULT_NOTICE_TEMPLATES = [
    {
        "kind": "opinion",
        "title": "监督检查意见书",
        "body": (
            "{recipient}：\n"
            "根据党风廉政建设责任制和监督工作安排，我委对你单位进行了监督检查，"
            "发现以下问题：\n{findings}\n"
            "请你单位高度重视，认真制定整改措施，明确责任人和整改时限，"
            "并于{due_on}前将整改情况书面报送我委。"
        ),
    },
    {
        "kind": "efficiency",
        "title": "效能监察建议书",
        "body": (
            "{recipient}：\n"
            "我委在效能监察中发现你单位存在以下问题：\n{findings}\n"
            "为提高行政效能，建议你单位针对上述问题完善制度、改进工作，"
            "并于{due_on}前将采纳建议及整改情况反馈我委。"
        ),
    },
    {
        "kind": "feedback",
        "title": "反馈意见书",
        "body": (
            "{recipient}：\n"
            "现将我委监督检查发现的问题反馈如下：\n{findings}\n"
            "请于{due_on}前将整改落实情况报送我委。"
        ),
    },
    {
        "kind": "rectification",
        "title": "整改通知书",
        "body": (
            "{recipient}：\n"
            "经检查，你单位存在以下问题，现责令限期整改：\n{findings}\n"
            "请于{due_on}前完成整改并提交整改报告及相关佐证材料，逾期未整改的，"
            "将依规依纪追究相关人员责任。"
        ),
    },
    {
        "kind": "work_recommendation",
        "title": "工作建议书",
        "body": (
            "{recipient}：\n"
            "在监督检查中，我委发现您分管领域的相关单位存在以下问题：\n{findings}\n"
            "建议您督促相关单位切实履行主体责任，抓好整改落实，"
            "并于{due_on}前将有关情况告知我委。"
        ),
    },
]
