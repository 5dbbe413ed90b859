"""Reads for the chain map: node strength and the demand-side gap. Operators only (the gap
lists name needs, and the map compares firms)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count
from django.shortcuts import get_object_or_404

from qiao.chain.models import ChainNode
from qiao.chain.placement import organisations_by_node
from qiao.directory.models import Credential, Membership, Organisation
from qiao.directory.roles import require_operator
from qiao.market.models import Listing, Side
from qiao.matching.models import Match

STRONG_FIRMS = 3


def cluster_ids() -> set[int]:
    """Organisations in the cluster: those with at least one member account."""
    return set(Membership.objects.values_list("organisation_id", flat=True))


@dataclass
class NodeState:
    node: ChainNode
    local: set[int] = field(default_factory=set)
    outside: set[int] = field(default_factory=set)
    credentials: int = 0
    gap_needs: list[int] = field(default_factory=list)

    @property
    def strength(self) -> str:
        if not self.local:
            return "missing"
        if len(self.local) >= STRONG_FIRMS and (
            self.credentials or not self.node.device_category_id
        ):
            return "strong"
        return "weak"


def _gap_needs(local: set[int]) -> dict[int, list[int]]:
    """Return {device category term id: [need ids]} for published needs whose current matches
    all lie outside the cluster (and that have at least one)."""
    needs = Listing.objects.filter(side=Side.NEED, status=Listing.Status.PUBLISHED)
    counterparts: dict[int, set[int]] = {}
    for listing_id, org, via_listing in Match.objects.filter(
        listing__in=needs, is_current=True
    ).values_list(
        "listing_id", "counterpart_organisation_id", "counterpart_listing__organisation_id"
    ):
        counterparts.setdefault(listing_id, set()).add(org or via_listing)
    gaps: dict[int, list[int]] = {}
    outside_only = [n for n, orgs in counterparts.items() if orgs and not orgs & local]
    for need_id, term_id in Listing.objects.filter(pk__in=outside_only).values_list("pk", "terms"):
        if term_id:
            gaps.setdefault(term_id, []).append(need_id)
    return gaps


def chain_state(*, viewer) -> dict[int, NodeState]:
    require_operator(viewer)
    local = cluster_ids()
    placed = organisations_by_node()
    gaps = _gap_needs(local)
    held = dict(
        Credential.objects.filter(organisation_id__in=local, category__isnull=False)
        .values_list("category_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    states = {}
    for node in ChainNode.objects.all():
        orgs = placed.get(node.pk, set())
        states[node.pk] = NodeState(
            node=node,
            local=orgs & local,
            outside=orgs - local,
            credentials=held.get(node.device_category_id, 0),
            gap_needs=gaps.get(node.device_category_id, []),
        )
    return states


def access_node(*, viewer, node_id: int) -> ChainNode:
    require_operator(viewer)
    return get_object_or_404(ChainNode, pk=node_id)


def gap_candidates(state: NodeState) -> list[Organisation]:
    """Outside organisations for a node: placed on it, or matched to its gap needs."""
    matched = set(
        Match.objects.filter(listing_id__in=state.gap_needs, is_current=True)
        .exclude(counterpart_organisation__isnull=True)
        .values_list("counterpart_organisation_id", flat=True)
    ) | set(
        Match.objects.filter(listing_id__in=state.gap_needs, is_current=True)
        .exclude(counterpart_listing__isnull=True)
        .values_list("counterpart_listing__organisation_id", flat=True)
    )
    ids = (state.outside | matched) - state.local
    return list(Organisation.objects.filter(pk__in=ids).order_by("name_zh")[:100])
