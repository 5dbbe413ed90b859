"""Imports between Qiao's apps run one way (docs/architecture.md, STYLE.md §3.3).

core ← taxonomy ← directory ← accounts ← inbox ← onboarding; inbox ← market ← matching ← pipeline ← events;
experts above pipeline, calls above experts (and lab); insights, home and devtools last. Tests and migrations are exempt: tests
may build fixtures from any lower app, and migrations record history.
"""

import ast
from pathlib import Path

QIAO = Path(__file__).resolve().parent.parent

ALLOWED = {
    "core": set(),
    "taxonomy": {"core"},
    "directory": {"core", "taxonomy"},
    "accounts": {"core", "taxonomy", "directory"},
    "inbox": {"core", "taxonomy", "directory", "accounts"},
    "onboarding": {"core", "taxonomy", "directory", "accounts", "inbox"},
    "market": {"core", "taxonomy", "directory", "accounts", "inbox"},
    "matching": {"core", "taxonomy", "directory", "accounts", "inbox", "market"},
    "pipeline": {"core", "taxonomy", "directory", "accounts", "inbox", "market", "matching"},
    "events": {
        "core",
        "taxonomy",
        "directory",
        "accounts",
        "inbox",
        "market",
        "matching",
        "pipeline",
    },
    "intel": {
        "core",
        "taxonomy",
        "directory",
        "accounts",
        "inbox",
        "market",
        "matching",
        "pipeline",
    },
    "lab": {"core", "taxonomy", "directory", "accounts", "inbox", "market", "matching"},
    "policies": {
        "core",
        "taxonomy",
        "directory",
        "accounts",
        "inbox",
        "market",
        "matching",
        "pipeline",
        # Eligibility reads service requests and alliance memberships (and what they build on).
        "servicedesk",
        "alliances",
        "events",
        "lab",
    },
    "servicedesk": {
        "core",
        "taxonomy",
        "directory",
        "accounts",
        "inbox",
        "market",
        "matching",
        "pipeline",
    },
    "reporting": {
        "core",
        "taxonomy",
        "directory",
        "accounts",
        "inbox",
        "market",
        "matching",
        "pipeline",
    },
    "chain": {
        "core",
        "taxonomy",
        "directory",
        "accounts",
        "inbox",
        "market",
        "matching",
        "pipeline",
    },
    "attraction": {
        "core",
        "taxonomy",
        "directory",
        "accounts",
        "inbox",
        "market",
        "matching",
        "pipeline",
        "intel",
        "chain",
    },
    "insights": {
        "onboarding",
        "intel",
        "lab",
        "reporting",
        "chain",
        "attraction",
        "core",
        "taxonomy",
        "directory",
        "accounts",
        "inbox",
        "market",
        "matching",
        "pipeline",
        "events",
    },
    "home": {
        "intel",
        "lab",
        "core",
        "taxonomy",
        "directory",
        "accounts",
        "inbox",
        "market",
        "matching",
        "pipeline",
        "events",
    },
    "experts": {
        "core",
        "taxonomy",
        "directory",
        "accounts",
        "inbox",
        "market",
        "matching",
        "pipeline",
    },  # fmt: skip
    "calls": {
        "core",
        "taxonomy",
        "directory",
        "accounts",
        "inbox",
        "market",
        "matching",
        "pipeline",
        "experts",
        "lab",  # a funded voucher call records the voucher through lab's services
    },  # fmt: skip
    "alliances": {
        "core",
        "taxonomy",
        "directory",
        "accounts",
        "inbox",
        "market",
        "matching",
        "pipeline",
        "events",
        "lab",
    },  # fmt: skip
    "devtools": {
        "onboarding",
        "intel",
        "lab",
        "core",
        "taxonomy",
        "directory",
        "accounts",
        "inbox",
        "market",
        "matching",
        "pipeline",
        "events",
        "policies",
        "servicedesk",
        "reporting",
        "chain",
        "attraction",
        "experts",
        "calls",
        "alliances",
    },
}


def imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {
        name.split(".")[1] for name in names if name.startswith("qiao.") and name.count(".") >= 1
    }


def test_every_app_is_listed():
    apps = {p.parent.name for p in QIAO.glob("*/apps.py")}
    assert apps == set(ALLOWED)


def test_imports_follow_the_dependency_order():
    offences = []
    for app, allowed in ALLOWED.items():
        for path in (QIAO / app).rglob("*.py"):
            if "tests" in path.parts or "migrations" in path.parts:
                continue
            # Project-level modules (qiao.api, qiao.urls) assemble the apps; they are exempt.
            for imported in (imported_apps(path) & set(ALLOWED)) - allowed - {app}:
                offences.append(f"{path.relative_to(QIAO)} imports qiao.{imported}")
    assert offences == []
