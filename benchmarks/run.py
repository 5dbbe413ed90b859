"""`make bench`: run every benchmark on SQLite, and on PostgreSQL when a URL is given.

PostgreSQL is used when QIAO_BENCH_DATABASE_URL (or QIAO_TEST_DATABASE_URL) is set; the
benchmark creates and keeps its own database `qiao_bench` on that server so a later run
reuses the generated cluster. Results go to benchmarks/results/<database>.json.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
ORGS = os.environ.get("QIAO_BENCH_ORGS", "100000")


def run(name: str, database_url: str) -> int:
    print(f"== {name}: {database_url}", flush=True)
    env = {**os.environ, "QIAO_DATABASE_URL": database_url, "QIAO_DEBUG": "0"}
    results = ROOT / "benchmarks" / "results"
    directory = [
        sys.executable,
        str(ROOT / "benchmarks" / "bench_directory.py"),
        "--orgs",
        ORGS,
        "--out",
        str(results / f"directory-{name}.json"),
    ]
    worker = [
        sys.executable,
        str(ROOT / "benchmarks" / "bench_matching_worker.py"),
        "--out",
        str(results / f"matching-worker-{name}.json"),
    ]
    insights = [
        sys.executable,
        str(ROOT / "benchmarks" / "bench_insights.py"),
        "--orgs",
        ORGS,
        "--out",
        str(results / f"insights-{name}.json"),
    ]
    lab = [
        sys.executable,
        str(ROOT / "benchmarks" / "bench_lab.py"),
        "--out",
        str(results / f"lab-{name}.json"),
    ]
    events = [sys.executable, str(ROOT / "benchmarks" / "bench_events_planning.py")]
    news = [
        sys.executable,
        str(ROOT / "benchmarks" / "bench_news.py"),
        "--orgs",
        ORGS,
        "--out",
        str(results / f"news-{name}.json"),
    ]
    # Search through gunicorn with production settings, one client and eight at once.
    search_http = [
        sys.executable,
        str(ROOT / "benchmarks" / "bench_search_http.py"),
        "--orgs",
        ORGS,
        "--out",
        str(results / f"search-http-{name}.json"),
    ]
    if name == "sqlite":
        search_http += ["--database", "sqlite", "--sqlite-path", database_url[len("sqlite:///") :]]
    else:
        search_http += ["--database", "postgresql", "--postgres-url", database_url]
    status = subprocess.call(directory, env=env, cwd=ROOT)
    status |= subprocess.call(search_http, env=env, cwd=ROOT)
    status |= subprocess.call(insights, env=env, cwd=ROOT)
    status |= subprocess.call(lab, env=env, cwd=ROOT)
    status |= subprocess.call(events, env=env, cwd=ROOT)
    if name == "sqlite":  # no database involved: once is enough
        status |= subprocess.call(news, env=env, cwd=ROOT)
    return status | subprocess.call(worker, env=env, cwd=ROOT)


def postgres_url() -> str | None:
    url = os.environ.get("QIAO_BENCH_DATABASE_URL") or os.environ.get("QIAO_TEST_DATABASE_URL")
    if not url:
        return None
    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    subprocess.call(
        ["psql", admin, "-qc", "CREATE DATABASE qiao_bench"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return urlunsplit(parts._replace(path="/qiao_bench"))


def main() -> int:
    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    # The engine on its own, no database: one need against 100,000 offers, and a batch.
    print("== matching engine (no database)", flush=True)
    status = subprocess.call(
        [sys.executable, str(ROOT / "benchmarks" / "bench_matching_scoring.py")], cwd=ROOT
    )
    # The meeting scheduler, no database either: 3,000 and 20,000 participants.
    status |= subprocess.call(
        [sys.executable, str(ROOT / "benchmarks" / "bench_scheduler.py")], cwd=ROOT
    )
    status |= run("sqlite", f"sqlite:///{ROOT / 'var' / 'bench' / 'qiao-bench.sqlite3'}")
    url = postgres_url()
    if url:
        status |= run("postgresql", url)
    else:
        print("PostgreSQL skipped: set QIAO_BENCH_DATABASE_URL or QIAO_TEST_DATABASE_URL")
    return status


if __name__ == "__main__":
    sys.exit(main())
