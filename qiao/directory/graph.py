"""Lay out an organisation's relations as a small radial graph for an inline SVG."""

from __future__ import annotations

import math
from dataclasses import dataclass

WIDTH = 640
HEIGHT = 420
MAX_NEIGHBOURS = 16


@dataclass(frozen=True)
class Node:
    id: int
    label: str
    x: float
    y: float
    is_centre: bool = False

    @property
    def label_y(self) -> float:
        return round(self.y + 22, 1)


@dataclass(frozen=True)
class Edge:
    x1: float
    y1: float
    x2: float
    y2: float
    label: str


def _short(label: str, limit: int = 12) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def relation_graph(organisation, relations) -> dict:
    """Return nodes and edges: the organisation in the centre, its relations around it.

    ``relations`` are OrganisationRelation rows with source and target loaded. Neighbours
    beyond MAX_NEIGHBOURS are left out of the picture (the table beside it lists all).
    """
    cx, cy = WIDTH / 2, HEIGHT / 2
    centre = Node(
        organisation.pk, _short(organisation.short_name or organisation.name), cx, cy, True
    )
    neighbours: dict[int, tuple] = {}
    for relation in relations:
        other = relation.target if relation.source_id == organisation.pk else relation.source
        neighbours.setdefault(other.pk, (other, relation.get_kind_display()))
    shown = list(neighbours.values())[:MAX_NEIGHBOURS]
    radius_x, radius_y = WIDTH / 2 - 90, HEIGHT / 2 - 40
    nodes, edges = [centre], []
    for index, (other, label) in enumerate(shown):
        angle = 2 * math.pi * index / max(len(shown), 1) - math.pi / 2
        x, y = cx + radius_x * math.cos(angle), cy + radius_y * math.sin(angle)
        nodes.append(
            Node(other.pk, _short(other.short_name or other.name), round(x, 1), round(y, 1))
        )
        edges.append(Edge(cx, cy, round(x, 1), round(y, 1), label))
    return {
        "nodes": nodes,
        "edges": edges,
        "width": WIDTH,
        "height": HEIGHT,
        "hidden": max(len(neighbours) - len(shown), 0),
    }
