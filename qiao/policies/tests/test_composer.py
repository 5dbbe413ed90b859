"""The criteria composer: rows → criteria JSON, validated on the server, previewed as
sentences, saved through the service; operators only; no inline script."""

import pytest
from django.urls import reverse

from qiao.directory.tests.factories import OrganisationFactory
from qiao.policies import services
from qiao.policies.composer import Row, build

pytestmark = pytest.mark.django_db


def test_rows_build_criteria_and_bad_rows_say_what_to_change():
    criteria, problems = build([
        Row("district", "in", "奉贤区，金山区"),
        Row("first_registration", "in", "iii", None),
        Row("headcount", "<=", "500"),
        Row("invention_patents", ">=", "2"),
        Row("high_tech", "held"),
    ])  # fmt: skip
    assert problems == {}
    assert criteria == [
        {"type": "region", "district": ["奉贤区", "金山区"]},
        {"type": "credential", "kind": "registration", "classes": ["III"], "first": True},
        {"type": "figure", "name": "headcount", "op": "<=", "value": 500.0},
        {"type": "patents", "patent_types": ["invention"], "min_count": 2},
        {"type": "flag", "name": "high_tech"},
    ]
    either, _ = build([Row("district", "in", "奉贤区"), Row("city", "in", "苏州市")], combine="any")
    assert either == [{"type": "any", "items": [{"type": "region", "district": ["奉贤区"]},
                                                {"type": "region", "city": ["苏州市"]}]}]  # fmt: skip
    _, problems = build([Row("headcount", "<=", "many"), Row("patents", "in", "2"),
                         Row("first_registration", "in", "IV"), Row("district", "in", "")])  # fmt: skip
    assert sorted(problems) == [0, 1, 2, 3]
    assert build([])[0] == [] and list(build([])[1]) == [-1]


def test_composer_page_previews_and_saves_for_operators_only(operator, member, client):
    policy = services.create_policy(by=operator, title_zh="研发补贴", issuer="奉贤区科委",
                                    level="district")  # fmt: skip
    alliance = OrganisationFactory(name_zh="长三角医疗器械联盟")
    url = reverse("policies:criteria", args=[policy.pk])
    client.force_login(member)
    assert client.get(url).status_code in (403, 404)

    client.force_login(operator)
    page = client.get(url).content.decode()
    assert 'data-testid="composer"' in page and "<script" not in page.split("</header>")[-1]
    rows = {
        "rows-TOTAL_FORMS": "3", "rows-INITIAL_FORMS": "0", "combine": "all",
        "rows-0-field": "district", "rows-0-operator": "in", "rows-0-value": "奉贤区",
        "rows-1-field": "membership", "rows-1-operator": "member",
        "rows-1-value": "长三角医疗器械联盟",
        "rows-2-field": "", "rows-2-operator": "in", "rows-2-value": "",
    }  # fmt: skip
    page = client.post(url, rows | {"action": "preview"}).content.decode()
    assert 'data-testid="preview"' in page and "奉贤区" in page
    policy.refresh_from_db()
    assert policy.criteria == []  # a preview saves nothing

    page = client.post(url, rows | {"action": "add"}).content.decode()
    assert 'name="rows-TOTAL_FORMS" value="6"' in page

    bad = rows | {"rows-0-field": "headcount", "rows-0-operator": "<=", "rows-0-value": "多"}
    page = client.post(url, bad | {"action": "save"}).content.decode()
    assert 'data-testid="row-error"' in page
    policy.refresh_from_db()
    assert policy.criteria == []

    response = client.post(url, rows | {"action": "save"})
    assert response.status_code == 302
    policy.refresh_from_db()
    assert policy.criteria == [
        {"type": "region", "district": ["奉贤区"]},
        {"type": "membership", "alliances": [alliance.pk]},
    ]
    page = client.get(url).content.decode()
    assert 'data-testid="current-criteria"' in page and "长三角医疗器械联盟" in page
