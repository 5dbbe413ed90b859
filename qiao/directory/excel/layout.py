"""The workbook's layout: sheets, columns, limits, choices as staff write them, results."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from qiao.directory.models import Organisation
from qiao.taxonomy.models import Vocabulary

ORGANISATION_SHEET = "机构"
PEOPLE_SHEET = "人员"
INSTRUCTIONS_SHEET = "说明"
VALUES_SHEET = "可选值"

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # an .xlsx is a zip: refuse zip bombs before parsing
# Per sheet. Every row goes through the services inside one request, about 6 ms a row on
# SQLite, so 2000 rows stay well inside gunicorn's default 30 s worker timeout.
MAX_ROWS = 2000
FIRST_YEAR = 1800
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

YES, NO = "是", "否"
VISIBILITY_LABELS = {
    Organisation.Visibility.PUBLIC: "公开",
    Organisation.Visibility.MEMBERS: "仅会员",
}
_BOOLEANS = {
    YES: True,
    NO: False,
    "yes": True,
    "no": False,
    "y": True,
    "n": False,
    "true": True,
    "false": False,
    "1": True,
    "0": False,
}
_TAG_SEPARATORS = re.compile(r"[;；,，\n]+")
_ALIAS_SEPARATORS = re.compile(r"[;；\n]+")


@dataclass(frozen=True)
class Column:
    """A column of a data sheet: its Chinese header and the field (or vocabulary) it fills."""

    header: str
    field: str
    required: bool = False
    width: int = 14


ORGANISATION_COLUMNS = (
    Column("中文名称", "name_zh", required=True, width=34),
    Column("英文名称", "name_en", width=34),
    Column("中文简称", "short_name_zh"),
    Column("英文简称", "short_name_en"),
    Column("别名", "aliases", width=24),
    Column("类型", "kind", required=True),
    Column("省份", "province", width=10),
    Column("城市", "city", width=10),
    Column("区县", "district", width=10),
    Column("地址", "address", width=30),
    Column("网址", "website", width=28),
    Column("成立年份", "founded_year", width=10),
    Column("中文简介", "description_zh", width=40),
    Column("英文简介", "description_en", width=40),
    Column("器械类别", Vocabulary.DEVICE_CATEGORY, width=24),
    Column("技术领域", Vocabulary.TECHNOLOGY_AREA, width=24),
    Column("治疗领域", Vocabulary.THERAPEUTIC_AREA, width=24),
    Column("所处阶段", Vocabulary.LIFECYCLE_STAGE, width=16),
    Column("公开范围", "visibility", width=10),
    # Last, so workbooks made before it existed still line up.
    Column("统一社会信用代码", "credit_code", width=22),
)
PERSON_COLUMNS = (
    Column("姓名", "name_zh", required=True, width=12),
    Column("英文名", "name_en", width=20),
    Column("所属机构", "organisation", required=True, width=34),
    Column("职务", "title_zh", width=20),
    Column("专业领域", "expertise", width=34),
    Column("智库专家", "is_think_tank_expert", width=10),
    Column("邮箱", "email", width=28),
    Column("电话", "phone", width=18),
)
TAG_VOCABULARIES = (
    Vocabulary.DEVICE_CATEGORY,
    Vocabulary.TECHNOLOGY_AREA,
    Vocabulary.THERAPEUTIC_AREA,
    Vocabulary.LIFECYCLE_STAGE,
)
_SHEETS = {ORGANISATION_SHEET: ORGANISATION_COLUMNS, PEOPLE_SHEET: PERSON_COLUMNS}


class WorkbookError(Exception):
    """The upload can't be read as a workbook at all; the message is for the user."""


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int
    column: str
    message: str


@dataclass
class ImportSummary:
    organisations_created: int = 0
    organisations_updated: int = 0
    organisations_unchanged: int = 0
    people_created: int = 0
    people_updated: int = 0
    people_unchanged: int = 0
    parts_created: int = 0
    parts_updated: int = 0
    parts_unchanged: int = 0


@dataclass
class ImportResult:
    """Either ``errors`` (and nothing was saved) or the ``summary`` of what was saved."""

    errors: list[RowError] = field(default_factory=list)
    summary: ImportSummary = field(default_factory=ImportSummary)


def _columns(title: str) -> tuple[Column, ...]:
    from qiao.directory.excel_parts import SHEETS

    return _SHEETS[title] if title in _SHEETS else SHEETS[title].columns


def _sheet_titles() -> list[str]:
    from qiao.directory.excel_parts import SHEETS

    return [*_SHEETS, *SHEETS]
