"""Projects and agreements follow the visibility of the organisations they name (issue 12,
point 5): a members-only organisation never reaches an anonymous visitor, in pages, the API,
or the insights (which need a sign-in), and no amount is tied to one they may not see.

The rule: a project of an organisation the viewer may not see is hidden; inside a visible
project, a provider, trial site or investor the viewer may not see is "an undisclosed
organisation" (no name, no link, no id), and a funding round naming one shows no amount.
An agreement is its parties: one with a party the viewer may not see is hidden.
"""

import datetime
import json

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from qiao.directory.models import Organisation
from qiao.directory.tests.factories import OrganisationFactory
from qiao.insights.selectors import NetworkFilter, get_network
from qiao.pipeline import services
from qiao.pipeline.models import Milestone
from qiao.taxonomy.models import Term, Vocabulary

pytestmark = pytest.mark.django_db

D = datetime.date
SECRET = "隐秘创投基金"
SECRET_OWNER = "隐秘医疗科技"


def client_of(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def stage(code):
    return Term.objects.get(vocabulary=Vocabulary.LIFECYCLE_STAGE, code=code)


def members_only(name):
    return OrganisationFactory(name_zh=name, visibility=Organisation.Visibility.MEMBERS)


def project_of(organisation, by):
    return services.create_project(
        created_by=by,
        organisation=organisation,
        stage=stage("prototype"),
        entered_on=D(2024, 5, 1),
        name_zh="公开的项目",
    )


@pytest.fixture
def hidden_owner_project(operator):
    project = project_of(members_only(SECRET_OWNER), operator)
    services.add_funding_round(
        project=project,
        investors=[],
        added_by=operator,
        round="b",
        amount=150_000_000,
        closed_on=D(2025, 1, 1),
    )
    return project


@pytest.fixture
def public_project(operator, organisation):
    """A public organisation's project naming a members-only investor, CRO and hospital."""
    project = project_of(organisation, operator)
    secret = members_only(SECRET)
    services.add_funding_round(
        project=project,
        investors=[secret],
        added_by=operator,
        round="b",
        amount=150_000_000,
        closed_on=D(2025, 1, 1),
    )
    services.add_provider(
        project=project, organisation=members_only("隐秘CRO"), service="cro", added_by=operator
    )
    services.add_milestone(
        project=project,
        added_by=operator,
        kind=Milestone.Kind.TRIAL_STARTED,
        reached_on=D(2025, 3, 1),
        site=members_only("隐秘医院"),
    )
    return project


def test_a_members_only_organisations_project_is_hidden_from_anonymous_visitors(
    hidden_owner_project, member
):
    url = f"/pipeline/projects/{hidden_owner_project.pk}/"
    anonymous = client_of(None)

    assert anonymous.get(url).status_code == 404
    assert SECRET_OWNER not in anonymous.get("/pipeline/projects/").content.decode()
    assert anonymous.get("/api/pipeline/projects/").json()["items"] == []
    assert anonymous.get(f"/api/pipeline/projects/{hidden_owner_project.pk}").status_code == 404
    # Signed in, every member sees members-only organisations and their projects.
    assert client_of(member).get(url).status_code == 200


def test_a_hidden_investor_is_undisclosed_and_its_round_carries_no_amount(public_project, member):
    anonymous = client_of(None)
    page = anonymous.get(f"/pipeline/projects/{public_project.pk}/").content.decode()
    api = anonymous.get(f"/api/pipeline/projects/{public_project.pk}").json()
    listed = anonymous.get("/api/pipeline/projects/").json()["items"]
    text = page + json.dumps([api, listed], ensure_ascii=False)

    for name in (SECRET, "隐秘CRO", "隐秘医院"):
        assert name not in text
    assert "150" not in "".join(s["detail"] for s in api["journey"])
    assert "150,000,000" not in page and "150000000" not in page
    with translation.override("zh-hans"):
        undisclosed = gettext("an undisclosed organisation")
    assert api["providers"] == [
        {"organisation_id": None, "organisation_name": undisclosed, "service": "cro"}
    ]
    assert page.count(undisclosed) == 3  # the investor, the CRO, the hospital

    signed_in = client_of(member).get(f"/api/pipeline/projects/{public_project.pk}").json()
    funding = [s for s in signed_in["journey"] if s["kind"] == "funding"][0]
    assert SECRET in funding["detail"] and "150000000" in funding["detail"]


def test_an_agreement_with_a_members_only_party_is_hidden_from_anonymous_visitors(
    operator, organisation, member
):
    agreement = services.create_agreement(
        created_by=operator,
        parties=[(organisation, "party"), (members_only(SECRET), "investor")],
        kind="investment",
        title_zh="投资协议",
        signed_on=D(2025, 1, 1),
        amount=150_000_000,
    )
    anonymous = client_of(None)

    assert anonymous.get(f"/pipeline/agreements/{agreement.pk}/").status_code == 404
    assert anonymous.get(f"/api/pipeline/agreements/{agreement.pk}").status_code == 404
    assert anonymous.get("/api/pipeline/agreements/").json()["items"] == []
    assert client_of(member).get(f"/api/pipeline/agreements/{agreement.pk}").status_code == 200


def test_the_insights_never_reach_anonymous_visitors_and_draw_no_hidden_organisation(
    operator, organisation
):
    secret = members_only(SECRET)
    services.create_agreement(
        created_by=operator,
        parties=[(organisation, "party"), (secret, "investor")],
        kind="investment",
        title_zh="投资协议",
        signed_on=D(2025, 1, 1),
    )
    anonymous = client_of(None)
    for url in (
        "/insights/",
        "/insights/export.xlsx",
        "/insights/network/",
        "/insights/network/export.xlsx",
        "/insights/agreements/export.xlsx",
    ):
        assert anonymous.get(url).status_code == 302, url  # to the sign-in page
    assert anonymous.get("/api/insights/network").status_code == 401
    assert anonymous.get("/api/insights/funnel").status_code == 401

    # The network drawn for an anonymous viewer (were it ever shown) has neither the hidden
    # organisation nor the agreement that names it.
    network = get_network(viewer=None, filters=NetworkFilter())
    assert secret.pk not in {node.id for node in network.nodes}
    assert network.edges == []
