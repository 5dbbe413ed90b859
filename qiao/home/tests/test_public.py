"""The anonymous home: the cluster in the operators' words, public figures, featured items."""

import pytest
from django.test import Client

from qiao.home import selectors
from qiao.home.tests.factories import make_cluster
from qiao.home.views import apply_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def cluster(db):
    return make_cluster()


def test_figures_count_only_what_an_anonymous_visitor_may_see(cluster):
    figures = selectors.get_public_figures()
    assert figures == selectors.ClusterFigures(
        organisations=2,  # not the members-only hospital
        open_needs=1,  # the public need; not members-only, draft or under review
        # The public offer, the confidential one's public face and the public instrument's
        # equipment offer; not the chosen one, nor the hidden hospital's instrument.
        open_offers=3,
        agreements=1,  # not the confidential one, nor the one naming the hidden hospital
        upcoming_events=1,  # not the draft, not the finished one
    )


def test_the_operators_home_shows_the_same_public_figures(cluster):
    client = Client()
    client.force_login(cluster.operator)
    assert client.get("/").context["figures"] == selectors.get_public_figures()


def test_featured_items_are_public_ones_only(cluster):
    page = Client().get("/").content.decode()
    for shown in ("公开临床需求", "公开技术成果", "即将举行的对接会", "公开共聚焦显微镜"):
        assert shown in page
    hidden = (
        "会员临床需求",
        "保密技术成果",  # its summary is public, but the home features only public listings
        "指定机构技术成果",
        "草稿需求",
        "待审需求",
        "草稿活动",
        "已结束的论坛",
        "草稿流式细胞仪",
        "隐藏医院的测序仪",
        "仅会员可见医院",
        "保密协议",
    )
    assert [title for title in hidden if title in page] == []


def test_the_visitors_home_reads_in_a_bounded_number_of_queries(
    cluster, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        assert Client().get("/").status_code == 200


def test_without_a_site_profile_the_home_shows_qiaos_tagline(db):
    response = Client().get("/")
    assert response.status_code == 200
    assert response.context["profile"] is None
    assert "桥" in response.content.decode()


def test_the_profile_shows_in_the_pages_language(cluster):
    from qiao.home import services

    services.update_site_profile(
        by=cluster.operator,
        data={
            "operator_name_zh": "嘉定医疗器械创新集群",
            "operator_name_en": "Jiading Medical Device Cluster",
            "description_zh": "集群简介",
            "description_en": "",
        },
    )
    client = Client()
    assert "嘉定医疗器械创新集群" in client.get("/").content.decode()
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Jiading Medical Device Cluster" in english
    assert "集群简介" in english  # no English description: the Chinese one stands in


def test_apply_to_join_links_to_the_onboarding_form(db):
    assert apply_url() == "/join/apply/"
    page = Client().get("/").content.decode()
    assert 'href="/join/apply/" data-testid="home-apply-link"' in page
    # The header keeps its own link: each test id names one element of the page.
    assert page.count('data-testid="header-apply-link"') == 1
    assert page.count('data-testid="home-apply-link"') == 1
    assert Client().get("/join/apply/").status_code == 200
