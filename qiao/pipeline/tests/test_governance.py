"""An agreement belongs to all its parties: its parties and confidentiality change only with
an operator's word or the consent of every organisation concerned, and its documents go only
to its parties and operators, whatever its confidentiality (issue 12, point 4)."""

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from qiao.core.audit import describe_entry
from qiao.directory.models import Membership
from qiao.directory.tests.factories import OrganisationFactory, make_member
from qiao.inbox.models import Notification
from qiao.pipeline import selectors, services
from qiao.pipeline.models import Agreement, AgreementChange, AgreementParty

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ADMIN = Membership.Role.ADMIN


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def client_of(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def company(organisation):
    return organisation


@pytest.fixture
def hospital(other_organisation):
    return other_organisation


@pytest.fixture
def hospital_admin(hospital):
    return make_member(hospital, role=ADMIN)


@pytest.fixture
def agreement(member, company, hospital):
    return services.create_agreement(
        created_by=member,
        parties=[(company, "party"), (hospital, "host")],
        kind="clinical_base",
        title_zh="临床研究基地",
        signed_on=datetime.date(2024, 3, 17),
        is_confidential=True,
    )


def parties_of(agreement) -> set[int]:
    return set(
        AgreementParty.objects.filter(agreement=agreement).values_list("organisation_id", flat=True)
    )


# --- the finding: a plain member could make it public or swap the parties -------------------


def test_a_plain_member_cannot_make_the_agreement_public_by_the_api(agreement, member):
    body = {"kind": "clinical_base", "title_zh": "临床研究基地", "signed_on": "2024-03-17"}
    url = f"/api/pipeline/agreements/{agreement.pk}"
    client = client_of(member)

    refused = client.put(url, json.dumps({**body, "is_confidential": False}), "application/json")
    changes = client.post(
        f"{url}/changes", json.dumps({"is_confidential": False}), "application/json"
    )

    assert refused.status_code in (403, 422)
    assert changes.status_code == 403
    assert Agreement.objects.get(pk=agreement.pk).is_confidential is True


def test_a_plain_member_cannot_swap_the_parties_by_the_api_or_the_page(
    agreement, member, company, hospital
):
    stranger = OrganisationFactory(name_zh="别家公司")
    url = f"/api/pipeline/agreements/{agreement.pk}"
    body = {
        "kind": "clinical_base",
        "title_zh": "临床研究基地",
        "signed_on": "2024-03-17",
        "parties": [
            {"organisation_id": company.pk, "role": "party"},
            {"organisation_id": stranger.pk, "role": "host"},
        ],
    }
    client = client_of(member)

    assert client.put(url, json.dumps(body), "application/json").status_code in (403, 422)
    assert client.get(f"/pipeline/agreements/{agreement.pk}/change/").status_code == 404
    page = client.post(
        f"/pipeline/agreements/{agreement.pk}/change/",
        {
            "party_a": company.name_zh,
            "party_a_role": "party",
            "party_b": stranger.name_zh,
            "party_b_role": "host",
        },
    )
    assert page.status_code == 404
    with pytest.raises(PermissionDenied):
        services.request_agreement_change(
            agreement=agreement,
            requested_by=member,
            parties=[(company, "party"), (stranger, "host")],
        )
    assert parties_of(agreement) == {company.pk, hospital.pk}


# --- consent ---------------------------------------------------------------------------------


def test_a_swap_waits_for_every_organisation_concerned_and_applies_with_the_last_consent(
    agreement, org_admin, company, hospital, hospital_admin, django_capture_on_commit_callbacks
):
    newcomer = OrganisationFactory(name_zh="新来的检测所")
    newcomer_admin = make_member(newcomer, role=ADMIN)

    with django_capture_on_commit_callbacks(execute=True):
        change = services.request_agreement_change(
            agreement=agreement,
            requested_by=org_admin,
            parties=[(company, "party"), (newcomer, "provider")],
            reason="医院退出",
        )

    assert change.status == AgreementChange.Status.PENDING
    assert parties_of(agreement) == {company.pk, hospital.pk}  # nothing changed yet
    asked = set(
        Notification.objects.filter(kind="agreement").values_list("recipient_id", flat=True)
    )
    assert asked == {hospital_admin.pk, newcomer_admin.pk}
    # The newcomer's admin sees the confidential agreement, to answer it.
    assert client_of(newcomer_admin).get(f"/pipeline/agreements/{agreement.pk}/").status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        services.answer_agreement_change(
            change=change, organisation=hospital, answered_by=hospital_admin, approve=True
        )
    assert parties_of(agreement) == {company.pk, hospital.pk}  # one answer still missing

    with django_capture_on_commit_callbacks(execute=True):
        page = client_of(newcomer_admin).post(
            f"/pipeline/agreements/{agreement.pk}/changes/{change.pk}/answer/",
            {"organisation": newcomer.pk, "answer": "approve"},
        )

    assert page.status_code == 302
    change.refresh_from_db()
    assert change.status == AgreementChange.Status.APPLIED
    assert parties_of(agreement) == {company.pk, newcomer.pk}
    # The hospital left with its consent; it no longer sees the confidential agreement.
    assert client_of(hospital_admin).get(f"/pipeline/agreements/{agreement.pk}/").status_code == 404
    with translation.override("zh-hans"):
        sentences = [
            s for e in selectors.list_agreement_audit_entries(agreement) for s in describe_entry(e)
        ]
    assert any("新来的检测所" in s and "添加" in s for s in sentences), sentences
    assert any("移除" in s for s in sentences), sentences
    assert Notification.objects.filter(recipient=org_admin, kind="agreement").exists()


def test_one_refusal_ends_the_change_and_nothing_moves(
    agreement, org_admin, company, hospital, hospital_admin
):
    change = services.request_agreement_change(
        agreement=agreement, requested_by=org_admin, is_confidential=False
    )

    response = client_of(hospital_admin).post(
        f"/pipeline/agreements/{agreement.pk}/changes/{change.pk}/answer/",
        {"organisation": hospital.pk, "answer": "refuse", "reason": "合同保密"},
    )

    assert response.status_code == 302
    change.refresh_from_db()
    assert change.status == AgreementChange.Status.REFUSED
    assert Agreement.objects.get(pk=agreement.pk).is_confidential is True
    with pytest.raises(ValidationError):  # answered already
        services.answer_agreement_change(
            change=change, organisation=hospital, answered_by=hospital_admin, approve=True
        )


def test_only_an_admin_of_the_organisation_asked_answers_for_it(
    agreement, org_admin, member, company, hospital, hospital_admin
):
    change = services.request_agreement_change(
        agreement=agreement, requested_by=org_admin, is_confidential=False
    )
    hospital_member = make_member(hospital)

    for user in (hospital_member, member, org_admin):  # a plain member; the other side
        with pytest.raises(PermissionDenied):
            services.answer_agreement_change(
                change=change, organisation=hospital, answered_by=user, approve=True
            )
    page = client_of(org_admin).post(
        f"/pipeline/agreements/{agreement.pk}/changes/{change.pk}/answer/",
        {"organisation": hospital.pk, "answer": "approve"},
    )
    assert page.status_code == 404
    assert Agreement.objects.get(pk=agreement.pk).is_confidential is True


def test_an_operators_word_applies_the_change_at_once(agreement, operator, company):
    university = OrganisationFactory()

    change = services.request_agreement_change(
        agreement=agreement,
        requested_by=operator,
        parties=[(company, "party"), (university, "party")],
        is_confidential=False,
    )

    assert change.status == AgreementChange.Status.APPLIED
    assert parties_of(agreement) == {company.pk, university.pk}
    assert Agreement.objects.get(pk=agreement.pk).is_confidential is False


def test_one_change_waits_at_a_time_and_its_requester_may_withdraw_it(
    agreement, org_admin, hospital_admin
):
    change = services.request_agreement_change(
        agreement=agreement, requested_by=org_admin, is_confidential=False
    )
    with pytest.raises(ValidationError):
        services.request_agreement_change(
            agreement=agreement, requested_by=hospital_admin, is_confidential=False
        )
    with pytest.raises(PermissionDenied):
        services.withdraw_agreement_change(change=change, withdrawn_by=hospital_admin)

    services.withdraw_agreement_change(change=change, withdrawn_by=org_admin)

    change.refresh_from_db()
    assert change.status == AgreementChange.Status.WITHDRAWN


def test_the_api_asks_and_answers(agreement, org_admin, hospital, hospital_admin):
    url = f"/api/pipeline/agreements/{agreement.pk}/changes"
    asked = client_of(org_admin).post(
        url, json.dumps({"is_confidential": False, "reason": "公开宣传"}), "application/json"
    )
    assert asked.status_code == 201, asked.content
    assert asked.json()["status"] == "pending"
    assert {c["decision"] for c in asked.json()["consents"]} == {"approved", "pending"}

    answered = client_of(hospital_admin).post(
        f"{url}/{asked.json()['id']}/answer",
        json.dumps({"organisation_id": hospital.pk, "approve": True}),
        "application/json",
    )

    assert answered.status_code == 200, answered.content
    assert answered.json()["status"] == "applied"
    assert Agreement.objects.get(pk=agreement.pk).is_confidential is False


# --- documents -------------------------------------------------------------------------------


@pytest.fixture
def public_with_contract(operator, company, hospital):
    agreement = services.create_agreement(
        created_by=operator,
        parties=[(company, "party"), (hospital, "host")],
        kind="clinical_base",
        title_zh="公开的协议",
        signed_on=datetime.date(2024, 3, 17),
    )
    document = services.add_agreement_document(
        agreement=agreement,
        upload=SimpleUploadedFile("合同.pdf", PDF, content_type="application/pdf"),
        uploaded_by=operator,
    )
    return agreement, document


def test_a_public_agreements_documents_go_only_to_its_parties_and_operators(
    public_with_contract, member, operator
):
    agreement, document = public_with_contract
    url = f"/pipeline/agreements/{agreement.pk}/documents/{document.pk}/"
    outsider = make_member(OrganisationFactory())

    assert client_of(None).get(url).status_code == 404
    assert client_of(outsider).get(url).status_code == 404
    assert client_of(member).get(url).status_code == 200
    assert client_of(operator).get(url).status_code == 200


def test_the_page_and_the_api_list_documents_only_for_parties(public_with_contract, member):
    agreement, _document = public_with_contract
    outsider = make_member(OrganisationFactory())

    page = client_of(None).get(f"/pipeline/agreements/{agreement.pk}/")
    api = client_of(outsider).get(f"/api/pipeline/agreements/{agreement.pk}")
    listed = client_of(None).get("/api/pipeline/agreements/")
    mine = client_of(member).get(f"/api/pipeline/agreements/{agreement.pk}")

    assert page.status_code == 200
    assert "合同.pdf" not in page.content.decode()
    assert api.json()["documents"] == []
    assert [row["documents"] for row in listed.json()["items"]] == [[]]
    assert [d["original_name"] for d in mine.json()["documents"]] == ["合同.pdf"]
