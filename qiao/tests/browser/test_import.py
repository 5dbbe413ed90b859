"""The operator's Excel import, driven through the page with a workbook built from its template."""

import re

import openpyxl
import pytest
from playwright.sync_api import expect

from qiao.directory import imports
from qiao.directory.models import ImportJob, Organisation, Person
from qiao.directory.tests.factories import UserFactory

pytestmark = pytest.mark.browser

BOJIE = {
    "中文名称": "上海伯杰医疗科技股份有限公司",
    "英文名称": "Shanghai Bojie Medical Technology Co., Ltd.",
    "中文简称": "伯杰医疗",
    "类型": "企业",
    "成立年份": 2006,
    "技术领域": "体外诊断",
}
HOSPITAL = {"中文名称": "上海市奉贤区中心医院", "类型": "医院", "成立年份": 1950}
PERSON = {"姓名": "赵百慧", "所属机构": "上海伯杰医疗科技股份有限公司", "职务": "总经理"}


@pytest.fixture
def operator(page, sign_in):
    user = UserFactory(is_operator=True, is_staff=True, full_name="运营人员")
    sign_in(user)
    return user


def download_template(page, tmp_path):
    page.goto("/directory/import/")
    with page.expect_download() as download:
        page.locator("main a[href='/directory/import/template.xlsx']").click()
    path = tmp_path / "template.xlsx"
    download.value.save_as(path)
    return path


def fill_in(template, rows_by_sheet, tmp_path):
    """Write the rows under the template's own header row, matching headers by name."""
    workbook = openpyxl.load_workbook(template)
    for title, rows in rows_by_sheet.items():
        sheet = workbook[title]
        headers = [str(cell.value).rstrip("*") for cell in sheet[1]]
        for row in rows:
            sheet.append([row.get(header) for header in headers])
    path = tmp_path / "filled.xlsx"
    workbook.save(path)
    return path


def upload(page, path):
    page.locator("main input[type=file]").set_input_files(path)
    page.locator("main form[enctype='multipart/form-data'] button[type=submit]").click()


def run_the_worker(page):
    """Do the background worker's part once the page shows the queued import; the page,
    polling with htmx, then shows the outcome by itself."""
    expect(page.locator("[data-testid=import-job]")).to_be_visible()
    for job in ImportJob.objects.filter(status=ImportJob.Status.QUEUED):
        imports.run_import(job.pk)


def test_operator_imports_a_workbook_built_from_the_template(page, operator, tmp_path):
    template = download_template(page, tmp_path)
    workbook = fill_in(template, {"机构": [BOJIE, HOSPITAL], "人员": [PERSON]}, tmp_path)

    upload(page, workbook)
    run_the_worker(page)

    success = page.locator(".messages .message-success")
    expect(success).to_have_count(1)
    # Created, updated, unchanged for organisations, then people, then an organisation's parts
    # (credentials, key figures, ...; none in this workbook), whatever the language.
    counts = ["2", "0", "0", "1", "0", "0", "0", "0", "0"]
    assert re.findall(r"\d+", success.inner_text()) == counts
    expect(page.locator("[data-testid=import-errors]")).to_have_count(0)
    assert sorted(Organisation.objects.values_list("name_zh", flat=True)) == [
        "上海伯杰医疗科技股份有限公司",
        "上海市奉贤区中心医院",
    ]
    assert list(Person.objects.values_list("name_zh", flat=True)) == ["赵百慧"]

    page.goto("/directory/?q=体外诊断")
    expect(page.locator("#results .result h3 a")).to_have_text(["上海伯杰医疗科技股份有限公司"])


def test_bad_row_is_reported_by_row_and_column_and_nothing_is_saved(page, operator, tmp_path):
    template = download_template(page, tmp_path)
    bad_hospital = {**HOSPITAL, "成立年份": 99999}
    workbook = fill_in(template, {"机构": [BOJIE, bad_hospital], "人员": [PERSON]}, tmp_path)

    upload(page, workbook)
    run_the_worker(page)

    problems = page.locator("[data-testid=import-errors] tbody tr")
    expect(problems).to_have_count(1)
    expect(problems.locator("td").nth(0)).to_have_text("机构")
    expect(problems.locator("td").nth(1)).to_have_text("3")
    expect(problems.locator("td").nth(2)).to_have_text("成立年份")
    expect(page.locator("[data-testid=import-errors] [role=alert]")).to_be_visible()
    expect(page.locator(".messages .message-success")).to_have_count(0)
    assert Organisation.objects.count() == 0
    assert Person.objects.count() == 0


def test_file_that_is_not_a_workbook_is_refused_next_to_the_field(page, operator, tmp_path):
    not_a_workbook = tmp_path / "organisations.xlsx"
    not_a_workbook.write_text(
        "中文名称,类型\n上海伯杰医疗科技股份有限公司,企业\n", encoding="utf-8"
    )
    page.goto("/directory/import/")

    upload(page, not_a_workbook)

    expect(page.locator("main .field.has-error .errorlist[role=alert] li")).to_have_count(1)
    assert Organisation.objects.count() == 0
