"""A confidential listing's details leak by no door: pages, search, API, export, matches,
notifications and counts. Only the owner, operators and organisations with a granted
disclosure read them. Also: chosen-organisation, members-only and draft visibility.
"""

import io
import json

import pytest
from openpyxl import load_workbook

from qiao.directory.tests.factories import OrganisationFactory, make_member
from qiao.inbox.models import Notification
from qiao.market import selectors, services
from qiao.market.models import Disclosure, Kind, Listing
from qiao.market.tests.factories import NDA_TERMS, make_listing
from qiao.matching.services import reset_index, run_matching_for_listing

pytestmark = pytest.mark.django_db

SECRET = "secretmarker"
SECRET_ZH = "机密细节XYZ"
PUBLIC_TITLE = "床旁快速检测合作"
PUBLIC_SUMMARY = "公开摘要，任何人都能读到。"


def secret(label: str) -> str:
    return f"{label}：{SECRET} {SECRET_ZH}"


# Every kind's own detail fields carry the secret too, not only the description.
DETAILS_BY_KIND = {
    Kind.CLINICAL: {
        "clinical_problem": secret("临床问题"),
        "patient_population": secret("患者人群"),
        "current_practice": secret("现有做法"),
        "shortcomings": secret("不足"),
        "desired_outcome": secret("期望结果"),
        "ip_note": secret("知识产权"),
    },
    Kind.TECHNOLOGY: {"patent_numbers": secret("专利号")},
    Kind.PRODUCT: {"registration_number": f"国械注准{SECRET}"},
    Kind.SERVICE: {"capabilities": secret("能力")},
    Kind.FINANCING: {"use_of_funds": secret("资金用途")},
    Kind.EQUIPMENT: {
        "equipment_model": f"型号{SECRET}",
        "location": secret("地点"),
        "specifications": secret("规格"),
    },
}

OUTSIDERS = ["anonymous", "outsider", "other_member", "other_admin"]
SIGNED_IN_OUTSIDERS = ["outsider", "other_member", "other_admin"]
INSIDERS = ["member", "org_admin", "operator"]


def make_confidential(organisation, kind=Kind.CLINICAL, **fields) -> Listing:
    return make_listing(
        organisation=organisation,
        kind=kind,
        visibility=Listing.Visibility.CONFIDENTIAL,
        title_zh=PUBLIC_TITLE,
        summary_zh=PUBLIC_SUMMARY,
        description=secret("描述"),
        **{**DETAILS_BY_KIND[kind], **fields},
    )


def without_secret(text: str) -> bool:
    return SECRET not in text and SECRET_ZH not in text


def json_text(response) -> str:
    return json.dumps(response.json(), ensure_ascii=False)


def workbook_cells(response) -> list[str]:
    workbook = load_workbook(io.BytesIO(response.content))
    return [
        str(cell.value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]


@pytest.fixture
def user_for(request):
    return lambda role: None if role == "anonymous" else request.getfixturevalue(role)


@pytest.fixture(params=list(DETAILS_BY_KIND), ids=str)
def secret_listing(request, organisation):
    return make_confidential(organisation, kind=request.param)


@pytest.fixture
def confidential_need(organisation):
    return make_confidential(organisation)


@pytest.fixture
def third_organisation(db):
    return OrganisationFactory()


@pytest.fixture
def third_member(third_organisation):
    return make_member(third_organisation)


# Detail page


@pytest.mark.parametrize("role", OUTSIDERS)
def test_detail_page_shows_only_the_public_face_to_outsiders(
    role, secret_listing, user_for, client_of
):
    response = client_of(user_for(role)).get(f"/market/{secret_listing.pk}/")
    assert response.status_code == 200
    assert response.context["details_visible"] is False
    assert response.context["detail_rows"] == []
    content = response.content.decode()
    assert PUBLIC_TITLE in content
    assert PUBLIC_SUMMARY in content
    assert without_secret(content) is True


@pytest.mark.parametrize("role", INSIDERS)
def test_detail_page_shows_details_to_owner_and_operator(role, secret_listing, user_for, client_of):
    response = client_of(user_for(role)).get(f"/market/{secret_listing.pk}/")
    assert response.status_code == 200
    assert response.context["details_visible"] is True
    assert SECRET in response.content.decode()


# List page, its htmx partial, search and counts


@pytest.mark.parametrize("role", OUTSIDERS + INSIDERS)
def test_list_page_and_results_partial_never_show_details(
    role, secret_listing, user_for, client_of
):
    client = client_of(user_for(role))
    page = client.get("/market/")
    partial = client.get("/market/", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    assert [listing.pk for listing in page.context["page"].object_list] == [secret_listing.pk]
    assert PUBLIC_TITLE in page.content.decode()
    assert without_secret(page.content.decode()) is True
    names = [t.name for t in partial.templates]
    assert names[0] == "market/partials/listing_results.html"
    assert "base.html" not in names
    assert PUBLIC_TITLE in partial.content.decode()
    assert without_secret(partial.content.decode()) is True


@pytest.mark.parametrize("query", [SECRET, SECRET_ZH])
@pytest.mark.parametrize("role", OUTSIDERS + INSIDERS)
def test_searching_a_secret_word_finds_only_public_listings_for_everyone(
    role, query, secret_listing, other_organisation, user_for, client_of
):
    # The search document of a confidential listing holds its public face only, so not
    # even its owner finds it by a word of its details.
    public = make_listing(
        organisation=other_organisation, title_zh="公开的对照", description=secret("描述")
    )
    response = client_of(user_for(role)).get("/market/", {"q": query})
    assert [listing.pk for listing in response.context["page"].object_list] == [public.pk]
    assert response.context["page"].paginator.count == 1


@pytest.mark.parametrize("role", OUTSIDERS + INSIDERS)
def test_searching_the_public_face_finds_a_confidential_listing(
    role, confidential_need, user_for, client_of
):
    response = client_of(user_for(role)).get("/market/", {"q": PUBLIC_TITLE})
    assert [listing.pk for listing in response.context["page"].object_list] == [
        confidential_need.pk
    ]


def test_search_document_of_a_confidential_listing_holds_no_detail_word(secret_listing):
    assert without_secret(secret_listing.search_document) is True
    assert secret_listing.search_document != ""


def test_api_search_for_a_secret_word_finds_nothing(confidential_need, member, client_of):
    response = client_of(member).get("/api/market/listings/", {"q": SECRET})
    assert response.status_code == 200
    assert response.json()["count"] == 0
    assert response.json()["items"] == []


def test_counts_include_a_confidential_listing_but_not_hidden_ones(
    organisation, confidential_need, other_member, third_organisation, third_member, member
):
    make_listing(organisation=organisation, visibility=Listing.Visibility.MEMBERS)
    make_listing(
        organisation=organisation,
        visibility=Listing.Visibility.CHOSEN,
        shared_with=[third_organisation],
    )
    make_listing(organisation=organisation, kind=Kind.CLINICAL, status=Listing.Status.DRAFT)
    count = selectors.count_visible_listings
    assert count(viewer=None, organisation_id=organisation.pk) == {"need": 1, "offer": 0}
    assert count(viewer=other_member, organisation_id=organisation.pk) == {"need": 1, "offer": 1}
    assert count(viewer=third_member, organisation_id=organisation.pk) == {"need": 1, "offer": 2}
    assert count(viewer=member, organisation_id=organisation.pk) == {"need": 1, "offer": 2}


def test_list_result_count_for_anonymous_counts_only_public_faces(
    organisation, confidential_need, client_of
):
    make_listing(organisation=organisation, visibility=Listing.Visibility.MEMBERS)
    make_listing(organisation=organisation, status=Listing.Status.DRAFT)
    response = client_of(None).get("/market/")
    assert response.context["page"].paginator.count == 1
    assert client_of(None).get("/api/market/listings/").json()["count"] == 1


# API


@pytest.mark.parametrize("role", OUTSIDERS)
def test_api_list_and_detail_give_null_details_to_outsiders(
    role, secret_listing, user_for, client_of
):
    client = client_of(user_for(role))
    listed = client.get("/api/market/listings/")
    detail = client.get(f"/api/market/listings/{secret_listing.pk}")
    assert [(i["id"], i["details_visible"], i["details"]) for i in listed.json()["items"]] == [
        (secret_listing.pk, False, None)
    ]
    assert detail.status_code == 200
    assert detail.json()["details_visible"] is False
    assert detail.json()["details"] is None
    assert detail.json()["title_zh"] == PUBLIC_TITLE
    assert without_secret(json_text(listed)) is True
    assert without_secret(json_text(detail)) is True


@pytest.mark.parametrize("role", INSIDERS)
def test_api_gives_details_to_owner_and_operator(role, secret_listing, user_for, client_of):
    detail = client_of(user_for(role)).get(f"/api/market/listings/{secret_listing.pk}")
    assert detail.json()["details_visible"] is True
    assert detail.json()["details"]["description"] == secret("描述")


# Excel export


@pytest.mark.parametrize("role", SIGNED_IN_OUTSIDERS)
def test_excel_export_has_no_detail_in_any_cell_for_outsiders(
    role, secret_listing, user_for, client_of
):
    response = client_of(user_for(role)).get("/market/export.xlsx")
    assert response.status_code == 200
    cells = workbook_cells(response)
    assert PUBLIC_TITLE in cells
    assert [cell for cell in cells if not without_secret(cell)] == []


def test_excel_export_has_the_details_for_the_owner(confidential_need, member, client_of):
    cells = workbook_cells(client_of(member).get("/market/export.xlsx"))
    assert secret("描述") in cells
    assert secret("临床问题") in cells


def test_excel_export_needs_sign_in(confidential_need, client_of):
    assert client_of(None).get("/market/export.xlsx").status_code == 302


# Match explanations


@pytest.fixture
def sepsis_offer(other_organisation):
    # The offer shares the secret word: were the need's details indexed, "Shared terms:
    # secretmarker" would tell the offer's owner what the need's details say.
    return make_listing(
        organisation=other_organisation,
        kind=Kind.TECHNOLOGY,
        title_zh="",
        title_en="Isothermal amplification POCT for sepsis pathogens",
        summary_en="Isothermal nucleic acid amplification point-of-care test for sepsis pathogens.",
        description=f"Our assay, {SECRET}, runs at the bedside.",
    )


def sepsis_need(organisation, visibility: str) -> Listing:
    return make_listing(
        organisation=organisation,
        kind=Kind.CLINICAL,
        visibility=visibility,
        title_zh="需要快速检测脓毒症的床旁核酸扩增方法",
        summary_zh="急诊科需要一小时内明确脓毒症病原体。",
        description=secret("血培养太慢"),
        clinical_problem=secret("临床问题"),
    )


def test_match_reasons_shown_to_the_counterpart_never_quote_confidential_details(
    organisation, sepsis_offer, other_member, client_of
):
    reset_index()
    need = sepsis_need(organisation, Listing.Visibility.CONFIDENTIAL)
    run_matching_for_listing(listing_id=need.pk)
    run_matching_for_listing(listing_id=sepsis_offer.pk)
    client = client_of(other_member)
    panel = client.get(f"/matching/listings/{sepsis_offer.pk}/", HTTP_HX_REQUEST="true")
    page = client.get(f"/matching/listings/{sepsis_offer.pk}/")
    api = client.get(f"/api/matching/listings/{sepsis_offer.pk}/matches")
    assert [m["counterpart_id"] for m in api.json()] == [need.pk]
    assert need.title_zh in panel.content.decode()
    assert without_secret(panel.content.decode()) is True
    assert without_secret(page.content.decode()) is True
    assert without_secret(json_text(api)) is True


def test_match_reasons_do_quote_shared_words_of_a_public_listing(
    organisation, sepsis_offer, other_member, client_of
):
    # The control for the test above: the same pair, the need public.
    reset_index()
    need = sepsis_need(organisation, Listing.Visibility.PUBLIC)
    run_matching_for_listing(listing_id=need.pk)
    run_matching_for_listing(listing_id=sepsis_offer.pk)
    api = client_of(other_member).get(f"/api/matching/listings/{sepsis_offer.pk}/matches")
    reasons = api.json()[0]["reasons"]
    assert [SECRET] in [reason["terms"] for reason in reasons if reason["code"] == "terms"]


def test_stored_reasons_of_the_counterpart_hold_no_detail_word(organisation, sepsis_offer):
    reset_index()
    need = sepsis_need(organisation, Listing.Visibility.CONFIDENTIAL)
    run_matching_for_listing(listing_id=need.pk)
    run_matching_for_listing(listing_id=sepsis_offer.pk)
    stored = sepsis_offer.matches.get(counterpart_listing=need)
    assert without_secret(json.dumps(stored.reasons, ensure_ascii=False)) is True


# Notifications


def test_notifications_about_a_confidential_listing_carry_no_detail(
    organisation,
    sepsis_offer,
    member,
    other_member,
    other_organisation,
    django_capture_on_commit_callbacks,
    other_admin,
):
    reset_index()
    need = sepsis_need(organisation, Listing.Visibility.CONFIDENTIAL)
    services.update_listing(listing=need, updated_by=member, disclosure_needs_approval=True)
    with django_capture_on_commit_callbacks(execute=True):
        run_matching_for_listing(listing_id=need.pk)
        run_matching_for_listing(listing_id=sepsis_offer.pk)
        disclosure = services.accept_nda(
            listing=need, organisation=other_organisation, accepted_by=other_admin
        )
        services.decide_disclosure(disclosure=disclosure, decided_by=member, grant=True)
    notifications = Notification.objects.order_by("recipient_id", "kind")
    assert sorted((n.recipient_id, n.kind) for n in notifications) == sorted(
        [
            (member.pk, Notification.Kind.NEW_MATCHES),
            (member.pk, Notification.Kind.DISCLOSURE_REQUESTED),
            (other_member.pk, Notification.Kind.NEW_MATCHES),
            (other_member.pk, Notification.Kind.DISCLOSURE_DECIDED),
            (other_admin.pk, Notification.Kind.NEW_MATCHES),
            (other_admin.pk, Notification.Kind.DISCLOSURE_DECIDED),
        ]
    )
    titles = " ".join(f"{n.title_zh} {n.title_en}" for n in notifications)
    assert without_secret(titles) is True


# Disclosure under NDA


def test_accepting_the_nda_without_approval_opens_the_details_at_once(
    confidential_need, other_organisation, other_member, other_admin, third_member, client_of
):
    disclosure = services.accept_nda(
        listing=confidential_need, organisation=other_organisation, accepted_by=other_admin
    )
    assert disclosure.status == Disclosure.Status.GRANTED
    assert disclosure.decided_at == disclosure.accepted_at
    page = client_of(other_admin).get(f"/market/{confidential_need.pk}/")
    api = client_of(other_member).get(f"/api/market/listings/{confidential_need.pk}")
    listed = client_of(other_member).get("/api/market/listings/")
    assert page.context["details_visible"] is True
    assert secret("临床问题") in page.content.decode()
    assert api.json()["details"]["clinical_problem"] == secret("临床问题")
    assert [i["details_visible"] for i in listed.json()["items"]] == [True]
    stranger = client_of(third_member).get(f"/market/{confidential_need.pk}/")
    assert without_secret(stranger.content.decode()) is True


def test_details_needing_approval_open_only_after_the_owner_grants(
    confidential_need, member, other_organisation, other_member, client_of, other_admin
):
    services.update_listing(
        listing=confidential_need, updated_by=member, disclosure_needs_approval=True
    )
    disclosure = services.accept_nda(
        listing=confidential_need, organisation=other_organisation, accepted_by=other_admin
    )
    url = f"/market/{confidential_need.pk}/"
    assert disclosure.status == Disclosure.Status.PENDING
    assert disclosure.decided_at is None
    assert without_secret(client_of(other_member).get(url).content.decode()) is True
    services.decide_disclosure(disclosure=disclosure, decided_by=member, grant=True)
    disclosure.refresh_from_db()
    assert disclosure.status == Disclosure.Status.GRANTED
    assert disclosure.decided_by == member
    assert SECRET in client_of(other_member).get(url).content.decode()
    api = client_of(other_member).get(f"/api/market/listings/{confidential_need.pk}")
    assert api.json()["details"]["description"] == secret("描述")


def test_pending_disclosure_gives_null_details_in_the_api(
    confidential_need, member, other_organisation, other_member, client_of, other_admin
):
    services.update_listing(
        listing=confidential_need, updated_by=member, disclosure_needs_approval=True
    )
    services.accept_nda(
        listing=confidential_need, organisation=other_organisation, accepted_by=other_admin
    )
    api = client_of(other_member).get(f"/api/market/listings/{confidential_need.pk}")
    assert api.json()["details"] is None


def test_declined_disclosure_keeps_details_hidden_and_accepting_again_does_not_reopen(
    confidential_need, member, other_organisation, other_member, client_of, other_admin
):
    services.update_listing(
        listing=confidential_need, updated_by=member, disclosure_needs_approval=True
    )
    disclosure = services.accept_nda(
        listing=confidential_need, organisation=other_organisation, accepted_by=other_admin
    )
    services.decide_disclosure(disclosure=disclosure, decided_by=member, grant=False)
    again = services.accept_nda(
        listing=confidential_need, organisation=other_organisation, accepted_by=other_admin
    )
    assert again.pk == disclosure.pk
    assert again.status == Disclosure.Status.DECLINED
    assert Disclosure.objects.count() == 1
    page = client_of(other_member).get(f"/market/{confidential_need.pk}/")
    assert page.context["details_visible"] is False
    assert without_secret(page.content.decode()) is True


def test_disclosure_records_who_when_and_the_terms_which_later_edits_do_not_change(
    confidential_need, member, other_organisation, other_admin
):
    disclosure = services.accept_nda(
        listing=confidential_need, organisation=other_organisation, accepted_by=other_admin
    )
    services.update_listing(
        listing=confidential_need, updated_by=member, nda_terms="新的保密条款 New terms."
    )
    disclosure.refresh_from_db()
    assert (disclosure.accepted_by, disclosure.accepted_as) == (other_admin, "admin")
    assert disclosure.organisation == other_organisation
    assert disclosure.accepted_at is not None
    assert disclosure.terms_accepted == NDA_TERMS
    assert confidential_need.nda_terms == "新的保密条款 New terms."


def test_accepting_the_nda_on_the_page_records_a_disclosure_and_opens_details(
    confidential_need, other_organisation, other_admin, client_of
):
    client = client_of(other_admin)
    response = client.post(f"/market/{confidential_need.pk}/nda/", {"accept": "yes"})
    assert response.status_code == 302
    disclosure = Disclosure.objects.get()
    assert (disclosure.organisation, disclosure.accepted_by) == (other_organisation, other_admin)
    assert disclosure.terms_accepted == NDA_TERMS
    assert SECRET in client.get(f"/market/{confidential_need.pk}/").content.decode()


def test_the_nda_is_not_accepted_without_the_tick(confidential_need, other_member, client_of):
    response = client_of(other_member).post(f"/market/{confidential_need.pk}/nda/", {})
    assert response.status_code == 302
    assert Disclosure.objects.count() == 0


def test_owner_grants_a_pending_disclosure_on_the_page(
    confidential_need, member, other_organisation, other_member, client_of, other_admin
):
    services.update_listing(
        listing=confidential_need, updated_by=member, disclosure_needs_approval=True
    )
    disclosure = services.accept_nda(
        listing=confidential_need, organisation=other_organisation, accepted_by=other_admin
    )
    owner_page = client_of(member).get(f"/market/{confidential_need.pk}/")
    assert list(owner_page.context["disclosures"]) == [disclosure]
    response = client_of(member).post(
        f"/market/{confidential_need.pk}/disclosures/{disclosure.pk}/", {"decision": "grant"}
    )
    assert response.status_code == 302
    disclosure.refresh_from_db()
    assert disclosure.status == Disclosure.Status.GRANTED
    assert disclosure.decided_by == member


def test_another_organisation_cannot_decide_a_disclosure(
    confidential_need, member, other_organisation, other_member, other_admin, client_of
):
    services.update_listing(
        listing=confidential_need, updated_by=member, disclosure_needs_approval=True
    )
    disclosure = services.accept_nda(
        listing=confidential_need, organisation=other_organisation, accepted_by=other_admin
    )
    response = client_of(other_admin).post(
        f"/market/{confidential_need.pk}/disclosures/{disclosure.pk}/", {"decision": "grant"}
    )
    assert response.status_code == 404
    disclosure.refresh_from_db()
    assert disclosure.status == Disclosure.Status.PENDING


def test_the_disclosure_record_is_shown_to_the_owner_only(
    confidential_need, other_organisation, other_member, client_of, other_admin
):
    services.accept_nda(
        listing=confidential_need, organisation=other_organisation, accepted_by=other_admin
    )
    page = client_of(other_member).get(f"/market/{confidential_need.pk}/")
    assert list(page.context["disclosures"]) == []
    api = client_of(other_member).get(f"/api/market/listings/{confidential_need.pk}/disclosures")
    assert api.status_code == 404


# Chosen organisations, members only, drafts


@pytest.fixture
def chosen_listing(organisation, third_organisation):
    return make_listing(
        organisation=organisation,
        visibility=Listing.Visibility.CHOSEN,
        shared_with=[third_organisation],
        title_zh="选定机构可见",
    )


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 404),
        ("outsider", 404),
        ("other_member", 404),
        ("other_admin", 404),
        ("third_member", 200),
        ("member", 200),
        ("operator", 200),
    ],
)
def test_chosen_organisations_listing_is_seen_by_them_only(
    role, status, chosen_listing, user_for, client_of
):
    client = client_of(user_for(role))
    assert client.get(f"/market/{chosen_listing.pk}/").status_code == status
    assert client.get(f"/api/market/listings/{chosen_listing.pk}").status_code == status


@pytest.mark.parametrize("role", ["anonymous", "outsider", "other_member"])
def test_chosen_organisations_listing_is_missing_from_the_lists_of_others(
    role, chosen_listing, user_for, client_of
):
    client = client_of(user_for(role))
    assert client.get("/market/").context["page"].paginator.count == 0
    assert client.get("/api/market/listings/").json()["count"] == 0


def test_chosen_organisations_listing_is_listed_once_for_the_shared_organisation(
    organisation, third_organisation, third_member, client_of
):
    listing = make_listing(
        organisation=organisation,
        visibility=Listing.Visibility.CHOSEN,
        shared_with=[third_organisation, OrganisationFactory(), OrganisationFactory()],
    )
    response = client_of(third_member).get("/api/market/listings/")
    assert [item["id"] for item in response.json()["items"]] == [listing.pk]


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 404), ("other_member", 200), ("member", 200), ("operator", 200)],
)
def test_members_only_listing_is_hidden_from_anonymous_visitors(
    role, status, organisation, user_for, client_of
):
    listing = make_listing(organisation=organisation, visibility=Listing.Visibility.MEMBERS)
    client = client_of(user_for(role))
    assert client.get(f"/market/{listing.pk}/").status_code == status
    assert client.get(f"/api/market/listings/{listing.pk}").status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 404),
        ("outsider", 404),
        ("other_member", 404),
        ("other_admin", 404),
        ("member", 200),
        ("org_admin", 200),
        ("operator", 200),
    ],
)
def test_draft_is_seen_only_by_its_organisation_and_operators(
    role, status, organisation, user_for, client_of
):
    draft = make_listing(organisation=organisation, status=Listing.Status.DRAFT)
    client = client_of(user_for(role))
    assert client.get(f"/market/{draft.pk}/").status_code == status
    assert client.get(f"/api/market/listings/{draft.pk}").status_code == status


@pytest.mark.parametrize(
    "listing_status",
    [Listing.Status.UNDER_REVIEW, Listing.Status.CLOSED, Listing.Status.CLOSED_DEAL],
)
def test_listings_that_are_not_open_are_hidden_from_other_organisations(
    listing_status, organisation, other_member, client_of
):
    listing = make_listing(organisation=organisation, status=listing_status)
    assert client_of(other_member).get(f"/market/{listing.pk}/").status_code == 404
    assert client_of(None).get(f"/api/market/listings/{listing.pk}").status_code == 404


def test_a_listing_is_listed_once_for_a_user_of_no_organisation(
    organisation, member, outsider, client_of
):
    # A listing once shared with several organisations, then made public, keeps its
    # ``shared_with`` rows; the join must not repeat it.
    listing = make_listing(
        organisation=organisation,
        visibility=Listing.Visibility.CHOSEN,
        shared_with=[OrganisationFactory(), OrganisationFactory()],
    )
    services.update_listing(listing=listing, updated_by=member, visibility="public")
    response = client_of(outsider).get("/api/market/listings/")
    assert [item["id"] for item in response.json()["items"]] == [listing.pk]
    assert selectors.count_visible_listings(viewer=outsider, organisation_id=organisation.pk) == {
        "need": 0,
        "offer": 1,
    }


def test_turning_a_listing_confidential_withdraws_reasons_quoting_its_details(
    organisation, member, sepsis_offer, other_member, client_of
):
    # The need's public face (title, summary) says nothing about sepsis; only its details
    # do. Matched while public, the offer's side got reasons quoting those details. Once
    # the need is confidential and matched again, no current reason may quote them.
    need = make_listing(
        organisation=organisation,
        kind=Kind.CLINICAL,
        title_zh="寻求合作伙伴",
        summary_zh="欢迎联系。",
        description=f"需要快速检测脓毒症病原体的床旁核酸扩增方法 {SECRET}",
        clinical_problem="sepsis pathogens isothermal amplification POCT",
    )
    reset_index()
    run_matching_for_listing(listing_id=need.pk)
    services.update_listing(
        listing=need,
        updated_by=member,
        visibility=Listing.Visibility.CONFIDENTIAL,
        nda_terms=NDA_TERMS,
    )
    run_matching_for_listing(listing_id=need.pk)
    api = client_of(other_member).get(f"/api/matching/listings/{sepsis_offer.pk}/matches")
    assert without_secret(json_text(api)) is True
