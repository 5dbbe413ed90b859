"""What the eligibility engine reads about firms, loaded from Qiao's records in bulk.

Figures come from the directory's key figures, recognised by their label (员工人数 …);
flags from ``StatusFlag``. What is not recorded stays absent, so a criterion reading it
answers "unknown" with the field to fill in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from qiao.directory.models import Credential, KeyFigure, Organisation
from qiao.policies.eligibility import CredentialFact, FigureFact, Firm, FlagFact
from qiao.policies.models import StatusFlag

# A figure's name in criteria → the labels (Chinese or English, lower case) that mean it.
FIGURES = {
    "headcount": {"员工人数", "员工数", "从业人数", "职工人数", "headcount", "employees"},
    "revenue": {"营业收入", "年营业收入", "销售收入", "revenue", "annual revenue"},
    "rd_spend": {"研发投入", "研发费用", "r&d spend", "r&d expenditure"},
}
FIGURE_NAMES = {
    "headcount": _("headcount"),
    "revenue": _("annual revenue (10,000 yuan)"),
    "rd_spend": _("R&D spend (10,000 yuan)"),
}
_BY_LABEL = {label: name for name, labels in FIGURES.items() for label in labels}


def figure_name(label_zh: str, label_en: str) -> str:
    return _BY_LABEL.get(label_zh.strip().lower()) or _BY_LABEL.get(label_en.strip().lower(), "")


def load_firms(organisations: Iterable[Organisation]) -> list[Firm]:
    """Return one ``Firm`` per organisation, with three queries for any number of them."""
    organisations = list(organisations)
    ids = [o.pk for o in organisations]
    credentials: dict[int, list[CredentialFact]] = defaultdict(list)
    for c in Credential.objects.filter(organisation_id__in=ids).select_related("category"):
        credentials[c.organisation_id].append(
            CredentialFact(
                id=c.pk, kind=c.kind, device_class=c.device_class, status=c.status,
                issued_on=c.issued_on, label=c.number or c.title,
                category=c.category.code if c.category else "",
            )
        )  # fmt: skip
    figures: dict[int, dict[str, FigureFact]] = defaultdict(dict)
    for f in KeyFigure.objects.filter(organisation_id__in=ids).order_by("as_of", "pk"):
        name = figure_name(f.label_zh, f.label_en)
        if name:
            figures[f.organisation_id][name] = FigureFact(f.pk, float(f.value), f.label_zh)
    flags: dict[int, dict[str, FlagFact]] = defaultdict(dict)
    for flag in StatusFlag.objects.filter(organisation_id__in=ids):
        flags[flag.organisation_id][flag.name] = FlagFact(
            flag.pk, flag.held, str(flag.get_name_display()), flag.expires_on
        )
    return [
        Firm(
            id=o.pk,
            kind=o.kind.code if o.kind_id else "",
            district=o.district,
            city=o.city,
            founded_year=o.founded_year,
            credentials=tuple(credentials[o.pk]),
            figures=figures[o.pk],
            flags=flags[o.pk],
        )  # fmt: skip
        for o in organisations
    ]
