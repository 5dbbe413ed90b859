"""Synthetic meeting-scheduling instances shaped like a real partnering event.

Pure module: no Django import. ``generate(participants, requests, slots, tables, seed)``
returns an ``Instance`` (``Instance.to_json()`` gives INSTANCE.json) with

* **heavy-tailed popularity**: targets are drawn with Zipf–Mandelbrot weights
  ``1 / (rank + 10) ** 1.1`` over a shuffled order of participants, so a few are asked by
  hundreds while most are asked a few times; senders are drawn with a milder tail;
* **partial attendance**: about 40 % of participants miss a contiguous block (a whole day,
  a morning or an afternoon, arriving late or leaving early) and some miss a few single
  slots (giving a talk, a booth duty);
* **scarce tables**: every slot has ``tables`` tables, so with ``tables * slots`` below
  the number of requests not everything can be held;
* priorities 1, 2 and 3 in proportions 50 %, 30 % and 20 %, and never two requests
  between the same pair, in either direction;
* optionally, ``capped`` (a fraction) of the participants with a ``max_meetings`` of 4–12.

Slots run in days of ``ceil(slots / days)`` half-hour slots from 09:00 (+08:00); ``days``
defaults to one per 16 slots. The same arguments always give the same instance.
"""

from __future__ import annotations

import itertools
import math
import random
from datetime import datetime, timedelta, timezone

from qiao.events.instance import Instance, Participant, Request, Slot

__all__ = ["generate"]

CHINA = timezone(timedelta(hours=8))
FIRST_DAY = datetime(2026, 6, 15, 9, 0, tzinfo=CHINA)


def _slots(count: int, tables: int, days: int) -> list[Slot]:
    per_day = math.ceil(count / days)
    return [
        Slot(
            id=f"d{i // per_day + 1}s{i % per_day + 1:02d}",
            start=FIRST_DAY + timedelta(days=i // per_day, minutes=30 * (i % per_day)),
            minutes=30,
            capacity=tables,
        )
        for i in range(count)
    ]


def _absence(rng: random.Random, slots: int, days: int) -> set[int]:
    """Return the slots one participant misses: a contiguous block, and a few single slots."""
    per_day = math.ceil(slots / days)
    missed: set[int] = set()
    roll = rng.random()
    day = rng.randrange(days)
    first, last = day * per_day, min(slots, (day + 1) * per_day)
    half = (first + last) // 2
    if roll < 0.12 and days > 1:
        missed.update(range(first, last))  # a whole day
    elif roll < 0.22:
        missed.update(range(first, half))  # a morning
    elif roll < 0.32:
        missed.update(range(half, last))  # an afternoon
    elif roll < 0.40:
        missed.update(range(rng.randrange(slots // 2, slots), slots))  # leaves early
    if rng.random() < 0.25:
        missed.update(rng.sample(range(slots), min(slots, rng.randint(1, 3))))
    return missed


def generate(
    participants: int,
    requests: int,
    slots: int,
    tables: int,
    seed: int = 0,
    *,
    days: int | None = None,
    capped: float = 0.0,
) -> Instance:
    """Return a synthetic instance with up to ``requests`` requests (fewer if pairs run out)."""
    if participants < 2 or slots < 1:
        raise ValueError("an instance needs at least two participants and one slot")
    rng = random.Random(seed)
    days = days or max(1, round(slots / 16))
    slot_list = _slots(slots, tables, days)
    people = []
    for i in range(participants):
        missed = _absence(rng, slots, days)
        cap = rng.randint(4, 12) if rng.random() < capped else None
        people.append(
            Participant(
                id=f"p{i + 1}",
                unavailable=frozenset(slot_list[s].id for s in missed),
                max_meetings=cap,
            )
        )
    order = list(range(participants))
    rng.shuffle(order)
    popular = list(itertools.accumulate(1.0 / (rank + 10) ** 1.1 for rank in range(participants)))
    senders = order[:]
    rng.shuffle(senders)
    active = list(itertools.accumulate(1.0 / (rank + 30) ** 0.7 for rank in range(participants)))

    wanted = min(requests, participants * (participants - 1) // 2)
    pairs: set[tuple[int, int]] = set()
    request_list: list[Request] = []
    # Drawing by popularity can keep hitting taken pairs when nearly every pair is asked
    # for; the attempt limit ends that, with fewer requests than asked.
    for _ in range(50 * wanted + 1000):
        if len(request_list) == wanted:
            break
        sender = senders[_draw(rng, active)]
        target = order[_draw(rng, popular)]
        pair = (min(sender, target), max(sender, target))
        if sender == target or pair in pairs:
            continue
        pairs.add(pair)
        request_list.append(
            Request(
                id=f"r{len(request_list) + 1}",
                source=people[sender].id,
                target=people[target].id,
                priority=rng.choices((1, 2, 3), weights=(5, 3, 2))[0],
            )
        )
    return Instance(tuple(slot_list), tuple(people), tuple(request_list))


def _draw(rng: random.Random, cumulative: list[float]) -> int:
    return rng.choices(range(len(cumulative)), cum_weights=cumulative)[0]
