"""The cluster's numbers on the insights pages: statistics (members see their own firms),
region comparison, chain coverage and the 招商 funnel (operators only), Excel and money."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.test import Client
from django.utils import translation
from openpyxl import load_workbook

from qiao.attraction import services as attraction
from qiao.attraction.models import Lead
from qiao.chain.tests.factories import certify, need_matched_to
from qiao.directory.tests.factories import OrganisationFactory
from qiao.insights.selectors.attraction import FUNNEL_STAGES
from qiao.reporting.tests.factories import add_figure

pytestmark = pytest.mark.django_db

OPERATOR_ONLY = ["/insights/regions/", "/insights/chain/", "/insights/attraction/"]


def client_of(user, language="zh-hans") -> Client:
    client = Client(headers={"accept-language": language})
    client.force_login(user)
    return client


def test_statistics_trends_for_the_cluster_and_a_member_sees_only_its_own(
    operator, member, organisation, other_organisation
):
    add_figure(organisation, "revenue", "2025Q3", 1000)
    add_figure(organisation, "revenue", "2026Q2", 1500)
    add_figure(organisation, "revenue", "2026Q3", 2000)
    add_figure(other_organisation, "revenue", "2026Q3", 98765)
    add_figure(organisation, "employees", "2026Q3", 40)

    page = client_of(operator).get("/insights/statistics/")
    assert page.status_code == 200
    latest = page.context["dashboard"].tables[0]
    revenue = next(row for row in latest.rows if row[0] == "营业收入")
    assert revenue[2:5] == ["2026Q3", revenue[3], 2]
    assert revenue[3].yuan == Decimal(100765) * 10000  # money: stored in 万元
    html = page.content.decode()
    assert "10.08 亿元" in html and 'data-testid="chart-statistics-trend"' in html
    assert 'class="table-scroll"' in html

    own = client_of(member).get("/insights/statistics/")
    row = next(r for r in own.context["dashboard"].tables[0].rows if r[0] == "营业收入")
    # 2000 on 1500 the quarter before (+33.3 %), on 1000 a year before (+100 %).
    assert (row[3].yuan, row[4], row[5], row[6]) == (Decimal(20_000_000), 1, "33.3%", "100%")
    assert "98,765" not in own.content.decode() and "9.88 亿元" not in own.content.decode()

    export = client_of(operator).get("/insights/statistics/export.xlsx")
    sheet = load_workbook(BytesIO(export.content)).worksheets[0]
    header = [c.value for c in sheet[1]]
    with translation.override("zh-hans"):
        assert header[3] == f"{latest.columns[3]} ({translation.gettext('10,000 yuan')})"
    assert sheet[2][3].value == 100765  # in 万元
    for path in OPERATOR_ONLY:
        assert client_of(member).get(path).status_code == 404
        assert client_of(member).get(path + "export.xlsx").status_code == 404
    tabs = [slug for slug, _label, _url in client_of(member).get("/insights/").context["tabs"]]
    assert "statistics" in tabs and "attraction" not in tabs


def test_region_comparison_drills_from_province_to_district(operator, organisation, member):
    jiading = OrganisationFactory(province="上海市", city="上海市", district="嘉定区")
    OrganisationFactory(province="江苏省", city="苏州市", district="苏州工业园区")
    add_figure(organisation, "revenue", "2026Q3", 300)
    add_figure(jiading, "revenue", "2026Q3", 700)  # not a cluster firm: no member account
    board = client_of(operator).get("/insights/regions/").context["dashboard"]
    rows = {r[0]: r for r in board.tables[0].rows}
    assert rows["上海市"][1:4] == [2, 1, 1] and rows["上海市"][4].yuan == Decimal(3_000_000)
    assert rows["江苏省"][1:4] == [1, 0, 0]
    assert board.tables[0].links[0].startswith("/insights/regions/?")
    cities = client_of(operator).get("/insights/regions/", {"province": "上海市"})
    assert [r[0] for r in cities.context["dashboard"].tables[0].rows] == ["上海市"]
    districts = client_of(operator, "en").get(
        "/insights/regions/", {"province": "上海市", "city": "上海市", "period": "2026Q3"}
    )
    names = [r[0] for r in districts.context["dashboard"].tables[0].rows]
    assert names == ["Pudong New Area", "Jiading District"]
    assert districts.context["dashboard"].tables[0].links == [None, None]
    bad = client_of(operator).get("/insights/regions/", {"period": "2026Q9", "city": "苏州市"})
    assert bad.status_code == 400 and bad.context["form"].errors


def test_chain_coverage_and_the_attraction_funnel(operator, organisation, member):
    certify(organisation, "12")
    need_matched_to(OrganisationFactory(name_zh="外地起搏器公司"), "12")
    board = client_of(operator).get("/insights/chain/").context["dashboard"]
    midstream = board.tables[0].rows[1]  # segments in order: upstream, midstream…
    assert midstream[3] == 1 and midstream[5:] == [1, 1]  # one weak node, its firm, the gap
    gaps = board.tables[1]
    assert any(row[6] == 1 for row in gaps.rows) and all(gaps.links)

    first = attraction.create_lead(
        by=operator, data={"name": "甲", "source": "event", "planned_investment": Decimal(5000)}
    )
    second = attraction.create_lead(by=operator, data={"name": "乙", "source": "news"})
    attraction.create_lead(by=operator, data={"name": "丙", "source": "news"})
    attraction.move_lead(by=operator, lead=first, stage=Lead.Stage.SIGNED)
    attraction.move_lead(by=operator, lead=second, stage=Lead.Stage.NEGOTIATING)
    second.refresh_from_db()
    attraction.move_lead(by=operator, lead=second, stage=Lead.Stage.DROPPED)
    page = client_of(operator).get("/insights/attraction/")
    funnel = dict(zip(FUNNEL_STAGES, page.context["dashboard"].tables[0].rows, strict=True))
    assert [funnel[s][2] for s in ("lead", "negotiating", "signed")] == [3, 2, 1]  # reached
    assert [funnel[s][3] for s in ("assessment", "negotiating", "signed")] == [
        "66.7%",
        "100%",
        "50%",
    ]
    assert funnel["negotiating"][5] == 1  # dropped while negotiating
    assert "5,000 万元" in page.content.decode()  # 5000 万元 planned, through core money
    sources = page.context["dashboard"].tables[1].rows
    assert [row[1:3] for row in sources] == [[1, 1], [2, 0]]  # event, news
    assert client_of(operator).get("/insights/attraction/export.xlsx").status_code == 200


def test_a_lead_moved_or_a_node_placed_shows_at_once_on_the_cached_pages(
    operator, organisation, settings, django_capture_on_commit_callbacks
):
    """招商与产业链的修改在提交后令缓存的洞察页失效（不必等 5 分钟）。"""
    from qiao.chain import services as chain
    from qiao.chain.models import ChainNode

    settings.QIAO_INSIGHTS_CACHE_SECONDS = 300
    with django_capture_on_commit_callbacks(execute=True):
        lead = attraction.create_lead(by=operator, data={"name": "甲", "source": "event"})

    def signed() -> int:
        page = client_of(operator).get("/insights/attraction/")
        rows = dict(zip(FUNNEL_STAGES, page.context["dashboard"].tables[0].rows, strict=True))
        return rows["signed"][2]

    assert signed() == 0
    with django_capture_on_commit_callbacks(execute=True):
        attraction.move_lead(by=operator, lead=lead, stage=Lead.Stage.SIGNED)
    assert signed() == 1

    from qiao.core.effects import TOPICS

    assert {"lead_changed", "chain_changed", "figures_changed"} <= TOPICS
    node = ChainNode.objects.first()
    from django.core.cache import cache

    from qiao.insights.cache import VERSION_KEY

    before = cache.get(VERSION_KEY)
    with django_capture_on_commit_callbacks(execute=True):
        chain.place_organisation(by=operator, node=node, organisation=organisation)
    assert cache.get(VERSION_KEY) != before
