"""Small random instances and an exact optimum by integer programming, for the tests."""

import random

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

# plan_meetings in tests: a step budget and no clock, so a slow machine plans the same.
BUDGET = {"time_limit": None, "step_limit": 50_000}


def random_instance(seed: int, *, announced: bool = False) -> dict:
    """Return INSTANCE.json data: 2–5 slots, 3–8 participants, up to 14 requests."""
    rng = random.Random(seed)
    slot_ids = [f"s{i}" for i in range(rng.randint(2, 5))]
    slots = [
        {"id": s, "start": f"2026-06-15T{9 + i:02d}:00:00+08:00", "minutes": 30,
         "capacity": rng.choice([0, 1, 1, 2, 2, 3])}
        for i, s in enumerate(slot_ids)
    ]  # fmt: skip
    people = []
    for i in range(rng.randint(3, 8)):
        person = {"id": f"p{i}", "unavailable": [s for s in slot_ids if rng.random() < 0.25]}
        if rng.random() < 0.2:
            person["max_meetings"] = rng.randint(0, 3)
        people.append(person)
    requests = []
    for i in range(rng.randint(1, 14)):
        a, b = rng.sample(people, 2)
        requests.append(
            {"id": f"r{i}", "from": a["id"], "to": b["id"], "priority": rng.randint(1, 3)}
        )
    return {"slots": slots, "participants": people, "requests": requests}


def optimum(data: dict) -> int:
    """Return the best total priority by solving the 0/1 model exactly with HiGHS.

    Announced meetings must be held: where they are, or anywhere with ``allow_moves``.
    """
    slots = [s["id"] for s in data["slots"]]
    away = {p["id"]: set(p.get("unavailable", [])) for p in data["participants"]}
    fixed = {} if data.get("allow_moves") else {
        a["request"]: a["slot"] for a in data.get("announced", [])
    }  # fmt: skip
    columns = [
        (r, s)
        for r in data["requests"]
        for s in slots
        if s not in away[r["from"]] | away[r["to"]] and fixed.get(r["id"], s) == s
    ]
    if not columns:
        return 0
    rows = []
    limits = []
    floors = []
    held = {a["request"] for a in data.get("announced", [])}

    def row(members, limit, floor=-np.inf):
        rows.append([1.0 if i in members else 0.0 for i in range(len(columns))])
        limits.append(limit)
        floors.append(floor)

    for r in data["requests"]:
        row({i for i, (q, _) in enumerate(columns) if q is r}, 1, 1 if r["id"] in held else -np.inf)
    for p in data["participants"]:
        for s in slots:
            row({i for i, (q, t) in enumerate(columns) if t == s and p["id"] in (q["from"], q["to"])}, 1)  # fmt: skip
        if p.get("max_meetings") is not None:
            row({i for i, (q, _) in enumerate(columns) if p["id"] in (q["from"], q["to"])}, p["max_meetings"])  # fmt: skip
    for slot in data["slots"]:
        row({i for i, (_, t) in enumerate(columns) if t == slot["id"]}, slot["capacity"])
    result = milp(
        c=-np.array([q["priority"] for q, _ in columns], dtype=float),
        constraints=LinearConstraint(
            np.array(rows), np.array(floors), np.array(limits, dtype=float)
        ),
        integrality=np.ones(len(columns)),
        bounds=Bounds(0, 1),
    )
    assert result.status == 0, result.message
    return round(-result.fun)
