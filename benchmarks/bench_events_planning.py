"""Planning a partnering event from the database: build the instance, schedule, store.

    QIAO_DATABASE_URL=sqlite:////tmp/events-bench.sqlite3 \\
        .venv/bin/python benchmarks/bench_events_planning.py --participants 400 --requests 1600

Creates (once per database, bulk) an event with the given approved participants and
accepted requests (priorities 1–3, 10 % of participants unavailable in a quarter of the
slots), then times ``services.plan_meetings`` twice: a fresh plan, and a re-plan after
half the meetings are announced and 5 % more requests are accepted. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from datetime import date
from datetime import time as clock
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qiao.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from qiao.directory.models import Organisation  # noqa: E402
from qiao.events import services  # noqa: E402
from qiao.events.models import (  # noqa: E402
    Event,
    Meeting,
    MeetingRequest,
    MeetingSlot,
    Registration,
)
from qiao.taxonomy.models import Term, Vocabulary  # noqa: E402

TITLE = "规划基准活动"


def build(participants: int, requests: int, seed: int) -> Event:
    rng = random.Random(seed)
    User = get_user_model()
    operator = User.objects.filter(email="bench-operator@example.org").first() or (
        User.objects.create_user("bench-operator@example.org", "x", is_operator=True)
    )
    kind = Term.objects.filter(vocabulary=Vocabulary.ORGANISATION_KIND).first()
    organisations = Organisation.objects.bulk_create(
        Organisation(name_zh=f"基准单位{i}", name_en=f"Bench {i}", kind=kind)
        for i in range(participants)
    )
    users = User.objects.bulk_create(
        User(email=f"bench{i}@example.org", full_name=f"Bench {i}") for i in range(participants)
    )
    event = services.create_event(
        created_by=operator,
        organiser=organisations[0],
        kind=Event.Kind.MATCHMAKING,
        title_zh=TITLE,
        starts_on=date(2026, 12, 3),
        ends_on=date(2026, 12, 4),
    )
    services.update_rules(
        event=event,
        updated_by=operator,
        meeting_minutes=20,
        break_minutes=5,
        day_starts_at=clock(9, 0),
        day_ends_at=clock(17, 0),
        tables=max(10, participants // 8),
        max_meetings=12,
    )
    slots = services.generate_slots(event=event, generated_by=operator)
    services.change_event_status(event=event, status=Event.Status.PUBLISHED, changed_by=operator)
    registrations = Registration.objects.bulk_create(
        Registration(event=event, user=u, organisation=o, status=Registration.Status.APPROVED)
        for u, o in zip(users, organisations, strict=True)
    )
    Through = Registration.unavailable_slots.through
    Through.objects.bulk_create(
        Through(registration_id=r.pk, meetingslot_id=s.pk)
        for r in rng.sample(registrations, participants // 10)
        for s in rng.sample(slots, len(slots) // 4)
    )
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < requests:
        a, b = rng.sample(registrations, 2)
        if (b.pk, a.pk) not in pairs:
            pairs.add((a.pk, b.pk))
    MeetingRequest.objects.bulk_create(
        MeetingRequest(
            event=event,
            sender_id=a,
            recipient_id=b,
            priority=rng.choice((1, 2, 3)),
            status=MeetingRequest.Status.ACCEPTED,
        )
        for a, b in pairs
    )
    Event.objects.filter(pk=event.pk).update(approved_count=participants)
    return event


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=400)
    parser.add_argument("--requests", type=int, default=1600)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    event = Event.objects.filter(title_zh=TITLE).first() or build(
        args.participants, args.requests, args.seed
    )
    operator = get_user_model().objects.get(email="bench-operator@example.org")
    started = time.perf_counter()
    stats = services.plan_meetings(event=event, planned_by=operator, time_limit=10)
    first = time.perf_counter() - started
    meetings = list(Meeting.objects.filter(event=event).order_by("pk"))
    announced = [m.pk for m in meetings[: len(meetings) // 2]]
    Meeting.objects.filter(pk__in=announced).update(announced=True)
    placed = {m.pk: (m.request_id, m.slot_id, m.table) for m in meetings[: len(announced)]}
    registrations = list(Registration.objects.filter(event=event).values_list("pk", flat=True))
    rng = random.Random(args.seed + 1)
    taken = {
        frozenset(pair)
        for pair in MeetingRequest.objects.filter(event=event).values_list("sender", "recipient")
    }
    extra = []
    while len(extra) < args.requests // 20:
        a, b = rng.sample(registrations, 2)
        if frozenset((a, b)) not in taken:
            taken.add(frozenset((a, b)))
            extra.append((a, b))
    MeetingRequest.objects.bulk_create(
        MeetingRequest(event=event, sender_id=a, recipient_id=b, status="accepted", priority=3)
        for a, b in extra
    )
    started = time.perf_counter()
    again = services.plan_meetings(event=event, planned_by=operator, time_limit=10)
    second = time.perf_counter() - started
    kept = sum(
        Meeting.objects.filter(request_id=r, slot_id=s, table=t, announced=True).exists()
        for r, s, t in placed.values()
    )
    print(
        json.dumps(
            {
                "database": connection.vendor,
                "participants": args.participants,
                "requests": args.requests,
                "slots": MeetingSlot.objects.filter(event=event).count(),
                "plan_seconds": round(first, 2),
                "meetings": stats["meetings"],
                "ratio_to_bound": stats["ratio"],
                "replan_seconds": round(second, 2),
                "replan_meetings": again["meetings"],
                "announced_kept": f"{kept}/{len(placed)}",
            }
        )
    )


if __name__ == "__main__":
    main()
