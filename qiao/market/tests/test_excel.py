"""The Excel export of listings: one row per visible listing, text stays text."""

import io

import pytest
from openpyxl import load_workbook

from qiao.market.tests.factories import make_listing

pytestmark = pytest.mark.django_db


def rows(response) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return list(sheet.iter_rows(values_only=True))


def test_export_has_a_header_and_one_row_per_visible_listing(organisation, outsider, client_of):
    first = make_listing(organisation=organisation, title_zh="第一条")
    second = make_listing(organisation=organisation, title_zh="第二条")
    make_listing(organisation=organisation, title_zh="别人的草稿", status="draft")
    response = client_of(outsider).get("/market/export.xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="qiao-listings.xlsx"'
    table = rows(response)
    assert table[0][0] == "ID"
    assert sorted(row[0] for row in table[1:]) == sorted([first.pk, second.pk])


def test_export_follows_the_search_filters(organisation, member, client_of):
    wanted = make_listing(organisation=organisation, title_zh="脓毒症床旁检测")
    make_listing(organisation=organisation, title_zh="口腔种植体")
    table = rows(client_of(member).get("/market/export.xlsx", {"q": "脓毒症"}))
    assert [row[0] for row in table[1:]] == [wanted.pk]


def test_text_that_looks_like_a_formula_is_exported_as_text(organisation, member, client_of):
    # BUG qiao/market/excel.py: openpyxl writes strings starting with "=" as formulas
    # (spreadsheet formula injection); the directory export guards against it.
    make_listing(
        organisation=organisation,
        title_zh='=HYPERLINK("http://evil.example","点击查看")',
        summary_zh="=1+1",
    )
    sheet = load_workbook(io.BytesIO(client_of(member).get("/market/export.xlsx").content)).active
    title, summary = sheet[2][6], sheet[2][8]
    assert [title.data_type, summary.data_type].count("f") == 0
    assert sheet[2][6].value == '=HYPERLINK("http://evil.example","点击查看")'


def test_control_characters_do_not_break_the_export(organisation, member, client_of):
    # BUG qiao/market/excel.py: openpyxl raises IllegalCharacterError on control characters
    # (e.g. a vertical tab pasted from Word), so the whole export fails with a 500.
    make_listing(
        organisation=organisation, title_zh="带控制字符的标题", description="第一段\x0b第二段"
    )
    response = client_of(member).get("/market/export.xlsx")
    assert response.status_code == 200
    assert "第一段第二段" in [row[15] for row in rows(response)[1:]]


@pytest.mark.parametrize("payload", ["+1+1", "-1+1", "@SUM(1+1)", "\t=1+1", " =1+1"])
def test_every_formula_start_is_quoted(organisation, member, client_of, payload):
    make_listing(organisation=organisation, title_zh=payload)
    sheet = load_workbook(io.BytesIO(client_of(member).get("/market/export.xlsx").content)).active
    title = sheet[2][6]
    assert (title.value, title.data_type, title.quotePrefix) == (payload, "s", True)
