"""Open a quarterly campaign for 10,000 firms × 20 indicators: pre-fill every form (last
period's figures, credential counts) and run the jump check on each line.

    QIAO_DATABASE_URL=sqlite:///var/bench/qiao-bench-reporting.sqlite3 \
        .venv/bin/python benchmarks/bench_reporting.py --firms 10000

Setup (organisations, last quarter's figures, credentials) is bulk-inserted once and reused;
the timed part is ``services.open_campaign`` end to end (one transaction, audited), and a
second pass reading every form's problems count. Target: under 60 s on 2 cores.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qiao.settings")
os.environ.setdefault("QIAO_DEBUG", "0")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from qiao.directory.models import Credential, Organisation  # noqa: E402
from qiao.reporting import services  # noqa: E402
from qiao.reporting.models import Campaign, Entry, Figure, Indicator  # noqa: E402
from qiao.taxonomy.models import Term, Vocabulary  # noqa: E402

MARK = "报表基准"
INDICATORS = 20
PERIOD = "2026Q3"


def setup(firms: int) -> tuple[list[int], list[Indicator]]:
    kind = Term.objects.get(vocabulary=Vocabulary.ORGANISATION_KIND, code="company")
    have = Organisation.objects.filter(name_zh__startswith=MARK).count()
    Organisation.objects.bulk_create(
        [Organisation(kind=kind, name_zh=f"{MARK}企业{i}") for i in range(have, firms)],
        batch_size=2000,
    )
    ids = list(
        Organisation.objects.filter(name_zh__startswith=MARK)
        .order_by("pk")
        .values_list("pk", flat=True)[:firms]
    )
    for n in range(Indicator.objects.count(), INDICATORS):
        Indicator.objects.create(code=f"bench_{n}", name_zh=f"基准指标{n}", unit_zh="万元")
    indicators = list(Indicator.objects.order_by("pk")[:INDICATORS])
    if not Figure.objects.filter(period="2026Q2").exists():
        rng = random.Random(17)
        Figure.objects.bulk_create(
            [
                Figure(organisation_id=org, indicator=ind, period="2026Q2",
                       value=Decimal(rng.randint(1, 5000)), source="reported")
                for org in ids for ind in indicators
            ],
            batch_size=5000,
        )  # fmt: skip
        Credential.objects.bulk_create(
            [
                Credential(organisation_id=org, kind="patent", title="专利", status="granted")
                for org in ids[::3]
            ],
            batch_size=5000,
        )
    return ids, indicators


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--firms", type=int, default=10000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    ids, indicators = setup(args.firms)
    Campaign.objects.filter(period=PERIOD).delete()
    operator = get_user_model().objects.filter(email="bench-stats@example.org").first()
    operator = operator or get_user_model().objects.create_user(
        "bench-stats@example.org", None, full_name="bench", is_operator=True
    )
    started = time.perf_counter()
    campaign = services.open_campaign(
        by=operator, title="基准季报", period=PERIOD, due_on=datetime.date(2026, 10, 15),
        indicators=indicators, organisation_ids=ids,
    )  # fmt: skip
    opened = time.perf_counter() - started
    started = time.perf_counter()
    flagged = Entry.objects.filter(submission__campaign=campaign, is_jump=True).count()
    unexplained = (
        Entry.objects.filter(submission__campaign=campaign, is_jump=True, explanation="")
        .values("submission_id").distinct().count()
    )  # fmt: skip
    checked = time.perf_counter() - started
    print(
        json.dumps(
            {
                "database": connection.vendor,
                "firms": len(ids),
                "indicators": len(indicators),
                "entries": Entry.objects.filter(submission__campaign=campaign).count(),
                "open_and_prefill_s": round(opened, 2),
                "flagged_lines": flagged,
                "forms_needing_explanations": unexplained,
                "check_summary_s": round(checked, 2),
                "load": os.getloadavg(),
            }
        )
    )
    return 0 if opened + checked < 60 else 1


if __name__ == "__main__":
    sys.exit(main())
