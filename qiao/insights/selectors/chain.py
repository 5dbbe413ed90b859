"""The chain's coverage (``qiao.chain``): strong, weak and missing nodes per segment, the
demand-side gaps, and the open 招商 leads aimed at each node. Operators only
(``chain_state`` answers others with 404)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count

from qiao.attraction.models import Lead
from qiao.chain.models import ChainNode
from qiao.chain.selectors import NodeState, chain_state

STRENGTHS = ("strong", "weak", "missing")


@dataclass
class SegmentRow:
    segment: str
    nodes: int = 0
    strong: int = 0
    weak: int = 0
    missing: int = 0
    firms: set[int] = field(default_factory=set)
    gap_needs: int = 0


@dataclass(frozen=True)
class NodeRow:
    state: NodeState
    leads: int  # open leads that would fill the node

    @property
    def node(self) -> ChainNode:
        return self.state.node


@dataclass
class ChainCoverage:
    segments: list[SegmentRow]
    nodes: list[NodeRow]


def get_chain_coverage(*, viewer) -> ChainCoverage:
    states = chain_state(viewer=viewer)
    leads = dict(
        Lead.objects.exclude(stage__in=(Lead.Stage.DROPPED, Lead.Stage.CAPITAL_ARRIVED))
        .exclude(chain_node=None)
        .values_list("chain_node")
        .annotate(n=Count("id"))
        .order_by()
    )
    segments = {value: SegmentRow(value) for value in ChainNode.Segment.values}
    # Only the leaves and groups without children are counted as nodes to fill; a segment's
    # own row would count every firm beneath it again.
    parents = {s.node.parent_id for s in states.values()}
    rows = []
    for state in states.values():
        if state.node.pk in parents:
            continue
        row = segments.setdefault(state.node.segment, SegmentRow(state.node.segment))
        row.nodes += 1
        setattr(row, state.strength, getattr(row, state.strength) + 1)
        row.firms |= state.local
        row.gap_needs += len(state.gap_needs)
        rows.append(NodeRow(state=state, leads=leads.get(state.node.pk, 0)))
    rows.sort(
        key=lambda r: (
            -STRENGTHS.index(r.state.strength),
            -len(r.state.gap_needs),
            r.node.position,
            r.node.code,
        )
    )
    return ChainCoverage(segments=list(segments.values()), nodes=rows)
