import pytest

from qiao.directory.models import Organisation
from qiao.directory.tests.factories import OrganisationFactory


@pytest.mark.django_db
def test_organisation_factory_fills_search_document():
    organisation = OrganisationFactory(
        name_zh="上海伯杰医疗科技股份有限公司", short_name_zh="伯杰医疗"
    )
    stored = Organisation.objects.get(pk=organisation.pk)
    assert "伯杰" in stored.search_document.split()
    assert "bojie" in stored.search_document.split()
