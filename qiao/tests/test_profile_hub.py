"""The organisation profile as the hub (issue 13, point 4): its needs and offers, agreements
with the counterpart linked, projects and their stage, events, instruments, investor focus,
and key figures beside the recorded credentials, each read through its app's
permission-checked selectors, so nothing shows to who may not see it."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import translation

from qiao.directory import services as directory
from qiao.directory.models import Credential, KeyFigure, Organisation
from qiao.directory.tests.factories import OrganisationFactory, make_member, term
from qiao.events import services as events
from qiao.events.models import Event
from qiao.market.models import Listing
from qiao.market.tests.factories import ListingFactory
from qiao.pipeline import services as pipeline
from qiao.taxonomy.models import Vocabulary

pytestmark = pytest.mark.django_db

D = datetime.date


def page(user, organisation) -> str:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    if user is not None:
        client.force_login(user)
    response = client.get(f"/directory/organisations/{organisation.pk}/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def hospital():
    return OrganisationFactory(
        name_zh="上海市奉贤区中心医院", kind=term(Vocabulary.ORGANISATION_KIND, "hospital")
    )


@pytest.fixture
def outsider(other_organisation):
    return make_member(other_organisation)


def base(operator, organisation, hospital, *, confidential=False):
    return pipeline.create_agreement(
        created_by=operator,
        parties=[(hospital, "host"), (organisation, "party")],
        kind="clinical_base",
        title_zh="IVD临床研究基地" if not confidential else "保密合作协议",
        signed_on=D(2025, 3, 17),
        is_confidential=confidential,
    )


def test_an_agreement_is_on_both_parties_pages_with_the_counterpart_linked(
    operator, organisation, hospital
):
    base(operator, organisation, hospital)

    on_company = page(None, organisation)
    on_hospital = page(None, hospital)

    assert "IVD临床研究基地" in on_company and "IVD临床研究基地" in on_hospital
    assert f'href="/directory/organisations/{hospital.pk}/"' in on_company
    assert f'href="/directory/organisations/{organisation.pk}/"' in on_hospital


def test_a_confidential_agreement_shows_only_to_its_parties_and_operators(
    operator, organisation, hospital, member, outsider
):
    base(operator, organisation, hospital, confidential=True)

    assert "保密合作协议" in page(member, organisation)
    assert "保密合作协议" in page(operator, hospital)
    assert "保密合作协议" not in page(None, organisation)
    assert "保密合作协议" not in page(outsider, hospital)


def test_listings_show_by_their_visibility_and_a_confidential_one_by_its_public_face(
    organisation, member
):
    ListingFactory(organisation=organisation, title_zh="公开的技术成果")
    ListingFactory(organisation=organisation, title_zh="仅会员的需求", need=True, members_only=True)
    ListingFactory(
        organisation=organisation,
        title_zh="保密的技术",
        confidential=True,
        patent_numbers="ZL秘密的技术细节",
    )
    ListingFactory(organisation=organisation, title_zh="草稿", status=Listing.Status.DRAFT)

    anonymous, signed_in = page(None, organisation), page(member, organisation)

    assert "公开的技术成果" in anonymous and "保密的技术" in anonymous
    assert "仅会员的需求" not in anonymous and "仅会员的需求" in signed_in
    assert "秘密的技术细节" not in anonymous and "秘密的技术细节" not in signed_in
    assert "草稿" not in signed_in


def test_projects_show_with_their_stage_and_a_confidential_one_only_to_its_organisation(
    operator, organisation, member, outsider
):
    stage = term(Vocabulary.LIFECYCLE_STAGE, "clinical_trial")
    for name, confidential in (("公开的项目", False), ("保密的项目", True)):
        pipeline.create_project(
            created_by=operator,
            organisation=organisation,
            stage=stage,
            entered_on=D(2025, 1, 1),
            name_zh=name,
            is_confidential=confidential,
        )

    theirs, others = page(member, organisation), page(outsider, organisation)

    assert "公开的项目" in others and stage.name_zh in others
    assert "保密的项目" in theirs and "保密的项目" not in others


def test_events_organised_show_and_a_draft_only_to_its_organisers(
    operator, organisation, org_admin, outsider
):
    for title in ("医疗器械创新论坛", "筹备中的路演"):
        events.create_event(
            created_by=operator,
            organiser=organisation,
            kind="forum",
            title_zh=title,
            starts_on=D(2026, 6, 1),
            ends_on=D(2026, 6, 1),
        )
    published = Event.objects.get(title_zh="医疗器械创新论坛")
    events.change_event_status(event=published, status="published", changed_by=operator)

    assert "医疗器械创新论坛" in page(outsider, organisation)
    assert "筹备中的路演" not in page(outsider, organisation)
    assert "筹备中的路演" in page(org_admin, organisation)


def test_a_stated_key_figure_shows_its_source_and_the_recorded_count_beside_it(organisation):
    directory.add_part(
        organisation=organisation,
        by=None,
        model=KeyFigure,
        data={
            "label_zh": "专利",
            "value": 78,
            "unit_zh": "项",
            "source": "2024年年报",
            "as_of": D(2024, 12, 31),
            "counts": Credential.Kind.PATENT,
        },
    )
    directory.add_part(
        organisation=organisation,
        by=None,
        model=Credential,
        data={"kind": Credential.Kind.PATENT, "number": "ZL1", "title": "检测装置"},
    )

    html = page(None, organisation)

    assert "78项" in html and "2024年年报" in html and "2024-12-31" in html
    assert "平台已登记：1（专利）" in html


def test_an_investors_focus_and_recorded_portfolio_show_on_its_profile(operator, organisation):
    fund = OrganisationFactory(
        name_zh="桥创投基金", kind=term(Vocabulary.ORGANISATION_KIND, "investor")
    )
    directory.save_investor_focus(
        organisation=fund,
        by=operator,
        data={
            "ticket_min": 500,
            "ticket_max": 3000,
            "stages": [term(Vocabulary.LIFECYCLE_STAGE, "prototype")],
            "portfolio": "某医疗科技\n另一家公司",
        },
    )
    project = pipeline.create_project(
        created_by=operator,
        organisation=organisation,
        stage=term(Vocabulary.LIFECYCLE_STAGE, "prototype"),
        entered_on=D(2025, 1, 1),
        name_zh="被投项目",
    )
    pipeline.add_funding_round(
        project=project, investors=[fund], added_by=operator, round="a", closed_on=D(2025, 2, 1)
    )

    html = page(None, fund)

    assert "500–3000万元" in html and "样机" in html and "某医疗科技" in html
    assert "被投项目" in html


def test_the_investor_focus_is_written_through_the_directory_rules(org_admin, organisation):
    with pytest.raises(PermissionDenied):
        directory.save_investor_focus(
            organisation=OrganisationFactory(), by=org_admin, data={"ticket_min": 1}
        )
    with pytest.raises(ValidationError) as raised:
        directory.save_investor_focus(
            organisation=organisation, by=org_admin, data={"ticket_min": 100, "ticket_max": 50}
        )
    assert "ticket_max" in raised.value.message_dict
    focus = directory.save_investor_focus(
        organisation=organisation, by=org_admin, data={"ticket_min": 100}
    )
    directory.save_investor_focus(organisation=organisation, by=org_admin, data={"ticket_max": 900})
    focus.refresh_from_db()
    assert (focus.ticket_min, focus.ticket_max) == (100, 900)
    assert organisation.investor_focus == focus


def test_a_members_only_organisations_profile_stays_hidden(member):
    hidden = OrganisationFactory(visibility=Organisation.Visibility.MEMBERS)
    assert Client().get(f"/directory/organisations/{hidden.pk}/").status_code == 404
    with translation.override("zh-hans"):
        assert hidden.name_zh in page(member, hidden)
