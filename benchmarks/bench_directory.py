"""Directory search and profile page at scale: server time per request, p50/p95/max.

Run by `make bench` (benchmarks/run.py) once per database; on its own:

    QIAO_DATABASE_URL=sqlite:///var/bench/qiao-bench.sqlite3 .venv/bin/python benchmarks/bench_directory.py --orgs 100000

The cluster is generated once with `manage.py generate_cluster` and reused by later runs.
Requests go through the whole Django stack (middleware, session, templates) in-process,
so the figures are server time without network or browser.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qiao.settings")
os.environ.setdefault("QIAO_DEBUG", "0")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from qiao.directory.models import Membership, Organisation  # noqa: E402

QUERIES = [
    {},
    {"q": "体外诊断"},
    {"q": "IVD"},
    {"q": "伯傑"},
    {"q": "bojie"},
    {"q": "医疗器械"},
    {"q": "上海 PCR"},
    {"kind": "hospital"},
    {"category": "22"},
    {"technology_area": "sequencing", "province": "上海市"},
    {"q": "医疗", "kind": "company", "category": "06"},
    {"page": "50"},
]


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def measure(client: Client, path: str, params: dict, repeat: int) -> list[float]:
    client.get(path, params)  # warm caches, as a running server has them
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(path, params)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, params, response.status_code)
    return samples


def summary(samples: list[float]) -> dict:
    return {
        "n": len(samples),
        "p50_ms": round(statistics.median(samples), 1),
        "p95_ms": round(percentile(samples, 0.95), 1),
        "max_ms": round(max(samples), 1),
    }


def signed_in_client() -> Client:
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(email="bench@example.org")
    organisation = Organisation.objects.order_by("pk").first()
    Membership.objects.get_or_create(user=user, organisation=organisation)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orgs", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--profiles", type=int, default=200)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    have = Organisation.objects.count()
    if have < args.orgs:
        started = time.perf_counter()
        call_command("generate_cluster", orgs=args.orgs - have, seed=have + 1)
        print(
            f"generated {args.orgs - have} organisations in {time.perf_counter() - started:.0f} s"
        )
    total = Organisation.objects.count()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # a running server's database has its statistics

    results = {"database": connection.vendor, "organisations": total, "search": {}, "profile": {}}
    for role, client in (
        ("anonymous", Client(HTTP_HOST="localhost")),
        ("member", signed_in_client()),
    ):
        all_samples = []
        for params in QUERIES:
            samples = measure(client, "/directory/", params, args.repeat)
            all_samples += samples
            results["search"].setdefault(role, {})[json.dumps(params, ensure_ascii=False)] = (
                summary(samples)
            )
        results["search"][role]["ALL"] = summary(all_samples)
        ids = list(Organisation.objects.order_by("?").values_list("pk", flat=True)[: args.profiles])
        profile_samples = []
        for pk in ids:
            profile_samples += measure(client, f"/directory/organisations/{pk}/", {}, 1)
        results["profile"][role] = summary(profile_samples)
        api_samples = []
        for params in QUERIES[:6]:
            api_samples += measure(client, "/api/directory/organisations/", params, args.repeat)
        results.setdefault("api_search", {})[role] = summary(api_samples)

    print(json.dumps(results, indent=2, ensure_ascii=False))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    random.seed(1)
    sys.exit(main())
