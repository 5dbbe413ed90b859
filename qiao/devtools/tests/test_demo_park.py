import re

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

from qiao.devtools.demo_cluster import build_demo_cluster
from qiao.devtools.demo_park import load_park_demo
from qiao.devtools.management.commands.seed_demo_data import load_demo_cluster

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
PAGES = {
    "/policies/": r"/policies/\d+/",
    "/servicedesk/": r"/servicedesk/\d+/",
    "/statistics/": r"/statistics/campaigns/\d+/",
    "/attraction/": r"/attraction/leads/\d+/",
    "/experts/": r"/experts/\d+/",
    "/calls/": r"/calls/\d+/",
    "/alliances/": r"/alliances/\d+/",
}


@pytest.mark.django_db
@override_settings(PASSWORD_HASHERS=FAST_HASHERS)
def test_park_demo_fills_every_park_page_once(client, django_capture_on_commit_callbacks):
    load_demo_cluster(cluster=build_demo_cluster(synthetic_count=6))
    with django_capture_on_commit_callbacks(execute=True):  # the effects run, as in `make run`
        counts = load_park_demo()
    assert counts == {
        "policies": 2, "service_requests": 2, "campaigns": 1, "leads": 3, "experts": 3,
        "calls": 1, "alliance_memberships": 2,
    }  # fmt: skip

    client.force_login(get_user_model().objects.get(email="operator@qiao-demo.example"))
    for page, detail in PAGES.items():
        response = client.get(page)
        assert response.status_code == 200, page
        link = re.search(detail, response.content.decode())
        assert link, f"no detail link on {page}"
        assert client.get(link.group(0)).status_code == 200, link.group(0)

    assert set(load_park_demo().values()) == {0}
