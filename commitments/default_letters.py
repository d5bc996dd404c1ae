"""The letter templates a new installation starts with; administrators edit them after.

Texts follow the city's practice (see shared/domain.md, chain step 2). Placeholders in
braces are filled for each addressee: {unit} {name} {post} {year} {duties}.
"""

DEFAULT_TEMPLATES = [
    {
        "kind": "commitment",
        "name": "个性化廉政承诺书",
        "title": "{year}年度个性化廉政承诺书",
        "body": (
            "为认真落实党风廉政建设责任制，严格遵守中央八项规定精神和廉洁自律各项规定，"
            "本人{name}（{unit}{post}）郑重承诺：\n"
            "一、坚定理想信念，严守政治纪律和政治规矩，自觉维护党的团结统一。\n"
            "二、严格执行廉洁自律各项规定，不利用职务便利为本人和特定关系人谋取利益。\n"
            "三、认真履行“一岗双责”，抓好分管领域的党风廉政建设，对分管范围内的问题敢管敢抓。\n"
            "四、自觉接受组织和群众监督，如有违反，愿接受组织处理。\n"
            "结合本人岗位职责和工作实际，作出如下个性化承诺："
        ),
        "personal_prompt": (
            "请结合岗位职责和分管工作，写出本人具体、可检查的廉政承诺，"
            "例如在工程项目、资金审批、干部选用等方面的具体做法。"
        ),
    },
    {
        "kind": "acknowledgement",
        "name": "党风廉政建设主体责任认领书",
        "title": "{year}年度党风廉政建设主体责任认领书",
        "body": (
            "根据《关于落实党风廉政建设党委主体责任和纪委监督责任的实施意见》，"
            "本人{name}作为{unit}{post}，认领{year}年度党风廉政建设主体责任清单中的"
            "以下责任，并保证认真履行：\n{duties}\n"
            "本人将按照责任清单抓好落实，定期报告履责情况，自觉接受监督；"
            "履责不力的，愿按规定承担相应责任。"
        ),
        "personal_prompt": "",
    },
    {
        "kind": "year_end",
        "name": "年终履责情况签字",
        "title": "{year}年度党风廉政建设履责情况签字背书",
        "body": (
            "本人{name}（{unit}{post}）对{year}年度以下党风廉政建设责任的履行情况"
            "作如下说明，并对其真实性负责：\n{duties}"
        ),
        "personal_prompt": "请逐项说明本年度履行上述责任的情况、存在的问题和下一步措施。",
    },
]
