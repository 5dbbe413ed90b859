"""搜索排序：名称与别名命中在前，其次标签与能力，最后简介；拼音、简称精确命中靠前；
排序切换；省 → 市 → 区筛选；API 与页面同序；缓存随修改失效。"""

import pytest
from django.contrib.auth.models import AnonymousUser

from qiao.directory import services
from qiao.directory.search import OrganisationFilter, run_search, search_organisations
from qiao.directory.tests.factories import OrganisationFactory, term

pytestmark = pytest.mark.django_db


def names(query: str = "", viewer=None, **filters) -> list[str]:
    found = search_organisations(
        viewer=viewer or AnonymousUser(), filters=OrganisationFilter(q=query, **filters)
    )
    return [o.short_name_zh or o.name_zh for o in found]


@pytest.fixture
def neuro():
    """心玮式的场景：真正的龙头名字里没有查询词，但标签精确命中、已上市。"""
    # 只在简介里提到神经介入的机构，名称排在前面（按名称排序时它们先出现）。
    for n in range(3):
        OrganisationFactory(
            name_zh=f"上海一{n}医疗器械有限公司",
            short_name_zh=f"一{n}医疗",
            description_zh="演示数据：虚构的心血管器械机构，也做一些神经介入配套。",
        )
    OrganisationFactory(
        name_zh="上海心玮医疗科技股份有限公司",
        name_en="Shanghai HeartCare Medical Technology Co., Ltd.",
        short_name_zh="心玮医疗",
        short_name_en="HeartCare",
        aliases="心玮",
        description_zh="神经介入器械企业，国内该领域的头部企业。",
        terms=[term("technology_area", "neurointervention"), term("lifecycle_stage", "market")],
    )
    OrganisationFactory(
        name_zh="上海安澜医疗科技有限公司",
        short_name_zh="安澜医疗",
        description_zh="神经介入取栓支架研发，雪豹计划。",
        terms=[term("technology_area", "neurointervention"), term("lifecycle_stage", "prototype")],
    )
    OrganisationFactory(
        name_zh="上海神经介入器械创新中心",
        short_name_zh="神经介入中心",
        district="嘉定区",
    )


def test_name_hit_first_then_exact_tag_by_prominence_then_description_only(neuro):
    found = names("神经介入")
    assert found[0] == "神经介入中心"  # 名称命中
    assert found[1:3] == ["心玮医疗", "安澜医疗"]  # 标签精确命中；已上市的在前
    assert sorted(found[3:]) == ["一0医疗", "一1医疗", "一2医疗"]  # 只有简介提到


def test_name_sort_and_recently_updated_sort(neuro):
    assert names("神经介入", sort="name")[:3] == ["一0医疗", "一1医疗", "一2医疗"]
    anlan = search_organisations(viewer=AnonymousUser(), filters=OrganisationFilter(q="安澜")).get()
    services.update_organisation(organisation=anlan, by=None, data={"website": "https://a.cn"})
    assert names("神经介入", sort="updated")[0] == "安澜医疗"
    assert names("神经介入", sort="无效")[0] == "神经介入中心"  # 未知排序按相关度


@pytest.mark.parametrize("query", ["心玮", "xinwei", "HeartCare", "heartcare", "心玮医疗", "XWYL"])
def test_alias_pinyin_and_short_name_hits_rank_first(neuro, query):
    OrganisationFactory(
        name_zh="心玮合作伙伴研究院",
        description_zh="与心玮医疗（HeartCare）合作，xinwei 项目。",
    )
    assert names(query)[0] == "心玮医疗"


def test_exact_short_name_outranks_a_longer_name_containing_it():
    OrganisationFactory(name_zh="上海伯杰医疗科技股份有限公司", short_name_zh="伯杰医疗")
    OrganisationFactory(name_zh="伯杰医疗器械检测研究所", short_name_zh="伯杰所")
    assert names("伯杰医疗") == ["伯杰医疗", "伯杰所"]
    assert names("bojieyiliao")[0] == "伯杰医疗"


def test_capability_hit_outranks_description_only():
    from qiao.directory.models import Capability

    described = OrganisationFactory(
        name_zh="上海甲检测技术有限公司", description_zh="可以介绍做动物实验的合作方。"
    )
    capable = OrganisationFactory(name_zh="上海乙生物技术有限公司")
    services.add_part(
        organisation=capable,
        model=Capability,
        data={"kind": "platform", "name_zh": "大动物实验平台"},
        by=None,
    )
    found = search_organisations(viewer=AnonymousUser(), filters=OrganisationFilter(q="动物实验"))
    assert [o.pk for o in found] == [capable.pk, described.pk]


def test_district_filter_for_a_district_operator():
    OrganisationFactory(name_zh="上海奉贤甲公司", district="奉贤区")
    OrganisationFactory(name_zh="上海嘉定乙公司", district="嘉定区")
    OrganisationFactory(
        name_zh="深圳南山丙公司", province="广东省", city="深圳市", district="南山区"
    )
    assert names(province="上海市", city="上海市", district="奉贤区") == ["上海奉贤甲公司"]
    assert names(district="南山区") == ["深圳南山丙公司"]
    _, facets = run_search(
        viewer=AnonymousUser(), filters=OrganisationFilter(province="上海市", city="上海市")
    )
    assert dict(facets["district"]) == {"奉贤区": 1, "嘉定区": 1}
    assert facets["city"] == [("上海市", 2)]


def test_page_lists_cities_then_districts_and_drops_a_city_of_another_province(client):
    OrganisationFactory(name_zh="上海奉贤甲公司", district="奉贤区")
    OrganisationFactory(
        name_zh="深圳南山丙公司", province="广东省", city="深圳市", district="南山区"
    )
    page = client.get("/directory/", {"province": "上海市"}).content.decode()
    assert 'name="city"' in page and "上海市 (1)" in page and 'name="district"' not in page
    page = client.get("/directory/", {"province": "上海市", "city": "上海市"}).content.decode()
    assert "奉贤区 (1)" in page and "南山区" not in page
    # 换了省份，旧的城市不再适用：整个新省份都列出来，而不是一个也没有。
    response = client.get("/directory/", {"province": "广东省", "city": "上海市"})
    assert [o.name_zh for o in response.context["page"].object_list] == ["深圳南山丙公司"]


def test_api_answers_in_the_same_order_as_the_page(client, neuro):
    page = client.get("/directory/", {"q": "神经介入"})
    api = client.get("/api/directory/organisations/", {"q": "神经介入"})
    assert api.status_code == 200
    assert [row["id"] for row in api.json()["items"]] == [
        o.pk for o in page.context["page"].object_list
    ]
    by_name = client.get("/api/directory/organisations/", {"q": "神经介入", "sort": "name"})
    assert [row["short_name_zh"] for row in by_name.json()["items"]][:3] == [
        "一0医疗",
        "一1医疗",
        "一2医疗",
    ]
    assert client.get("/api/directory/organisations/", {"sort": "随便"}).status_code == 422


def test_cached_search_shows_an_edit_at_once(client, neuro, django_capture_on_commit_callbacks):
    first = client.get("/directory/", {"q": "雪豹"}).context["page"].object_list
    assert [o.short_name_zh for o in first] == ["安澜医疗"]
    xinwei = search_organisations(
        viewer=AnonymousUser(), filters=OrganisationFilter(q="心玮")
    ).first()
    with django_capture_on_commit_callbacks(execute=True):  # the effects after commit
        services.update_organisation(
            organisation=xinwei, by=None, data={"description_zh": "雪豹计划的合作方。"}
        )
    again = client.get("/directory/", {"q": "雪豹"}).context["page"].object_list
    assert sorted(o.short_name_zh for o in again) == ["安澜医疗", "心玮医疗"]


def test_a_cached_search_is_not_recomputed(client, neuro, django_assert_max_num_queries):
    client.get("/directory/", {"q": "神经介入"})
    with django_assert_max_num_queries(6):  # session-free: version, rows, facet terms
        response = client.get("/directory/", {"q": "神经介入"})
    assert response.context["page"].object_list[0].short_name_zh == "神经介入中心"


@pytest.mark.parametrize("query", ["神经介入", "心玮", "xinwei", "医疗"])
def test_tier_by_tier_ids_equal_the_full_ranking_at_every_cut(neuro, query):
    """缓存用的前 N 个 id 逐层读取（每层带 LIMIT）：任何截断处都与整体排序一致。"""
    from qiao.core.search import ranked_ids
    from qiao.directory.ranking import KEYS_FIELD, NAME_FIELDS
    from qiao.directory.search import RELEVANCE_ORDER, _filtered

    filters = OrganisationFilter(q=query)
    full = [o.pk for o in search_organisations(viewer=AnonymousUser(), filters=filters)]
    assert full
    for limit in range(1, len(full) + 2):
        ids = ranked_ids(
            _filtered(viewer=AnonymousUser(), filters=filters),
            query,
            fields=NAME_FIELDS,
            keys=KEYS_FIELD,
            order_by=RELEVANCE_ORDER[1:],
            limit=limit,
        )
        assert ids == full[:limit]
