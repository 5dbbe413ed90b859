"""Articles written for Qiao's news development set, with their gold annotations.

Every text here is written for this project (the organisations not in the demo directory are
invented). ``make_own.py`` renders each in one of the messy styles seen in the seed articles
(traditional characters, pinyin garbling, navigation, forum sidebars, spam lines, the same
article pasted twice) into ``own/<stem>.txt`` with the gold as ``own/<stem>.json``.
"""

ARTICLES = [
    {
        "stem": "own_01_signing_garbled",
        "style": "garble",
        "published": "2025-05-20",
        "text": (
            "5月18日,上海交通大学医学院附属瑞金医院与上海澜途医疗科技有限公司(以下简称“澜途医疗”)签署战略合作协议。\n"
            "瑞金医院副院长周明远、澜途医疗董事长陈思齐出席签约仪式。双方将共建手术机器人临床评价中心。\n"
            "澜途医疗成立于2019年,已取得12项医疗器械注册证,累计融资3亿元。"
        ),
        "gold": {
            "organisations": [
                {
                    "name": "上海交通大学医学院附属瑞金医院",
                    "type": "hospital",
                    "aliases": ["瑞金医院"],
                },
                {"name": "上海澜途医疗科技有限公司", "type": "company", "aliases": ["澜途医疗"]},
            ],
            "people": [
                {
                    "name": "周明远",
                    "title": "副院长",
                    "organisation": "上海交通大学医学院附属瑞金医院",
                },
                {"name": "陈思齐", "title": "董事长", "organisation": "上海澜途医疗科技有限公司"},
            ],
            "events": [
                {
                    "kind": "signing",
                    "date": "2025-05-18",
                    "place": None,
                    "participants": ["上海交通大学医学院附属瑞金医院", "上海澜途医疗科技有限公司"],
                }
            ],
            "agreements": [
                {
                    "parties": ["上海交通大学医学院附属瑞金医院", "上海澜途医疗科技有限公司"],
                    "kind": "strategic",
                    "date": "2025-05-18",
                    "amount_cny": None,
                    "count": None,
                }
            ],
            "figures": [
                {"text": "12项", "value": 12, "unit": "项", "about": "医疗器械注册证"},
                {"text": "3亿元", "value": 300000000, "unit": "元", "about": "累计融资"},
            ],
        },
    },
    {
        "stem": "own_02_investment_nav",
        "style": "nav",
        "published": "2025-03-02",
        "text": (
            "深圳市松禾创业投资有限公司领投深圳微衡生物科技有限公司B轮融资\n"
            "2月27日,深圳微衡生物科技有限公司宣布完成2.5亿元B轮融资,由深圳市松禾创业投资有限公司领投,深创投跟投。\n"
            "微衡生物总经理林海峰表示,本轮资金将用于两款体外诊断试剂的注册与量产。"
        ),
        "gold": {
            "organisations": [
                {"name": "深圳市松禾创业投资有限公司", "type": "investor", "aliases": []},
                {"name": "深圳微衡生物科技有限公司", "type": "company", "aliases": ["微衡生物"]},
                {"name": "深圳市创新投资集团有限公司", "type": "investor", "aliases": ["深创投"]},
            ],
            "people": [
                {"name": "林海峰", "title": "总经理", "organisation": "深圳微衡生物科技有限公司"}
            ],
            "events": [],
            "agreements": [
                {
                    "parties": [
                        "深圳微衡生物科技有限公司",
                        "深圳市松禾创业投资有限公司",
                        "深圳市创新投资集团有限公司",
                    ],
                    "kind": "investment",
                    "date": "2025-02-27",
                    "amount_cny": 250000000,
                    "count": None,
                }
            ],
            "figures": [{"text": "2.5亿元", "value": 250000000, "unit": "元", "about": "B轮融资"}],
        },
    },
    {
        "stem": "own_03_alliance_forum",
        "style": "forum",
        "published": None,
        "text": (
            "奉贤区成立医疗器械产业联盟\n"
            "近日,奉贤区医疗器械产业联盟在东方美谷正式成立,首批成员单位共42家。\n"
            "上海市奉贤区卫生健康委员会副主任李延飞出席成立大会并致辞。联盟将每季度举办一次供需对接会。"
        ),
        "gold": {
            "organisations": [
                {"name": "奉贤区医疗器械产业联盟", "type": "alliance", "aliases": []},
                {"name": "东方美谷", "type": "park", "aliases": []},
                {"name": "上海市奉贤区卫生健康委员会", "type": "government", "aliases": []},
            ],
            "people": [
                {"name": "李延飞", "title": "副主任", "organisation": "上海市奉贤区卫生健康委员会"}
            ],
            "events": [
                {
                    "kind": "alliance_launch",
                    "date": None,
                    "place": "东方美谷",
                    "participants": ["奉贤区医疗器械产业联盟"],
                },
                {"kind": "conference", "date": None, "place": None, "participants": []},
                {"kind": "matchmaking", "date": None, "place": None, "participants": []},
            ],
            "agreements": [],
            "figures": [{"text": "42家", "value": 42, "unit": "家", "about": "首批成员单位"}],
        },
    },
    {
        "stem": "own_04_platform_dup",
        "style": "dup",
        "published": "2024-09-10",
        "text": (
            "新华财经上海9月9日电 张江细胞和基因产业园9日发布细胞治疗公共服务平台。\n"
            "该平台由上海细元生物科技有限公司运营,总投资额约8000万元,可为30余家企业提供GMP级别的中试服务。\n"
            "上海市科学技术委员会相关负责人介绍,今年张江已新增细胞治疗企业15家。"
        ),
        "gold": {
            "organisations": [
                {"name": "张江细胞和基因产业园", "type": "park", "aliases": []},
                {"name": "上海细元生物科技有限公司", "type": "company", "aliases": []},
                {"name": "上海市科学技术委员会", "type": "government", "aliases": []},
            ],
            "people": [],
            "events": [
                {
                    "kind": "platform_launch",
                    "date": "2024-09-09",
                    "place": None,
                    "participants": ["张江细胞和基因产业园"],
                }
            ],
            "agreements": [],
            "figures": [
                {"text": "8000万元", "value": 80000000, "unit": "元", "about": "总投资额"},
                {"text": "30余家", "value": 30, "unit": "家", "about": "企业"},
                {"text": "15家", "value": 15, "unit": "家", "about": "细胞治疗企业"},
            ],
        },
    },
    {
        "stem": "own_05_exhibition_spam",
        "style": "spam",
        "published": "2025-11-03",
        "text": (
            "第五届长三角医疗器械创新博览会在上海理工大学开幕\n"
            "11月1日至3日,第五届长三角医疗器械创新博览会在上海理工大学举行,共有120家企业参展。\n"
            "上海理工大学校长丁晓东在开幕式上表示,学校将与上海联影医疗科技股份有限公司共建医学影像联合实验室。\n"
            "博览会期间,18个项目现场签约,签约金额合计5.6亿元。"
        ),
        "gold": {
            "organisations": [
                {"name": "上海理工大学", "type": "university", "aliases": []},
                {"name": "上海联影医疗科技股份有限公司", "type": "company", "aliases": []},
            ],
            "people": [{"name": "丁晓东", "title": "校长", "organisation": "上海理工大学"}],
            "events": [
                {
                    "kind": "exhibition",
                    "date": "2025-11-01",
                    "place": "上海理工大学",
                    "participants": ["上海理工大学"],
                },
                {"kind": "signing", "date": None, "place": None, "participants": []},
            ],
            "agreements": [
                {
                    "parties": [],
                    "kind": "strategic",
                    "date": None,
                    "amount_cny": 560000000,
                    "count": 18,
                }
            ],
            "figures": [
                {"text": "120家", "value": 120, "unit": "家", "about": "参展企业"},
                {"text": "18个", "value": 18, "unit": "个", "about": "签约项目"},
                {"text": "5.6亿元", "value": 560000000, "unit": "元", "about": "签约金额"},
            ],
        },
    },
    {
        "stem": "own_06_unveiling_garbled",
        "style": "garble",
        "published": "2024-06-20",
        "text": (
            "6月18日,上海械谷创新医疗器械产业园举行揭牌仪式,嘉定区副区长王立新为园区揭牌。\n"
            "园区总建筑面积12万平方米,首批入驻企业包括上海微禾医学科技有限公司等25家企业。"
        ),
        "gold": {
            "organisations": [
                {"name": "上海械谷创新医疗器械产业园", "type": "park", "aliases": []},
                {"name": "上海微禾医学科技有限公司", "type": "company", "aliases": []},
            ],
            "people": [{"name": "王立新", "title": "副区长", "organisation": None}],
            "events": [
                {
                    "kind": "unveiling",
                    "date": "2024-06-18",
                    "place": None,
                    "participants": ["上海械谷创新医疗器械产业园"],
                }
            ],
            "agreements": [],
            "figures": [
                {"text": "12万平方米", "value": 120000, "unit": "平方米", "about": "总建筑面积"},
                {"text": "25家", "value": 25, "unit": "家", "about": "首批入驻企业"},
            ],
        },
    },
    {
        "stem": "own_07_clinical_base_nav",
        "style": "nav",
        "published": "2025-08-15",
        "text": (
            "深圳市南山区慢性病防治院与深圳汇健智慧医疗有限公司共建临床研究基地\n"
            "8月12日,深圳市南山区慢性病防治院与深圳汇健智慧医疗有限公司签订合作协议,共建智慧康复临床研究基地。\n"
            "汇健智慧医疗创始人黄一鸣介绍,基地首期投入一千万元,计划三年内完成6项临床试验。"
        ),
        "gold": {
            "organisations": [
                {"name": "深圳市南山区慢性病防治院", "type": "hospital", "aliases": []},
                {
                    "name": "深圳汇健智慧医疗有限公司",
                    "type": "company",
                    "aliases": ["汇健智慧医疗"],
                },
            ],
            "people": [
                {"name": "黄一鸣", "title": "创始人", "organisation": "深圳汇健智慧医疗有限公司"}
            ],
            "events": [
                {
                    "kind": "signing",
                    "date": "2025-08-12",
                    "place": None,
                    "participants": ["深圳市南山区慢性病防治院", "深圳汇健智慧医疗有限公司"],
                }
            ],
            "agreements": [
                {
                    "parties": ["深圳市南山区慢性病防治院", "深圳汇健智慧医疗有限公司"],
                    "kind": "clinical_base",
                    "date": "2025-08-12",
                    "amount_cny": None,
                    "count": None,
                }
            ],
            "figures": [
                {"text": "一千万元", "value": 10000000, "unit": "元", "about": "基地首期投入"},
                {"text": "6项", "value": 6, "unit": "项", "about": "临床试验"},
            ],
        },
    },
    {
        "stem": "own_08_matchmaking_forum",
        "style": "forum",
        "published": "2025-04-28",
        "text": (
            "4月25日,2025张江医疗器械供需对接会在张江科学城举办,60余家医院和企业参加。\n"
            "上海伯杰医疗科技股份有限公司总经理赵百慧介绍了伯杰医疗的分子诊断产品。\n"
            "现场共达成合作意向23项。"
        ),
        "gold": {
            "organisations": [
                {"name": "张江科学城", "type": "park", "aliases": []},
                {
                    "name": "上海伯杰医疗科技股份有限公司",
                    "type": "company",
                    "aliases": ["伯杰医疗"],
                },
            ],
            "people": [
                {
                    "name": "赵百慧",
                    "title": "总经理",
                    "organisation": "上海伯杰医疗科技股份有限公司",
                }
            ],
            "events": [
                {
                    "kind": "matchmaking",
                    "date": "2025-04-25",
                    "place": "张江科学城",
                    "participants": ["张江科学城"],
                }
            ],
            "agreements": [],
            "figures": [
                {"text": "60余家", "value": 60, "unit": "家", "about": "医院和企业"},
                {"text": "23项", "value": 23, "unit": "项", "about": "合作意向"},
            ],
        },
    },
    {
        "stem": "own_09_conference_dup",
        "style": "dup",
        "published": "2024-12-02",
        "text": (
            "11月30日,2024深圳国际医疗器械创新大会在深圳开幕。\n"
            "大会期间,深圳市医学会与南方科技大学签署战略合作协议,双方将联合培养医工交叉人才。\n"
            "南方科技大学副校长刘子恒表示,学校今年已孵化医疗器械企业9家。"
        ),
        "gold": {
            "organisations": [
                {"name": "深圳市医学会", "type": "association", "aliases": []},
                {"name": "南方科技大学", "type": "university", "aliases": []},
            ],
            "people": [{"name": "刘子恒", "title": "副校长", "organisation": "南方科技大学"}],
            "events": [
                {"kind": "conference", "date": "2024-11-30", "place": None, "participants": []},
                {
                    "kind": "signing",
                    "date": None,
                    "place": None,
                    "participants": ["深圳市医学会", "南方科技大学"],
                },
            ],
            "agreements": [
                {
                    "parties": ["深圳市医学会", "南方科技大学"],
                    "kind": "strategic",
                    "date": None,
                    "amount_cny": None,
                    "count": None,
                }
            ],
            "figures": [{"text": "9家", "value": 9, "unit": "家", "about": "医疗器械企业"}],
        },
    },
    {
        "stem": "own_10_park_spam",
        "style": "spam",
        "published": "2025-01-08",
        "text": (
            "临港生命科技产业园2024年新增企业38家\n"
            "记者从临港生命科技产业园获悉,2024年园区新增生物医药企业38家,完成产值超120亿元。\n"
            "1月6日,园区与上海瑞衡生物科技有限公司签约,瑞衡生物将投资3亿元建设研发中心。"
        ),
        "gold": {
            "organisations": [
                {"name": "临港生命科技产业园", "type": "park", "aliases": []},
                {"name": "上海瑞衡生物科技有限公司", "type": "company", "aliases": ["瑞衡生物"]},
            ],
            "people": [],
            "events": [
                {
                    "kind": "signing",
                    "date": "2025-01-06",
                    "place": None,
                    "participants": ["临港生命科技产业园", "上海瑞衡生物科技有限公司"],
                }
            ],
            "agreements": [
                {
                    "parties": ["临港生命科技产业园", "上海瑞衡生物科技有限公司"],
                    "kind": "investment",
                    "date": "2025-01-06",
                    "amount_cny": 300000000,
                    "count": None,
                }
            ],
            "figures": [
                {"text": "38家", "value": 38, "unit": "家", "about": "新增生物医药企业"},
                {"text": "120亿元", "value": 12000000000, "unit": "元", "about": "产值"},
                {"text": "3亿元", "value": 300000000, "unit": "元", "about": "投资"},
            ],
        },
    },
]
