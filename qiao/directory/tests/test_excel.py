import io

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from stdnum.cn import uscc

from qiao.core.search import filter_by_search
from qiao.directory import excel, imports, services
from qiao.directory.models import Affiliation, Credential, ImportJob, Organisation, Person
from qiao.directory.tests.factories import OrganisationFactory, PersonFactory, term
from qiao.taxonomy.models import Vocabulary

IMPORT_URL = reverse("directory:import")
ORGANISATION_HEADERS = [
    "中文名称*",
    "英文名称",
    "中文简称",
    "英文简称",
    "别名",
    "类型*",
    "省份",
    "城市",
    "区县",
    "地址",
    "网址",
    "成立年份",
    "中文简介",
    "英文简介",
    "器械类别",
    "技术领域",
    "治疗领域",
    "所处阶段",
    "公开范围",
    "统一社会信用代码",
]
PERSON_HEADERS = ["姓名*", "英文名", "所属机构*", "职务", "专业领域", "智库专家", "邮箱", "电话"]
MODERN_MODEL_MEDTECH = "上海启明医疗器械有限公司"


def credit_code(n: int) -> str:
    """A valid unified social credit code (GB 32100 check digit) numbered ``n``."""
    base = f"12310000{n:09d}"
    return base + uscc.calc_check_digit(base)


HUASHAN_CODE = credit_code(1)


@pytest.fixture(autouse=True)
def _imports_run_at_once(monkeypatch):
    """The worker's part, run in the test: the job is imported as soon as it is stored.
    (test_imports.py checks the queueing itself.)"""
    monkeypatch.setattr(imports.transaction, "on_commit", lambda fn, **kwargs: fn())
    monkeypatch.setattr(imports, "enqueue_import", imports.run_import)


def make_workbook(**sheets: list[list]) -> bytes:
    """Return .xlsx bytes with one sheet per keyword: title → rows (header row first)."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def upload(client: Client, data: bytes, name: str = "directory.xlsx"):
    file = SimpleUploadedFile(name, data, content_type=excel.CONTENT_TYPE)
    return client.post(IMPORT_URL, {"workbook": file}, follow=True)


def read_download(response) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def rows_of(sheet) -> list[tuple]:
    return list(sheet.iter_rows(values_only=True))


def client_for(user, language: str = "en") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.fixture
def operator_client(operator):
    return client_for(operator)


def error_rows(response) -> list[tuple]:
    return [(e.sheet, e.row, e.column, e.message) for e in response.context["errors"]]


def found(model, query: str) -> list[int]:
    return list(filter_by_search(model.objects.all(), query).values_list("pk", flat=True))


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_template_has_the_chinese_headers_and_allowed_values(operator_client):
    response = operator_client.get(reverse("directory:import_template"))

    assert response.status_code == 200
    assert response["Content-Type"] == excel.CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="qiao-import-template.xlsx"'
    workbook = read_download(response)
    assert workbook.sheetnames == [
        "机构",
        "人员",
        "资质",
        "平台与服务",
        "科室",
        "机构关系",
        "关键数据",
        "投资偏好",
        "说明",
        "可选值",
    ]
    assert rows_of(workbook["机构"]) == [tuple(ORGANISATION_HEADERS)]
    assert rows_of(workbook["人员"]) == [tuple(PERSON_HEADERS)]
    values = rows_of(workbook["可选值"])
    assert values[0][:7] == (
        "类型",
        "器械类别",
        "技术领域",
        "治疗领域",
        "所处阶段",
        "公开范围",
        "智库专家",
    )
    assert [row[0] for row in values[1:13]] == [
        "医院",
        "企业",
        "高校",
        "科研院所",
        "CRO",
        "CDMO",
        "检验检测机构",
        "投资机构",
        "产业园区",
        "联盟/协会",
        "政府部门",
        "创新平台/中心",
    ]
    assert values[1][5:7] == ("公开", "是")
    assert values[1][7:9] == ("注册证", "第一类")  # the part sheets' lists, "资质·类型" …
    instructions = [row[0] for row in rows_of(workbook["说明"])]
    assert "Columns marked * are required." in instructions[2]
    assert "医院    hospital    Hospital" in instructions
    kind_lists = [v for v in workbook["机构"].data_validations.dataValidation if v.type == "list"]
    assert [(str(v.sqref), v.formula1) for v in kind_lists] == [
        ("F2:F1048576", "'可选值'!$A$2:$A$13"),
        ("S2:S1048576", "'可选值'!$F$2:$F$3"),
    ]


@pytest.mark.django_db
def test_good_import_creates_tagged_organisations_and_affiliated_people(operator_client):
    stored = OrganisationFactory(
        name_zh="复旦大学附属中山医院", kind=term("organisation_kind", "hospital")
    )
    data = make_workbook(
        机构=[
            ORGANISATION_HEADERS,
            [
                MODERN_MODEL_MEDTECH,
                "Shanghai Qiming Medical Devices",
                "启明医疗",
                None,
                "启明；Qiming Med",
                "企业",
                "上海市",
                "上海市",
                "闵行区",
                "申长路 1 号",
                "www.qiming.example.cn",
                2015,
                "专注神经介入器械",
                None,
                "神经和心血管手术器械",
                "neurointervention；医学影像",
                "Cerebrovascular disease",
                None,
                "仅会员",
            ],
            [
                "苏州伯杰检测有限公司",
                None,
                None,
                None,
                None,
                "testing_lab",
                "江苏省",
                "苏州市",
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
            ],
        ],
        人员=[
            PERSON_HEADERS,
            [
                "李明",
                "Li Ming",
                MODERN_MODEL_MEDTECH,
                "首席技术官",
                "神经介入器械设计",
                "是",
                "Li.Ming@Qiming.example.cn",
                13800000000,
            ],
            ["王芳", None, "复旦大学附属中山医院", "主任医师", None, "否", None, None],
        ],
    )

    response = upload(operator_client, data)

    job = ImportJob.objects.get()
    assert response.redirect_chain == [(f"{IMPORT_URL}{job.pk}/", 302)]
    assert job.status == ImportJob.Status.SUCCEEDED and not job.file
    assert messages_of(response) == [
        "Import finished. Organisations: 2 created, 0 updated, 0 unchanged. "
        "People: 2 created, 0 updated, 0 unchanged. "
        "Parts (credentials, capabilities, departments, relations, key figures, "
        "investment focus): 0 added, 0 updated, 0 unchanged."
    ]
    qiming = Organisation.objects.get(name_zh=MODERN_MODEL_MEDTECH)
    assert qiming.kind.code == "company"
    assert qiming.aliases == "启明\nQiming Med"
    assert qiming.website == "https://www.qiming.example.cn"
    assert qiming.founded_year == 2015
    assert qiming.visibility == Organisation.Visibility.MEMBERS
    assert sorted((t.vocabulary, t.code) for t in qiming.terms.all()) == [
        ("device_category", "03"),
        ("technology_area", "medical_imaging"),
        ("technology_area", "neurointervention"),
        ("therapeutic_area", "cerebrovascular"),
    ]
    bojie = Organisation.objects.get(name_zh="苏州伯杰检测有限公司")
    assert (bojie.kind.code, bojie.visibility) == ("testing_lab", "public")
    li = Person.objects.get(name_zh="李明")
    assert (li.name_en, li.email, li.phone, li.is_think_tank_expert) == (
        "Li Ming",
        "Li.Ming@Qiming.example.cn",
        "13800000000",
        True,
    )
    assert list(li.affiliations.values_list("organisation__name_zh", "title_zh", "is_primary")) == [
        (MODERN_MODEL_MEDTECH, "首席技术官", True)
    ]
    wang = Person.objects.get(name_zh="王芳")
    assert list(wang.affiliations.values_list("organisation_id", "title_zh")) == [
        (stored.pk, "主任医师")
    ]
    assert found(Organisation, "启明") == [qiming.pk]
    assert found(Organisation, "神经介入") == [qiming.pk]
    assert found(Person, "启明医疗") == [li.pk]


@pytest.mark.django_db
def test_bad_rows_are_reported_by_row_and_column_and_nothing_is_saved(operator_client):
    year = timezone.now().year
    organisation_count, person_count = Organisation.objects.count(), Person.objects.count()
    data = make_workbook(
        机构=[
            ORGANISATION_HEADERS,
            ["良好行医疗科技有限公司", None, None, None, None, "企业"] + [None] * 13,
            [
                "坏行一",
                None,
                None,
                None,
                None,
                "医馆",
                None,
                None,
                None,
                None,
                "not a url",
                "1700",
                None,
                None,
                "不存在的类别",
                None,
                None,
                None,
                None,
            ],
            [
                None,
                None,
                None,
                None,
                None,
                "企业",
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                "秘密",
            ],
            ["良好行医疗科技有限公司", None, None, None, None, "企业"] + [None] * 13,
        ],
        人员=[
            PERSON_HEADERS,
            ["赵六", None, "不存在的机构", None, None, "也许", "not-an-email", None],
            ["钱七", None, "良好行医疗科技有限公司", None, None, None, None, None],
        ],
    )

    response = upload(operator_client, data)

    assert response.status_code == 200
    assert ImportJob.objects.get().status == ImportJob.Status.FAILED
    assert error_rows(response) == [
        (
            "机构",
            3,
            "类型",
            "Unknown organisation kind “医馆”; use a name or code listed on sheet 说明.",
        ),
        ("机构", 3, "网址", "Enter a valid URL."),
        ("机构", 3, "成立年份", f"Write the year as four digits, between 1800 and {year}."),
        (
            "机构",
            3,
            "器械类别",
            "Unknown tag “不存在的类别”; use a name or code listed on sheet 可选值.",
        ),
        ("机构", 4, "中文名称", "This value is required."),
        ("机构", 4, "公开范围", "Write 公开 (public) or 仅会员 (members only)."),
        ("机构", 5, "中文名称", "The same name is in row 2."),
        ("人员", 2, "所属机构", "No organisation named “不存在的机构” in Qiao or on sheet 机构."),
        ("人员", 2, "智库专家", "Write 是 (yes) or 否 (no)."),
        ("人员", 2, "邮箱", "Enter a valid email address."),
    ]
    assert "The workbook has 10 problems. Nothing was saved." in response.content.decode()
    assert Organisation.objects.count() == organisation_count
    assert Person.objects.count() == person_count
    assert not Organisation.objects.filter(name_zh="良好行医疗科技有限公司").exists()


@pytest.mark.django_db
def test_year_limit_is_this_year(operator_client):
    year = timezone.now().year
    data = make_workbook(
        机构=[
            ORGANISATION_HEADERS,
            ["未来公司", None, None, None, None, "企业", None, None, None, None, None, year + 1],
        ]
    )

    response = upload(operator_client, data)

    assert error_rows(response) == [
        ("机构", 2, "成立年份", f"Write the year as four digits, between 1800 and {year}."),
    ]


@pytest.mark.django_db
def test_errors_are_in_the_active_language(operator):
    row = ["赵六", None, "不存在", None, None, None, "x@", None]
    data = make_workbook(人员=[PERSON_HEADERS, row])

    response = upload(client_for(operator, language="zh-hans"), data)

    assert error_rows(response)[1] == ("人员", 2, "邮箱", "请输入有效的邮箱地址。")


@pytest.mark.django_db
def test_missing_required_column_is_reported_on_the_header_row(operator_client):
    data = make_workbook(机构=[["中文名称", "英文名称"], ["某公司", "Some Co."]])

    response = upload(operator_client, data)

    assert error_rows(response) == [
        ("机构", 1, "类型", "This required column is missing from the header row."),
    ]


@pytest.mark.django_db
def test_export_then_import_changes_nothing_and_edited_export_updates(operator_client):
    hospital = OrganisationFactory(
        name_zh="复旦大学附属华山医院",
        short_name_zh="华山医院",
        aliases="华山\nHuashan",
        kind=term("organisation_kind", "hospital"),
        website="https://www.huashan.org.cn",
        founded_year=1907,
        description_zh="=SUM(A1) 不是公式",
        terms=[term("therapeutic_area", "neurology"), term("lifecycle_stage", "clinical_trial")],
        visibility=Organisation.Visibility.MEMBERS,
        credit_code=HUASHAN_CODE,
    )
    company = OrganisationFactory(terms=[term("device_category", "ivd")])
    PersonFactory(organisation=hospital, title_zh="主任", email="doc@huashan.example.cn")
    PersonFactory(organisation=company, is_think_tank_expert=True)
    PersonFactory(email="unaffiliated@example.org")
    before = {o.pk: o.updated_at for o in Organisation.objects.all()}

    organisations = operator_client.get(reverse("directory:export_organisations"))
    people = operator_client.get(reverse("directory:export_people"))

    assert organisations["Content-Disposition"].startswith(
        'attachment; filename="qiao-organisations-'
    )
    assert people["Content-Disposition"].startswith('attachment; filename="qiao-people-')
    organisation_book = read_download(organisations)
    exported = {row[0]: row for row in rows_of(organisation_book["机构"])[1:]}
    assert exported[company.name_zh] == (
        company.name_zh,
        company.name_en,
        None,
        None,
        None,
        "企业",
        "上海市",
        "上海市",
        "浦东新区",
        None,
        None,
        None,
        None,
        None,
        "体外诊断试剂",
        None,
        None,
        None,
        "公开",
        None,
    )
    assert exported[hospital.name_zh] == (
        "复旦大学附属华山医院",
        hospital.name_en,
        "华山医院",
        None,
        "华山；Huashan",
        "医院",
        "上海市",
        "上海市",
        "浦东新区",
        None,
        "https://www.huashan.org.cn",
        1907,
        "=SUM(A1) 不是公式",
        None,
        None,
        None,
        "神经系统疾病",
        "临床试验",
        "仅会员",
        HUASHAN_CODE,
    )
    people_book = read_download(people)
    organisation_bytes = io.BytesIO()
    organisation_book.save(organisation_bytes)
    people_bytes = io.BytesIO()
    people_book.save(people_bytes)

    first = upload(operator_client, organisation_bytes.getvalue())
    second = upload(operator_client, people_bytes.getvalue())

    assert messages_of(first) == [
        "Import finished. Organisations: 0 created, 0 updated, 2 unchanged. "
        "People: 0 created, 0 updated, 0 unchanged. "
        "Parts (credentials, capabilities, departments, relations, key figures, "
        "investment focus): 0 added, 0 updated, 0 unchanged."
    ]
    assert messages_of(second) == [
        "Import finished. Organisations: 0 created, 0 updated, 0 unchanged. "
        "People: 0 created, 0 updated, 3 unchanged. "
        "Parts (credentials, capabilities, departments, relations, key figures, "
        "investment focus): 0 added, 0 updated, 0 unchanged."
    ]
    assert {o.pk: o.updated_at for o in Organisation.objects.all()} == before
    assert Person.objects.count() == 3
    assert Affiliation.objects.count() == 2

    hospital_row = list(exported).index(hospital.name_zh) + 2
    organisation_book["机构"][f"B{hospital_row}"] = "Huashan Hospital, Fudan University"
    edited = io.BytesIO()
    organisation_book.save(edited)
    third = upload(operator_client, edited.getvalue())

    assert messages_of(third) == [
        "Import finished. Organisations: 0 created, 1 updated, 1 unchanged. "
        "People: 0 created, 0 updated, 0 unchanged. "
        "Parts (credentials, capabilities, departments, relations, key figures, "
        "investment focus): 0 added, 0 updated, 0 unchanged."
    ]
    hospital.refresh_from_db()
    assert hospital.name_en == "Huashan Hospital, Fudan University"
    assert sorted(t.code for t in hospital.terms.all()) == ["clinical_trial", "neurology"]
    assert found(Organisation, "huashan hospital") == [hospital.pk]


@pytest.mark.django_db
def test_credit_codes_are_checked_one_per_organisation_and_saved(operator_client):
    holder = OrganisationFactory(name_zh="已有代码的公司", credit_code=credit_code(7))
    header = ["中文名称*", "类型*", "统一社会信用代码"]
    good, typo = credit_code(8), credit_code(9)[:-1] + ("0" if credit_code(9)[-1] != "0" else "1")
    bad = make_workbook(
        机构=[
            header,
            ["甲医疗科技有限公司", "企业", good],
            ["乙医疗科技有限公司", "企业", good],
            ["丙医疗科技有限公司", "企业", typo],
            ["丁医疗科技有限公司", "企业", credit_code(7)],
        ]
    )

    response = upload(operator_client, bad)

    column = "统一社会信用代码"
    assert error_rows(response) == [
        ("机构", 3, column, "The same unified social credit code is in row 2."),
        (
            "机构",
            4,
            column,
            "The check digit of this unified social credit code does not match: check it.",
        ),
        ("机构", 5, column, "“已有代码的公司” already has this unified social credit code."),
    ]
    assert Organisation.objects.count() == 1

    # Written with spaces and in lower case, as people copy it: stored as 18 capitals.
    spaced = good.lower()[:8] + " " + good.lower()[8:]
    rows = [["甲医疗科技有限公司", "企业", spaced], [holder.name_zh, "企业", credit_code(7)]]
    upload(operator_client, make_workbook(机构=[header, *rows]))  # the holder keeps its own

    assert Organisation.objects.get(name_zh="甲医疗科技有限公司").credit_code == good
    exported = read_download(operator_client.get(reverse("directory:export_organisations")))
    codes = {row[0]: row[-1] for row in rows_of(exported["机构"])[1:]}
    assert codes == {"甲医疗科技有限公司": good, holder.name_zh: credit_code(7)}


@pytest.mark.django_db
def test_people_are_matched_by_email_then_by_name_and_organisation(operator_client, organisation):
    by_email = PersonFactory(name_zh="孙八", email="sun@example.org", organisation=organisation)
    by_name = PersonFactory(name_zh="周九", organisation=organisation, title_zh="工程师")
    data = make_workbook(
        人员=[
            PERSON_HEADERS,
            ["孙八", None, None, None, "影像算法", None, "SUN@example.org", None],
            ["周九", None, organisation.name_zh, "高级工程师", None, "是", None, None],
        ]
    )

    response = upload(operator_client, data)

    assert messages_of(response) == [
        "Import finished. Organisations: 0 created, 0 updated, 0 unchanged. "
        "People: 0 created, 2 updated, 0 unchanged. "
        "Parts (credentials, capabilities, departments, relations, key figures, "
        "investment focus): 0 added, 0 updated, 0 unchanged."
    ]
    by_email.refresh_from_db()
    by_name.refresh_from_db()
    assert (by_email.expertise, by_email.email) == ("影像算法", "sun@example.org")
    assert list(by_email.affiliations.values_list("organisation_id", flat=True)) == [
        organisation.pk
    ]
    assert by_name.is_think_tank_expert is True
    assert list(by_name.affiliations.values_list("title_zh", flat=True)) == ["高级工程师"]
    assert Person.objects.count() == 2


@pytest.mark.django_db
def test_duplicate_person_rows_are_reported(operator_client, organisation):
    data = make_workbook(
        人员=[
            PERSON_HEADERS,
            ["吴十", None, organisation.name_zh, None, None, None, None, None],
            ["吴十", None, organisation.name_zh, None, None, None, None, None],
            ["郑一", None, organisation.name_zh, None, None, None, "zheng@example.org", None],
            ["郑二", None, organisation.name_zh, None, None, None, "Zheng@example.org", None],
        ]
    )

    response = upload(operator_client, data)

    assert error_rows(response) == [
        ("人员", 3, "姓名", "The same person is in row 2."),
        ("人员", 5, "邮箱", "The same person is in row 4."),
    ]


@pytest.mark.django_db
def test_unchanged_tag_vocabularies_are_kept(operator_client):
    stored = OrganisationFactory(
        terms=[term("device_category", "ivd"), term("technology_area", "immunoassay")]
    )
    headers = ["中文名称", "类型", "技术领域"]
    data = make_workbook(机构=[headers, [stored.name_zh, "企业", "测序, 分子诊断"]])

    upload(operator_client, data)

    assert sorted(t.code for t in stored.terms.all()) == [
        "ivd",
        "molecular_diagnostics",
        "sequencing",
    ]


@pytest.mark.django_db
def test_corrupt_file_gives_a_clear_error(operator_client):
    count = Organisation.objects.count()

    response = upload(operator_client, b"PK\x03\x04 this is not really a workbook")

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "workbook": [
            "The file can't be read as an .xlsx workbook. Save it as an Excel workbook (.xlsx) "
            "and upload it again."
        ]
    }
    assert Organisation.objects.count() == count


@pytest.mark.django_db
def test_other_file_types_are_refused(operator_client):
    response = upload(operator_client, b"name,kind\n", name="directory.csv")

    assert response.context["form"].errors == {
        "workbook": [
            "The file can't be read as an .xlsx workbook. Save it as an Excel workbook (.xlsx) "
            "and upload it again."
        ]
    }


@pytest.mark.django_db
def test_workbook_without_data_sheets_is_refused(operator_client):
    response = upload(operator_client, make_workbook(Sheet1=[["名称"], ["某公司"]]))

    assert response.context["form"].errors == {
        "workbook": ["The workbook has no rows to import on sheet 机构 or 人员."]
    }


@pytest.mark.django_db
def test_too_large_file_is_refused(operator_client):
    response = upload(operator_client, b"\0" * (excel.MAX_UPLOAD_BYTES + 1))

    assert response.context["form"].errors == {
        "workbook": ["The file is larger than 10 MB. Split it into several files."]
    }


@pytest.mark.django_db
def test_too_many_rows_are_refused(operator_client, monkeypatch):
    monkeypatch.setattr(excel.reading, "MAX_ROWS", 2)  # the module that counts the rows
    rows = [["甲公司", "企业"], ["乙公司", "企业"], ["丙公司", "企业"]]

    response = upload(operator_client, make_workbook(机构=[["中文名称", "类型"], *rows]))

    assert response.context["form"].errors == {
        "workbook": ["Sheet 机构 has more than 2 rows. Split it into several files."]
    }
    assert Organisation.objects.count() == 0


@pytest.mark.django_db
def test_export_queries_do_not_grow_with_rows(operator_client, django_assert_max_num_queries):
    for index in range(30):
        organisation = OrganisationFactory(terms=[term(Vocabulary.DEVICE_CATEGORY, "ivd")])
        if index % 3 == 0:
            services.add_part(
                organisation=organisation,
                by=None,
                model=Credential,
                data={
                    "kind": "patent",
                    "title": "装置",
                    "category": term("device_category", "ivd"),
                },
            )

    # 8, plus one query per part sheet (资质 … 投资偏好, whose stages are prefetched).
    with django_assert_max_num_queries(8 + 7):
        response = operator_client.get(reverse("directory:export_organisations"))
        workbook = read_download(response)

    assert len(rows_of(workbook["机构"])) == 31
    assert len(rows_of(workbook["资质"])) == 11


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["import", "import_template", "export_organisations", "export_people"]
)
def test_pages_are_hidden_from_non_operators(name, member, org_admin):
    url = reverse(f"directory:{name}")

    assert client_for(member).get(url).status_code == 404
    assert client_for(org_admin).get(url).status_code == 404
    anonymous = Client().get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"] == f"{reverse('accounts:login')}?next={url}"


@pytest.mark.django_db
def test_import_page_links_the_template_and_exports(operator_client):
    response = operator_client.get(IMPORT_URL)

    assert response.status_code == 200
    html = response.content.decode()
    for name in ("import_template", "export_organisations", "export_people"):
        assert f'href="{reverse(f"directory:{name}")}"' in html
    assert '<label for="id_workbook">Excel workbook (.xlsx)' in html
    assert 'aria-describedby="workbook-help"' in html


@pytest.mark.django_db
def test_person_at_an_organisation_on_both_sheets_is_not_duplicated(operator_client, organisation):
    PersonFactory(name_zh="陈一", organisation=organisation, title_zh="总经理")
    data = make_workbook(
        机构=[["中文名称", "类型"], [organisation.name_zh, "企业"]],
        人员=[["姓名", "所属机构", "职务"], ["陈一", organisation.name_zh, "总经理"]],
    )

    response = upload(operator_client, data)

    assert messages_of(response) == [
        "Import finished. Organisations: 0 created, 0 updated, 1 unchanged. "
        "People: 0 created, 0 updated, 1 unchanged. "
        "Parts (credentials, capabilities, departments, relations, key figures, "
        "investment focus): 0 added, 0 updated, 0 unchanged."
    ]
    assert Person.objects.filter(name_zh="陈一").count() == 1
