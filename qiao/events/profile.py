"""The events' section of the organisation profile (``qiao.core.sections``): events it
organises or exhibits at, those this viewer may see (``list_visible_events``: drafts only
for their organisers)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from qiao.events.models import Exhibitor
from qiao.events.selectors import list_visible_events

LIMIT = 20


def events_section(*, viewer, obj):
    exhibits = Exhibitor.objects.filter(zone__event=OuterRef("pk"), organisation=obj)
    events = (
        list_visible_events(viewer=viewer)
        .filter(Q(organiser=obj) | Exists(exhibits))
        .order_by("-starts_on", "pk")
    )
    rows = list(events[:LIMIT])
    if not rows:
        return None
    return {"events": rows, "organisation": obj}
