"""Every pipeline service audits what it writes, in core's trail (issue 12, point 1)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from qiao.core.audit import AuditEntry
from qiao.directory.models import Membership
from qiao.directory.tests.factories import OrganisationFactory, make_member
from qiao.market.tests.factories import make_listing
from qiao.matching.models import Match
from qiao.pipeline import services
from qiao.taxonomy.models import Term, Vocabulary

pytestmark = pytest.mark.django_db

D = datetime.date
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def stage(code):
    return Term.objects.get(vocabulary=Vocabulary.LIFECYCLE_STAGE, code=code)


def test_every_pipeline_service_writes_an_audit_entry(
    settings, tmp_path, operator, org_admin, organisation, other_organisation
):
    settings.MEDIA_ROOT = tmp_path
    hospital_admin = make_member(other_organisation, role=Membership.Role.ADMIN)
    need = make_listing(organisation=organisation, kind="clinical", title_zh="需求")
    offer = make_listing(organisation=other_organisation, title_zh="技术")
    match = Match.objects.create(listing=need, counterpart_listing=offer, score=1, rank=1)
    other_match = Match.objects.create(
        listing=need, counterpart_organisation=OrganisationFactory(), score=1, rank=2
    )
    state = {}

    def intro():
        return state["introduction"]

    def agreement():
        return state["agreement"]

    def project():
        return state["project"]

    calls = {
        "request_introduction": lambda: services.request_introduction(
            match=other_match, requested_by=org_admin
        ),
        "propose_introduction_from_match": lambda: state.update(
            introduction=services.propose_introduction_from_match(match=match, broker=operator)
        ),
        "take_introduction": lambda: services.take_introduction(
            introduction=services.request_introduction(match=other_match, requested_by=org_admin),
            broker=operator,
        ),
        "record_introduction_after_meeting": lambda: (
            services.introductions.record_introduction_after_meeting(
                requesting_organisation_id=organisation.pk,
                receiving_organisation_id=other_organisation.pk,
                broker=operator,
            )
        ),
        "change_introduction_status": lambda: services.change_introduction_status(
            introduction=intro(), status="accepted", changed_by=hospital_admin
        ),
        "set_next_action": lambda: services.set_next_action(
            introduction=intro(), next_action="寄样", due=None, set_by=org_admin
        ),
        "post_message": lambda: services.post_message(
            introduction=intro(), author=org_admin, body="您好"
        ),
        "create_agreement": lambda: state.update(
            agreement=services.create_agreement(
                created_by=org_admin,
                parties=[(organisation, "party"), (other_organisation, "host")],
                kind="joint_rd",
                title_zh="联合研发",
                signed_on=D(2025, 1, 1),
            )
        ),
        "update_agreement": lambda: services.update_agreement(
            agreement=agreement(), updated_by=org_admin, title_zh="联合研发协议"
        ),
        "add_agreement_document": lambda: services.add_agreement_document(
            agreement=agreement(),
            upload=SimpleUploadedFile("合同.pdf", PDF, content_type="application/pdf"),
            uploaded_by=org_admin,
        ),
        "request_agreement_change": lambda: state.update(
            change=services.request_agreement_change(
                agreement=agreement(), requested_by=org_admin, is_confidential=True
            )
        ),
        "withdraw_agreement_change": lambda: services.withdraw_agreement_change(
            change=state["change"], withdrawn_by=org_admin
        ),
        "answer_agreement_change": lambda: services.answer_agreement_change(
            change=services.request_agreement_change(
                agreement=agreement(), requested_by=org_admin, is_confidential=True
            ),
            organisation=other_organisation,
            answered_by=hospital_admin,
            approve=True,
        ),
        "create_project": lambda: state.update(
            project=services.create_project(
                created_by=org_admin,
                organisation=organisation,
                stage=stage("prototype"),
                entered_on=D(2024, 1, 1),
                name_zh="样机",
            )
        ),
        "update_project": lambda: services.update_project(
            project=project(), updated_by=org_admin, name_zh="样机二代"
        ),
        "change_project_stage": lambda: services.change_project_stage(
            project=project(),
            stage=stage("type_testing"),
            entered_on=D(2025, 1, 1),
            changed_by=org_admin,
        ),
        "add_milestone": lambda: services.add_milestone(
            project=project(), added_by=org_admin, kind="type_testing", reached_on=D(2025, 2, 1)
        ),
        "add_provider": lambda: services.add_provider(
            project=project(), organisation=other_organisation, service="cro", added_by=org_admin
        ),
        "add_funding_round": lambda: services.add_funding_round(
            project=project(),
            investors=[],
            added_by=org_admin,
            round="a",
            closed_on=D(2025, 3, 1),
        ),
    }
    unaudited = []
    for name, call in calls.items():
        before = AuditEntry.objects.count()
        call()
        if AuditEntry.objects.count() == before:
            unaudited.append(name)

    assert unaudited == []
    assert len(calls) == 19
