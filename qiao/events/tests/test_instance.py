import copy
import json

import pytest

from qiao.events.instance import InstanceError, load_instance, parse_instance

GOOD = {
    "slots": [
        {"id": "d1s01", "start": "2026-06-15T09:00:00+08:00", "minutes": 30, "capacity": 2},
        {"id": "d1s02", "start": "2026-06-15T09:30:00+08:00", "minutes": 30, "capacity": 2},
    ],
    "participants": [
        {"id": "p1", "unavailable": ["d1s02"]},
        {"id": "p2", "unavailable": [], "max_meetings": 1},
        {"id": "p3"},
    ],
    "requests": [
        {"id": "r1", "from": "p1", "to": "p2", "priority": 1},
        {"id": "r2", "from": "p3", "to": "p2", "priority": 3},
    ],
}


def broken(change) -> dict:
    data = copy.deepcopy(GOOD)
    change(data)
    return data


def test_good_instance_reads_back_to_the_same_json():
    instance = parse_instance(GOOD)

    assert instance.participants[1].max_meetings == 1
    assert instance.requests[1].priority == 3
    assert parse_instance(instance.to_json()) == instance


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("requests"), "Missing top-level field “requests”."),
        (lambda d: d.update(slots={}), "“slots” must be a list."),
        (lambda d: d.update(extra=1), "instance: unknown field “extra”."),
        (lambda d: d["slots"].append(7), "slots[2] must be a JSON object."),
        (lambda d: d["slots"][1].update(id="d1s01"),
         "slots[1]: duplicate id “d1s01” (already used by slots[0])."),
        (lambda d: d["slots"][0].update(capacity=-1),
         "slots[0] (“d1s01”): “capacity” must be a whole number of at least 0."),
        (lambda d: d["slots"][0].update(capacity=True),
         "slots[0] (“d1s01”): “capacity” must be a whole number of at least 0."),
        (lambda d: d["slots"][0].update(minutes=0),
         "slots[0] (“d1s01”): “minutes” must be a whole number of at least 1."),
        (lambda d: d["slots"][0].update(start="2026-06-15 09:00"),
         "slots[0] (“d1s01”): “start” must be a date and time with a UTC offset, "
         "like 2026-06-15T09:00:00+08:00 (got “2026-06-15 09:00”)."),
        (lambda d: d["slots"][0].pop("id"), "slots[0]: missing field “id”."),
        (lambda d: d["participants"][0].update(unavailable=["d9s99"]),
         "participants[0] (“p1”): unknown slot “d9s99” in “unavailable”."),
        (lambda d: d["participants"][0].update(unavailable="d1s01"),
         "participants[0] (“p1”): “unavailable” must be a list of slot ids."),
        (lambda d: d["participants"][2].update(id="p1"),
         "participants[2]: duplicate id “p1” (already used by participants[0])."),
        (lambda d: d["participants"][1].update(max_meetings=-2),
         "participants[1] (“p2”): “max_meetings” must be a whole number of at least 0."),
        (lambda d: d["requests"][0].update(to="p9"),
         "requests[0] (“r1”): unknown participant “p9” in “to”."),
        (lambda d: d["requests"][1].update({"from": "p2"}),
         "requests[1] (“r2”): “from” and “to” are the same participant “p2”."),
        (lambda d: d["requests"][0].update(priority=4),
         "requests[0] (“r1”): “priority” must be 1, 2 or 3 (got 4)."),
        (lambda d: d["requests"][0].update(priority="high"),
         "requests[0] (“r1”): “priority” must be 1, 2 or 3 (got \"high\")."),
        (lambda d: d["requests"][1].update(id="r1"),
         "requests[1]: duplicate id “r1” (already used by requests[0])."),
        (lambda d: d["requests"][0].update(id=""),
         "requests[0]: “id” must be a non-empty string."),
        (lambda d: d["requests"][0].update(weight=2),
         "requests[0] (“r1”): unknown field “weight”."),
        (lambda d: d.update(allow_moves="no"), "“allow_moves” must be true or false."),
    ],
)  # fmt: skip
def test_bad_instance_is_rejected_naming_what_is_wrong(change, message):
    with pytest.raises(InstanceError) as raised:
        parse_instance(broken(change))

    assert raised.value.message == message


def announced(*meetings, allow_moves=False) -> dict:
    return {**copy.deepcopy(GOOD), "announced": list(meetings), "allow_moves": allow_moves}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (announced({"request": "r9", "slot": "d1s01", "table": 1}),
         "announced[0] (“r9”): unknown request “r9”."),
        (announced({"request": "r1", "slot": "x", "table": 1}),
         "announced[0] (“r1”): unknown slot “x”."),
        (announced({"request": "r1", "slot": "d1s01", "table": 3}),
         "announced[0] (“r1”): table 3 does not exist; slot “d1s01” has 2 tables."),
        (announced({"request": "r1", "slot": "d1s01", "table": 0}),
         "announced[0] (“r1”): “table” must be a whole number of at least 1."),
        (announced({"request": "r1", "slot": "d1s01", "table": 1},
                   {"request": "r1", "slot": "d1s02", "table": 1}),
         "announced[1] (“r1”): the request is already announced in announced[0]."),
        (announced({"request": "r1", "slot": "d1s01", "table": 1},
                   {"request": "r2", "slot": "d1s01", "table": 1}),
         "announced[1] (“r2”): table 1 in slot “d1s01” is already taken by announced[0]."),
        (announced({"request": "r1", "slot": "d1s01", "table": 1},
                   {"request": "r2", "slot": "d1s01", "table": 2}),
         "announced[1] (“r2”): participant “p2” already meets in slot “d1s01” (announced[0])."),
        (announced({"request": "r1", "slot": "d1s02", "table": 1}),
         "announced[0] (“r1”): participant “p1” is unavailable in slot “d1s02”; "
         "drop the meeting or allow moves."),
        (announced({"request": "r1", "slot": "d1s01", "table": 1},
                   {"request": "r2", "slot": "d1s02", "table": 1}, allow_moves=True),
         "announced[1] (“r2”): participant “p2” would have more than max_meetings (1) "
         "announced meetings."),
    ],
)  # fmt: skip
def test_bad_announced_meeting_is_rejected(data, message):
    with pytest.raises(InstanceError) as raised:
        parse_instance(data)

    assert raised.value.message == message


def test_announced_meeting_in_an_unavailable_slot_is_accepted_when_it_may_move():
    data = announced({"request": "r1", "slot": "d1s02", "table": 1}, allow_moves=True)

    assert parse_instance(data).announced[0].slot == "d1s02"


def test_malformed_json_names_line_and_column():
    with pytest.raises(InstanceError) as raised:
        load_instance('{"slots": [}')

    assert raised.value.message == "Not valid JSON: Expecting value (line 1, column 12)."


def test_top_level_must_be_an_object():
    with pytest.raises(InstanceError) as raised:
        load_instance(json.dumps([1]))

    assert "must be a JSON object" in raised.value.message
