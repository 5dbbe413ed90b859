"""The pool: search and pages for operators only, the letter, declarations, the graph."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from qiao.directory.models import OrganisationRelation
from qiao.directory.tests.factories import OrganisationFactory
from qiao.experts import graph, services
from qiao.experts.conflicts import Applicant, find_conflicts
from qiao.experts.models import Declaration, Expert
from qiao.experts.tests.factories import make_expert
from qiao.pipeline.models import Introduction, Project, ProjectProvider
from qiao.taxonomy.models import Term

pytestmark = pytest.mark.django_db


def test_operators_search_the_pool_by_field_and_name(client, operator):
    make_expert(fields="骨科 植入物")
    cardio = make_expert(fields="心血管 介入")
    client.force_login(operator)
    page = client.get("/experts/", {"q": "心血管"}).content.decode()
    assert cardio.person.name_zh in page
    assert "骨科" not in page


def test_members_get_404_for_the_pool_and_letters(client, member):
    expert = make_expert()
    client.force_login(member)
    assert client.get("/experts/").status_code == 404
    assert client.get(f"/experts/{expert.pk}/").status_code == 404
    assert client.get(f"/experts/{expert.pk}/letter/").status_code == 404


def test_the_appointment_letter_is_in_chinese_and_a_pdf(client, operator):
    expert = make_expert(fields="医学影像", letter_no="智库〔2026〕8号")
    client.force_login(operator)
    page = client.get(f"/experts/{expert.pk}/letter/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "聘书" in page and "医学影像" in page and "2028年12月31日" in page
    pdf = client.get(f"/experts/{expert.pk}/letter.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_a_term_cannot_end_before_it_starts():
    with pytest.raises(ValidationError):
        make_expert(term_start=date(2026, 1, 1), term_end=date(2025, 1, 1))


def test_members_cannot_appoint_and_an_expert_declares_their_own_interest(member):
    expert = make_expert()
    with pytest.raises(PermissionDenied):
        services.appoint_expert(by=member, person=expert.person, fields_zh="x", body="b",
                                term_start=date(2026, 1, 1), term_end=date(2027, 1, 1))  # fmt: skip
    company = OrganisationFactory()
    declaration = services.declare_interest(
        expert=expert, by=expert.person.user, kind=Declaration.Kind.SHARES, organisation=company
    )
    facts = graph.expert_facts(Expert.objects.get(pk=expert.pk))
    assert facts.declarations[0].org_id == str(company.pk)
    with pytest.raises(PermissionDenied):
        services.declare_interest(expert=expert, by=member, kind="board", organisation=company)
    with pytest.raises(ValidationError):
        services.declare_interest(expert=expert, by=None, kind="board")
    assert declaration.pk


def test_the_graph_reads_relations_introductions_and_joint_projects():
    today = timezone.localdate()
    hospital, company, cro = OrganisationFactory(), OrganisationFactory(), OrganisationFactory()
    expert = make_expert(organisation=hospital)
    OrganisationRelation.objects.create(source=hospital, target=company, kind="partner_of")
    Introduction.objects.create(requesting_organisation=hospital, receiving_organisation=cro)
    project = Project.objects.create(
        organisation=company, name_zh="联合项目",
        stage=Term.objects.filter(vocabulary="lifecycle_stage").first(),
    )  # fmt: skip
    ProjectProvider.objects.create(project=project, organisation=hospital)
    facts = graph.expert_facts(Expert.objects.get(pk=expert.pk))
    g = graph.graph_for({hospital.pk, company.pk, cro.pk}, today=today)
    found = find_conflicts(facts, Applicant("a", frozenset({str(company.pk)})), g, today=today)
    assert [c.code for c in found] == ["relation", "project"]
    found = find_conflicts(facts, Applicant("a", frozenset({str(cro.pk)})), g, today=today)
    assert [c.code for c in found] == ["introduction"]


def test_the_window_is_a_setting(settings):
    settings.QIAO_CONFLICT_YEARS = 1
    assert graph.conflict_years() == 1
    hospital, company = OrganisationFactory(), OrganisationFactory()
    OrganisationRelation.objects.create(
        source=hospital, target=company, kind="partner_of",
        ended_on=timezone.localdate() - timedelta(days=500),
    )  # fmt: skip
    expert = make_expert(organisation=hospital)
    today = timezone.localdate()
    facts = graph.expert_facts(Expert.objects.get(pk=expert.pk))
    g = graph.graph_for({hospital.pk}, today=today)
    app = Applicant("a", frozenset({str(company.pk)}))
    assert find_conflicts(facts, app, g, today=today, years=1) == []
    assert find_conflicts(facts, app, g, today=today, years=3)[0].code == "relation"
