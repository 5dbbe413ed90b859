"""Where organisations sit on the chain, computed from what Qiao records about them:

- a credential (registration certificate, filing) in an NMPA category → that category's leaf;
- a published offer tagged with a device category → that leaf;
- the organisation kind (hospital, CRO, CDMO, testing lab…) → the node for that kind;
- a capability whose name or description contains a node's keyword → that node;
- an operator's placement adds a node, an exclusion removes one (manual override).

``placements()`` answers {organisation_id: {node_id}} for all organisations in a few queries.
"""

from __future__ import annotations

from collections import defaultdict

from qiao.chain.models import ChainNode, Placement
from qiao.directory.models import Capability, Credential, Organisation
from qiao.market.models import Listing, Side


def _nodes():
    return list(ChainNode.objects.all())


def placements() -> dict[int, set[int]]:
    nodes = _nodes()
    by_category = {n.device_category_id: n.pk for n in nodes if n.device_category_id}
    by_kind = {n.organisation_kind_id: n.pk for n in nodes if n.organisation_kind_id}
    keywords = [(n.pk, [w.strip() for w in n.keywords.splitlines() if w.strip()]) for n in nodes]
    placed: dict[int, set[int]] = defaultdict(set)
    for org, category in Credential.objects.filter(category__isnull=False).values_list(
        "organisation_id", "category_id"
    ):
        if category in by_category:
            placed[org].add(by_category[category])
    offers = Listing.objects.filter(side=Side.OFFER, status=Listing.Status.PUBLISHED)
    for org, term in offers.values_list("organisation_id", "terms"):
        if term in by_category:
            placed[org].add(by_category[term])
    for org, kind in Organisation.objects.values_list("pk", "kind_id"):
        if kind in by_kind:
            placed[org].add(by_kind[kind])
    for org, name, description in Capability.objects.values_list(
        "organisation_id", "name_zh", "description"
    ):
        text = f"{name} {description}"
        for node_id, words in keywords:
            if any(word in text for word in words):
                placed[org].add(node_id)
    for org, node_id, excluded in Placement.objects.values_list(
        "organisation_id", "node_id", "is_excluded"
    ):
        if excluded:
            placed[org].discard(node_id)
        else:
            placed[org].add(node_id)
    return placed


def organisations_by_node() -> dict[int, set[int]]:
    result: dict[int, set[int]] = defaultdict(set)
    for org, node_ids in placements().items():
        for node_id in node_ids:
            result[node_id].add(org)
    return result
