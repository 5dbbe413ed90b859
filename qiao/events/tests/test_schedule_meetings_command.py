import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from qiao.events.tests.test_instance import GOOD
from qiao.events.tests.validator import violations


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def write(path, data) -> str:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_writes_a_valid_schedule_and_prints_a_summary(tmp_path, capsys):
    instance = write(tmp_path / "instance.json", GOOD)
    out = tmp_path / "schedule.json"

    call_command("schedule_meetings", instance, "--out", str(out), "--seed", "3")

    schedule = json.loads(out.read_text(encoding="utf-8"))
    assert violations(GOOD, schedule) == []
    assert schedule["meetings"] == [{"request": "r2", "slot": "d1s01", "table": 1}]
    assert schedule["unscheduled"] == ["r1"]
    assert schedule["stats"]["seed"] == 3
    assert capsys.readouterr().out.startswith("1 meetings, 1 unscheduled; priority 3 of at most 3")


def test_same_seed_writes_the_same_file(tmp_path):
    instance = write(tmp_path / "instance.json", GOOD)
    first, second = tmp_path / "a.json", tmp_path / "b.json"

    call_command("schedule_meetings", instance, "--out", str(first), "--time-limit", "5")
    call_command("schedule_meetings", instance, "--out", str(second), "--time-limit", "5")

    def without_timing(path):
        data = json.loads(path.read_text(encoding="utf-8"))
        del data["stats"]["seconds"], data["stats"]["bound_seconds"]
        return data

    assert without_timing(first) == without_timing(second)


def test_generated_instance_round_trips_through_both_commands(tmp_path):
    instance = tmp_path / "instance.json"
    out = tmp_path / "schedule.json"

    call_command(
        "generate_meeting_instance", str(instance), "--participants", "60", "--requests",
        "200", "--slots", "8", "--tables", "10", "--seed", "2", "--capped", "0.3",
    )  # fmt: skip
    call_command("schedule_meetings", str(instance), "--out", str(out))

    data = json.loads(instance.read_text(encoding="utf-8"))
    assert len(data["requests"]) == 200
    assert violations(data, json.loads(out.read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "Not valid JSON: Expecting property name enclosed in double quotes"),
        (json.dumps({**GOOD, "requests": [{"id": "r1", "from": "p1", "to": "p1", "priority": 2}]}),
         "requests[0] (“r1”): “from” and “to” are the same participant “p1”."),
        (json.dumps({**GOOD, "slots": [{**GOOD["slots"][0], "capacity": -3}]}),
         "slots[0] (“d1s01”): “capacity” must be a whole number of at least 0."),
    ],
)  # fmt: skip
def test_bad_input_names_the_file_and_the_problem_and_writes_nothing(tmp_path, content, message):
    instance = tmp_path / "instance.json"
    instance.write_text(content, encoding="utf-8")
    out = tmp_path / "schedule.json"

    with pytest.raises(CommandError) as raised:
        call_command("schedule_meetings", str(instance), "--out", str(out))

    assert str(raised.value).startswith(f"{instance}: {message}")
    assert list(tmp_path.iterdir()) == [instance]


def test_missing_file_is_reported(tmp_path):
    with pytest.raises(CommandError) as raised:
        call_command("schedule_meetings", str(tmp_path / "nope.json"), "--out", "x.json")

    assert str(raised.value) == f"{tmp_path / 'nope.json'}: no such file."


def test_file_that_is_not_utf8_is_reported(tmp_path):
    instance = tmp_path / "instance.json"
    instance.write_bytes(b"\xff\xfe{}")

    with pytest.raises(CommandError) as raised:
        call_command("schedule_meetings", str(instance), "--out", str(tmp_path / "s.json"))

    assert str(raised.value).startswith(f"{instance}: cannot read:")


def test_time_limit_must_be_positive(tmp_path):
    instance = write(tmp_path / "instance.json", GOOD)

    with pytest.raises(CommandError) as raised:
        call_command("schedule_meetings", instance, "--out", "x.json", "--time-limit", "0")

    assert str(raised.value) == "--time-limit must be more than 0 seconds."


def test_error_is_translated_to_chinese(tmp_path):
    instance = tmp_path / "instance.json"
    instance.write_text(json.dumps({**GOOD, "allow_moves": "yes"}), encoding="utf-8")

    with translation.override("zh-hans"), pytest.raises(CommandError) as raised:
        call_command("schedule_meetings", str(instance), "--out", str(tmp_path / "s.json"))

    assert str(raised.value) == f"{instance}: “allow_moves” 必须是 true 或 false。"
