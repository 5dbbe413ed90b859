"""A monthly statement's Excel file writes instrument and organisation names as text."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from qiao.lab import services
from qiao.lab.tests.factories import at, make_equipment

pytestmark = pytest.mark.django_db

PAYLOAD = '=HYPERLINK("http://evil.example","x")'


def test_a_formula_in_an_instrument_name_is_exported_as_text(
    client_of, organisation, operator, org_admin, other_member, other_organisation
):
    instrument = make_equipment(organisation=organisation, by=operator, name_zh=PAYLOAD)
    day = datetime.date(2031, 3, 10)
    booking = services.book_equipment(
        equipment=instrument, booked_by=other_member, organisation=other_organisation,
        starts_at=at(day, 9), units=1, now=at(day, 8),
    )  # fmt: skip
    services.record_usage(booking=booking, minutes=60, recorded_by=org_admin, now=at(day, 12))

    export = client_of(other_member).get(f"/lab/statements/{other_organisation.pk}/2031-3.xlsx")

    assert export.status_code == 200
    cells = [c for row in load_workbook(io.BytesIO(export.content)).active.iter_rows() for c in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    (name,) = [c for c in cells if c.value == PAYLOAD]
    assert (name.data_type, name.quotePrefix) == ("s", True)
