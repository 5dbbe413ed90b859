"""A meeting-scheduling instance: its dataclasses, and reading one from JSON with checks.

Pure module: no Django import. ``parse_instance(data)`` turns the decoded JSON of an
INSTANCE.json file into an ``Instance`` or raises ``InstanceError`` naming the part that is
wrong (``slots[3] (“d1s04”)``, ``requests[17] (“r18”)``, …). The message templates are
marked with ``gettext_noop`` so that ``makemessages`` collects them; callers with Django
translate ``error.template`` and fill in ``error.params`` (``InstanceError.message`` gives
the English text).

The format (docs/scheduler.md)::

    {"slots": [{"id", "start", "minutes", "capacity"}, …],
     "participants": [{"id", "unavailable": [slot id, …], "max_meetings"?}, …],
     "requests": [{"id", "from", "to", "priority"}, …],
     "announced"?: [{"request", "slot", "table"}, …],
     "allow_moves"?: false}

``capacity`` is the number of tables in the slot, ``priority`` is 1–3 (higher matters
more), ``max_meetings`` caps one participant's meetings, and ``announced`` lists meetings
already announced: they stay in their slot and at their table unless ``allow_moves`` is
true, in which case they are still held but may move.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

__all__ = [
    "Announced",
    "Instance",
    "InstanceError",
    "Participant",
    "Request",
    "Slot",
    "load_instance",
    "parse_instance",
]

PRIORITIES = (1, 2, 3)


def gettext_noop(message: str) -> str:
    """Mark a message for translation without translating it (Django's name, for xgettext)."""
    return message


class InstanceError(ValueError):
    """A bad instance: ``template % params`` says what is wrong and where."""

    def __init__(self, template: str, **params: object) -> None:
        self.template = template
        self.params = params
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return self.template % self.params


@dataclass(frozen=True, slots=True)
class Slot:
    """A meeting slot: ``capacity`` tables from ``start`` for ``minutes`` minutes."""

    id: str
    start: datetime
    minutes: int
    capacity: int


@dataclass(frozen=True, slots=True)
class Participant:
    """Someone who can meet, except in the ``unavailable`` slots, at most ``max_meetings`` times."""

    id: str
    unavailable: frozenset[str] = frozenset()
    max_meetings: int | None = None


@dataclass(frozen=True, slots=True)
class Request:
    """An accepted meeting request between two participants; priority 1–3, higher matters more."""

    id: str
    source: str
    target: str
    priority: int


@dataclass(frozen=True, slots=True)
class Announced:
    """A meeting already announced to its participants: request, slot and table (from 1)."""

    request: str
    slot: str
    table: int


@dataclass(frozen=True, slots=True)
class Instance:
    """Everything the scheduler needs, checked: ids unique, references resolved."""

    slots: tuple[Slot, ...]
    participants: tuple[Participant, ...]
    requests: tuple[Request, ...]
    announced: tuple[Announced, ...] = ()
    allow_moves: bool = False
    _slot_index: dict[str, int] = field(init=False, repr=False, compare=False)
    _participant_index: dict[str, int] = field(init=False, repr=False, compare=False)
    _request_index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_slot_index", {s.id: i for i, s in enumerate(self.slots)})
        object.__setattr__(
            self, "_participant_index", {p.id: i for i, p in enumerate(self.participants)}
        )
        object.__setattr__(self, "_request_index", {r.id: i for i, r in enumerate(self.requests)})

    def slot_index(self, slot_id: str) -> int:
        return self._slot_index[slot_id]

    def participant_index(self, participant_id: str) -> int:
        return self._participant_index[participant_id]

    def request_index(self, request_id: str) -> int:
        return self._request_index[request_id]

    def to_json(self) -> dict[str, Any]:
        """Return the instance in the INSTANCE.json shape (what ``parse_instance`` reads)."""
        data: dict[str, Any] = {
            "slots": [
                {
                    "id": s.id,
                    "start": s.start.isoformat(),
                    "minutes": s.minutes,
                    "capacity": s.capacity,
                }
                for s in self.slots
            ],
            "participants": [_participant_json(p, self._slot_index) for p in self.participants],
            "requests": [
                {"id": r.id, "from": r.source, "to": r.target, "priority": r.priority}
                for r in self.requests
            ],
        }
        if self.announced:
            data["announced"] = [
                {"request": a.request, "slot": a.slot, "table": a.table} for a in self.announced
            ]
            data["allow_moves"] = self.allow_moves
        return data


def _participant_json(participant: Participant, slot_index: Mapping[str, int]) -> dict[str, Any]:
    row: dict[str, Any] = {
        "id": participant.id,
        "unavailable": sorted(participant.unavailable, key=slot_index.__getitem__),
    }
    if participant.max_meetings is not None:
        row["max_meetings"] = participant.max_meetings
    return row


def load_instance(text: str) -> Instance:
    """Decode INSTANCE.json text and check it; raise ``InstanceError``."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InstanceError(
            gettext_noop("Not valid JSON: %(error)s (line %(line)d, column %(column)d)."),
            error=exc.msg,
            line=exc.lineno,
            column=exc.colno,
        ) from exc
    return parse_instance(data)


def parse_instance(data: object) -> Instance:
    """Check decoded INSTANCE.json data and return the ``Instance``; raise ``InstanceError``."""
    if not isinstance(data, dict):
        raise InstanceError(
            gettext_noop(
                "The instance must be a JSON object with “slots”, “participants” and “requests”."
            )
        )
    _no_unknown_fields(
        data, "instance", {"slots", "participants", "requests", "announced", "allow_moves"}
    )
    for name in ("slots", "participants", "requests"):
        if name not in data:
            raise InstanceError(gettext_noop("Missing top-level field “%(field)s”."), field=name)
    slots = tuple(_slot(row, where) for row, where in _rows(data, "slots"))
    slot_ids = _unique(slots, "slots")
    participants = tuple(
        _participant(row, where, slot_ids) for row, where in _rows(data, "participants")
    )
    participant_ids = _unique(participants, "participants")
    requests = tuple(
        _request(row, where, participant_ids) for row, where in _rows(data, "requests")
    )
    _unique(requests, "requests")
    allow_moves = data.get("allow_moves", False)
    if not isinstance(allow_moves, bool):
        raise InstanceError(gettext_noop("“allow_moves” must be true or false."))
    announced = tuple(_announced(row, where) for row, where in _rows(data, "announced"))
    instance = Instance(slots, participants, requests, announced, allow_moves)
    _check_announced(instance)
    return instance


def _rows(data: Mapping[str, Any], name: str) -> list[tuple[Mapping[str, Any], str]]:
    rows = data.get(name, [])
    if not isinstance(rows, list):
        raise InstanceError(gettext_noop("“%(field)s” must be a list."), field=name)
    out: list[tuple[Mapping[str, Any], str]] = []
    for index, row in enumerate(rows):
        where = f"{name}[{index}]"
        if not isinstance(row, dict):
            raise InstanceError(gettext_noop("%(where)s must be a JSON object."), where=where)
        label = row.get("request" if name == "announced" else "id")
        if isinstance(label, str) and label.strip():
            where = f"{where} (“{label}”)"
        out.append((row, where))
    return out


def _no_unknown_fields(row: Mapping[str, Any], where: str, known: set[str]) -> None:
    for name in row:
        if name not in known:
            raise InstanceError(
                gettext_noop("%(where)s: unknown field “%(field)s”."), where=where, field=name
            )


def _required(row: Mapping[str, Any], where: str, name: str) -> Any:
    if name not in row:
        raise InstanceError(
            gettext_noop("%(where)s: missing field “%(field)s”."), where=where, field=name
        )
    return row[name]


def _text(row: Mapping[str, Any], where: str, name: str) -> str:
    value = _required(row, where, name)
    if not isinstance(value, str) or not value.strip():
        raise InstanceError(
            gettext_noop("%(where)s: “%(field)s” must be a non-empty string."),
            where=where,
            field=name,
        )
    return value


def _integer(row: Mapping[str, Any], where: str, name: str, *, minimum: int) -> int:
    value = _required(row, where, name)
    # bool is an int in Python; true is not a number of tables.
    if type(value) is not int or value < minimum:
        raise InstanceError(
            gettext_noop("%(where)s: “%(field)s” must be a whole number of at least %(minimum)d."),
            where=where,
            field=name,
            minimum=minimum,
        )
    return value


def _slot(row: Mapping[str, Any], where: str) -> Slot:
    _no_unknown_fields(row, where, {"id", "start", "minutes", "capacity"})
    slot_id = _text(row, where, "id")
    start_text = _text(row, where, "start")
    try:
        start = datetime.fromisoformat(start_text)
    except ValueError:
        start = None
    if start is None or start.utcoffset() is None:
        raise InstanceError(
            gettext_noop(
                "%(where)s: “start” must be a date and time with a UTC offset, "
                "like 2026-06-15T09:00:00+08:00 (got “%(value)s”)."
            ),
            where=where,
            value=start_text,
        )
    minutes = _integer(row, where, "minutes", minimum=1)
    capacity = _integer(row, where, "capacity", minimum=0)
    return Slot(slot_id, start, minutes, capacity)


def _participant(row: Mapping[str, Any], where: str, slot_ids: Mapping[str, str]) -> Participant:
    _no_unknown_fields(row, where, {"id", "unavailable", "max_meetings"})
    participant_id = _text(row, where, "id")
    unavailable = row.get("unavailable", [])
    if not isinstance(unavailable, list) or not all(isinstance(s, str) for s in unavailable):
        raise InstanceError(
            gettext_noop("%(where)s: “unavailable” must be a list of slot ids."), where=where
        )
    for slot_id in unavailable:
        if slot_id not in slot_ids:
            raise InstanceError(
                gettext_noop("%(where)s: unknown slot “%(slot)s” in “unavailable”."),
                where=where,
                slot=slot_id,
            )
    cap = None
    if row.get("max_meetings") is not None:
        cap = _integer(row, where, "max_meetings", minimum=0)
    return Participant(participant_id, frozenset(unavailable), cap)


def _request(row: Mapping[str, Any], where: str, participant_ids: Mapping[str, str]) -> Request:
    _no_unknown_fields(row, where, {"id", "from", "to", "priority"})
    request_id = _text(row, where, "id")
    ends = []
    for name in ("from", "to"):
        value = _text(row, where, name)
        if value not in participant_ids:
            raise InstanceError(
                gettext_noop("%(where)s: unknown participant “%(participant)s” in “%(field)s”."),
                where=where,
                participant=value,
                field=name,
            )
        ends.append(value)
    if ends[0] == ends[1]:
        raise InstanceError(
            gettext_noop("%(where)s: “from” and “to” are the same participant “%(participant)s”."),
            where=where,
            participant=ends[0],
        )
    priority = _required(row, where, "priority")
    if type(priority) is not int or priority not in PRIORITIES:
        raise InstanceError(
            gettext_noop("%(where)s: “priority” must be 1, 2 or 3 (got %(value)s)."),
            where=where,
            value=json.dumps(priority, ensure_ascii=False),
        )
    return Request(request_id, ends[0], ends[1], priority)


def _announced(row: Mapping[str, Any], where: str) -> Announced:
    _no_unknown_fields(row, where, {"request", "slot", "table"})
    return Announced(
        _text(row, where, "request"),
        _text(row, where, "slot"),
        _integer(row, where, "table", minimum=1),
    )


def _unique(items: Sequence[Slot | Participant | Request], name: str) -> dict[str, str]:
    first: dict[str, str] = {}
    for index, item in enumerate(items):
        if item.id in first:
            raise InstanceError(
                gettext_noop("%(where)s: duplicate id “%(id)s” (already used by %(first)s)."),
                where=f"{name}[{index}]",
                id=item.id,
                first=first[item.id],
            )
        first[item.id] = f"{name}[{index}]"
    return first


def _check_announced(instance: Instance) -> None:
    """Check announced meetings refer to real requests and slots and do not collide.

    With ``allow_moves`` false they must also still be feasible where they are (both
    participants available, caps respected), since they cannot move.
    """
    by_id = {p.id: p for p in instance.participants}
    seen: dict[str, str] = {}
    tables: dict[tuple[str, int], str] = {}
    busy: dict[tuple[str, str], str] = {}
    held: dict[str, int] = {}
    for index, meeting in enumerate(instance.announced):
        where = f"announced[{index}] (“{meeting.request}”)"
        try:
            request = instance.requests[instance.request_index(meeting.request)]
        except KeyError:
            raise InstanceError(
                gettext_noop("%(where)s: unknown request “%(request)s”."),
                where=where,
                request=meeting.request,
            ) from None
        try:
            slot = instance.slots[instance.slot_index(meeting.slot)]
        except KeyError:
            raise InstanceError(
                gettext_noop("%(where)s: unknown slot “%(slot)s”."), where=where, slot=meeting.slot
            ) from None
        if meeting.request in seen:
            raise InstanceError(
                gettext_noop("%(where)s: the request is already announced in %(first)s."),
                where=where,
                first=seen[meeting.request],
            )
        seen[meeting.request] = f"announced[{index}]"
        if meeting.table > slot.capacity:
            raise InstanceError(
                gettext_noop(
                    "%(where)s: table %(table)d does not exist; slot “%(slot)s” has %(capacity)d tables."
                ),
                where=where,
                table=meeting.table,
                slot=slot.id,
                capacity=slot.capacity,
            )
        if (slot.id, meeting.table) in tables:
            raise InstanceError(
                gettext_noop(
                    "%(where)s: table %(table)d in slot “%(slot)s” is already taken by %(other)s."
                ),
                where=where,
                table=meeting.table,
                slot=slot.id,
                other=tables[slot.id, meeting.table],
            )
        tables[slot.id, meeting.table] = f"announced[{index}]"
        for participant_id in (request.source, request.target):
            if (participant_id, slot.id) in busy:
                raise InstanceError(
                    gettext_noop(
                        "%(where)s: participant “%(participant)s” already meets in slot “%(slot)s” (%(other)s)."
                    ),
                    where=where,
                    participant=participant_id,
                    slot=slot.id,
                    other=busy[participant_id, slot.id],
                )
            busy[participant_id, slot.id] = f"announced[{index}]"
            participant = by_id[participant_id]
            held[participant_id] = held.get(participant_id, 0) + 1
            if (
                participant.max_meetings is not None
                and held[participant_id] > participant.max_meetings
            ):
                raise InstanceError(
                    gettext_noop(
                        "%(where)s: participant “%(participant)s” would have more than "
                        "max_meetings (%(cap)d) announced meetings."
                    ),
                    where=where,
                    participant=participant_id,
                    cap=participant.max_meetings,
                )
            if slot.id in participant.unavailable and not instance.allow_moves:
                raise InstanceError(
                    gettext_noop(
                        "%(where)s: participant “%(participant)s” is unavailable in slot “%(slot)s”; "
                        "drop the meeting or allow moves."
                    ),
                    where=where,
                    participant=participant_id,
                    slot=slot.id,
                )
