"""What the eligibility engine reads about firms, loaded from Qiao's records in bulk.

Figures come from the directory's key figures, recognised by their label (员工人数 …);
flags from ``StatusFlag``. What is not recorded stays absent, so a criterion reading it
answers "unknown" with the field to fill in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from qiao.alliances.models import AllianceMembership
from qiao.directory.models import Credential, KeyFigure, Organisation
from qiao.pipeline.models import Milestone, Project, ProjectProvider, ProjectStage
from qiao.policies.eligibility import (
    CredentialFact,
    FigureFact,
    Firm,
    FlagFact,
    MembershipFact,
    MilestoneFact,
    ServiceFact,
)
from qiao.policies.models import StatusFlag
from qiao.servicedesk.models import ServiceRequest

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


def patent_type(number: str) -> str:
    """A Chinese patent's type from its number: the digit after the year in an application
    number (ZL2019 1 0123456.7: 1 invention, 2 utility model, 3 design; 8/9 PCT), or the
    kind code ending a publication number (B/C, U/Y, S); "" when it cannot be told."""
    text = "".join(ch for ch in number.upper() if ch.isalnum())
    for prefix in ("ZL", "CN"):
        text = text.removeprefix(prefix)
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) >= 12 and digits[:2] in ("19", "20"):
        return {"1": "invention", "8": "invention", "2": "utility_model", "9": "utility_model",
                "3": "design"}.get(digits[4], "")  # fmt: skip
    if text and text[-1] in "BCUYS" and digits:
        return {"B": "invention", "C": "invention", "U": "utility_model", "Y": "utility_model",
                "S": "design"}[text[-1]]  # fmt: skip
    return ""


def load_journeys(ids: list[int]) -> tuple[dict[int, list[MilestoneFact]], set[int]]:
    """Milestones and stages entered of the firms' projects, and which firms keep projects."""
    journeys: dict[int, list[MilestoneFact]] = defaultdict(list)
    keeping = set(Project.objects.filter(organisation_id__in=ids).values_list(
        "organisation_id", flat=True))  # fmt: skip
    milestones = Milestone.objects.filter(project__organisation_id__in=ids).select_related(
        "project__category", "site"
    )
    for m in milestones:
        label = f"{m.project.name_zh} · {m.get_kind_display()}"
        journeys[m.project.organisation_id].append(
            MilestoneFact(
                id=m.pk, kind=m.kind, reached_on=m.reached_on,
                label=f"{label} {m.certificate_number}".strip(),
                category=m.project.category.code if m.project.category_id else "",
                site_district=m.site.district if m.site_id else "",
                site_city=m.site.city if m.site_id else "", has_site=m.site_id is not None,
            )
        )  # fmt: skip
    stages = ProjectStage.objects.filter(project__organisation_id__in=ids).select_related(
        "project__category", "stage"
    )
    for st in stages:
        journeys[st.project.organisation_id].append(
            MilestoneFact(
                id=st.project_id, kind=f"stage:{st.stage.code}", reached_on=st.entered_on,
                label=f"{st.project.name_zh} · {st.stage}",
                category=st.project.category.code if st.project.category_id else "",
            )
        )  # fmt: skip
    return journeys, keeping


def load_services(ids: list[int]) -> tuple[dict[int, list[ServiceFact]], set[int]]:
    """Providers the firms' projects used (with their region), and the park's resolved
    service requests; and which firms have filed requests at all."""
    used: dict[int, list[ServiceFact]] = defaultdict(list)
    providers = ProjectProvider.objects.filter(project__organisation_id__in=ids).select_related(
        "project", "organisation"
    )
    for p in providers:
        used[p.project.organisation_id].append(
            ServiceFact(
                id=p.project_id, source="provider", service=p.service,
                label=f"{p.organisation.name_zh} · {p.get_service_display()}",
                district=p.organisation.district, city=p.organisation.city,
            )
        )  # fmt: skip
    filing = set()
    for r in ServiceRequest.objects.filter(organisation_id__in=ids).only(
        "pk", "organisation_id", "title", "status"
    ):
        filing.add(r.organisation_id)
        if r.status in (ServiceRequest.Status.RESOLVED, ServiceRequest.Status.CLOSED):
            used[r.organisation_id].append(
                ServiceFact(id=r.pk, source="request", service="park_request", label=r.title)
            )
    return used, filing


def load_memberships(ids: list[int]) -> dict[int, list[MembershipFact]]:
    found: dict[int, list[MembershipFact]] = defaultdict(list)
    rows = AllianceMembership.objects.filter(member_id__in=ids).select_related("alliance", "tier")
    for m in rows:
        found[m.member_id].append(
            MembershipFact(
                id=m.pk, alliance_id=m.alliance_id, tier_id=m.tier_id, status=m.status,
                ends_on=m.ends_on, label=f"{m.alliance.name_zh} · {m.tier.name_zh}",
            )
        )  # fmt: skip
    return found


def load_firms(organisations: Iterable[Organisation]) -> list[Firm]:
    """Return one ``Firm`` per organisation, with a fixed number of queries for any number."""
    organisations = list(organisations)
    ids = [o.pk for o in organisations]
    credentials: dict[int, list[CredentialFact]] = defaultdict(list)
    for c in Credential.objects.filter(organisation_id__in=ids).select_related("category"):
        credentials[c.organisation_id].append(
            CredentialFact(
                id=c.pk, kind=c.kind, device_class=c.device_class, status=c.status,
                issued_on=c.issued_on, label=c.number or c.title,
                category=c.category.code if c.category else "",
                subtype=patent_type(c.number) if c.kind == Credential.Kind.PATENT else "",
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
    journeys, with_projects = load_journeys(ids)
    services, with_requests = load_services(ids)
    memberships = load_memberships(ids)
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
            milestones=tuple(journeys[o.pk]),
            services=tuple(services[o.pk]),
            memberships=tuple(memberships[o.pk]),
            recorded=frozenset(
                name
                for name, firms in (("projects", with_projects), ("requests", with_requests))
                if o.pk in firms
            ),
        )  # fmt: skip
        for o in organisations
    ]
