"""Meeting scheduler at two scales, through the real command line, against its baselines.

    .venv/bin/python benchmarks/bench_scheduler.py                 # both scales
    .venv/bin/python benchmarks/bench_scheduler.py --scale cluster # 3,000 participants only
    .venv/bin/python benchmarks/bench_scheduler.py --full-lp       # + exact LP, cluster scale

Each scale writes a synthetic instance (``manage.py generate_meeting_instance``: Zipf-like
popularity, partial attendance, scarce tables), then times ``manage.py schedule_meetings``
as a subprocess: wall time and its peak RSS (``ru_maxrss`` of the child). The schedule is
checked by the tests' independent validator. Reported: objective, bound, ratio, the
first-come-first-served and priority-greedy baselines, and with ``--full-lp`` the full LP
relaxation solved by HiGHS off the clock, so the ratio against it is known exactly.

Goals (issue 5): cluster scale (3,000 participants, 12,000 requests, 42 slots) ≥ 99.4 %
of the LP bound within 30 s; BIO scale (20,000, 60,000, 64 slots, 1,000 tables) within
60 s and 4 GB; never below either baseline; no violations. Results go to
benchmarks/results/scheduler.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qiao.events.bound import lp_bound  # noqa: E402
from qiao.events.instance import load_instance  # noqa: E402
from qiao.events.problem import Problem  # noqa: E402
from qiao.events.tests.validator import violations  # noqa: E402

SCALES = {
    # name: participants, requests, slots, tables per slot, time limit (s), share capped
    "cluster": (3_000, 12_000, 42, 200, 30, 0.1),
    "bio": (20_000, 60_000, 64, 1_000, 60, 0.0),
}


def manage(*args: str) -> list[str]:
    return [sys.executable, str(ROOT / "manage.py"), *args]


def run_scale(name: str, seed: int, folder: Path, full_lp: bool) -> dict[str, object]:
    participants, requests, slots, tables, limit, capped = SCALES[name]
    instance_path = folder / f"scheduler-{name}-instance.json"
    out = folder / f"scheduler-{name}-schedule.json"
    subprocess.run(
        manage(
            "generate_meeting_instance", str(instance_path),
            "--participants", str(participants), "--requests", str(requests),
            "--slots", str(slots), "--tables", str(tables), "--seed", str(seed),
            "--capped", str(capped),
        ),
        check=True, cwd=ROOT, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    command = manage(
        "schedule_meetings", str(instance_path), "--out", str(out),
        "--time-limit", str(limit), "--seed", str(seed),
    )  # fmt: skip
    summary = subprocess.run(command, check=True, cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    data = json.loads(instance_path.read_text(encoding="utf-8"))
    schedule = json.loads(out.read_text(encoding="utf-8"))
    stats = schedule["stats"]
    report: dict[str, object] = {
        "participants": participants,
        "requests": requests,
        "slots": slots,
        "tables": tables,
        "capped_share": capped,
        "seed": seed,
        "command": " ".join(["python manage.py", *command[2:]]),
        "summary": summary.stdout.strip(),
        "wall_s": round(wall, 2),
        "time_limit_s": limit,
        # ru_maxrss of children is the largest child so far; the scheduler is the big one.
        "peak_rss_mb": round(max(peak, before) / 1024, 1),
        "objective": stats["objective"],
        "bound": stats["bound"],
        "ratio": stats["ratio"],
        "fcfs": stats["baselines"]["fcfs"],
        "greedy": stats["baselines"]["greedy"],
        "meetings": stats["meetings"],
        "meetings_by_priority": stats["meetings_by_priority"],
        "requests_by_priority": stats["requests_by_priority"],
        "stopped": stats["stopped"],
        "violations": len(violations(data, schedule)),
    }
    if full_lp and name == "cluster":  # at BIO scale the full LP is far too big for HiGHS here
        full = lp_bound(Problem.compile(load_instance(instance_path.read_text("utf-8"))))
        if full is not None:
            report["full_lp_bound"] = round(full.value, 3)
            report["full_lp_s"] = round(full.seconds, 1)
            report["ratio_to_full_lp"] = round(stats["objective"] / full.value, 5)
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", choices=[*SCALES, "all"], default="all")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--full-lp", action="store_true", help="also solve the full LP (slow)")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "benchmarks" / "results" / "scheduler.json"
    )
    args = parser.parse_args()
    folder = ROOT / "var" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    names = list(SCALES) if args.scale == "all" else [args.scale]
    results = {"load_before": [round(x, 2) for x in os.getloadavg()]}
    for name in names:
        print(f"== scheduler, {name} scale", flush=True)
        report = run_scale(name, args.seed, folder, args.full_lp)
        width = max(len(k) for k in report)
        for key, value in report.items():
            print(f"{key:<{width}}  {value}")
        results[name] = report
    results.update(
        cpus=os.cpu_count(),
        load_after=[round(x, 2) for x in os.getloadavg()],
        python=platform.python_version(),
        when=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    bad = [
        n
        for n in names
        if results[n]["violations"]
        or results[n]["objective"] < max(results[n]["fcfs"], results[n]["greedy"])
    ]  # type: ignore[index]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
