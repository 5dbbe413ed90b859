"""The scheduling problem in index form, a mutable assignment over it, and the result.

Pure module: no Django import. ``Problem.compile(instance)`` numbers slots, participants
and requests by their position in the instance; slot sets are Python ints used as bit
masks (bit ``s`` = slot ``s``), which keeps "both free, slot open" one ``&`` away.
``Assignment`` holds which request meets in which slot and keeps the per-participant and
per-slot books; ``Assignment.result()`` numbers tables and builds the ``Schedule``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from qiao.events.instance import Instance

__all__ = ["Assignment", "Meeting", "Problem", "Schedule", "bits"]

UNCAPPED = 1 << 30


def bits(mask: int) -> Iterator[int]:
    """Yield the positions of the set bits of ``mask``, lowest first."""
    while mask:
        low = mask & -mask
        yield low.bit_length() - 1
        mask ^= low


@dataclass(frozen=True, slots=True)
class Meeting:
    """A request held in a slot at a table (numbered from 1 within the slot)."""

    request: str
    slot: str
    table: int


@dataclass(frozen=True, slots=True)
class Schedule:
    """Meetings in slot, then table order; unscheduled request ids in input order; stats."""

    meetings: tuple[Meeting, ...]
    unscheduled: tuple[str, ...]
    stats: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "meetings": [
                {"request": m.request, "slot": m.slot, "table": m.table} for m in self.meetings
            ],
            "unscheduled": list(self.unscheduled),
            "stats": self.stats,
        }


@dataclass(slots=True)
class Problem:
    """The instance in index form.

    ``feasible[r]`` is the mask of slots in which both parties of request ``r`` are
    available; ``fixed[r]`` is the slot of an announced meeting that may not move (else
    -1); ``held`` holds announced requests that may move but must still meet.
    """

    instance: Instance
    capacity: list[int]
    available: list[int]
    cap: list[int]
    source: list[int]
    target: list[int]
    weight: list[int]
    feasible: list[int]
    fixed: list[int]
    held: frozenset[int]
    announced_slot: dict[int, int]
    announced_table: dict[int, int]

    @classmethod
    def compile(cls, instance: Instance) -> Problem:
        slots = len(instance.slots)
        everything = (1 << slots) - 1
        available = []
        for participant in instance.participants:
            mask = everything
            for slot_id in participant.unavailable:
                mask &= ~(1 << instance.slot_index(slot_id))
            available.append(mask)
        source = [instance.participant_index(r.source) for r in instance.requests]
        target = [instance.participant_index(r.target) for r in instance.requests]
        fixed = [-1] * len(instance.requests)
        announced_slot = {}
        announced_table = {}
        for meeting in instance.announced:
            r = instance.request_index(meeting.request)
            announced_slot[r] = instance.slot_index(meeting.slot)
            announced_table[r] = meeting.table
            if not instance.allow_moves:
                fixed[r] = announced_slot[r]
        return cls(
            instance=instance,
            capacity=[s.capacity for s in instance.slots],
            available=available,
            cap=[
                UNCAPPED if p.max_meetings is None else p.max_meetings
                for p in instance.participants
            ],
            source=source,
            target=target,
            weight=[r.priority for r in instance.requests],
            feasible=[available[a] & available[b] for a, b in zip(source, target, strict=True)],
            fixed=fixed,
            held=frozenset(announced_slot) if instance.allow_moves else frozenset(),
            announced_slot=announced_slot,
            announced_table=announced_table,
        )

    @property
    def slots(self) -> int:
        return len(self.capacity)

    @property
    def requests(self) -> int:
        return len(self.weight)


class Assignment:
    """A partial schedule: ``slot_of[r]`` is request r's slot or -1, with the books kept.

    ``busy[p]`` is the mask of slots where participant p meets, ``meets[p]`` how many
    meetings p has, ``load[s]`` how many meetings slot s holds, ``open`` the mask of slots
    with a free table, ``occupant[p * slots + s]`` the request p meets in slot s (or -1) and
    ``members[s]`` the requests in slot s. ``place`` and ``remove`` assume the caller
    checked feasibility; ``violations()`` recounts everything from scratch.
    """

    __slots__ = (
        "problem",
        "slot_of",
        "busy",
        "meets",
        "load",
        "open",
        "occupant",
        "members",
        "value",
    )

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.slot_of = [-1] * problem.requests
        participants = len(problem.available)
        self.busy = [0] * participants
        self.meets = [0] * participants
        self.load = [0] * problem.slots
        self.open = sum(1 << s for s, c in enumerate(problem.capacity) if c > 0)
        self.occupant = [-1] * (participants * problem.slots)
        self.members: list[set[int]] = [set() for _ in range(problem.slots)]
        self.value = 0

    def free(self, r: int) -> int:
        """Return the mask of slots where request r could be placed right now."""
        p = self.problem
        a, b = p.source[r], p.target[r]
        if self.meets[a] >= p.cap[a] or self.meets[b] >= p.cap[b]:
            return 0
        return p.feasible[r] & ~(self.busy[a] | self.busy[b]) & self.open

    def place(self, r: int, s: int) -> None:
        p = self.problem
        bit = 1 << s
        self.slot_of[r] = s
        for q in (p.source[r], p.target[r]):
            self.busy[q] |= bit
            self.meets[q] += 1
            self.occupant[q * p.slots + s] = r
        self.load[s] += 1
        if self.load[s] >= p.capacity[s]:
            self.open &= ~bit
        self.members[s].add(r)
        self.value += p.weight[r]

    def remove(self, r: int) -> int:
        p = self.problem
        s = self.slot_of[r]
        bit = 1 << s
        self.slot_of[r] = -1
        for q in (p.source[r], p.target[r]):
            self.busy[q] &= ~bit
            self.meets[q] -= 1
            self.occupant[q * p.slots + s] = -1
        self.load[s] -= 1
        self.open |= bit
        self.members[s].discard(r)
        self.value -= p.weight[r]
        return s

    def violations(self) -> int:
        """Count broken rules by recounting from ``slot_of`` (used by tests and asserts)."""
        p = self.problem
        broken = 0
        seen: set[tuple[int, int]] = set()
        meets = [0] * len(p.available)
        load = [0] * p.slots
        for r, s in enumerate(self.slot_of):
            if s < 0:
                continue
            broken += not (p.feasible[r] >> s) & 1
            broken += p.fixed[r] >= 0 and p.fixed[r] != s
            load[s] += 1
            for q in (p.source[r], p.target[r]):
                meets[q] += 1
                broken += (q, s) in seen
                seen.add((q, s))
        broken += sum(m > c for m, c in zip(meets, p.cap, strict=True))
        broken += sum(n > c for n, c in zip(load, p.capacity, strict=True))
        return broken

    def result(self, stats: dict[str, Any]) -> Schedule:
        """Number the tables and return the schedule.

        Announced meetings still in their announced slot keep their table; the others
        take the lowest free tables in request order.
        """
        p = self.problem
        instance = p.instance
        tables: dict[int, int] = {}
        for s in range(p.slots):
            members = sorted(self.members[s])
            taken = {
                p.announced_table[r]
                for r in members
                if p.announced_slot.get(r) == s and p.announced_table[r] <= p.capacity[s]
            }
            spare = (t for t in range(1, p.capacity[s] + 1) if t not in taken)
            for r in members:
                if p.announced_slot.get(r) == s and p.announced_table[r] in taken:
                    tables[r] = p.announced_table[r]
                else:
                    tables[r] = next(spare)
        meetings = sorted(
            (self.slot_of[r], tables[r], r) for r in range(p.requests) if self.slot_of[r] >= 0
        )
        return Schedule(
            meetings=tuple(
                Meeting(instance.requests[r].id, instance.slots[s].id, t) for s, t, r in meetings
            ),
            unscheduled=tuple(
                instance.requests[r].id for r in range(p.requests) if self.slot_of[r] < 0
            ),
            stats=stats,
        )

    def by_priority(self) -> dict[str, int]:
        counts = {"1": 0, "2": 0, "3": 0}
        for r, s in enumerate(self.slot_of):
            if s >= 0:
                counts[str(self.problem.weight[r])] += 1
        return counts
