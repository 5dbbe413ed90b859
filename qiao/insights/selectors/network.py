"""The ecosystem network: organisations as nodes, agreements and relations as edges.

A cluster of 100,000 organisations can't be drawn whole, so the network shows the ``limit``
best-connected organisations under the filters (the degree counts agreements and relations),
and the edges among them. Agreements are those the viewer may see (public ones, and
confidential ones of the viewer's own organisations; operators see all).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.urls import reverse

from qiao.directory.models import Organisation, OrganisationRelation, RelationKind
from qiao.directory.selectors import list_visible_organisations, sees_every_organisation
from qiao.pipeline.models import Agreement, AgreementParty
from qiao.pipeline.selectors import list_visible_agreements
from qiao.taxonomy.models import Term, Vocabulary

DEFAULT_LIMIT = 150
MAX_LIMIT = 500


@dataclass(frozen=True)
class NetworkFilter:
    agreement_kind: str = ""  # "" all kinds; "none" no agreements
    relation_kind: str = ""  # "" all kinds; "none" no relations
    category: str = ""  # a device category code: agreements about it, relations of its firms
    limit: int = DEFAULT_LIMIT


@dataclass(frozen=True)
class Node:
    id: int
    name: str
    kind: str  # organisation kind code
    kind_label: str
    degree: int
    url: str


@dataclass(frozen=True)
class Edge:
    source: int
    target: int
    type: str  # "agreement" or a relation kind
    label: str
    weight: int  # number of agreements between the two (1 for a relation)


@dataclass(frozen=True)
class Network:
    nodes: list[Node]
    edges: list[Edge]
    shown: int  # nodes drawn
    connected: int  # organisations with at least one edge under the filters (capped count)
    filters: NetworkFilter = field(default_factory=NetworkFilter)


def _agreements(viewer, filters: NetworkFilter):
    if filters.agreement_kind == "none":
        return None
    agreements = list_visible_agreements(viewer=viewer)
    if filters.agreement_kind:
        agreements = agreements.filter(kind=filters.agreement_kind)
    if filters.category:
        agreements = agreements.filter(
            categories__vocabulary=Vocabulary.DEVICE_CATEGORY, categories__code=filters.category
        )
    return agreements


def _relations(viewer, filters: NetworkFilter):
    if filters.relation_kind == "none":
        return None
    relations = OrganisationRelation.objects.all()
    if not sees_every_organisation(viewer):
        visible = list_visible_organisations(viewer=viewer).values("pk")
        relations = relations.filter(source__in=visible, target__in=visible)
    if filters.relation_kind:
        relations = relations.filter(kind=filters.relation_kind)
    if filters.category:
        tagged = Organisation.terms.through.objects.filter(
            term__vocabulary=Vocabulary.DEVICE_CATEGORY, term__code=filters.category
        ).values("organisation_id")
        relations = relations.filter(Q(source__in=tagged) | Q(target__in=tagged))
    return relations


def get_network(*, viewer, filters: NetworkFilter) -> Network:
    limit = max(1, min(filters.limit, MAX_LIMIT))
    agreements = _agreements(viewer, filters)
    relations = _relations(viewer, filters)

    # The best-connected organisations: the top of each edge source, merged.
    degree: Counter[int] = Counter()
    parts = None
    if agreements is not None:
        parts = AgreementParty.objects.filter(agreement__in=agreements.values("pk"))
        degree.update(
            dict(
                # (agreement, organisation) is unique, so a plain count counts agreements.
                parts.values_list("organisation_id").annotate(n=Count("pk")).order_by("-n")[:limit]
            )
        )
    if relations is not None:
        for end in ("source_id", "target_id"):
            degree.update(
                dict(relations.values_list(end).annotate(n=Count("pk")).order_by("-n")[:limit])
            )
    top = [pk for pk, _n in degree.most_common(limit)]

    edges: list[Edge] = []
    if parts is not None and top:
        pairs = (
            parts.filter(
                organisation_id__in=top,
                agreement__parties__organisation_id__in=top,
                organisation_id__lt=F("agreement__parties__organisation_id"),
            )
            .values_list("organisation_id", "agreement__parties__organisation_id")
            .annotate(n=Count("pk"))
        )
        label = str(Agreement._meta.verbose_name_plural)
        edges += [Edge(a, b, "agreement", label, n) for a, b, n in pairs]
    if relations is not None and top:
        kinds = dict(RelationKind.choices)
        edges += [
            Edge(a, b, kind, str(kinds.get(kind, kind)), 1)
            for a, b, kind in relations.filter(source__in=top, target__in=top).values_list(
                "source_id", "target_id", "kind"
            )
        ]
    organisations = (
        list_visible_organisations(viewer=viewer)
        .filter(pk__in=top)
        .only("pk", "name_zh", "name_en", "short_name_zh", "short_name_en", "kind")
    )
    kind_terms = {t.pk: t for t in Term.objects.filter(vocabulary=Vocabulary.ORGANISATION_KIND)}
    nodes = [
        Node(
            id=o.pk,
            name=o.short_name or o.name,
            kind=kind_terms[o.kind_id].code,
            kind_label=kind_terms[o.kind_id].label,
            degree=degree[o.pk],
            url=reverse("directory:organisation_detail", args=[o.pk]),
        )
        for o in organisations
    ]
    nodes.sort(key=lambda n: (-n.degree, n.id))
    shown = {n.id for n in nodes}
    return Network(
        nodes=nodes,
        edges=[e for e in edges if e.source in shown and e.target in shown],
        shown=len(nodes),
        connected=len(degree),
        filters=filters,
    )
