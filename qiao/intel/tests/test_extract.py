from datetime import date

import pytest

from qiao.intel.amounts import parse_money, parse_number
from qiao.intel.clean import clean_text
from qiao.intel.dates import find_dates
from qiao.intel.evaluation import FIELDS, score
from qiao.intel.extract import Gazetteer, extract
from qiao.intel.tests.conftest import SEEDS, gold, needs_seeds


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("20亿元", 2_000_000_000),
        ("3000万元", 30_000_000),
        ("三亿五千万元", 350_000_000),
        ("1.5亿元", 150_000_000),
        ("一千万元", 10_000_000),
    ],
)
def test_amounts_are_normalised_to_yuan(text, value):
    assert parse_money(text) == (value, "CNY")


def test_chinese_numerals():
    assert parse_number("二十四") == 24
    assert parse_number("1,000") == 1000


@pytest.mark.parametrize(
    ("text", "published", "value"),
    [
        ("3月17日,签约", date(2021, 4, 1), "2021-03-17"),
        ("大会10日举行", date(2023, 4, 11), "2023-04-10"),
        ("记者16日获悉", date(2024, 11, 2), "2024-10-16"),
        ("12月12日,由", date(2024, 1, 5), "2023-12-12"),
        ("到2023年1月为止", None, "2023-01"),
        ("11月16至18日,在", date(2021, 11, 20), "2021-11-16"),
        ("3月17日,签约", None, None),
    ],
)
def test_dates_resolve_against_the_publication_date(text, published, value):
    assert find_dates(text, published)[0].value == value


def test_rules_find_a_new_company_its_short_form_people_and_the_agreement():
    text = (
        "5月18日,上海澜途医疗科技有限公司(以下简称“澜途”)与深圳市南山区慢性病防治院签署合作协议,"
        "共建临床研究基地,总投资3000万元。澜途医疗董事长陈思齐出席。"
    )
    result = extract(text, Gazetteer.build([]), date(2025, 5, 20)).as_cli()
    orgs = {o["name"]: o for o in result["organisations"]}
    assert orgs["上海澜途医疗科技有限公司"]["type"] == "company"
    assert {"澜途", "澜途医疗"} <= set(orgs["上海澜途医疗科技有限公司"]["aliases"])
    assert orgs["深圳市南山区慢性病防治院"]["type"] == "hospital"
    assert result["people"] == [
        {"name": "陈思齐", "title": "董事长", "organisation": "上海澜途医疗科技有限公司"}
    ]
    [agreement] = result["agreements"]
    assert agreement["kind"] == "clinical_base"
    assert agreement["date"] == "2025-05-18"
    assert agreement["amount_cny"] == 30_000_000
    assert set(agreement["parties"]) == {"上海澜途医疗科技有限公司", "深圳市南山区慢性病防治院"}


def test_the_gazetteer_links_short_and_traditional_forms(demo_gazetteer):
    cleaned = clean_text("瑞金醫院與上海械谷簽約。")
    names = [o.name for o in extract(cleaned.text, demo_gazetteer).organisations]
    assert names == ["上海交通大学医学院附属瑞金医院", "上海械谷创新医疗器械产业园"]


@needs_seeds
def test_the_seed_articles_match_the_gold_annotations(demo_gazetteer):
    pairs = []
    for path in sorted(SEEDS.glob("*.txt")):
        cleaned = clean_text(path.read_text(encoding="utf-8"))
        pairs.append((extract(cleaned.text, demo_gazetteer).as_cli(), gold(path.stem)))
    scores = score(pairs)
    for field in FIELDS:
        assert scores[field].f1 >= 0.85, (field, scores[field])
    # The headline facts, exactly.
    first = pairs[0][0]
    bojie = next(o for o in first["organisations"] if o["name"] == "上海伯杰医疗科技股份有限公司")
    assert "伯杰医疗" in bojie["aliases"]
    assert {
        "name": "赵百慧",
        "title": "总经理",
        "organisation": "上海伯杰医疗科技股份有限公司",
    } in first["people"]
    jiading = pairs[3][0]
    assert {
        "parties": [],
        "kind": "investment",
        "date": None,
        "amount_cny": 2_000_000_000,
        "count": 24,
    } in jiading["agreements"]
