"""The shared lab's section of the organisation profile (``qiao.core.sections``): its
instruments this viewer may see (``list_visible_equipment``: drafts only for its admins)."""

from __future__ import annotations

from qiao.lab.selectors import list_visible_equipment

LIMIT = 30


def instruments_section(*, viewer, obj):
    equipment = list(
        list_visible_equipment(viewer=viewer)
        .filter(organisation=obj)
        .order_by("name_zh")[: LIMIT + 1]
    )
    if not equipment:
        return None
    return {"instruments": equipment[:LIMIT], "more": len(equipment) > LIMIT, "organisation": obj}
