"""Print line coverage per qiao app from the .coverage file a `--cov` test run wrote.

    make test COVERAGE=1          # .ci/run does this; the table follows the SQLite run
    .venv/bin/python scripts/coverage_by_app.py

Every module under qiao/ counts (tests and migrations excepted), also those never imported.
"""

from collections import defaultdict
from pathlib import Path

import coverage

ROOT = Path(__file__).resolve().parent.parent


def app_of(path: Path) -> str:
    parts = path.relative_to(ROOT / "qiao").parts
    return parts[0] if len(parts) > 1 else "(project)"


def main() -> None:
    cov = coverage.Coverage(data_file=str(ROOT / ".coverage"))
    cov.load()
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for path in sorted((ROOT / "qiao").rglob("*.py")):
        if {"tests", "migrations"} & set(path.relative_to(ROOT).parts):
            continue
        _name, statements, _excluded, missing, _text = cov.analysis2(str(path))
        totals[app_of(path)][0] += len(statements)
        totals[app_of(path)][1] += len(missing)
    print(f"{'app':<14}{'lines':>8}{'missed':>8}{'cover':>8}")
    for app, (lines, missed) in sorted(totals.items()):
        print(f"{app:<14}{lines:>8}{missed:>8}{percent(lines, missed):>8}")
    lines, missed = (sum(column) for column in zip(*totals.values(), strict=True))
    print(f"{'total':<14}{lines:>8}{missed:>8}{percent(lines, missed):>8}")


def percent(lines: int, missed: int) -> str:
    return f"{100 * (lines - missed) / lines:.1f}%" if lines else "-"


if __name__ == "__main__":
    main()
