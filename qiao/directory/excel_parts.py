"""The parts of an organisation in the directory workbook: one sheet per part.

Credentials (资质), capabilities (平台与服务), departments (科室), relations (机构关系), key
figures (关键数据) and the investment focus (投资偏好) each have a sheet whose first column
names the organisation (its 中文名称, stored or on sheet 机构). A row updates the part with
the same key (a credential by kind and number, or title; the others by name, relation or
label), or adds one; blank cells leave stored values unchanged and nothing is deleted. Every
row is checked before anything is written, with the same row-level errors, and written in
the import's one transaction through the directory services (``excel.import_workbook``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from qiao.directory import services
from qiao.directory.excel import (
    TAG_VOCABULARIES,
    Column,
    RowError,
    _as_errors,
    _key,
    _parse_tags,
    _Row,
    _Sheet,
    _TermIndex,
)
from qiao.directory.models import (
    Capability,
    Credential,
    Department,
    InvestorFocus,
    KeyFigure,
    Organisation,
    OrganisationRelation,
    RelationKind,
)
from qiao.taxonomy.models import Term, Vocabulary

OWNER = "机构"

# Chinese labels of the choices, as staff write them (the codes are accepted too).
CREDENTIAL_KINDS = {
    Credential.Kind.REGISTRATION: "注册证",
    Credential.Kind.FILING: "备案",
    Credential.Kind.PATENT: "专利",
    Credential.Kind.SOFTWARE_COPYRIGHT: "软件著作权",
}
DEVICE_CLASSES = {"I": "第一类", "II": "第二类", "III": "第三类"}
CREDENTIAL_STATUSES = {
    Credential.Status.APPLIED: "申请中",
    Credential.Status.GRANTED: "有效",
    Credential.Status.EXPIRED: "失效",
}
CAPABILITY_KINDS = {Capability.Kind.PLATFORM: "技术平台", Capability.Kind.SERVICE: "服务"}
SPECIALTY_LEVELS = {
    Department.SpecialtyLevel.NATIONAL: "国家级",
    Department.SpecialtyLevel.PROVINCIAL: "省级",
    Department.SpecialtyLevel.MUNICIPAL: "市级",
    Department.SpecialtyLevel.DISTRICT: "区级",
}
RELATION_KINDS = {
    RelationKind.AFFILIATED_HOSPITAL_OF: "附属医院",
    RelationKind.MEMBER_OF: "成员单位",
    RelationKind.LOCATED_IN: "入驻",
    RelationKind.FOUNDED_BY: "创办方",
    RelationKind.PARTNER_OF: "合作伙伴",
    RelationKind.PART_OF: "下属机构",
}


@dataclass(frozen=True)
class PartSheet:
    title: str
    model: type[models.Model]
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # the fields that find the stored part of the same organisation


def _c(header: str, field: str, required: bool = False, width: int = 14) -> Column:
    return Column(header, field, required, width)


PART_SHEETS = (
    PartSheet(
        "资质",
        Credential,
        (
            _c(OWNER, "organisation", True, 34),
            _c("类型", "kind", True, 12),
            _c("编号", "number", width=22),
            _c("产品或名称", "title", True, 30),
            _c("管理类别", "device_class", width=10),
            _c("器械分类", "category", width=20),
            _c("状态", "status", width=10),
            _c("发证日期", "issued_on", width=12),
        ),
        ("kind", "number", "title"),
    ),
    PartSheet(
        "平台与服务",
        Capability,
        (
            _c(OWNER, "organisation", True, 34),
            _c("类型", "kind", True, 10),
            _c("中文名称", "name_zh", True, 28),
            _c("英文名称", "name_en", width=28),
            _c("技术领域", "technology_area", width=20),
            _c("说明", "description", width=40),
        ),
        ("kind", "name_zh"),
    ),
    PartSheet(
        "科室",
        Department,
        (
            _c(OWNER, "organisation", True, 34),
            _c("中文名称", "name_zh", True, 20),
            _c("英文名称", "name_en", width=28),
            _c("重点专科", "key_specialty_level", width=10),
            _c("说明", "description", width=40),
        ),
        ("name_zh",),
    ),
    PartSheet(
        "机构关系",
        OrganisationRelation,
        (
            _c(OWNER, "source", True, 34),
            _c("关系", "kind", True, 12),
            _c("相关机构", "target", True, 34),
            _c("开始日期", "started_on", width=12),
            _c("结束日期", "ended_on", width=12),
            _c("备注", "note", width=30),
        ),
        ("target", "kind"),
    ),
    PartSheet(
        "关键数据",
        KeyFigure,
        (
            _c(OWNER, "organisation", True, 34),
            _c("名称", "label_zh", True, 16),
            _c("英文名称", "label_en", width=20),
            _c("数值", "value", True, 10),
            _c("单位", "unit_zh", width=8),
            _c("英文单位", "unit_en", width=10),
            _c("截至日期", "as_of", width=12),
            _c("来源", "source", width=24),
            _c("对应资质", "counts", width=12),
        ),
        ("label_zh",),
    ),
    PartSheet(
        "投资偏好",
        InvestorFocus,
        (
            _c(OWNER, "organisation", True, 34),
            _c("最小单笔（万元）", "ticket_min", width=14),
            _c("最大单笔（万元）", "ticket_max", width=14),
            _c("投资阶段", "stages", width=24),
            _c("自述投资组合", "portfolio", width=40),
        ),
        (),
    ),
)
SHEETS = {sheet.title: sheet for sheet in PART_SHEETS}
CHOICE_LABELS: dict[tuple[type, str], dict[Any, str]] = {
    (Credential, "kind"): CREDENTIAL_KINDS,
    (Credential, "device_class"): DEVICE_CLASSES,
    (Credential, "status"): CREDENTIAL_STATUSES,
    (Capability, "kind"): CAPABILITY_KINDS,
    (Department, "key_specialty_level"): SPECIALTY_LEVELS,
    (OrganisationRelation, "kind"): RELATION_KINDS,
    (KeyFigure, "counts"): CREDENTIAL_KINDS,
}
TERM_FIELDS = {
    (Credential, "category"): Vocabulary.DEVICE_CATEGORY,
    (Capability, "technology_area"): Vocabulary.TECHNOLOGY_AREA,
    (InvestorFocus, "stages"): Vocabulary.LIFECYCLE_STAGE,
}


def _owner_field(sheet: PartSheet) -> str:
    return sheet.columns[0].field


def _names_organisation(sheet: PartSheet, name: str) -> bool:
    """The owner column, or a relation's other organisation (a key figure's "source" is
    text)."""
    return name == _owner_field(sheet) or (sheet.model is OrganisationRelation and name == "target")


# --- Writing ---------------------------------------------------------------------------


def export_rows(sheet: PartSheet) -> Iterator[list[Any]]:
    """Every stored part of the sheet's kind, in its columns, by organisation."""
    owner = _owner_field(sheet)
    parts = sheet.model.objects.select_related(owner).order_by(f"{owner}__name_zh", "pk")
    related = [c.field for c in sheet.columns if (sheet.model, c.field) in TERM_FIELDS]
    if sheet.model is OrganisationRelation:
        parts = parts.select_related("target")
    for name in related:
        field = sheet.model._meta.get_field(name)
        parts = parts.prefetch_related(name) if field.many_to_many else parts.select_related(name)
    for part in parts.iterator(chunk_size=2000) if not related else parts:
        yield [_cell(sheet, part, column.field) for column in sheet.columns]


def _cell(sheet: PartSheet, part, name: str) -> Any:
    value = getattr(part, name)
    labels = CHOICE_LABELS.get((sheet.model, name))
    if _names_organisation(sheet, name):
        return value.name_zh
    if labels is not None:
        return labels.get(value, value)
    if (sheet.model, name) in TERM_FIELDS:
        terms = value.all() if hasattr(value, "all") else ([value] if value else [])
        return "；".join(term.name_zh for term in terms)
    if isinstance(value, Decimal):
        return value.normalize() if value == value.to_integral() else value
    if name == "portfolio":
        return "；".join(part.portfolio_list)
    return value if value is not None else ""


def instruction_lines() -> list[str]:
    names = "、".join(sheet.title for sheet in PART_SHEETS)
    return [
        _(
            "Sheets %(sheets)s hold the parts of organisations; the first column (机构) names "
            "the organisation by its 中文名称, stored in Qiao or on sheet 机构."
        )
        % {"sheets": names},
        _(
            "A row changes the part with the same key (a credential by 类型 and 编号, or 产品或名称; "
            "a capability by 类型 and 中文名称; a department by 中文名称; a relation by 关系 and "
            "相关机构; a key figure by 名称) or adds one. Parts are never deleted by an import."
        ),
        _(
            "Dates as 2025-03-17. 关键数据: 数值 is a number; 来源 says where a stated figure "
            "comes from; 对应资质 names the kind of credential it counts (e.g. 专利)."
        ),
    ]


def allowed_values(sheet: PartSheet) -> dict[str, list[str]]:
    """Drop-down values of this sheet's single-valued choice columns."""
    allowed = {}
    for column in sheet.columns:
        labels = CHOICE_LABELS.get((sheet.model, column.field))
        if labels is not None:
            allowed[column.header] = list(labels.values())
    return allowed


# --- Checking --------------------------------------------------------------------------


@dataclass
class PartPlan:
    sheet: PartSheet
    row: int
    owner_name: str
    fields: dict[str, Any]


def _parse_choice(text: str, labels: dict[Any, str]) -> str:
    for value, label in labels.items():
        if _key(text) in {_key(label), _key(str(value))}:
            return str(value)
    raise ValidationError(_("Write one of: %(values)s.") % {"values": "、".join(labels.values())})


def _parse_date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text.split(" ")[0].replace("/", "-"))
    except ValueError as error:
        raise ValidationError(_("Write the date as 2025-03-17.")) from error


def _parse_number(text: str) -> Decimal:
    try:
        value = Decimal(text.replace(",", "").replace("，", ""))
    except InvalidOperation as error:
        raise ValidationError(_("Write a number, e.g. 78 or 12.5.")) from error
    if not value.is_finite():
        raise ValidationError(_("Write a number, e.g. 78 or 12.5."))
    return value


def _parse(sheet: PartSheet, column: Column, text: str, indexes, organisations) -> Any:
    model, name = sheet.model, column.field
    if _names_organisation(sheet, name):
        if text not in organisations:
            raise ValidationError(
                _("No organisation named “%(value)s” in Qiao or on sheet %(sheet)s.")
                % {"value": text, "sheet": OWNER}
            )
        return text
    if (model, name) in CHOICE_LABELS:
        return _parse_choice(text, CHOICE_LABELS[model, name])
    if (model, name) in TERM_FIELDS:
        terms = _parse_tags(text, indexes[TERM_FIELDS[model, name]])
        if model._meta.get_field(name).many_to_many:
            return terms
        if len(terms) > 1:
            raise ValidationError(_("Give one value only."))
        return terms[0]
    field = model._meta.get_field(name)
    if isinstance(field, models.DateField):
        return _parse_date(text)
    if isinstance(field, models.DecimalField):
        return _parse_number(text)
    if name == "portfolio":
        return "\n".join(p.strip() for p in text.replace("；", ";").split(";") if p.strip())
    return text


def plan_parts(
    sheets: dict[str, _Sheet], *, organisations_in_file: set[str]
) -> tuple[list[PartPlan], list[RowError]]:
    """Check every row of the part sheets; return the plans and the row errors."""
    named = {
        row.values.get(column.header, "")
        for title, read in sheets.items()
        if title in SHEETS
        for row in read.rows
        for column in SHEETS[title].columns
        if _names_organisation(SHEETS[title], column.field)
    } - {""}
    stored = set(Organisation.objects.filter(name_zh__in=named).values_list("name_zh", flat=True))
    organisations = stored | organisations_in_file
    indexes = _term_indexes()
    plans: list[PartPlan] = []
    errors: list[RowError] = []
    for title, read in sheets.items():
        sheet = SHEETS.get(title)
        if sheet is None:
            continue
        seen: dict[tuple, int] = {}
        for row in read.rows:
            plan, problems = _plan_row(sheet, row, indexes, organisations)
            key = (plan.owner_name, *(_key(str(plan.fields.get(k, ""))) for k in sheet.key))
            if key in seen and not problems:
                problems[sheet.columns[0].header] = _("The same part is in row %(row)s.") % {
                    "row": seen[key]
                }
            seen.setdefault(key, row.number)
            errors += _as_errors(title, row, problems, sheet.columns)
            plans.append(plan)
    return plans, errors


def _term_indexes() -> dict[str, _TermIndex]:
    grouped: dict[str, list[Term]] = {vocabulary: [] for vocabulary in TAG_VOCABULARIES}
    for term in Term.objects.filter(vocabulary__in=TAG_VOCABULARIES).order_by(
        "-is_active", "position", "code"
    ):
        grouped[term.vocabulary].append(term)
    return {vocabulary: _TermIndex(terms) for vocabulary, terms in grouped.items()}


def _plan_row(sheet: PartSheet, row: _Row, indexes, organisations) -> tuple[PartPlan, dict]:
    problems: dict[str, str] = {}
    fields: dict[str, Any] = {}
    for column in sheet.columns:
        text = row.values.get(column.header, "")
        try:
            if not text:
                if column.required:
                    raise ValidationError(_("This value is required."))
                continue
            fields[column.field] = _parse(sheet, column, text, indexes, organisations)
        except ValidationError as error:
            problems[column.header] = error.messages[0]
    owner = fields.pop(_owner_field(sheet), "")
    plan = PartPlan(sheet, row.number, owner, fields)
    if not problems and owner and owner == fields.get("target"):
        problems["相关机构"] = str(
            OrganisationRelation.constraint_messages["relation_not_to_itself"]
        )
    if not problems:
        problems = _model_problems(sheet, fields)
    return plan, problems


def _model_problems(sheet: PartSheet, fields: dict[str, Any]) -> dict[str, str]:
    """The model's own checks of the row (lengths, choices, class rules), by header."""
    headers = {c.field: c.header for c in sheet.columns}
    plain = {n: v for n, v in fields.items() if n not in ("target", "stages")}
    candidate = sheet.model(**plain)
    skip = [f.name for f in sheet.model._meta.fields if f.name not in plain]
    try:
        candidate.clean_fields(exclude=skip)
        candidate.clean()
        candidate.validate_constraints(exclude=[*skip, "source", "target", "organisation"])
    except ValidationError as error:
        # A rule across columns (a class on a patent) goes to the column it is about.
        rule_column = headers.get(RULE_FIELDS.get(sheet.model, ""), sheet.columns[0].header)
        return {
            headers.get(name, rule_column): messages[0]
            for name, messages in error.message_dict.items()
        }
    return {}


RULE_FIELDS = {Credential: "device_class", OrganisationRelation: "ended_on"}


# --- Saving ----------------------------------------------------------------------------


def save_part(plan: PartPlan, organisations: dict[str, Organisation], by) -> str:
    """Write one row through the directory services: "created", "updated" or "unchanged"."""
    organisation = organisations[plan.owner_name]
    fields = dict(plan.fields)
    if "target" in fields:
        fields["target"] = organisations[fields["target"]]
    if plan.sheet.model is InvestorFocus:
        existing = InvestorFocus.objects.filter(organisation=organisation).first()
        changes = _changes(existing, fields) if existing else fields
        if not changes:
            return "unchanged"
        services.save_investor_focus(organisation=organisation, by=by, data=changes)
        return "updated" if existing else "created"
    existing = _find(plan.sheet, organisation, fields)
    if existing is None:
        services.add_part(organisation=organisation, by=by, model=plan.sheet.model, data=fields)
        return "created"
    changes = _changes(existing, fields)
    if not changes:
        return "unchanged"
    services.change_part(part=existing, by=by, data=changes)
    return "updated"


def _find(sheet: PartSheet, organisation: Organisation, fields: dict[str, Any]):
    parts = sheet.model.objects.filter(**{_owner_field(sheet): organisation})
    if sheet.model is Credential:
        if fields.get("number"):
            return parts.filter(kind=fields["kind"], number=fields["number"]).first()
        return parts.filter(kind=fields["kind"], title=fields["title"]).first()
    return parts.filter(**{name: fields[name] for name in sheet.key}).first()


def _changes(part, fields: dict[str, Any]) -> dict[str, Any]:
    changes = {}
    for name, value in fields.items():
        current = getattr(part, name)
        if hasattr(current, "all"):
            if {t.pk for t in current.all()} != {t.pk for t in value}:
                changes[name] = value
        elif isinstance(current, models.Model):
            if current.pk != value.pk:
                changes[name] = value
        elif current != value:
            changes[name] = value
    return changes
