import copy

import pytest

from qiao.events.baselines import first_come_first_served, priority_greedy
from qiao.events.bound import lp_bound, relaxed_bound
from qiao.events.generator import generate
from qiao.events.instance import parse_instance
from qiao.events.problem import Problem
from qiao.events.scheduling import schedule
from qiao.events.tests.helpers import optimum, random_instance
from qiao.events.tests.validator import violations

SEEDS = range(120)
# The small instances converge within 17,000 steps; a step budget instead of the clock makes
# every result below the same on a slow machine as on a fast one.
STEPS = 50_000


def run(data: dict, **options) -> dict:
    options.setdefault("time_limit", None)
    options.setdefault("step_limit", STEPS)
    return schedule(parse_instance(data), **options).to_json()


@pytest.mark.parametrize("seed", SEEDS)
def test_small_random_instances_are_solved_validly_and_within_one_of_the_optimum(seed):
    data = random_instance(seed)
    result = run(data, seed=seed)
    best = optimum(data)

    assert violations(data, result) == []
    assert best - 1 <= result["stats"]["objective"] <= best
    assert result["stats"]["bound"] >= best - 1e-6


def test_small_random_instances_reach_the_optimum_but_for_two_known_instances():
    misses = [
        seed
        for seed in SEEDS
        if run(random_instance(seed))["stats"]["objective"] != optimum(random_instance(seed))
    ]

    # Deterministic under the step budget: these two end one below the optimum (a local
    # optimum the walk does not leave); any other miss is a regression.
    assert misses == [12, 68]


def test_the_step_budget_stops_the_search_the_same_way_every_time():
    instance = generate(200, 900, 14, 25, 11)

    first = schedule(instance, seed=3, time_limit=None, step_limit=300).to_json()
    again = schedule(instance, seed=3, time_limit=None, step_limit=300).to_json()

    assert first["stats"]["stopped"] == "step limit"
    assert first["stats"]["steps"] == 301
    assert first["meetings"] == again["meetings"]
    assert violations(instance.to_json(), first) == []


@pytest.mark.parametrize("seed", range(40))
def test_bounds_are_ordered_relaxed_above_lp_above_optimum(seed):
    data = random_instance(1000 + seed)
    problem = Problem.compile(parse_instance(data))
    full = lp_bound(problem)

    assert full is not None
    assert relaxed_bound(problem).value >= full.value - 1e-6
    assert full.value >= optimum(data) - 1e-6


@pytest.mark.parametrize("seed", range(3))
def test_generated_instance_is_valid_and_beats_both_baselines(seed):
    instance = generate(150, 600, 12, 12, seed, capped=0.2)
    result = schedule(instance, seed=seed, walk=300, time_limit=None)
    data = instance.to_json()
    problem = Problem.compile(instance)
    output = result.to_json()

    assert violations(data, output) == []
    assert result.stats["objective"] >= first_come_first_served(problem).value
    assert result.stats["objective"] >= priority_greedy(problem).value
    assert result.stats["objective"] <= result.stats["bound"]
    assert result.stats["bound"] >= lp_bound(problem).value - 1e-6
    assert result.stats["baselines"] == {
        "fcfs": first_come_first_served(problem).value,
        "greedy": priority_greedy(problem).value,
    }


def test_local_search_improves_on_the_priority_greedy():
    instance = generate(300, 1500, 16, 40, 5)
    problem = Problem.compile(instance)

    result = schedule(instance, walk=0, time_limit=None)

    assert result.stats["objective"] > priority_greedy(problem).value


def test_same_seed_gives_the_same_schedule():
    instance = generate(200, 900, 14, 25, 11)

    first = schedule(instance, seed=3, walk=500, time_limit=None).to_json()
    again = schedule(instance, seed=3, walk=500, time_limit=None).to_json()

    assert first["meetings"] == again["meetings"]
    assert first["unscheduled"] == again["unscheduled"]
    assert first["stats"]["stopped"] == "budget"


def test_stats_describe_the_result():
    data = random_instance(7)
    result = run(data, seed=4, time_limit=5)
    stats = result["stats"]
    priority = {r["id"]: r["priority"] for r in data["requests"]}

    assert stats["meetings"] == len(result["meetings"])
    assert stats["unscheduled"] == len(result["unscheduled"])
    assert stats["meetings_by_priority"] == {
        p: sum(priority[m["request"]] == int(p) for m in result["meetings"]) for p in "123"
    }
    assert stats["ratio"] == round(stats["objective"] / stats["bound"], 5)
    assert (stats["seed"], stats["time_limit"]) == (4, 5)
    assert stats["bound_method"] == "lp-aggregate"


def two_day_event(**extra) -> dict:
    """Three people, two slots with one table each, and two requests that both want p1."""
    return {
        "slots": [
            {"id": "d1s01", "start": "2026-06-15T09:00:00+08:00", "minutes": 30, "capacity": 1},
            {"id": "d1s02", "start": "2026-06-15T09:30:00+08:00", "minutes": 30, "capacity": 1},
        ],
        "participants": [{"id": "p1"}, {"id": "p2"}, {"id": "p3"}],
        "requests": [
            {"id": "r1", "from": "p1", "to": "p2", "priority": 1},
            {"id": "r2", "from": "p1", "to": "p3", "priority": 3},
        ],
        **extra,
    }


def test_higher_priority_wins_a_contested_slot():
    data = two_day_event()
    data["participants"][1]["unavailable"] = ["d1s02"]
    data["participants"][2]["unavailable"] = ["d1s02"]

    result = run(data)

    assert result["meetings"] == [{"request": "r2", "slot": "d1s01", "table": 1}]
    assert result["unscheduled"] == ["r1"]


def test_cap_limits_a_participants_meetings():
    data = two_day_event()
    data["participants"][0]["max_meetings"] = 1

    result = run(data)

    assert [m["request"] for m in result["meetings"]] == ["r2"]
    assert violations(data, result) == []


def test_announced_meeting_stays_put_when_moves_are_not_allowed():
    # r1 announced in the only slot p3 could use: r2 (priority 3) cannot take it back.
    data = two_day_event(
        announced=[{"request": "r1", "slot": "d1s01", "table": 1}], allow_moves=False
    )
    data["participants"][2]["unavailable"] = ["d1s02"]

    result = run(data)

    assert result["meetings"] == [{"request": "r1", "slot": "d1s01", "table": 1}]
    assert result["unscheduled"] == ["r2"]
    assert result["stats"]["announced_moved"] == 0


def test_announced_meeting_moves_to_make_room_when_allowed():
    data = two_day_event(
        announced=[{"request": "r1", "slot": "d1s01", "table": 1}], allow_moves=True
    )
    data["participants"][2]["unavailable"] = ["d1s02"]

    result = run(data)

    assert result["meetings"] == [
        {"request": "r2", "slot": "d1s01", "table": 1},
        {"request": "r1", "slot": "d1s02", "table": 1},
    ]
    assert result["stats"]["announced_moved"] == 1
    assert violations(data, result) == []


def announce(data: dict, result: dict) -> dict:
    """Return the instance with the result's meetings announced."""
    return {**copy.deepcopy(data), "announced": result["meetings"], "allow_moves": False}


def test_replanning_after_a_cancellation_keeps_every_other_meeting_in_place():
    instance = generate(120, 500, 10, 15, 21)
    data = instance.to_json()
    first = run(data, walk=200)
    cancelled = first["meetings"][5]["request"]
    replan = announce(data, first)
    replan["requests"] = [r for r in replan["requests"] if r["id"] != cancelled]
    replan["announced"] = [m for m in replan["announced"] if m["request"] != cancelled]

    second = run(replan, walk=200)

    kept = {(m["request"], m["slot"], m["table"]) for m in second["meetings"]}
    assert {(m["request"], m["slot"], m["table"]) for m in replan["announced"]} <= kept
    assert violations(replan, second) == []
    assert second["stats"]["objective"] >= first["stats"]["objective"] - max(
        r["priority"] for r in data["requests"] if r["id"] == cancelled
    )


def test_replanning_after_an_added_request_fits_it_without_moving_anyone():
    data = two_day_event()
    data["slots"][0]["capacity"] = data["slots"][1]["capacity"] = 2
    first = run(data)
    replan = announce(data, first)
    replan["participants"].append({"id": "p4"})
    replan["requests"].append({"id": "r3", "from": "p2", "to": "p4", "priority": 2})

    second = run(replan)

    assert {(m["request"], m["slot"]) for m in first["meetings"]} < {
        (m["request"], m["slot"]) for m in second["meetings"]
    }
    assert "r3" in {m["request"] for m in second["meetings"]}
    assert violations(replan, second) == []


@pytest.mark.parametrize("seed", range(40))
def test_random_replanning_respects_announced_meetings(seed):
    data = random_instance(500 + seed)
    first = run(data, seed=seed)
    replan = announce(data, first)
    replan["requests"].append(
        {"id": "late", "from": data["participants"][0]["id"],
         "to": data["participants"][1]["id"], "priority": 3}
    )  # fmt: skip
    replan["allow_moves"] = bool(seed % 2)

    second = run(replan, seed=seed)

    assert violations(replan, second) == []
    assert second["stats"]["objective"] == optimum(replan)


def test_tables_are_numbered_from_one_within_each_slot():
    data = two_day_event()
    data["slots"][0]["capacity"] = 2
    data["participants"] += [{"id": "p4"}, {"id": "p5"}]
    data["requests"].append({"id": "r3", "from": "p4", "to": "p5", "priority": 1})
    data["slots"][1]["capacity"] = 0

    result = run(data)

    assert sorted((m["slot"], m["table"]) for m in result["meetings"]) == [
        ("d1s01", 1),
        ("d1s01", 2),
    ]
