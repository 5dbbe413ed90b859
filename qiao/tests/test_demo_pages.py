"""Every page an operator reaches in one click from the new apps' lists answers, with the
demo cluster's real content (a 500 here once hid behind an empty test database)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from qiao.devtools.demo_cluster import build_demo_cluster
from qiao.devtools.management.commands.seed_demo_data import load_demo_cluster

LISTS = [
    "/policies/",
    "/servicedesk/",
    "/statistics/",
    "/chain/",
    "/attraction/",
    "/experts/",
    "/calls/",
    "/alliances/",
    "/join/applications/",
    "/lab/training-requests/",
]
DETAIL = re.compile(
    r'href="(/(?:policies|servicedesk|experts|calls|alliances)/\d+/'
    r"|/statistics/campaigns/\d+/|/chain/nodes/\d+/|/attraction/leads/\d+/"
    r'|/join/applications/\d+/)"'
)


@pytest.mark.django_db
def test_lists_and_the_details_they_link_answer_for_the_operator():
    load_demo_cluster(cluster=build_demo_cluster(synthetic_count=6))
    operator = get_user_model().objects.get(email="operator@qiao-demo.example")
    client = Client(headers={"accept-language": "zh-hans"})
    client.force_login(operator)
    details, broken = set(), []
    for path in LISTS:
        response = client.get(path)
        if response.status_code != 200:
            broken.append(f"{path}: {response.status_code}")
            continue
        found = DETAIL.findall(response.content.decode())
        details.update(found[:3])
    for path in sorted(details):
        status = client.get(path).status_code
        if status != 200:
            broken.append(f"{path}: {status}")
    assert not broken, broken
    assert details  # the demo places its organisations on the chain's nodes
