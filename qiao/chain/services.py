"""Writes on the chain: node edits and manual placements, through ``qiao.core.writes``."""

from __future__ import annotations

from django.db import transaction

from qiao.chain.models import ChainNode, Placement
from qiao.core import effects, policy, writes


def update_node(*, by, node: ChainNode, data, version: int | None = None):
    policy.authorize(by, "chain.change_node", node)
    changed = writes.update(
        node, actor=by, data=data, allowed=ChainNode.EDITABLE_FIELDS, version=version
    )
    if changed:
        effects.emit("chain_changed", node_id=node.pk)
    return changed


@transaction.atomic
def place_organisation(*, by, node: ChainNode, organisation, excluded: bool = False) -> Placement:
    """Put the organisation on the node (or keep it off, ``excluded``), overriding the rules."""
    policy.authorize(by, "chain.place_organisation", organisation)
    existing = Placement.objects.filter(node=node, organisation=organisation).first()
    effects.emit("chain_changed", node_id=node.pk)
    if existing is None:
        return writes.create(
            Placement, actor=by, data={"is_excluded": excluded}, allowed={"is_excluded"},
            fixed={"node": node, "organisation": organisation},
        )  # fmt: skip
    writes.update(existing, actor=by, data={"is_excluded": excluded}, allowed={"is_excluded"})
    return existing
