"""Agreements: who records them, who sees them, and their documents."""

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from qiao.directory.models import Membership
from qiao.directory.tests.factories import OrganisationFactory, UserFactory, make_member
from qiao.pipeline import services
from qiao.pipeline.models import Agreement, AgreementDocument, AgreementParty, Introduction

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def client_of(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def record(by, a, b, **fields) -> Agreement:
    fields.setdefault("kind", Agreement.Kind.CLINICAL_BASE)
    fields.setdefault("title_zh", "临床研究基地合作协议")
    fields.setdefault("signed_on", datetime.date(2026, 3, 17))
    return services.create_agreement(
        created_by=by,
        parties=[(a, AgreementParty.Role.HOST), (b, AgreementParty.Role.PARTY)],
        **fields,
    )


@pytest.fixture
def confidential(operator, organisation, other_organisation):
    return record(operator, organisation, other_organisation, is_confidential=True, amount=2e9)


def test_a_member_records_an_agreement_of_their_own_organisation(
    member, organisation, other_organisation
):
    agreement = record(member, organisation, other_organisation, project_count=24)

    assert agreement.created_by == member
    assert agreement.project_count == 24
    assert sorted(agreement.parties.values_list("role", flat=True)) == ["host", "party"]


def test_a_member_cannot_record_an_agreement_between_others(member):
    with pytest.raises(PermissionDenied):
        record(member, OrganisationFactory(), OrganisationFactory())
    assert Agreement.objects.count() == 0


def test_an_agreement_needs_two_different_parties(operator, organisation):
    with pytest.raises(ValidationError):
        record(operator, organisation, organisation)
    assert Agreement.objects.count() == 0


@pytest.mark.parametrize(
    ("who", "sees"),
    [("anonymous", False), ("outsider", False), ("party", True), ("operator", True)],
)
def test_a_confidential_agreement_is_seen_by_its_parties_and_operators_only(
    who, sees, confidential, operator, organisation
):
    user = {
        "anonymous": None,
        "outsider": make_member(OrganisationFactory()),
        "party": make_member(organisation, role=Membership.Role.MEMBER),
        "operator": operator,
    }[who]
    page = client_of(user).get(f"/pipeline/agreements/{confidential.pk}/")
    api = client_of(user).get(f"/api/pipeline/agreements/{confidential.pk}")
    listed = client_of(user).get("/api/pipeline/agreements/").json()["items"]

    assert page.status_code == (200 if sees else 404)
    assert api.status_code == (200 if sees else 404)
    assert [a["id"] for a in listed] == ([confidential.pk] if sees else [])


def test_a_public_agreement_is_listed_for_everyone(operator, organisation, other_organisation):
    public = record(operator, organisation, other_organisation)

    listed = Client().get("/api/pipeline/agreements/").json()["items"]

    assert [a["id"] for a in listed] == [public.pk]


def test_a_pdf_is_attached_and_served_only_to_those_who_see_the_agreement(
    confidential, organisation, member
):
    upload = SimpleUploadedFile("协议.pdf", PDF, content_type="application/pdf")
    document = services.add_agreement_document(
        agreement=confidential, upload=upload, uploaded_by=member
    )
    path = f"/pipeline/agreements/{confidential.pk}/documents/{document.pk}/"

    served = client_of(member).get(path)
    hidden = client_of(make_member(OrganisationFactory())).get(path)

    assert document.original_name == "协议.pdf"
    assert "协议" not in document.file.name  # stored under a random name
    assert b"".join(served.streaming_content) == PDF
    assert "attachment" in served["Content-Disposition"]
    assert hidden.status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("run.exe", b"MZ\x90\x00", "Upload a PDF"),
        ("fake.pdf", b"MZ\x90\x00 not a pdf", "does not match"),
        ("big.pdf", PDF + b"0" * (1024 * 1024 + 1), "larger than"),
    ],
)
def test_bad_documents_are_refused_with_a_clear_message(
    confidential, member, settings, name, content, message
):
    settings.QIAO_MAX_DOCUMENT_MB = 1
    upload = SimpleUploadedFile(name, content)

    with translation.override("en"), pytest.raises(ValidationError, match=message):
        services.add_agreement_document(agreement=confidential, upload=upload, uploaded_by=member)
    assert AgreementDocument.objects.count() == 0


def test_recording_the_agreement_of_an_introduction_marks_it_signed(
    operator, organisation, other_organisation
):
    introduction = Introduction.objects.create(
        requesting_organisation=organisation,
        receiving_organisation=other_organisation,
        broker=operator,
        status=Introduction.Status.NEGOTIATING,
    )

    record(operator, organisation, other_organisation, introduction=introduction)

    introduction.refresh_from_db()
    assert introduction.status == Introduction.Status.AGREEMENT_SIGNED
    assert introduction.events.get().new_value == "agreement_signed"


def test_the_form_records_an_agreement_by_organisation_names(
    member, organisation, other_organisation
):
    response = client_of(member).post(
        "/pipeline/agreements/new/",
        {
            "kind": "joint_rd",
            "title_zh": "联合研发协议",
            "signed_on": "2026-03-17",
            "currency": "CNY",
            "amount": "30000000",
            "party_a": organisation.name_zh,
            "party_a_role": "party",
            "party_b": other_organisation.name_zh,
            "party_b_role": "party",
        },
    )

    agreement = Agreement.objects.get()
    assert response.status_code == 302
    assert agreement.amount == 30000000
    assert set(agreement.parties.values_list("organisation_id", flat=True)) == {
        organisation.pk,
        other_organisation.pk,
    }


def test_the_form_names_an_unknown_organisation_and_saves_nothing(member, organisation):
    response = client_of(member).post(
        "/pipeline/agreements/new/",
        {
            "kind": "joint_rd",
            "title_zh": "联合研发协议",
            "signed_on": "2026-03-17",
            "currency": "CNY",
            "party_a": organisation.name_zh,
            "party_a_role": "party",
            "party_b": "不存在的公司",
            "party_b_role": "party",
        },
    )

    assert response.status_code == 200
    assert "party_b" in response.context["form"].errors
    assert Agreement.objects.count() == 0


def test_the_api_creates_an_agreement_and_uploads_a_document(
    operator, organisation, other_organisation
):
    client = client_of(operator)
    created = client.post(
        "/api/pipeline/agreements/",
        data=json.dumps(
            {
                "kind": "investment",
                "title_zh": "A轮投资协议",
                "signed_on": "2026-05-01",
                "amount": "50000000",
                "parties": [
                    {"organisation_id": organisation.pk, "role": "investor"},
                    {"organisation_id": other_organisation.pk, "role": "investee"},
                ],
            }
        ),
        content_type="application/json",
    )
    agreement_id = created.json()["id"]
    uploaded = client.post(
        f"/api/pipeline/agreements/{agreement_id}/documents",
        {"file": SimpleUploadedFile("signed.pdf", PDF)},
    )

    assert created.status_code == 201
    assert [p["role"] for p in created.json()["parties"]] == ["investor", "investee"]
    assert uploaded.status_code == 201
    assert uploaded.json()["original_name"] == "signed.pdf"


def test_the_api_refuses_an_unknown_party_with_the_error_shape(operator, organisation):
    response = client_of(operator).post(
        "/api/pipeline/agreements/",
        data=json.dumps(
            {
                "kind": "licence",
                "title_zh": "许可协议",
                "signed_on": "2026-05-01",
                "parties": [{"organisation_id": organisation.pk}, {"organisation_id": 999999}],
            }
        ),
        content_type="application/json",
    )

    assert response.status_code == 422
    assert "parties" in response.json()["errors"]
    assert Agreement.objects.count() == 0


def test_agreement_pages_stay_within_their_query_budget(
    operator, organisation, other_organisation, django_assert_max_num_queries
):
    for _ in range(5):
        record(operator, organisation, other_organisation)
    client = client_of(UserFactory())
    with django_assert_max_num_queries(8):
        assert client.get("/pipeline/agreements/").status_code == 200
