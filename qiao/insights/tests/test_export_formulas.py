"""Every insights export writes names as text: a name never becomes a formula in Excel."""

import datetime
from io import BytesIO

import pytest
from django.test import Client
from openpyxl import load_workbook

from qiao.directory.tests.factories import OrganisationFactory
from qiao.pipeline import services as pipeline

pytestmark = pytest.mark.django_db

PAYLOAD = '=HYPERLINK("http://evil.example","x")'


@pytest.mark.parametrize(
    "path", ["/insights/", "/insights/agreements/", "/insights/brokers/", "/insights/network/"]
)
def test_a_formula_in_an_organisation_name_is_exported_as_text(operator, organisation, path):
    evil = OrganisationFactory(name_zh="=1+1 公司", short_name_zh=PAYLOAD)
    pipeline.create_agreement(
        created_by=operator,
        parties=[(organisation, "host"), (evil, "party")],
        kind="clinical_base",
        title_zh="@SUM(1+1)",
        signed_on=datetime.date(2024, 3, 17),
    )
    client = Client(headers={"accept-language": "zh-hans"})
    client.force_login(operator)
    response = client.get(f"{path}export.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(BytesIO(response.content))
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    texts = [c for c in cells if isinstance(c.value, str) and c.value[:1] in "=+-@"]
    assert all(c.data_type == "s" and c.quotePrefix for c in texts)
    if path == "/insights/network/":
        assert PAYLOAD in [c.value for c in texts]
