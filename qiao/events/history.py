"""An event's history for its organisers: the audit entries of the event and its parts.

Read only. The entries are those of the event itself (its fields, status, slot generation,
planning runs, announcements, introductions, each bulk operation one entry with counts),
its rules, participant types, programme, zones and exhibitors, registrations (approvals,
declines, check-ins, cancellations) and meetings (held, no-show). Each entry that is not
about the event itself carries a ``subject`` naming the part ("Registration “王敏
（伯杰医疗）”"), which ``components/audit_trail.html`` shows before its sentences.

Meeting requests are left out: they are the two participants' correspondence, audited
on the request. A part that no longer exists (a meeting removed by re-planning) drops out
of this list; its entries stay in the audit table.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.text import capfirst

from qiao.core.audit import AuditEntry
from qiao.events.models import (
    Event,
    EventRules,
    Exhibitor,
    Meeting,
    ParticipantType,
    Registration,
    Session,
    Zone,
)


def _parts(event: Event) -> dict[type, object]:
    """Each part's model and the queryset of its rows at this event, related names loaded."""
    return {
        EventRules: EventRules.objects.filter(event=event),
        ParticipantType: ParticipantType.objects.filter(event=event),
        Session: Session.objects.filter(event=event),
        Zone: Zone.objects.filter(event=event),
        Exhibitor: Exhibitor.objects.filter(zone__event=event).select_related(
            "organisation", "zone"
        ),
        Registration: Registration.objects.filter(event=event).select_related(
            "user", "organisation"
        ),
        Meeting: Meeting.objects.filter(event=event).select_related(
            "request__sender__organisation", "request__recipient__organisation"
        ),
    }


def _name(row) -> str:
    if isinstance(row, Registration):
        return f"{row.user.get_full_name() or row.user.get_username()}（{row.organisation.name}）"
    if isinstance(row, Meeting):
        request = row.request
        return f"{request.sender.organisation.name} ↔ {request.recipient.organisation.name}"
    if isinstance(row, Exhibitor):
        return f"{row.organisation.name} @ {row.zone.name}"
    if isinstance(row, EventRules):
        return ""
    return getattr(row, "title", None) or getattr(row, "name", "") or str(row)


def _subject(model, row) -> str:
    thing = capfirst(str(model._meta.verbose_name))
    name = _name(row)
    if not name:
        return thing
    # The same curly quotes in both languages, as in the audit sentences.
    return f"{thing} “{name}”"


def list_event_history(*, event: Event, limit: int = 200) -> list[AuditEntry]:
    """The latest ``limit`` entries about the event and its parts, oldest first."""
    parts = _parts(event)
    types = ContentType.objects.get_for_models(Event, *parts)
    condition = Q(content_type=types[Event], object_id=event.pk)
    for model, rows in parts.items():
        condition |= Q(content_type=types[model], object_id__in=rows.values("pk"))
    entries = list(
        AuditEntry.objects.filter(condition)
        .select_related("actor", "content_type")
        .order_by("-at", "-id")[:limit]
    )
    entries.reverse()
    wanted: dict[type, set[int]] = {}
    model_of = {types[model].pk: model for model in parts}
    for entry in entries:
        model = model_of.get(entry.content_type_id)
        if model is not None:
            wanted.setdefault(model, set()).add(entry.object_id)
    names = {
        (model, row.pk): _subject(model, row)
        for model, ids in wanted.items()
        for row in parts[model].filter(pk__in=ids)
    }
    for entry in entries:
        model = model_of.get(entry.content_type_id)
        entry.subject = names.get((model, entry.object_id), "") if model else ""
    return entries
