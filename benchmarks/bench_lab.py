"""Shared lab: a month's availability of one instrument, and a storm of concurrent bookings.

Run by `make bench` (benchmarks/run.py) once per database; on its own:

    QIAO_DATABASE_URL=sqlite:///var/bench/qiao-bench-lab.sqlite3 .venv/bin/python benchmarks/bench_lab.py

1. Availability: GET /api/lab/equipment/<id>/availability for a whole month through the
   whole Django stack in-process, on an instrument with a busy month (bookings every working
   hour but one, maintenance windows) among many instruments; p50/p95/max.
2. Concurrency: ATTEMPTS booking requests released at once from real threads, each with its
   own database connection, aimed at a few hours of one instrument; half ask for the waitlist.
   Checked afterwards in the database: exactly one winner per hour, no two slots overlapping,
   and every request answered (won, waitlisted, or refused with a reason); none lost.
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import json
import os
import statistics
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qiao.settings")
os.environ.setdefault("QIAO_DEBUG", "0")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.exceptions import ValidationError  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from qiao.directory.models import Membership, Organisation  # noqa: E402
from qiao.directory.services import create_organisation  # noqa: E402
from qiao.lab import services  # noqa: E402
from qiao.lab.models import Booking, Equipment, Slot  # noqa: E402
from qiao.taxonomy.models import Term, Vocabulary  # noqa: E402

BENCH_MARK = "基准"


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def summary(samples: list[float]) -> dict:
    return {
        "n": len(samples),
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(percentile(samples, 0.95), 2),
        "max_ms": round(max(samples), 2),
    }


def _organisation(name: str) -> Organisation:
    existing = Organisation.objects.filter(name_zh=name).first()
    if existing is not None:
        return existing
    kind = Term.objects.get(vocabulary=Vocabulary.ORGANISATION_KIND, code="platform")
    return create_organisation(terms=[], kind=kind, name_zh=name)


def _operator():
    User = get_user_model()
    user = User.objects.filter(email="bench-operator@example.org").first()
    return user or User.objects.create_user(
        "bench-operator@example.org", None, full_name="bench", is_operator=True
    )


def _member(organisation: Organisation, n: int):
    User = get_user_model()
    email = f"bench-booker-{organisation.pk}-{n}@example.org"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, None, full_name=f"booker {n}")
        Membership.objects.create(user=user, organisation=organisation)
    return user


def build_catalogue(instruments: int) -> Equipment:
    """Create the synthetic instruments once; return the busy one."""
    operator = _operator()
    owner = _organisation(f"{BENCH_MARK}共享实验室平台")
    existing = Equipment.objects.filter(organisation=owner).count()
    for i in range(existing, instruments):
        services.create_equipment(
            created_by=operator, organisation=owner, status=Equipment.Status.AVAILABLE,
            name_zh=f"{BENCH_MARK}仪器{i}", name_en=f"Bench instrument {i}",
            category=Equipment.Category.values[i % len(Equipment.Category.values)],
            location="1号楼", rate_own=Decimal("50"), rate_member=Decimal("100"),
            rate_external=Decimal("200"),
        )  # fmt: skip
    return Equipment.objects.filter(organisation=owner).order_by("pk").first()


def fill_month(equipment: Equipment, month: datetime.date) -> int:
    """Book every working hour of the month but one a day, and two maintenance mornings."""
    if Slot.objects.filter(equipment=equipment).exists():
        return Slot.objects.filter(equipment=equipment).count()
    operator = _operator()
    customer = _organisation(f"{BENCH_MARK}初创企业")
    booker = _member(customer, 0)
    day, now = (
        month,
        timezone.make_aware(datetime.datetime.combine(month, datetime.time()))
        - datetime.timedelta(days=1),
    )
    while day.month == month.month:

        def start(hour: int, d: datetime.date = day) -> datetime.datetime:
            return timezone.make_aware(datetime.datetime.combine(d, datetime.time(hour)))

        if day.day in (5, 19):
            services.add_maintenance_window(
                equipment=equipment, starts_at=start(8), ends_at=start(12), created_by=operator
            )
        for hour in range(8, 20):
            if hour == 13 or (day.day in (5, 19) and hour < 12):
                continue
            services.book_equipment(
                equipment=equipment, booked_by=booker, organisation=customer,
                starts_at=start(hour), units=1, now=now,
            )  # fmt: skip
        day += datetime.timedelta(days=1)
    return Slot.objects.filter(equipment=equipment).count()


def measure_availability(equipment: Equipment, month: datetime.date, repeat: int) -> dict:
    client = Client(HTTP_HOST="localhost")
    start = timezone.make_aware(datetime.datetime.combine(month, datetime.time()))
    end = start + datetime.timedelta(days=31)
    path = f"/api/lab/equipment/{equipment.pk}/availability"
    params = {"start": start.isoformat(), "end": end.isoformat()}
    response = client.get(path, params)
    assert response.status_code == 200, response.content
    intervals = len(response.json())
    samples = []
    for _ in range(repeat):
        began = time.perf_counter()
        response = client.get(path, params)
        samples.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200
    return {"intervals_in_month": intervals, **summary(samples)}


def _attempt(equipment_id: int, user_id: int, organisation_id: int, starts_at, waitlist: bool):
    try:
        booking = services.book_equipment(
            equipment=Equipment.objects.select_related("organisation").get(pk=equipment_id),
            booked_by=get_user_model().objects.get(pk=user_id),
            organisation=Organisation.objects.get(pk=organisation_id),
            starts_at=starts_at,
            units=1,
            join_waitlist=waitlist,
        )
        return starts_at, booking.status, booking.pk
    except ValidationError:
        return starts_at, "refused", None
    except Exception as error:  # counted as lost: the benchmark must show it
        return starts_at, f"error: {type(error).__name__}: {error}", None
    finally:
        connection.close()


def storm(attempts: int, hours: int, workers: int) -> dict:
    """Fire ``attempts`` bookings at ``hours`` hours of a fresh instrument at once."""
    operator = _operator()
    owner = _organisation(f"{BENCH_MARK}共享实验室平台")
    equipment = services.create_equipment(
        created_by=operator, organisation=owner, status=Equipment.Status.AVAILABLE,
        name_zh=f"{BENCH_MARK}并发仪器{time.time_ns()}", category="other", location="1号楼",
        rate_member=Decimal("100"), rate_external=Decimal("200"),
    )  # fmt: skip
    customers = [_organisation(f"{BENCH_MARK}会员企业{i}") for i in range(10)]
    users = [_member(customers[i % 10], i) for i in range(attempts)]
    day = timezone.localdate() + datetime.timedelta(days=30)
    starts = [
        timezone.make_aware(datetime.datetime.combine(day, datetime.time(9 + h)))
        for h in range(hours)
    ]
    jobs = [
        (equipment.pk, user.pk, customers[i % 10].pk, starts[i % hours], i % 2 == 0)
        for i, user in enumerate(users)
    ]
    connections.close_all()
    go = threading.Event()

    def run(job):
        go.wait()
        return _attempt(*job)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(run, job) for job in jobs]
        time.sleep(0.5)  # let every thread reach the start line
        began = time.perf_counter()
        go.set()
        outcomes = [future.result() for future in futures]
    elapsed = time.perf_counter() - began
    statuses = Counter(status for _start, status, _pk in outcomes)
    winners = Counter(start for start, status, _pk in outcomes if status == "confirmed")
    rows = Counter(Booking.objects.filter(equipment=equipment).values_list("status", flat=True))
    slots = sorted(Slot.objects.filter(equipment=equipment).values_list("starts_at", "ends_at"))
    overlaps = sum(1 for (_a, end), (start, _b) in itertools.pairwise(slots) if end > start)
    answered = statuses["confirmed"] + statuses["waitlisted"] + statuses["refused"]
    return {
        "attempts": attempts,
        "hours": hours,
        "threads": workers,
        "seconds": round(elapsed, 2),
        "outcomes": dict(statuses),
        "winners_per_hour": sorted(winners.values()),
        "double_bookings": overlaps + sum(1 for n in winners.values() if n > 1),
        "lost_requests": attempts - answered,
        "rows_match_answers": rows
        == Counter({k: v for k, v in statuses.items() if k in ("confirmed", "waitlisted")}),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--instruments", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--attempts", type=int, default=200)
    parser.add_argument("--hours", type=int, default=10)
    parser.add_argument("--threads", type=int, default=50)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    from qiao.taxonomy.loading import load_shipped_terms

    load_shipped_terms(Term)
    equipment = build_catalogue(args.instruments)
    month = (timezone.localdate().replace(day=1) + datetime.timedelta(days=62)).replace(day=1)
    slots = fill_month(equipment, month)
    result = {
        "database": connection.vendor,
        "instruments": Equipment.objects.count(),
        "slots_of_the_instrument": slots,
        "availability_month_http": measure_availability(equipment, month, args.repeat),
        "concurrent_bookings": storm(args.attempts, args.hours, args.threads),
    }
    text = json.dumps(result, indent=2, ensure_ascii=False)
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n", encoding="utf-8")
    storm_result = result["concurrent_bookings"]
    ok = (
        storm_result["double_bookings"] == 0
        and storm_result["lost_requests"] == 0
        and storm_result["winners_per_hour"] == [1] * args.hours
        and storm_result["rows_match_answers"]
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
