"""News intelligence throughput: clean + extract + link, in articles per hour on N cores.

    .venv/bin/python benchmarks/bench_news.py [--orgs 100000] [--articles 4000] [--workers 2]

The gazetteer is the demo directory's real organisations plus synthetic ones up to
``--orgs`` (each with a full name, a short name and an alias, as the directory would give
it). The articles are the development set (the five seeds when present, the written ones),
cycled. Each worker process builds the gazetteer once (as ``ingest_news`` does) and then
cleans, extracts and links its share of the articles. Target: ≥ 50,000 articles per hour
on 2 cores. Results go to --out as JSON when given.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qiao.settings")

_STATE: dict = {}
_SYLLABLES = "澜途微衡启禾川瑞细元澄博远恒康泰华信诺安联创新科睿达迈普思源海峰宁和嘉德明辉"
_TRADES = ["医疗科技", "生物科技", "医药", "医学科技", "智能医疗", "诊断技术"]
_PLACES = ["上海", "深圳", "苏州", "杭州", "北京", "广州"]


def synthetic_entries(count: int, seed: int = 2026):
    from qiao.intel.gazetteer import entry

    rng = random.Random(seed)
    seen: set[str] = set()
    i = 0
    while len(seen) < count:
        i += 1
        core = "".join(rng.sample(_SYLLABLES, 2)) + ("" if i % 3 else rng.choice(_SYLLABLES))
        trade = rng.choice(_TRADES)
        name = f"{rng.choice(_PLACES)}{core}{trade}有限公司"
        if name in seen:
            continue
        seen.add(name)
        yield entry(
            key=f"s{i}",
            kind_code="company",
            name_zh=name,
            short_name_zh=core + trade[:2],
            aliases=[core + "公司"],
        )


def _init(orgs: int) -> None:
    import django

    django.setup()
    from qiao.devtools.demo_cluster import REAL_ORGANISATIONS
    from qiao.intel.extract import Gazetteer
    from qiao.intel.gazetteer import entry

    real = [
        entry(
            key=s.key,
            kind_code=s.kind,
            name_zh=s.name_zh,
            short_name_zh=s.short_name_zh,
            aliases=list(s.aliases),
        )
        for s in REAL_ORGANISATIONS
    ]
    _STATE["gazetteer"] = Gazetteer.build([*real, *synthetic_entries(max(0, orgs - len(real)))])


def _process(raw: str) -> int:
    from qiao.intel.clean import clean_text
    from qiao.intel.extract import extract

    cleaned = clean_text(raw)
    result = extract(cleaned.text, _STATE["gazetteer"])
    linked = sum(1 for o in result.organisations if o.entry_key)
    # Map every organisation's first mention back to the original, as ingest does.
    for o in result.organisations:
        cleaned.span(o.mentions[0].start, o.mentions[0].end)
    return linked


def corpus(which: str = "all") -> list[str]:
    texts = [
        p.read_text(encoding="utf-8")
        for p in sorted((ROOT.parent / "shared" / "seeds").glob("*.txt"))
    ]
    if which == "seeds":
        if not texts:
            raise SystemExit("no seed articles in ../shared/seeds")
        return texts
    data = ROOT / "benchmarks" / "data" / "news"
    for folder in ("own", "heldout"):
        texts += [p.read_text(encoding="utf-8") for p in sorted((data / folder).glob("*.txt"))]
    return texts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orgs", type=int, default=int(os.environ.get("QIAO_BENCH_ORGS", 100_000)))
    parser.add_argument("--articles", type=int, default=4000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--corpus",
        choices=["all", "seeds"],
        default="all",
        help="seeds: only the five real (long, messy) seed pages",
    )
    parser.add_argument("--out")
    args = parser.parse_args()
    texts = corpus(args.corpus)
    articles = [texts[i % len(texts)] for i in range(args.articles)]
    mean_chars = sum(map(len, articles)) / len(articles)
    started = time.perf_counter()
    with Pool(args.workers, initializer=_init, initargs=(args.orgs,)) as pool:
        pool.map(_process, articles[: args.workers], chunksize=1)  # wait for the gazetteers
        ready = time.perf_counter()
        linked = sum(pool.map(_process, articles, chunksize=50))
        done = time.perf_counter()
    per_hour = args.articles / (done - ready) * 3600
    result = {
        "gazetteer_organisations": args.orgs,
        "workers": args.workers,
        "articles": args.articles,
        "corpus": args.corpus,
        "mean_article_chars": round(mean_chars),
        "gazetteer_build_seconds": round(ready - started, 2),
        "seconds": round(done - ready, 2),
        "articles_per_hour": round(per_hour),
        "organisations_linked": linked,
        "target_articles_per_hour": 50_000,
        "meets_target": per_hour >= 50_000,
    }
    print(json.dumps(result, indent=2))
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
