"""Directory search through a real HTTP server: gunicorn, production settings, 100,000
organisations, the ten searches of issue 13, one client and eight at once.

    .venv/bin/python benchmarks/bench_search_http.py                 # SQLite
    QIAO_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/x \\
        .venv/bin/python benchmarks/bench_search_http.py --database both

For each database: build the cluster once (``migrate`` + ``generate_cluster``, kept in
var/bench/ or the PostgreSQL database ``qiao_bench`` for later runs), collect the static
files, start ``gunicorn qiao.wsgi -w 4`` with ``QIAO_ENV=production`` and drive
anonymous GET /directory/?q=… over keep-alive connections:

* uncached: a server started with ``QIAO_SEARCH_CACHE_SECONDS=0``, one client — what
  each search costs the database and Django when nothing is cached;
* single: the normal server, one client, ``--rounds`` passes over the ten searches after
  one warm-up pass per worker;
* concurrent: ``--clients`` processes at once, each making the same passes; throughput is
  all requests over the wall time.

Goal (issue 13): single-client p95 ≤ 50 ms; ≥ 100 searches/s at p95 ≤ 250 ms with 8
clients. Figures on a shared machine are pessimistic: the load average is printed.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SEARCHES = [
    "体外诊断",
    "IVD",
    "伯傑",
    "bojie",
    "医疗器械",
    "神经介入",
    "PCR",
    "手术机器人",
    "骨科",
    "影像",
]
HEADERS = {"X-Forwarded-Proto": "https", "Accept-Language": "zh-hans"}


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def summary(samples: list[float], wall: float | None = None) -> dict:
    result = {
        "n": len(samples),
        "p50_ms": round(statistics.median(samples), 1),
        "p95_ms": round(percentile(samples, 0.95), 1),
        "max_ms": round(max(samples), 1),
    }
    if wall:
        result["searches_per_s"] = round(len(samples) / wall, 1)
    return result


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_env(url: str) -> dict:
    return {**os.environ, "QIAO_DATABASE_URL": url, "QIAO_DEBUG": "0"}


def prepare(url: str, orgs: int) -> None:
    """Migrate, and generate the cluster if it has fewer organisations than asked."""
    env = database_env(url)
    manage = [PYTHON, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, cwd=ROOT, check=True)
    count = subprocess.run(
        [*manage, "shell", "-c",
         "from qiao.directory.models import Organisation; print(Organisation.objects.count())"],
        env=env, cwd=ROOT, check=True, capture_output=True, text=True,
    )  # fmt: skip
    have = int(count.stdout.strip().splitlines()[-1])
    if have < orgs:
        subprocess.run(
            [*manage, "generate_cluster", "--orgs", str(orgs - have), "--seed", str(have + 1)],
            env=env, cwd=ROOT, check=True,
        )  # fmt: skip


def start_server(url: str, *, port: int, workers: int, cache_seconds: int) -> subprocess.Popen:
    static = ROOT / "var" / "bench" / "static"
    env = {
        **database_env(url),
        "QIAO_ENV": "production",
        "QIAO_SECRET_KEY": "bench-only-" + "x" * 50,
        "QIAO_ALLOWED_HOSTS": "127.0.0.1",
        "QIAO_STATIC_ROOT": str(static),
        "QIAO_SEARCH_CACHE_SECONDS": str(cache_seconds),
    }
    env.pop("QIAO_DEBUG")
    if not (static / "staticfiles.json").exists():
        subprocess.run(
            [PYTHON, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"],
            env=env, cwd=ROOT, check=True,
        )  # fmt: skip
    gunicorn = Path(PYTHON).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "qiao.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{port}",
         "--access-logfile", "/dev/null", "--error-logfile", "-", "--log-level", "warning"],
        env=env, cwd=ROOT, start_new_session=True,
    )  # fmt: skip
    deadline = time.time() + 300  # a loaded machine starts four workers slowly
    while time.time() < deadline:
        try:
            status, _ = get(port, "/healthz", http.client.HTTPConnection("127.0.0.1", port))
            if status < 500:
                return server
        except OSError:
            time.sleep(0.5)
    stop_server(server)
    raise RuntimeError("gunicorn did not start")


def stop_server(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


def get(port: int, path: str, connection: http.client.HTTPConnection) -> tuple[int, float]:
    start = time.perf_counter()
    connection.request("GET", path, headers=HEADERS)
    response = connection.getresponse()
    response.read()
    return response.status, (time.perf_counter() - start) * 1000


def client(port: int, rounds: int) -> list[float]:
    """One client: ``rounds`` passes over the ten searches on one keep-alive connection."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    samples = []
    for _ in range(rounds):
        for q in SEARCHES:
            status, ms = get(port, "/directory/?" + urlencode({"q": q}), connection)
            if status != 200:
                raise RuntimeError(f"{q}: HTTP {status}")
            samples.append(ms)
    return samples


def measure(url: str, args) -> dict:
    results: dict = {"load_before": os.getloadavg()}
    port = free_port()
    server = start_server(url, port=port, workers=args.workers, cache_seconds=0)
    try:
        client(port, 1)  # warm the processes (imports, connections), not the searches
        results["uncached_single"] = summary(client(port, args.uncached_rounds))
    finally:
        stop_server(server)
    port = free_port()
    server = start_server(url, port=port, workers=args.workers, cache_seconds=300)
    try:
        client(port, args.workers * 2)  # each worker computes each search once
        results["single"] = summary(client(port, args.rounds))
        with ProcessPoolExecutor(args.clients) as pool:
            started = time.perf_counter()
            runs = list(pool.map(client, [port] * args.clients, [args.rounds] * args.clients))
            wall = time.perf_counter() - started
        results["concurrent"] = {
            "clients": args.clients,
            **summary([ms for run in runs for ms in run], wall),
        }
        status, ms = get(port, "/no-such-page/", http.client.HTTPConnection("127.0.0.1", port))
        results["not_found_ms"] = round(ms, 1)
    finally:
        stop_server(server)
    results["load_after"] = os.getloadavg()
    return results


def postgres_url() -> str | None:
    url = os.environ.get("QIAO_BENCH_DATABASE_URL") or os.environ.get("QIAO_TEST_DATABASE_URL")
    if not url:
        return None
    parts = urlsplit(url)
    subprocess.call(
        ["psql", urlunsplit(parts._replace(path="/postgres")), "-qc", "CREATE DATABASE qiao_bench"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    return urlunsplit(parts._replace(path="/qiao_bench"))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="sqlite")
    parser.add_argument("--sqlite-path", type=Path, default=ROOT / "var/bench/qiao-bench.sqlite3")
    parser.add_argument("--orgs", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=10, help="passes of the ten per client")
    parser.add_argument("--uncached-rounds", type=int, default=3)
    parser.add_argument("--postgres-url", help="use this database as is (default: qiao_bench)")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()

    urls = {}
    if args.database in ("sqlite", "both"):
        args.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        urls["sqlite"] = f"sqlite:///{args.sqlite_path.resolve()}"
    if args.database in ("postgresql", "both"):
        url = args.postgres_url or postgres_url()
        if not url:
            print("PostgreSQL skipped: set QIAO_BENCH_DATABASE_URL", file=sys.stderr)
        else:
            urls["postgresql"] = url
    report = {"searches": SEARCHES, "cpus": os.cpu_count()}
    for name, url in urls.items():
        prepare(url, args.orgs)
        report[name] = measure(url, args)
        print(name, json.dumps(report[name], ensure_ascii=False), flush=True)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
