"""The insights dashboards at scale: 100,000 organisations, 1,000,000 matches, 100,000
introductions, 50,000 agreements. Server time per page (p50/p95/max) and queries per page.

Run by `make bench` (benchmarks/run.py) once per database; on its own:

    QIAO_DATABASE_URL=postgres://postgres@127.0.0.1:5432/qiao_bench \\
        .venv/bin/python benchmarks/bench_insights.py --orgs 100000

Each page is timed three ways: computed (the cache off), the first view after a change (an
empty cache: computed once, then stored), and cached views (what every later viewer of the
same scope gets for QIAO_INSIGHTS_CACHE_SECONDS).

The cluster comes from `manage.py generate_cluster` (shared with bench_directory.py) and the
pipeline volume from `manage.py generate_pipeline`; both are kept for later runs. Goal
(issue 4): p95 <= 300 ms and <= 15 queries per page on PostgreSQL.
"""

from __future__ import annotations

import argparse
import json
import os
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

from django.core.cache import caches  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

from qiao.directory.models import Membership, Organisation  # noqa: E402
from qiao.matching.models import Match  # noqa: E402
from qiao.pipeline.models import Agreement, AgreementParty, Introduction  # noqa: E402

PAGES = [
    ("/insights/", {}),
    ("/insights/agreements/", {}),
    ("/insights/agreements/", {"period": "month"}),
    ("/insights/agreements/", {"since": "2025-01-01", "until": "2025-12-31"}),
    ("/insights/brokers/", {}),
    ("/insights/network/", {}),
    ("/insights/network/", {"agreement_kind": "investment", "relation_kind": "none"}),
    ("/insights/network/", {"category": "ivd"}),
    ("/insights/agreements/export.xlsx", {}),
]


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def timed(client: Client, path: str, params: dict, repeat: int) -> tuple[list[float], int]:
    samples, count = [], 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(path, params)
            samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, params, response.status_code)
        count = max(count, len(queries))
    return samples, count


def summary(samples: list[float]) -> dict:
    return {
        "n": len(samples),
        "p50_ms": round(statistics.median(samples), 1),
        "p95_ms": round(percentile(samples, 0.95), 1),
        "max_ms": round(max(samples), 1),
    }


def measure(client: Client, path: str, params: dict, repeat: int) -> dict:
    """Computed (cache off), first view after a change (empty cache), and cached views."""
    with override_settings(QIAO_INSIGHTS_CACHE_SECONDS=0):
        client.get(path, params)  # warm the database's buffers, as a running server has them
        computed, computed_queries = timed(client, path, params, max(3, repeat // 2))
    caches["insights"].clear()
    first, first_queries = timed(client, path, params, 1)
    warm, warm_queries = timed(client, path, params, repeat)
    return {
        "computed": {**summary(computed), "queries": computed_queries},
        "first_ms": round(first[0], 1),
        "first_queries": first_queries,
        "cached": {**summary(warm), "queries": warm_queries},
    }


def client_for(email: str, *, operator: bool, organisation: Organisation | None = None) -> Client:
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(
        email=email, defaults={"is_operator": operator, "full_name": email.split("@")[0]}
    )
    if organisation is not None:
        Membership.objects.get_or_create(user=user, organisation=organisation)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orgs", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()

    os.environ.setdefault("QIAO_DEBUG", "0")
    call_command("migrate", verbosity=0)
    have = Organisation.objects.count()
    if have < args.orgs:
        call_command("generate_cluster", orgs=args.orgs - have, seed=have + 1)
    started = time.perf_counter()
    call_command("generate_pipeline")
    print(f"pipeline ready in {time.perf_counter() - started:.0f} s", flush=True)
    with connection.cursor() as cursor:
        # What autovacuum keeps up on a running server: statistics and the visibility map
        # (index-only scans need the latter).
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")

    # The member's view is that of the busiest organisation: the worst case for a member.
    busiest = (
        AgreementParty.objects.values_list("organisation_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    member_org = Organisation.objects.get(pk=busiest[0])
    results = {
        "database": connection.vendor,
        "organisations": Organisation.objects.count(),
        "matches": Match.objects.count(),
        "introductions": Introduction.objects.count(),
        "agreements": Agreement.objects.count(),
        "member_organisation_agreements": busiest[1],
        "pages": {},
    }
    print(json.dumps({k: v for k, v in results.items() if k != "pages"}), flush=True)
    roles = (
        ("operator", client_for("insights-operator@bench.qiao.example", operator=True)),
        (
            "member",
            client_for(
                "insights-member@bench.qiao.example", operator=False, organisation=member_org
            ),
        ),
    )
    for role, client in roles:
        for path, params in PAGES:
            if role == "member" and "brokers" in path:
                continue
            key = path + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")
            figures = measure(client, path, params, args.repeat)
            results["pages"].setdefault(role, {})[key] = figures
            print(f"{role:8} {key:70} {figures}", flush=True)
    for kind in ("computed", "cached"):
        worst = max(
            (f[kind]["p95_ms"], key, role)
            for role, pages in results["pages"].items()
            for key, f in pages.items()
        )
        results[f"worst_{kind}_p95"] = {"ms": worst[0], "page": worst[1], "role": worst[2]}
    results["max_queries"] = max(
        max(f["computed"]["queries"], f["first_queries"], f["cached"]["queries"])
        for pages in results["pages"].values()
        for f in pages.values()
    )
    print(
        json.dumps(
            {k: v for k, v in results.items() if k.startswith(("worst", "max"))},
            ensure_ascii=False,
        )
    )
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
