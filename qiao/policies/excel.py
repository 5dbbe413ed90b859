"""Excel for policies: a template with Chinese headers, an all-or-nothing import with
row-level errors, and exports of policies, applications and eligibility."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from qiao.core import audit, policy
from qiao.core.xlsx import append_row
from qiao.policies import services
from qiao.policies.eligibility import validate
from qiao.policies.models import Application, Eligibility, Policy

COLUMNS = [
    ("title_zh", "政策名称"), ("title_en", "英文名称"), ("number", "文号"),
    ("issuer", "发文单位"), ("level", "层级"), ("benefit_kind", "支持方式"),
    ("amount", "金额或上限（元）"), ("opens_on", "申报开始日期"), ("closes_on", "申报截止日期"),
    ("office", "受理部门"), ("phone", "联系电话"), ("materials", "申报材料"),
    ("summary_zh", "政策摘要"), ("criteria", "申报条件（JSON）"),
]  # fmt: skip
MAX_ROWS = 2000


def template_workbook() -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "政策"
    append_row(sheet, [header for _, header in COLUMNS])
    append_row(sheet, ["示例：首张三类注册证奖励", "", "奉经发〔2026〕1号", "奉贤区经委", "区级",
                       "奖励", 500000, "2026-01-01", "2026-12-31", "企业服务科", "021-0000",
                       "申请表\n注册证复印件", "", '[{"type": "region", "district": ["奉贤区"]}]'])  # fmt: skip
    return workbook


def _choice(choices, text: str) -> str:
    """Accept a choice's value or its label in either language (区级 → district)."""
    text = text.strip()
    aliases = {"国家级": "national", "市级": "municipal", "省级": "municipal", "区级": "district",
               "县级": "district", "园区": "park", "奖励": "reward", "补贴": "subsidy",
               "资助": "grant", "券": "voucher", "房租减免": "rent_relief",
               "贷款贴息": "loan_interest"}  # fmt: skip
    values = {v for v, _ in choices}
    return text if text in values else aliases.get(text, text)


def _date(value) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value).strip().replace("/", "-"))


def _row_data(values: dict) -> dict:
    data = {k: ("" if values.get(k) is None else str(values[k]).strip()) for k, _ in COLUMNS}
    data["level"] = _choice(Policy.Level.choices, data["level"])
    data["benefit_kind"] = _choice(Policy.BenefitKind.choices, data["benefit_kind"] or "grant")
    try:
        data["amount"] = Decimal(data["amount"].replace(",", "")) if data["amount"] else None
    except InvalidOperation as error:
        raise ValidationError(_("The amount is not a number.")) from error
    try:
        data["opens_on"], data["closes_on"] = _date(values.get("opens_on")), _date(
            values.get("closes_on"))  # fmt: skip
    except ValueError as error:
        raise ValidationError(_("A date is not in the form 2026-12-31.")) from error
    try:
        data["criteria"] = json.loads(data["criteria"]) if data["criteria"] else []
    except ValueError as error:
        raise ValidationError(_("The criteria are not valid JSON.")) from error
    if data["criteria"] and validate(data["criteria"]):
        raise ValidationError(
            _("The criteria cannot be read (%(code)s).") % {"code": validate(data["criteria"])[0]}
        )
    return data


@dataclass
class ImportResult:
    created: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


def import_policies(*, by, file) -> ImportResult:
    """Create every row's policy as a draft, or none if any row has an error."""
    policy.authorize(by, "policies.change_policy")
    result = ImportResult()
    try:
        sheet = load_workbook(file, read_only=True, data_only=True).active
        rows = list(sheet.iter_rows(values_only=True))
    except Exception:  # noqa: BLE001  (any unreadable file is the same answer)
        result.errors.append((0, _("The file is not an Excel workbook (.xlsx).")))
        return result
    headers = [str(h or "").strip() for h in (rows[0] if rows else ())]
    by_header = {header: key for key, header in COLUMNS}
    if "政策名称" not in headers:
        result.errors.append((1, _("The first row must hold the template's headers.")))
        return result
    if len(rows) > MAX_ROWS + 1:
        result.errors.append((0, _("At most %(n)d rows at a time.") % {"n": MAX_ROWS}))
        return result
    prepared = []
    for number, row in enumerate(rows[1:], start=2):
        values = {by_header[h]: v for h, v in zip(headers, row, strict=False) if h in by_header}
        if not any(v not in (None, "") for v in values.values()):
            continue
        try:
            data = _row_data(values)
            Policy(**data).full_clean()
        except ValidationError as error:
            result.errors.append((number, " ".join(error.messages)))
            continue
        prepared.append(data)
    if result.errors:
        return result
    with transaction.atomic():
        for data in prepared:
            services.create_policy(by=by, **data)
        audit.record_import(model=Policy, actor=by, counts={"created": len(prepared)})
    result.created = len(prepared)
    return result


def policies_workbook(policies) -> Workbook:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Policies"))
    append_row(sheet, [_("Title"), _("Issuer"), _("Level"), _("Amount"), _("Deadline"),
                       _("Status"), _("Eligible firms"), _("Applications"),
                       _("Amount received")])  # fmt: skip
    for p in policies:
        applications = Application.objects.filter(policy=p)
        received = sum((a.amount_received or 0) for a in applications)
        eligible = Eligibility.objects.filter(policy=p, outcome=Eligibility.Outcome.MET).count()
        append_row(sheet, [p.title, p.issuer, p.get_level_display(), p.amount, p.closes_on,
                           p.get_status_display(), eligible, applications.count(), received])  # fmt: skip
    return workbook
