from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from qiao.core.search import filter_by_search
from qiao.directory import services
from qiao.directory.models import Capability, Organisation, OrganisationRelation


def _generate(orgs: int = 300, seed: int = 7) -> str:
    out = StringIO()
    call_command("generate_cluster", orgs=orgs, seed=seed, batch=120, stdout=out)
    return out.getvalue()


def _marker(organisation: Organisation) -> str:
    """Return the "G0000042" part that ends both names of a generated organisation."""
    return organisation.name_en.rsplit("(", 1)[1].rstrip(")")


@pytest.mark.django_db
def test_creates_the_requested_organisations_in_batches():
    output = _generate()

    assert Organisation.objects.count() == 300
    assert output.splitlines()[0].startswith("120/300 organisations, ")
    assert output.splitlines()[-1].startswith(
        "generated 300 organisations, 1,203 tags, 53 capabilities and 147 relations in "
    )


@pytest.mark.django_db
def test_creates_tags_capabilities_and_relations():
    _generate()

    assert Organisation.terms.through.objects.count() == 1203
    assert Capability.objects.count() == 53
    assert OrganisationRelation.objects.count() == 147
    assert OrganisationRelation.objects.filter(target__kind__code="park").count() == (
        OrganisationRelation.objects.filter(kind="located_in").count()
    )


@pytest.mark.django_db
def test_every_row_has_a_search_document():
    _generate()

    assert Organisation.objects.filter(search_document="").count() == 0


@pytest.mark.django_db
def test_search_document_is_what_the_service_computes():
    _generate()
    organisation = Organisation.objects.filter(capabilities__isnull=False).first()
    generated = organisation.search_document

    services.reindex_organisation(organisation=organisation)

    organisation.refresh_from_db()
    assert organisation.search_document == generated


@pytest.mark.django_db
def test_generated_rows_are_found_by_search():
    _generate()
    first, last = Organisation.objects.order_by("id")[0], Organisation.objects.order_by("-id")[0]
    everything = Organisation.objects.all()

    assert list(filter_by_search(everything, _marker(first))) == [first]
    assert list(filter_by_search(everything, _marker(last))) == [last]
    assert last in filter_by_search(everything, last.name_zh)
    assert first in filter_by_search(everything, first.short_name_en)


@pytest.mark.django_db
def test_running_again_adds_new_names():
    _generate()

    _generate()

    assert Organisation.objects.count() == 600
    assert Organisation.objects.values("name_zh").distinct().count() == 600


def test_refuses_to_run_in_production(settings):
    settings.PRODUCTION = True

    with pytest.raises(CommandError):
        _generate()
