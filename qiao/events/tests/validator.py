"""An independent check of a schedule against its instance, written apart from the scheduler.

It reads the two JSON documents as plain dicts and shares no code with
``qiao.events``; ``violations`` returns one line per broken rule, so tests assert ``== []``.
"""

from collections import Counter, defaultdict


def violations(instance: dict, schedule: dict) -> list[str]:
    slots = {s["id"]: s for s in instance["slots"]}
    people = {p["id"]: p for p in instance["participants"]}
    requests = {r["id"]: r for r in instance["requests"]}
    problems = []

    held = Counter(m["request"] for m in schedule["meetings"])
    for request_id, times in held.items():
        if request_id not in requests:
            problems.append(f"unknown request {request_id}")
        elif times > 1:
            problems.append(f"{request_id} held {times} times")
    listed = Counter(schedule["unscheduled"]) + Counter(set(held))
    for request_id in requests:
        if listed[request_id] != 1:
            problems.append(f"{request_id} appears {listed[request_id]} times in the result")

    tables = defaultdict(set)
    seats = defaultdict(list)
    meetings_of = Counter()
    for meeting in schedule["meetings"]:
        slot = slots.get(meeting["slot"])
        request = requests.get(meeting["request"])
        if slot is None or request is None:
            problems.append(f"meeting {meeting} names an unknown slot or request")
            continue
        if not 1 <= meeting["table"] <= slot["capacity"]:
            problems.append(f"{meeting} has a table outside 1..{slot['capacity']}")
        if meeting["table"] in tables[slot["id"]]:
            problems.append(f"table {meeting['table']} used twice in {slot['id']}")
        tables[slot["id"]].add(meeting["table"])
        for person in (request["from"], request["to"]):
            seats[person, slot["id"]].append(request["id"])
            meetings_of[person] += 1
            if slot["id"] in people[person].get("unavailable", []):
                problems.append(f"{person} is unavailable in {slot['id']} but meets there")
    for slot_id, used in tables.items():
        if len(used) > slots[slot_id]["capacity"]:
            problems.append(f"{slot_id} holds {len(used)} meetings for its tables")
    for (person, slot_id), held_there in seats.items():
        if len(held_there) > 1:
            problems.append(f"{person} double-booked in {slot_id}: {held_there}")
    for person, count in meetings_of.items():
        cap = people[person].get("max_meetings")
        if cap is not None and count > cap:
            problems.append(f"{person} has {count} meetings, more than {cap}")

    placed = {m["request"]: (m["slot"], m["table"]) for m in schedule["meetings"]}
    for announced in instance.get("announced", []):
        where = placed.get(announced["request"])
        if instance.get("allow_moves", False):
            if where is None:
                problems.append(f"announced {announced['request']} dropped")
        elif where != (announced["slot"], announced["table"]):
            problems.append(f"announced {announced['request']} moved to {where}")

    objective = sum(requests[r]["priority"] for r in placed if r in requests)
    if schedule["stats"]["objective"] != objective:
        problems.append(f"stats say {schedule['stats']['objective']}, meetings sum to {objective}")
    return problems
