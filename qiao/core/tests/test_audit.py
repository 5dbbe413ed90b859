"""The audit trail: who changed what and when, shown to operators only."""

import datetime

import pytest
from django.test import Client

from qiao.core.audit import AuditEntry, list_audit_entries
from qiao.directory.tests.factories import OrganisationFactory
from qiao.market import services as market_services
from qiao.market.models import Listing
from qiao.market.tests.factories import make_listing
from qiao.pipeline import services as pipeline_services
from qiao.taxonomy.models import Term, Vocabulary

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_listing_edit_records_each_changed_field_and_nothing_for_the_rest(member, organisation):
    listing = make_listing(organisation=organisation, by=member, status=Listing.Status.DRAFT)

    market_services.update_listing(
        listing=listing, updated_by=member, title_zh="新标题", province=listing.province
    )
    market_services.update_listing(listing=listing, updated_by=member, province=listing.province)

    entries = list(list_audit_entries(listing))
    assert [e.action for e in entries] == ["created", "changed"]
    assert entries[1].actor == member
    assert entries[1].changes == {"title_zh": ["测试列表", "新标题"]}


def test_status_changes_and_disclosures_are_in_the_listing_trail(
    operator, organisation, other_organisation, django_user_model
):
    from qiao.directory.tests.factories import make_member

    listing = make_listing(
        organisation=organisation, by=operator, visibility=Listing.Visibility.CONFIDENTIAL
    )
    outsider = make_member(other_organisation, role="admin")
    market_services.accept_nda(
        listing=listing, organisation=other_organisation, accepted_by=outsider
    )

    changes = [e.changes for e in list_audit_entries(listing)]
    assert ["draft", "published"] in [c.get("status") for c in changes]
    assert any("disclosures" in c for c in changes)


def test_the_history_is_shown_to_operators_not_to_the_owner(operator, member, organisation):
    listing = make_listing(organisation=organisation, by=operator)

    as_operator = client_of(operator).get(f"/market/{listing.pk}/")
    as_owner = client_of(member).get(f"/market/{listing.pk}/")

    assert 'data-testid="audit-trail"' in as_operator.content.decode()
    assert 'data-testid="audit-trail"' not in as_owner.content.decode()


def test_agreement_documents_and_project_steps_are_recorded(operator, organisation):
    agreement = pipeline_services.create_agreement(
        created_by=operator,
        parties=[(organisation, "party"), (OrganisationFactory(), "party")],
        kind="licence",
        title_zh="许可协议",
        signed_on=datetime.date(2026, 1, 1),
    )
    stage = Term.objects.get(vocabulary=Vocabulary.LIFECYCLE_STAGE, code="prototype")
    later = Term.objects.get(vocabulary=Vocabulary.LIFECYCLE_STAGE, code="type_testing")
    project = pipeline_services.create_project(
        created_by=operator,
        organisation=organisation,
        stage=stage,
        entered_on=datetime.date(2025, 1, 1),
        name_zh="样机",
    )
    pipeline_services.change_project_stage(
        project=project, stage=later, entered_on=datetime.date(2025, 6, 1), changed_by=operator
    )

    assert [e.action for e in list_audit_entries(agreement)] == ["created"]
    assert [e.action for e in list_audit_entries(project)] == ["created", "changed"]
    assert AuditEntry.objects.filter(actor=operator).count() == 3
