import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from qiao.matching.scoring import Engine, Glossary, Listing, Match, Reason, Weights

NOW = datetime(2025, 6, 1, tzinfo=UTC)


def offer(id, kind, title, text="", **fields):
    return Listing(id=id, side="offer", kind=kind, title=title, text=text, **fields)


def need(id, kind, title, text="", **fields):
    return Listing(id=id, side="need", kind=kind, title=title, text=text, **fields)


def org(id, kind, title, text="", **fields):
    return Listing(id=id, side="organisation", kind=kind, title=title, text=text, **fields)


def codes(match: Match) -> list[str]:
    return [r.code for r in match.reasons]


def reason(match: Match, code: str) -> Reason:
    return next(r for r in match.reasons if r.code == code)


@pytest.fixture(scope="module")
def engine():
    return Engine()


def test_glossary_matches_across_languages(engine):
    index = engine.index([offer("o1", "product", "IVD analyser", "for hospital laboratories")])
    [match] = index.rank(need("n1", "clinical", "体外诊断设备", "检验科需要"))
    assert match.id == "o1"
    assert reason(match, "synonym").terms == ("体外诊断=IVD",)


def test_unknown_words_still_match_through_character_bigrams(engine):
    index = engine.index([offer("o1", "technology", "蝾螈再生机理研究平台")])
    [match] = index.rank(need("n1", "technology", "蝾螈再生"))
    assert reason(match, "terms").weight > 0
    assert "蝾螈" in reason(match, "terms").terms


def test_financing_need_is_not_answered_by_a_technology_offer(engine):
    index = engine.index(
        [
            offer("tech", "technology", "神经介入取栓支架技术", "A轮融资 神经介入 取栓支架"),
            offer("fund", "investment", "医疗器械基金", "关注神经介入，投资A轮"),
        ]
    )
    results = index.rank(need("n1", "financing", "神经介入取栓支架 A轮融资"))
    assert [m.id for m in results] == ["fund"]


def test_kind_fit_alone_is_not_a_match(engine):
    index = engine.index([offer("o1", "investment", "Healthcare fund", "Series A investments")])
    assert index.rank(need("n1", "financing", "人工耳蜗研发")) == []


def test_same_side_and_same_owner_are_never_matched(engine):
    index = engine.index(
        [
            need("n2", "clinical", "PCR检测"),
            offer("mine", "technology", "PCR检测", owner_id="acme"),
            offer("theirs", "technology", "PCR检测", owner_id="other"),
        ]
    )
    results = index.rank(need("n1", "clinical", "PCR检测", owner_id="acme"))
    assert [m.id for m in results] == ["theirs"]


def test_offer_query_ranks_needs_and_organisations_only_on_request(engine):
    index = engine.index(
        [
            need("n1", "technology", "超声成像算法"),
            org("u1", "company", "超声成像设备公司"),
        ]
    )
    query = offer("o1", "technology", "超声成像算法")
    assert [m.id for m in index.rank(query)] == ["n1"]
    both = index.rank(query, sides=frozenset({"need", "organisation", "offer"}))
    assert sorted(m.id for m in both) == ["n1", "u1"]


def test_exclude_ids_drops_candidates(engine):
    index = engine.index([offer("a", "technology", "PCR检测"), offer("b", "technology", "PCR检测")])
    results = index.rank(need("n1", "clinical", "PCR检测"), exclude_ids=frozenset({"a"}))
    assert [m.id for m in results] == ["b"]


def test_score_is_the_sum_of_reason_weights_and_sorted(engine):
    index = engine.index(
        [
            offer("a", "technology", "荧光定量PCR病原体检测", updated_at=NOW, region="上海市"),
            offer("b", "product", "化学发光免疫分析仪", "也可做PCR"),
            offer("c", "service", "PCR检测服务"),
        ]
    )
    results = index.rank(need("n1", "clinical", "脓毒症PCR快速检测", region="上海市"), now=NOW)
    # A product fits a clinical need better than a service, so b outranks c.
    assert [m.id for m in results] == ["a", "b", "c"]
    for match in results[1:]:
        assert match.score == pytest.approx(sum(r.weight for r in match.reasons))
    assert [m.score for m in results] == sorted((m.score for m in results), reverse=True)
    top = results[0]
    # a leads b by far more than its recency bonus: "recent" did not change the rank, so
    # it is counted in the score but not given as a reason.
    assert sorted(codes(top)) == ["category", "kind_fit", "region", "synonym", "terms"]
    assert top.score == pytest.approx(sum(r.weight for r in top.reasons) + 0.03)
    assert [r.weight for r in top.reasons] == sorted((r.weight for r in top.reasons), reverse=True)
    assert reason(top, "region") == Reason("region", ("上海市",), 0.05)
    assert reason(top, "synonym").terms == ("PCR=荧光定量PCR",)


def test_incompatible_partial_kind_gets_less_kind_fit(engine):
    index = engine.index([offer("t", "technology", "PCR检测"), offer("s", "service", "PCR检测")])
    results = index.rank(need("n1", "clinical", "PCR检测"))
    assert [m.id for m in results] == ["t", "s"]
    assert reason(results[0], "kind_fit").weight == pytest.approx(0.3)
    assert reason(results[1], "kind_fit").weight == pytest.approx(0.3 * 0.3)


def test_owner_kind_that_fits_the_need_adds_to_kind_fit(engine):
    index = engine.index(
        [
            offer("lab", "service", "生物相容性检测", owner_kind="testing_lab"),
            offer("shop", "service", "生物相容性检测", owner_kind="company"),
        ]
    )
    results = index.rank(need("n1", "service", "生物相容性检测"))
    assert [m.id for m in results] == ["lab", "shop"]
    assert reason(results[0], "kind_fit").terms == ("service>service", "owner:testing_lab")


def test_credentials_and_capabilities_of_the_owner_count(engine):
    index = engine.index(
        [
            org("lab", "testing_lab", "某检测院", "第三方检测", credentials=("CNAS", "GLP")),
            org("cro", "cro", "某临床研究公司", "服务", capabilities=("多中心临床试验",)),
        ]
    )
    [lab] = index.rank(need("n1", "service", "需要CNAS认可的检测"))
    assert lab.id == "lab"
    assert reason(lab, "credential").terms == ("CNAS",)
    [cro] = index.rank(need("n2", "service", "寻找临床试验服务"))
    assert cro.id == "cro"
    assert reason(cro, "capability").terms == ("多中心临床试验",)


def test_investment_round_and_ticket_fit(engine):
    index = engine.index(
        [
            offer("early", "investment", "医疗器械投资", stages=frozenset({"angel", "pre_a"}),
                  amount=(1e6, 5e6)),
            offer("late", "investment", "医疗器械投资", stages=frozenset({"c"}),
                  amount=(1e8, 5e8)),
        ]
    )  # fmt: skip
    results = index.rank(need("n1", "financing", "医疗器械 天使轮融资300万"))
    assert [m.id for m in results] == ["early", "late"]
    early, late = results
    assert reason(early, "stage_fit").terms == ("angel",)
    assert reason(early, "stage_fit").weight == pytest.approx(0.1)
    assert reason(early, "investment_fit").terms == ("300万", "100万-500万")
    assert reason(late, "stage_fit").weight == pytest.approx(-0.05)
    assert reason(late, "investment_fit").weight == pytest.approx(-0.05)


def test_lifecycle_stage_closeness(engine):
    index = engine.index(
        [
            offer("near", "service", "注册检验服务", stage="registration"),
            offer("far", "service", "注册检验服务", stage="idea"),
        ]
    )
    results = index.rank(need("n1", "service", "注册检验服务", stage="type_testing"))
    assert [m.id for m in results] == ["near", "far"]
    assert reason(results[0], "stage_fit").weight == pytest.approx(0.1 * (1 - 2 / 8))


def test_recency_decays_relative_to_newest_listing(engine):
    index = engine.index(
        [
            offer("old", "technology", "PCR检测", updated_at=NOW - timedelta(days=180)),
            offer("new", "technology", "PCR检测", updated_at=NOW),
        ]
    )
    new, old = index.rank(need("n1", "clinical", "PCR检测"))
    assert (new.id, old.id) == ("new", "old")
    # Recency is what puts "new" first, so it is a reason there; "old" is last anyway.
    assert reason(new, "recent").weight == pytest.approx(0.03)
    assert "recent" not in codes(old)
    assert old.score == pytest.approx(sum(r.weight for r in old.reasons) + 0.015)


def test_relevance_floor_drops_weak_candidates():
    weights = replace(Weights(), floor_relative=0.5)
    index = Engine(weights=weights).index(
        [
            offer("strong", "product", "脓毒症降钙素原床旁快速检测", "急诊 POCT 降钙素原"),
            offer("weak", "product", "呼吸机", "急诊使用"),
        ]
    )
    need_ = need("n1", "clinical", "急诊脓毒症降钙素原快速检测", "床旁 POCT")
    assert [m.id for m in index.rank(need_)] == ["strong"]
    unfloored = Engine().index([offer("weak", "product", "呼吸机", "急诊使用")])
    assert [m.id for m in unfloored.rank(need_)] == ["weak"]


def test_add_replace_and_remove_are_seen_by_rank(engine):
    index = engine.index([offer("a", "technology", "PCR检测")])
    index.add(offer("b", "technology", "PCR检测平台"))
    assert len(index) == 2
    assert sorted(m.id for m in index.rank(need("n", "clinical", "PCR"))) == ["a", "b"]
    index.add(offer("a", "technology", "超声成像"))
    assert len(index) == 2
    assert [m.id for m in index.rank(need("n", "clinical", "PCR"))] == ["b"]
    index.remove("b")
    index.remove("never-there")
    assert len(index) == 1
    assert index.rank(need("n", "clinical", "PCR")) == []
    assert [m.id for m in index.rank(need("n", "clinical", "超声"))] == ["a"]


def _corpus(n):
    topics = [
        "荧光定量PCR",
        "化学发光",
        "神经介入取栓",
        "超声成像",
        "人工耳蜗",
        "骨科植入物",
        "IVD",
    ]
    return [
        offer(
            f"o{i}",
            "technology",
            f"{topics[i % len(topics)]} 方案{i}",
            f"编号{i} 关于{topics[(i * 3) % 7]}",
        )
        for i in range(n)
    ]


def test_delta_merge_gives_the_same_ranking_as_a_fresh_index(engine):
    listings = _corpus(600)
    grown = engine.index(listings[:100])
    for listing in listings[100:]:
        grown.add(listing)  # passes the delta limit, so the delta is merged
    fresh = engine.index(listings)
    query = need("n", "clinical", "化学发光 PCR")
    assert [(m.id, round(m.score, 6)) for m in grown.rank(query, k=30)] == [
        (m.id, round(m.score, 6)) for m in fresh.rank(query, k=30)
    ]


def test_rank_many_equals_rank(engine):
    index = engine.index(_corpus(200))
    queries = [need(f"n{i}", "clinical", t) for i, t in enumerate(["PCR", "人工耳蜗 听力", "取栓"])]
    batch = index.rank_many(queries, k=5)
    single = [index.rank(q, k=5) for q in queries]
    assert [[m.id for m in ms] for ms in batch] == [[m.id for m in ms] for ms in single]
    assert [[m.reasons for m in ms] for ms in batch] == [[m.reasons for m in ms] for ms in single]


def test_ties_are_broken_by_id(engine):
    index = engine.index([offer(i, "technology", "PCR检测") for i in ("c", "a", "b")])
    assert [m.id for m in index.rank(need("n", "clinical", "PCR检测"))] == ["a", "b", "c"]


def test_k_limits_the_results(engine):
    index = engine.index(_corpus(50))
    assert len(index.rank(need("n", "clinical", "PCR"), k=3)) == 3


def _bag_of_letters(texts):
    vectors = np.zeros((len(texts), 26))
    for row, text in enumerate(texts):
        for char in text.lower():
            if "a" <= char <= "z":
                vectors[row, ord(char) - 97] += 1
    return vectors


def test_embedder_adds_an_embedding_reason_and_can_be_evidence():
    engine = Engine(embedder=_bag_of_letters, weights=Weights(embedding_evidence=0.9))
    index = engine.index([offer("o1", "technology", "abcabc"), offer("o2", "technology", "xyz")])
    [match] = index.rank(need("n", "technology", "cab"))
    assert match.id == "o1"
    assert match.reasons == (
        Reason("embedding", ("1.000",), pytest.approx(0.5)),
        Reason("kind_fit", ("technology>technology",), 0.3),
    )


def test_without_embedder_there_is_no_embedding_reason(engine):
    index = engine.index([offer("o1", "technology", "PCR")])
    assert "embedding" not in codes(index.rank(need("n", "technology", "PCR"))[0])


def test_bm25_baseline_ignores_glossary_and_kinds():
    index = Engine.bm25().index(
        [
            offer("tech", "technology", "神经介入 A轮融资"),
            offer("ivd", "product", "IVD analyser"),
        ]
    )
    results = index.rank(need("n1", "financing", "神经介入 A轮融资 体外诊断"))
    assert [m.id for m in results] == ["tech"]
    assert codes(results[0]) == ["terms"]


def test_glossary_can_be_switched_off():
    engine = Engine(glossary=Glossary({}), taxonomy=Glossary({}))
    index = engine.index([offer("o1", "product", "IVD analyser")])
    assert index.rank(need("n1", "clinical", "体外诊断")) == []


def test_weights_scale_their_signal():
    base = Engine()
    loud = Engine(weights=replace(Weights(), region=0.5))
    listings = [offer("o1", "technology", "PCR", region="上海市")]
    query = need("n", "clinical", "PCR", region="上海市")
    quiet_match = base.index(listings).rank(query)[0]
    loud_match = loud.index(listings).rank(query)[0]
    assert reason(loud_match, "region").weight == 0.5
    assert loud_match.score - quiet_match.score == pytest.approx(0.45)


def test_engine_imports_no_django():
    code = (
        "import sys; import qiao.matching.scoring; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_empty_index_returns_nothing(engine):
    index = engine.index([])
    assert len(index) == 0
    assert index.rank(need("n", "clinical", "PCR")) == []
    assert index.rank_many([need("n", "clinical", "PCR")]) == [[]]


def test_chunked_build_gives_the_same_ranking(engine, monkeypatch):
    from qiao.matching import scoring

    listings = _corpus(250)
    whole = engine.index(listings)
    monkeypatch.setattr(scoring, "_BUILD_CHUNK", 64)
    chunked = engine.index(listings)
    query = need("n", "clinical", "神经介入取栓 超声")
    assert [(m.id, round(m.score, 6)) for m in chunked.rank(query, k=30)] == [
        (m.id, round(m.score, 6)) for m in whole.rank(query, k=30)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("寻求A轮融资2000万", (2e7, 2e7)),
        ("单笔投资500-3000万元", (5e6, 3e7)),
        ("拟融资 1~3亿", (1e8, 3e8)),
        ("ticket 5 million USD", (5e6 * 7.2, 5e6 * 7.2)),
        ("ISO 13485 体系，十万级洁净车间", None),
    ],
)
def test_parse_amount_reads_chinese_and_english_money(text, expected):
    from qiao.matching.fit import parse_amount

    assert parse_amount(text) == expected


def test_split_stages_accepts_codes_and_words():
    from qiao.matching.fit import split_stages
    from qiao.matching.glossary import default_glossary

    rounds, lifecycle = split_stages(
        {"A轮", "series_b", "angel", "clinical_trial", "Pre-A"}, default_glossary()
    )
    assert rounds == {"a", "b", "angel", "pre_a"}
    assert lifecycle == {"clinical_trial"}


@pytest.mark.parametrize(
    ("query", "candidate", "fit"),
    [
        (("need", "financing"), ("offer", "technology"), 0.0),
        (("need", "financing"), ("offer", "investment"), 1.0),
        (("need", "service"), ("organisation", "testing_lab"), 1.0),
        (("offer", "investment"), ("need", "financing"), 1.0),
        (("organisation", "cro"), ("need", "service"), 1.0),
        (("need", "clinical"), ("need", "clinical"), 0.0),
    ],
)
def test_kind_fit_table(query, candidate, fit):
    from qiao.matching.fit import kind_fit

    assert kind_fit(*query, *candidate) == fit


def test_a_shared_word_is_named_once_not_with_its_parts():
    engine = Engine()
    index = engine.index(
        [
            Listing(
                id="o1",
                side="offer",
                kind="product",
                title="病原体核酸检测试剂盒",
                text="病原体检测",
            )
        ]
    )
    need = Listing(
        id="n1", side="need", kind="clinical", title="病原体快速检测", text="急诊病原体检测"
    )

    [match] = index.rank(need, k=1)

    terms = next(r.terms for r in match.reasons if r.code == "terms")
    assert "病原体" in terms
    assert "病原" not in terms
    assert "原体" not in terms


def test_shared_terms_are_whole_words_never_bigram_fragments(engine):
    index = engine.index([offer("o", "investment", "策略投资基金", "关注医疗器械")])
    (match,) = index.rank(need("n", "financing", "寻求战略投资", "医疗器械企业融资"))
    shown = reason(match, "terms").terms
    assert "略投" not in shown
    assert all(len(t) >= 2 for t in shown)
    assert "投资" in shown
