"""A published listing is matched by the background worker: time from commit to stored matches.

Run by `make bench` (benchmarks/run.py) once per database, after bench_directory.py has
generated the 100,000-organisation cluster; on its own:

    QIAO_DATABASE_URL=sqlite:///var/bench/qiao-bench.sqlite3 .venv/bin/python benchmarks/bench_matching_worker.py --offers 20000

It adds synthetic published offers (once), starts a real `manage.py db_worker`, lets it
build its index on a first listing, then publishes needs one by one through the market
services (as a page or the API does) and polls until their Match rows exist. The goal is
≤ 2 s from commit to matches.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qiao.settings")
os.environ.setdefault("QIAO_DEBUG", "0")
os.environ["QIAO_TASKS_BACKEND"] = "database"

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from qiao.core.text import index_document  # noqa: E402
from qiao.directory.models import Organisation  # noqa: E402
from qiao.market import services as market_services  # noqa: E402
from qiao.market.models import Listing  # noqa: E402
from qiao.matching.models import Match  # noqa: E402

PHRASES = [
    ("荧光PCR病原体检测试剂", "fluorescence PCR pathogen assay"),
    ("等温扩增床旁检测", "isothermal amplification point-of-care test"),
    ("化学发光免疫分析仪", "chemiluminescence immunoassay analyser"),
    ("神经介入取栓支架", "neurointervention thrombectomy stent"),
    ("经导管主动脉瓣置换系统", "TAVR transcatheter aortic valve"),
    ("医学影像人工智能辅助诊断", "AI-assisted medical imaging diagnosis"),
    ("骨科植入物3D打印", "3D-printed orthopaedic implant"),
    ("上肢康复机器人", "upper-limb rehabilitation robot"),
    ("心脏电生理标测与消融导管", "cardiac electrophysiology mapping and ablation catheter"),
    ("人工耳蜗与助听器", "cochlear implant and hearing aid"),
    ("可吸收生物材料", "bioresorbable biomaterial"),
    ("环氧乙烷灭菌验证服务", "ethylene oxide sterilisation validation"),
    ("医疗器械临床试验CRO服务", "medical device clinical trial CRO"),
    ("生物相容性与型式检验", "biocompatibility and type testing"),
    ("高通量基因测序", "high-throughput gene sequencing"),
    ("手术机器人导航定位", "surgical robot navigation"),
]
NEEDS = [
    ("急诊脓毒症病原体快速检测", "需要一小时内出结果的床旁核酸扩增方法，覆盖耐药基因。"),
    ("Stroke thrombectomy device trial", "We need a CRO for a neurointervention stent trial."),
    ("基层医院影像AI辅助诊断", "希望引入肺结节CT影像人工智能辅助诊断。"),
    ("骨折术后感染早期预警", "寻找骨科植入物感染监测的生物标志物或智能敷料。"),
    ("居家卒中康复", "Home upper-limb rehabilitation with remote assessment after stroke."),
    ("房颤消融导管合作开发", "寻求电生理标测和射频消融导管的联合开发。"),
    ("老年听力筛查", "社区老年人听力损失筛查和助听器验配。"),
    ("灭菌工艺验证外包", "需要环氧乙烷灭菌确认和残留检测服务。"),
]


def ensure_offers(count: int) -> None:
    have = Listing.objects.filter(side="offer", status="published").count()
    if have >= count:
        return
    rng = random.Random(2026)
    owners = list(Organisation.objects.order_by("pk").values_list("pk", flat=True)[:20000])
    kinds = ["technology", "product", "service", "equipment"]
    batch = []
    for i in range(have, count):
        zh, en = rng.choice(PHRASES)
        zh2, en2 = rng.choice(PHRASES)
        listing = Listing(
            side="offer",
            kind=rng.choice(kinds),
            organisation_id=rng.choice(owners),
            title_zh=f"{zh}（{i}）",
            title_en=en,
            summary_zh=f"{zh}，可与{zh2}结合。",
            summary_en=f"{en}; combines with {en2}.",
            status="published",
            visibility="public",
        )
        listing.search_document = index_document(
            names=[listing.title_zh, listing.title_en], texts=[listing.summary_zh]
        )
        batch.append(listing)
        if len(batch) == 2000:
            Listing.objects.bulk_create(batch)
            batch = []
    Listing.objects.bulk_create(batch)
    print(f"offers: {Listing.objects.filter(side='offer').count():,}", flush=True)


def publish_need(operator, organisation, title: str, text: str) -> Listing:
    with transaction.atomic():
        listing = market_services.create_listing(
            created_by=operator,
            organisation=organisation,
            side="need",
            kind="technology_need",
            title_zh=title,
            description=text,
        )
        market_services.change_listing_status(
            listing=listing, status=Listing.Status.PUBLISHED, changed_by=operator
        )
    return listing


def wait_for_matches(listing: Listing, timeout: float) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if Match.objects.filter(listing=listing).exists():
            return time.perf_counter() - start
        time.sleep(0.02)
    raise TimeoutError(f"no matches for listing {listing.pk} after {timeout} s")


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--offers", type=int, default=20000)
    parser.add_argument("--needs", type=int, default=20)
    parser.add_argument(
        "--out", default=str(ROOT / "benchmarks" / "results" / "matching-worker.json")
    )
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    ensure_offers(args.offers)
    User = get_user_model()
    operator, _created = User.objects.get_or_create(
        email="bench-operator@qiao.example", defaults={"is_operator": True}
    )
    organisation = Organisation.objects.order_by("pk").first()
    worker = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--interval",
            "0.05",
            "--no-reload",
            "--no-startup-delay",
        ],
        cwd=ROOT,
        env={**os.environ},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        started = time.perf_counter()
        first = publish_need(operator, organisation, "预热：等温扩增检测", "index warm-up")
        warm = wait_for_matches(first, timeout=900)
        print(f"worker built its index and matched the first need in {warm:.1f} s", flush=True)
        latencies = []
        for i in range(args.needs):
            title, text = NEEDS[i % len(NEEDS)]
            listing = publish_need(operator, organisation, f"{title} #{i}", text)
            latencies.append(wait_for_matches(listing, timeout=60))
        result = {
            "database": django.db.connection.vendor,
            "organisations": Organisation.objects.count(),
            "open_listings": Listing.objects.filter(status__in=Listing.OPEN_STATUSES).count(),
            "first_run_with_index_build_s": round(warm, 1),
            "commit_to_matches_s": {
                "n": len(latencies),
                "p50": round(statistics.median(latencies), 3),
                "p95": round(percentile(latencies, 0.95), 3),
                "max": round(max(latencies), 3),
            },
            "wall_s": round(time.perf_counter() - started, 1),
        }
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0 if result["commit_to_matches_s"]["p95"] <= 2.0 else 1


if __name__ == "__main__":
    sys.exit(main())
