"""Issue 15: names by their shape, people with their place, agreements as one event."""

from datetime import date

from qiao.intel import shapes, signings, tagger
from qiao.intel.extract import Gazetteer, extract

COLD = Gazetteer.build([])


def test_an_unknown_hospital_and_its_declared_short_form_are_one_organisation():
    text = (
        "3月12日,浙江大学医学院附属第二医院(以下简称“浙大二院”)与杭州微澜医疗科技有限公司"
        "签署合作协议,共建联合实验室。浙大二院副院长王建国出席。"
    )
    result = extract(text, COLD, date(2025, 3, 13)).as_cli()
    hospital = next(o for o in result["organisations"] if o["name"].endswith("第二医院"))
    assert hospital == {
        "name": "浙江大学医学院附属第二医院",
        "type": "hospital",
        "aliases": ["浙大二院"],
    }
    assert result["agreements"][0]["parties"] == [
        "浙江大学医学院附属第二医院",
        "杭州微澜医疗科技有限公司",
    ]
    assert result["agreements"][0]["kind"] == "joint_rd"


def test_a_bare_fagaiwei_in_a_shenzhen_article_is_not_shanghais(demo_gazetteer):
    text = (
        "深圳市工业和信息化局与深圳市有关部门发布计划。市发改委有关负责人介绍,深圳将培育10家企业。"
    )
    names = [o["name"] for o in extract(text, demo_gazetteer).as_cli()["organisations"]]
    assert "上海市发展和改革委员会" not in names


def test_a_financing_round_is_one_agreement_with_lead_and_follower():
    text = (
        "6月3日,武汉联衡医疗科技有限公司宣布完成2亿元B轮融资,由湖北长江产业投资基金领投,"
        "武汉光谷创新投资有限公司跟投。"
    )
    result = extract(text, COLD, date(2025, 6, 5)).as_cli()
    assert result["agreements"] == [
        {
            "parties": [
                "武汉联衡医疗科技有限公司",
                "湖北长江产业投资基金",
                "武汉光谷创新投资有限公司",
            ],
            "kind": "investment",
            "date": "2025-06-03",
            "amount_cny": 200_000_000,
            "count": None,
            "roles": {
                "武汉联衡医疗科技有限公司": "recipient",
                "湖北长江产业投资基金": "lead",
                "武汉光谷创新投资有限公司": "follower",
            },
        }
    ]
    types = {o["name"]: o["type"] for o in result["organisations"]}
    assert types["武汉光谷创新投资有限公司"] == "investor"


def test_an_intent_amount_without_parties_stays_a_figure():
    text = "推介会现场签约意向投资金额超30亿元,涉及项目22个。"
    result = extract(text, COLD, date(2025, 10, 30)).as_cli()
    assert result["agreements"] == []
    assert {"text": "30亿元", "value": 3_000_000_000, "unit": "元"}.items() <= result["figures"][
        0
    ].items()


def test_journalists_editors_and_outlets_are_not_proposed():
    text = (
        "深圳商报记者 李楠\n10月8日,深圳市南山区人民政府印发措施。"
        "创始人兼首席执行官林知远介绍了产品。\n编辑:陈晓 审读:刘芳"
    )
    result = extract(text, COLD, date(2025, 10, 9)).as_cli()
    assert [p["name"] for p in result["people"]] == ["林知远"]
    assert result["people"][0]["title"] == "创始人兼首席执行官"
    assert "深圳商报" not in [o["name"] for o in result["organisations"]]


def test_a_person_in_apposition_gets_title_and_organisation():
    text = "中心主任于海涛(哈尔滨医科大学附属第一医院副院长)介绍了情况。"
    people = extract(text, COLD).as_cli()["people"]
    assert people == [
        {"name": "于海涛", "title": "副院长", "organisation": "哈尔滨医科大学附属第一医院"}
    ]
    text = "王建国(瑞金医院副院长)表示,医院将开放资源。"
    gazetteer = Gazetteer.build([])
    people = extract(text, gazetteer).as_cli()["people"]
    assert people == [{"name": "王建国", "title": "副院长", "organisation": "瑞金医院"}]


def test_enumerated_brands_are_organisations():
    text = "园区新增入驻企业9家,湖南迈达医疗、三诺生物、楚天医学等企业相继扩产。"
    assert shapes.enumeration_items(text) == [(11, 17), (18, 22), (23, 27)]
    names = [o["name"] for o in extract(text, COLD).as_cli()["organisations"]]
    assert {"湖南迈达医疗", "三诺生物", "楚天医学"} <= set(names)


def test_the_article_region_comes_from_the_dateline_first():
    assert shapes.article_region("新华财经西安8月14日电 上海的企业与上海的医院") == "西安"
    assert shapes.same_region("苏州", "江苏") is True
    assert shapes.same_region("深圳", "上海") is False


def test_mentions_of_one_signing_merge_into_one_agreement():
    text = "瑞金医院与澜途医疗签约\n5月18日,瑞金医院与澜途医疗签署战略合作协议,共涉及3个项目。"
    gazetteer = Gazetteer.build([])
    agreements = extract(text, gazetteer, date(2025, 5, 20)).as_cli()["agreements"]
    assert len(agreements) == 1
    assert agreements[0]["date"] == "2025-05-18"
    assert agreements[0]["count"] == 3
    assert signings.agreement_kind("共建临床研究基地") == "clinical_base"


def test_the_tagger_trains_and_tags_from_a_few_lines(tmp_path):
    line = "浙江启明医疗科技有限公司与宁波医院签约"
    spans = [(0, 12, "ORG"), (13, 17, "ORG")]
    samples = [(tagger.features(line), tagger.bio(line, spans))] * 5
    model = tmp_path / "t.crfsuite"
    assert tagger.train(samples, model) == 5
    found = tagger.Tagger(model).spans(line)
    assert [(a, b, label) for a, b, label, _sure in found] == spans
