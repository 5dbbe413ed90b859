"""Excel import and export cover every part of an organisation (issue 13, point 9):
credentials, capabilities, departments, relations, key figures and the investment focus,
with the same row-level errors and the same all-or-nothing guarantee."""

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from qiao.directory import excel, services
from qiao.directory.models import (
    Capability,
    Credential,
    Department,
    InvestorFocus,
    KeyFigure,
    Organisation,
    OrganisationRelation,
)
from qiao.directory.tests.factories import OrganisationFactory, term
from qiao.directory.tests.test_excel import make_workbook
from qiao.taxonomy.models import Vocabulary

pytestmark = pytest.mark.django_db


def run(data: bytes, by=None) -> excel.ImportResult:
    upload = SimpleUploadedFile("d.xlsx", data, content_type=excel.CONTENT_TYPE)
    return excel.import_workbook(upload=upload, by=by)


def sheets_of(stream) -> dict[str, list[tuple]]:
    workbook = openpyxl.load_workbook(io.BytesIO(stream.read()))
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in workbook.worksheets}


@pytest.fixture
def company(operator):
    company = OrganisationFactory(name_zh="伯杰医疗")
    hospital = OrganisationFactory(name_zh="奉贤区中心医院")
    parts = [
        (
            Credential,
            {
                "kind": "registration",
                "number": "沪械注准2020",
                "title": "检测试剂盒",
                "device_class": "III",
                "issued_on": date(2020, 5, 1),
            },
        ),
        (Capability, {"kind": "platform", "name_zh": "分子诊断平台"}),
        (Department, {"name_zh": "检验科", "key_specialty_level": "municipal"}),
        (
            OrganisationRelation,
            {"target": hospital, "kind": "partner_of", "started_on": date(2021, 3, 17)},
        ),
        (
            KeyFigure,
            {
                "label_zh": "专利",
                "value": 78,
                "unit_zh": "项",
                "source": "年报",
                "counts": "patent",
            },
        ),
    ]
    for model, data in parts:
        services.add_part(organisation=company, by=operator, model=model, data=data)
    return company


def test_the_export_holds_every_part_and_imports_back_unchanged(company, operator):
    sheets = sheets_of(excel.export_organisations())

    assert ("伯杰医疗", "注册证", "沪械注准2020", "检测试剂盒", "第三类", None, "有效") == sheets[
        "资质"
    ][1][:7]
    assert sheets["平台与服务"][1][:3] == ("伯杰医疗", "技术平台", "分子诊断平台")
    assert sheets["科室"][1][:4] == ("伯杰医疗", "检验科", None, "市级")
    assert sheets["机构关系"][1][:3] == ("伯杰医疗", "合作伙伴", "奉贤区中心医院")
    assert sheets["关键数据"][1][:4] == ("伯杰医疗", "专利", None, 78)
    assert sheets["关键数据"][1][7:] == ("年报", "专利")

    workbook = openpyxl.load_workbook(io.BytesIO(excel.export_organisations().read()))
    output = io.BytesIO()
    workbook.save(output)
    result = run(output.getvalue(), by=operator)

    assert result.errors == []
    assert result.summary.parts_created == result.summary.parts_updated == 0
    assert result.summary.parts_unchanged == 5


def test_rows_add_and_update_parts_of_stored_and_new_organisations(company, operator):
    data = make_workbook(
        机构=[["中文名称*", "类型*"], ["桥创投基金", "投资机构"]],
        资质=[
            ["机构*", "类型*", "编号", "产品或名称*", "管理类别", "器械分类", "状态", "发证日期"],
            ["伯杰医疗", "专利", "ZL2021", "核酸检测装置", "", "", "申请中", "2021-06-01"],
            ["伯杰医疗", "注册证", "沪械注准2020", "检测试剂盒（新版）", "第三类", "", "", ""],
        ],
        关键数据=[["机构*", "名称*", "数值*", "来源"], ["伯杰医疗", "专利", "80", "2025年年报"]],
        投资偏好=[
            ["机构*", "最小单笔（万元）", "最大单笔（万元）", "投资阶段", "自述投资组合"],
            ["桥创投基金", "500", "3000", "样机；临床试验", "甲公司；乙公司"],
        ],
    )
    result = run(data, by=operator)

    assert result.errors == []
    assert (result.summary.parts_created, result.summary.parts_updated) == (2, 2)
    patent = company.credentials.get(kind="patent")
    assert (patent.number, patent.status, patent.issued_on) == (
        "ZL2021",
        "applied",
        date(2021, 6, 1),
    )
    assert company.credentials.get(number="沪械注准2020").title == "检测试剂盒（新版）"
    figure = company.key_figures.get()
    assert (figure.value, figure.source, figure.counts) == (Decimal(80), "2025年年报", "patent")
    focus = InvestorFocus.objects.get(organisation__name_zh="桥创投基金")
    assert (focus.ticket_min, focus.ticket_max) == (500, 3000)
    assert {t.code for t in focus.stages.all()} == {"prototype", "clinical_trial"}
    assert focus.portfolio_list == ["甲公司", "乙公司"]


def test_a_bad_part_row_is_reported_by_sheet_row_and_column_and_nothing_is_saved(company, operator):
    data = make_workbook(
        机构=[["中文名称*", "类型*"], ["新机构", "企业"]],
        资质=[
            ["机构*", "类型*", "编号", "产品或名称*", "管理类别"],
            ["伯杰医疗", "专利", "ZL1", "装置", "第三类"],
            ["没有的机构", "证书", "", "", ""],
        ],
        关键数据=[["机构*", "名称*", "数值*"], ["伯杰医疗", "员工", "很多"]],
        机构关系=[["机构*", "关系*", "相关机构*"], ["伯杰医疗", "合作伙伴", "伯杰医疗"]],
    )
    with translation.override("en"):
        result = run(data, by=operator)

    problems = {(e.sheet, e.row, e.column): e.message for e in result.errors}
    assert ("资质", 2, "管理类别") in problems
    assert ("资质", 3, "机构") in problems and ("资质", 3, "类型") in problems
    assert ("资质", 3, "产品或名称") in problems
    assert problems[("关键数据", 2, "数值")] == "Write a number, e.g. 78 or 12.5."
    assert ("机构关系", 2, "相关机构") in problems
    assert not Organisation.objects.filter(name_zh="新机构").exists()
    assert company.credentials.count() == 1


def test_the_template_has_every_part_sheet():
    titles = openpyxl.load_workbook(io.BytesIO(excel.build_template().read())).sheetnames
    assert {"资质", "平台与服务", "科室", "机构关系", "关键数据", "投资偏好"} <= set(titles)
    assert term(Vocabulary.LIFECYCLE_STAGE, "prototype").name_zh == "样机"
