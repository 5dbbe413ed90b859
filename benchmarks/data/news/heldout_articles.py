"""Held-out articles: written after the extractor's rules were frozen, never tuned on.

Same shape as ``own_articles.ARTICLES``; ``make_own.py`` renders them into ``heldout/``.
"""

HELDOUT = [
    {
        "stem": "held_01_hospital_company",
        "style": "garble",
        "published": "2025-10-09",
        "text": (
            "10月8日,上海市奉贤区中心医院与上海启衡医疗器械有限公司签订合作协议,共建超声介入临床研究基地。\n"
            "启衡医疗总经理邵文博介绍,公司已获得7项二类医疗器械注册证。"
        ),
        "gold": {
            "organisations": [
                {"name": "上海市奉贤区中心医院", "type": "hospital", "aliases": []},
                {"name": "上海启衡医疗器械有限公司", "type": "company", "aliases": ["启衡医疗"]},
            ],
            "people": [
                {"name": "邵文博", "title": "总经理", "organisation": "上海启衡医疗器械有限公司"}
            ],
            "events": [
                {
                    "kind": "signing",
                    "date": "2025-10-08",
                    "place": None,
                    "participants": ["上海市奉贤区中心医院", "上海启衡医疗器械有限公司"],
                }
            ],
            "agreements": [
                {
                    "parties": ["上海市奉贤区中心医院", "上海启衡医疗器械有限公司"],
                    "kind": "clinical_base",
                    "date": "2025-10-08",
                    "amount_cny": None,
                    "count": None,
                }
            ],
            "figures": [{"text": "7项", "value": 7, "unit": "项", "about": "二类医疗器械注册证"}],
        },
    },
    {
        "stem": "held_02_forum_nav",
        "style": "nav",
        "published": "2025-06-30",
        "text": (
            "嘉定区举办医工融合创新论坛\n"
            "6月28日,2025嘉定医工融合创新论坛在上海械谷创新医疗器械产业园举行。\n"
            "论坛上,上海交通大学医学院附属瑞金医院与上海禾川生物科技有限公司等14家单位签约,涉及项目总金额4.2亿元。\n"
            "瑞金医院院长沈国栋在致辞中表示,医院将开放临床资源。"
        ),
        "gold": {
            "organisations": [
                {"name": "上海械谷创新医疗器械产业园", "type": "park", "aliases": []},
                {
                    "name": "上海交通大学医学院附属瑞金医院",
                    "type": "hospital",
                    "aliases": ["瑞金医院"],
                },
                {"name": "上海禾川生物科技有限公司", "type": "company", "aliases": []},
            ],
            "people": [
                {
                    "name": "沈国栋",
                    "title": "院长",
                    "organisation": "上海交通大学医学院附属瑞金医院",
                }
            ],
            "events": [
                {
                    "kind": "forum",
                    "date": "2025-06-28",
                    "place": "上海械谷创新医疗器械产业园",
                    "participants": [],
                },
                {
                    "kind": "signing",
                    "date": None,
                    "place": None,
                    "participants": ["上海交通大学医学院附属瑞金医院", "上海禾川生物科技有限公司"],
                },
            ],
            "agreements": [
                {
                    "parties": ["上海交通大学医学院附属瑞金医院", "上海禾川生物科技有限公司"],
                    "kind": "strategic",
                    "date": None,
                    "amount_cny": 420000000,
                    "count": 14,
                }
            ],
            "figures": [
                {"text": "14家", "value": 14, "unit": "家", "about": "单位"},
                {"text": "4.2亿元", "value": 420000000, "unit": "元", "about": "项目总金额"},
            ],
        },
    },
    {
        "stem": "held_03_alliance_dup",
        "style": "dup",
        "published": "2025-09-21",
        "text": (
            "南山区医学影像产业联盟成立\n"
            "9月20日,南山区医学影像产业联盟在南山医疗器械产业园揭牌成立,深圳迈瑞生物医疗电子股份有限公司当选首届理事长单位。\n"
            "联盟秘书长邓佳音介绍,首批会员单位共36家,其中医院8家。"
        ),
        "gold": {
            "organisations": [
                {"name": "南山区医学影像产业联盟", "type": "alliance", "aliases": []},
                {"name": "南山医疗器械产业园", "type": "park", "aliases": []},
                {"name": "深圳迈瑞生物医疗电子股份有限公司", "type": "company", "aliases": []},
            ],
            "people": [
                {"name": "邓佳音", "title": "秘书长", "organisation": "南山区医学影像产业联盟"}
            ],
            "events": [
                {
                    "kind": "alliance_launch",
                    "date": "2025-09-20",
                    "place": None,
                    "participants": ["南山区医学影像产业联盟"],
                },
                {
                    "kind": "unveiling",
                    "date": "2025-09-20",
                    "place": None,
                    "participants": ["南山区医学影像产业联盟"],
                },
            ],
            "agreements": [],
            "figures": [
                {"text": "36家", "value": 36, "unit": "家", "about": "首批会员单位"},
                {"text": "8家", "value": 8, "unit": "家", "about": "医院"},
            ],
        },
    },
    {
        "stem": "held_04_investment_forum",
        "style": "forum",
        "published": "2025-07-15",
        "text": (
            "7月14日,上海澄微医疗科技有限公司宣布完成1.2亿元A轮融资,由深圳市创新投资集团有限公司领投。\n"
            "澄微医疗创始人唐若溪表示,资金将用于神经介入导管的临床试验。"
        ),
        "gold": {
            "organisations": [
                {"name": "上海澄微医疗科技有限公司", "type": "company", "aliases": ["澄微医疗"]},
                {"name": "深圳市创新投资集团有限公司", "type": "investor", "aliases": []},
            ],
            "people": [
                {"name": "唐若溪", "title": "创始人", "organisation": "上海澄微医疗科技有限公司"}
            ],
            "events": [],
            "agreements": [
                {
                    "parties": ["上海澄微医疗科技有限公司", "深圳市创新投资集团有限公司"],
                    "kind": "investment",
                    "date": "2025-07-14",
                    "amount_cny": 120000000,
                    "count": None,
                }
            ],
            "figures": [{"text": "1.2亿元", "value": 120000000, "unit": "元", "about": "A轮融资"}],
        },
    },
]
