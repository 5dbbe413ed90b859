"""The listing form as people fill it in: clinical order, sections, conditional fields, contacts."""

import pytest
from django.urls import reverse

from qiao.directory.models import Person
from qiao.directory.tests.factories import PersonFactory, make_member
from qiao.market.forms import ListingForm
from qiao.market.models import Kind, Listing
from qiao.market.tests.factories import make_listing

CLINICAL_ORDER = [
    "clinical_problem",
    "patient_population",
    "current_practice",
    "shortcomings",
    "desired_outcome",
    "frequency",
    "severity",
    "department",
    "hosts_validation",
    "ip_note",
    "confirms_no_patient_data",
]


@pytest.mark.django_db
def test_clinical_need_fields_come_in_clinical_order(member):
    form = ListingForm(kind=Kind.CLINICAL, user=member)
    names = list(form.fields)
    assert [n for n in names if n in CLINICAL_ORDER] == CLINICAL_ORDER
    # The need itself before its classification, owner and visibility.
    assert names.index("confirms_no_patient_data") < names.index("categories")
    assert names.index("categories") < names.index("contact") < names.index("visibility")


@pytest.mark.django_db
def test_every_visible_field_is_in_exactly_one_fieldset(member):
    for kind in Kind.values:
        form = ListingForm(kind=kind, user=member)
        placed = [field.name for fieldset in form.fieldsets() for field in fieldset.fields]
        visible = [field.name for field in form.visible_fields()]
        assert sorted(placed) == sorted(visible), kind


@pytest.mark.django_db
def test_poster_is_the_default_contact_and_everyone_of_the_organisation_is_offered(
    organisation, member, other_organisation
):
    poster = PersonFactory(name_zh="李医生")
    poster.user = member
    poster.save(update_fields=["user"])
    colleague = PersonFactory(name_zh="王护士", organisation=organisation)
    member_without_affiliation = PersonFactory(name_zh="赵工程师")
    member_without_affiliation.user = make_member(organisation)
    member_without_affiliation.save(update_fields=["user"])
    stranger = PersonFactory(name_zh="外单位", organisation=other_organisation)

    form = ListingForm(kind=Kind.CLINICAL, user=member)

    offered = set(form.fields["contact"].queryset)
    assert offered == {poster, colleague, member_without_affiliation}
    assert stranger not in offered
    assert form.initial["contact"] == poster.pk
    assert "（本人）" in form.fields["contact"].label_from_instance(poster)


@pytest.mark.django_db
def test_the_form_page_marks_nda_fields_as_confidential_only_and_uses_checkboxes(client, member):
    client.force_login(member)
    page = client.get(reverse("market:listing_create", args=[Kind.CLINICAL])).content.decode()

    assert 'data-when-field="visibility" data-when-values="confidential"' in page
    assert page.count('data-when-values="confidential"') == 2  # terms and approval
    assert 'data-when-values="chosen"' in page
    assert 'type="radio" name="visibility"' in page
    assert "<select multiple" not in page and 'class="checkbox-group"' in page
    assert page.index("临床问题") < page.index("患者人群") < page.index("科室")


@pytest.mark.django_db
def test_first_posting_links_the_poster_to_a_person_who_is_then_the_default_contact(
    organisation, member, operator
):
    assert not Person.objects.filter(user=member).exists()  # an account from before the link
    before = ListingForm(kind=Kind.CLINICAL, user=member)
    assert "contact" not in before.initial
    assert "保存时会将您加入名录" in str(before.fields["contact"].help_text)

    need = make_listing(
        organisation=organisation, kind=Kind.CLINICAL, by=member, status=Listing.Status.DRAFT
    )

    person = Person.objects.get(user=member)
    assert need.contact == person
    assert list(person.organisations.all()) == [organisation]
    form = ListingForm(kind=Kind.CLINICAL, user=member)
    assert form.initial["contact"] == person.pk
    # A contact the poster names stays theirs; an operator posting for a member gets no person.
    colleague = PersonFactory(name_zh="王护士", organisation=organisation)
    named = make_listing(
        organisation=organisation, by=member, contact=colleague, status=Listing.Status.DRAFT
    )
    assert named.contact == colleague
    make_listing(organisation=organisation, by=operator)
    assert not Person.objects.filter(user=operator).exists()
