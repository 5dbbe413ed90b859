"""The dashboards as pages, Excel and API: who sees what, bad filters, and query budgets."""

import datetime
from io import BytesIO

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from qiao.directory.tests.factories import OrganisationFactory, term
from qiao.pipeline import services as pipeline
from qiao.taxonomy.models import Vocabulary

pytestmark = pytest.mark.django_db

PAGES = ["/insights/", "/insights/agreements/", "/insights/brokers/", "/insights/network/"]
SECRET = "保密的并购协议"


def client_of(user, language="zh-hans") -> Client:
    client = Client(headers={"accept-language": language})
    client.force_login(user)
    return client


@pytest.fixture
def cluster(operator, organisation, other_organisation):
    third, fourth = OrganisationFactory(name_zh="第三方公司"), OrganisationFactory()
    pipeline.create_agreement(
        created_by=operator,
        parties=[(organisation, "host"), (other_organisation, "party")],
        categories=[term(Vocabulary.DEVICE_CATEGORY, "ivd")],
        kind="clinical_base",
        title_zh="公开的临床研究基地",
        signed_on=datetime.date(2024, 3, 17),
        amount=1_000_000,
    )
    pipeline.create_agreement(
        created_by=operator,
        parties=[(third, "investor"), (fourth, "investee")],
        kind="investment",
        title_zh=SECRET,
        signed_on=datetime.date(2025, 2, 1),
        amount=987_654_321,
        is_confidential=True,
    )
    return third


@pytest.mark.parametrize("path", PAGES)
def test_every_dashboard_draws_charts_and_exports_a_sheet_per_table(operator, cluster, path):
    page = client_of(operator).get(path)
    assert page.status_code == 200
    assert b"vendor/echarts/echarts.min.js" in page.content
    dashboard = page.context["dashboard"]
    export = client_of(operator).get(f"{path}export.xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(BytesIO(export.content))
    assert len(workbook.sheetnames) == len(dashboard.tables)
    first = workbook[workbook.sheetnames[0]]
    assert [c.value for c in first[1]] == dashboard.tables[0].columns


def test_the_operator_counts_the_confidential_agreement_and_a_member_does_not(
    operator, member, cluster
):
    def total(user):
        board = client_of(user).get("/insights/agreements/").context["dashboard"]
        return board.tables[0].rows[0]

    assert total(operator) == [2, pytest.approx(988_654_321)]
    assert total(member) == [1, pytest.approx(1_000_000)]
    member_workbook = client_of(member).get("/insights/agreements/export.xlsx").content
    sheets = load_workbook(BytesIO(member_workbook))
    cells = [c.value for s in sheets for row in s.iter_rows() for c in row]
    assert 987_654_321 not in cells and 988_654_321 not in cells
    network = client_of(member).get("/insights/network/").content.decode()
    assert "第三方公司" not in network  # its only tie is the confidential agreement


def test_amounts_read_as_money_on_the_page_and_stay_numbers_in_excel(operator, cluster):
    chinese = client_of(operator).get("/insights/agreements/").content.decode()
    english = client_of(operator, "en").get("/insights/agreements/").content.decode()
    assert "<td>9.89 亿元</td>" in chinese  # the total: 988,654,321 yuan
    assert "<td>100 万元</td>" in chinese  # the 2024 agreement, in its year and its kind
    assert "<td>¥988,654,321</td>" in english
    assert "988654321" not in chinese and "988,654,321.0" not in english
    assert '<th scope="col">Amount (yuan)</th>' not in english  # each amount has its unit
    funnel = client_of(operator).get("/insights/").content.decode()
    assert "<td>9.89 亿元</td>" in funnel  # amounts by currency, in that currency
    workbook = load_workbook(
        BytesIO(client_of(operator).get("/insights/agreements/export.xlsx").content)
    )
    total = workbook[workbook.sheetnames[0]]
    assert "元" in total[1][1].value  # Excel's numbers keep their unit in the heading
    assert [c.value for c in total[2]] == [2, pytest.approx(988_654_321)]


def test_brokers_are_for_operators_only(member, cluster):
    assert client_of(member).get("/insights/brokers/").status_code == 404
    assert client_of(member).get("/insights/brokers/export.xlsx").status_code == 404
    assert client_of(member).get("/api/insights/brokers").status_code == 404
    tabs = client_of(member).get("/insights/").context["tabs"]
    assert "brokers" not in [slug for slug, _label, _url in tabs]


@pytest.mark.parametrize(
    ("query", "zh", "en"),
    [
        ("since=2025-01-01&until=2024-01-01", "开始日期晚于结束日期", "start date is after"),
        ("period=week", "请从列表中选择", "Select a valid choice"),
        ("since=yesterday", "请输入有效日期", "Enter a valid date"),
    ],
)
def test_bad_filters_get_a_message_in_the_users_language(operator, query, zh, en):
    chinese = client_of(operator).get(f"/insights/agreements/?{query}")
    english = client_of(operator, "en").get(f"/insights/agreements/?{query}")
    assert chinese.status_code == english.status_code == 400
    assert zh in chinese.content.decode()
    assert en in english.content.decode()
    export = client_of(operator).get(f"/insights/agreements/export.xlsx?{query}")
    assert export.status_code == 400 and export["Content-Type"].startswith("text/html")


def test_network_filters_are_checked(operator):
    response = client_of(operator).get("/insights/network/?limit=100000&category=zz")
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {"limit", "category"}


def test_the_api_serves_the_same_figures(operator, member, cluster):
    stats = client_of(operator).get("/api/insights/agreements?period=month").json()
    assert stats["total"] == 2
    assert [r["period"] for r in stats["over_time"]] == ["2024-03-01", "2025-02-01"]
    assert client_of(member).get("/api/insights/agreements").json()["total"] == 1
    network = client_of(operator).get("/api/insights/network?relation_kind=none").json()
    assert network["shown"] == 4 and len(network["edges"]) == 2
    assert client_of(operator).get("/api/insights/network?limit=0").status_code == 422
    assert client_of(operator).get("/api/insights/agreements?period=week").status_code == 422
    brokers = client_of(operator).get("/api/insights/brokers").json()
    assert brokers == []
    assert Client().get("/api/insights/network").status_code == 401


@pytest.mark.parametrize("path", PAGES)
def test_dashboards_stay_within_fifteen_queries(operator, cluster, path):
    client = client_of(operator)
    client.get(path)  # warm the session and the content types
    caches["insights"].clear()
    with CaptureQueriesContext(connection) as first:
        assert client.get(path).status_code == 200
    with CaptureQueriesContext(connection) as cached:
        assert client.get(path).status_code == 200
    assert len(first) <= 15, [q["sql"][:120] for q in first]
    assert len(cached) <= 3  # the session, the user, the version


def test_a_long_table_shows_its_first_rows_and_excel_keeps_them_all():
    from qiao.insights.dashboards import Table

    table = Table("Ties", ["a", "b"], [[f"org{i}", i] for i in range(150)], page_rows=100)
    assert len(table.lines) == 100
    assert table.lines[0] == ("org0", None, [0])
    assert table.rows_not_shown == 50
    assert len(table.rows) == 150  # what the workbook gets
