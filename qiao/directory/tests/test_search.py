import pytest

from qiao.directory.models import Organisation
from qiao.directory.selectors import OrganisationFilter, search_organisations, search_people
from qiao.directory.tests.factories import OrganisationFactory, PersonFactory, term

pytestmark = pytest.mark.django_db


@pytest.fixture
def cluster():
    bojie = OrganisationFactory(
        name_zh="上海伯杰医疗科技股份有限公司",
        name_en="Shanghai Bojie Medical Technology Co., Ltd.",
        short_name_zh="伯杰医疗",
        description_zh="专注感染性病原体的分子诊断试剂，多重荧光PCR。",
        district="奉贤区",
        terms=[term("technology_area", "ivd"), term("device_category", "22")],
    )
    hospital = OrganisationFactory(
        name_zh="上海市奉贤区中心医院",
        name_en="Fengxian District Central Hospital",
        kind=term("organisation_kind", "hospital"),
        district="奉贤区",
    )
    xingu = OrganisationFactory(
        name_zh="上海械谷创新医疗器械产业园",
        aliases="上海械谷",
        kind=term("organisation_kind", "park"),
        district="嘉定区",
    )
    return {"bojie": bojie, "hospital": hospital, "xingu": xingu}


def names(query: str, viewer=None, **filters) -> list[str]:
    from django.contrib.auth.models import AnonymousUser

    found = search_organisations(
        viewer=viewer or AnonymousUser(), filters=OrganisationFilter(q=query, **filters)
    )
    return [o.name_zh for o in found]


@pytest.mark.parametrize(
    "query",
    [
        "体外诊断",
        "IVD",
        "ivd",
        "伯傑",
        "伯杰",
        "bojie",
        "BJYL",
        "Bojie Medical",
        "伯杰 PCR",
        "荧光PCR",
        "in vitro diagnostics",
    ],
)
def test_queries_find_the_ivd_company_only(cluster, query):
    assert names(query) == ["上海伯杰医疗科技股份有限公司"]


def test_region_words_find_every_organisation_there(cluster):
    # The hospital has 奉贤 in its name; the company only in its region.
    assert names("奉贤") == ["上海市奉贤区中心医院", "上海伯杰医疗科技股份有限公司"]
    assert names("奉贤", sort="name") == ["上海伯杰医疗科技股份有限公司", "上海市奉贤区中心医院"]


def test_alias_and_bigram_fallback_find_a_park(cluster):
    assert names("械谷") == ["上海械谷创新医疗器械产业园"]
    assert names("谷创新") == ["上海械谷创新医疗器械产业园"]


def test_search_combines_with_kind_filter(cluster):
    assert names("奉贤", kind="hospital") == ["上海市奉贤区中心医院"]


def test_category_filter_lists_tagged_organisations_once(cluster):
    assert names("", category="22") == ["上海伯杰医疗科技股份有限公司"]


def test_nonsense_finds_nothing(cluster):
    assert names("量子引力") == []


def test_members_only_organisation_is_hidden_from_anonymous_search(cluster, member):
    OrganisationFactory(name_zh="伯杰内部实验室", visibility=Organisation.Visibility.MEMBERS)
    assert names("伯杰") == ["上海伯杰医疗科技股份有限公司"]
    assert names("伯杰", viewer=member) == ["上海伯杰医疗科技股份有限公司", "伯杰内部实验室"]


def test_edit_updates_the_search_index(cluster):
    from qiao.directory import services

    services.update_organisation(
        organisation=cluster["hospital"],
        by=None,
        data={"name_en": "Fengxian Hospital", "aliases": "奉贤中心医院\nFCH"},
    )
    assert names("FCH") == ["上海市奉贤区中心医院"]


def test_people_are_found_by_name_pinyin_and_organisation(cluster):
    from django.contrib.auth.models import AnonymousUser

    PersonFactory(name_zh="赵百慧", organisation=cluster["bojie"], title_zh="总经理")
    for query in ("赵百慧", "zhaobaihui", "伯杰", "总经理"):
        found = search_people(viewer=AnonymousUser(), q=query)
        assert [p.name_zh for p in found] == ["赵百慧"], query


def test_facets_count_kinds_and_provinces_of_the_filtered_set(cluster):
    from django.contrib.auth.models import AnonymousUser

    from qiao.directory.selectors import count_organisations_by_facet

    found = search_organisations(viewer=AnonymousUser(), filters=OrganisationFilter(q="奉贤"))
    facets = count_organisations_by_facet(organisations=found)
    assert facets["total"] == 2
    assert facets["province"] == [("上海市", 2)]
    assert sorted(facets["kind"].values()) == [1, 1]
