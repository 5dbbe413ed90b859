"""Matching engine at scale, without a database: index build, one-need latency, batch run.

    .venv/bin/python benchmarks/bench_matching_scoring.py                # 100k offers, 10k needs
    .venv/bin/python benchmarks/bench_matching_scoring.py --offers 5000 --needs 200   # quick

Listings come from a synthetic generator: domain terms from the shipped glossary and the
taxonomy labels, generic listing phrases, and invented Chinese words, all drawn with
Zipf-like (heavy-tailed) frequencies; about 65 % Chinese, 20 % English, 15 % mixed.

(a) one new need against the index: p50/p95/max of ``Index.rank`` over ``--single``
    different needs (goal p95 ≤ 50 ms at 100k offers);
(b) ``Index.rank_many`` of ``--needs`` needs to top-20 with reasons: wall time (goal
    ≤ 5 min on 2 cores) and peak RSS (goal ≤ 4 GB).

Prints a table and writes JSON to benchmarks/results/matching-scoring.json. The machine's
load average is recorded, since other work may share it.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import random
import resource
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qiao.matching.glossary import default_glossary, load_taxonomy_terms  # noqa: E402
from qiao.matching.learned import learned_weights  # noqa: E402
from qiao.matching.scoring import Engine, Listing  # noqa: E402

NEED_KINDS = ["clinical", "technology", "service", "financing", "channel"]
OFFER_KINDS = ["technology", "product", "service", "investment", "equipment"]
OWNER_KINDS = ["company", "university", "institute", "hospital", "cro", "cdmo", "testing_lab",
               "investor", "platform"]  # fmt: skip
REGIONS = ["上海市", "北京市", "广东省", "江苏省", "浙江省", "湖北省", "四川省", "山东省"]
ZH_FILLER = ("我们 需要 寻求 合作 提供 团队 拥有 多年 经验 医院 患者 临床 应用 研发 技术 产品 "
             "平台 服务 开发 方案 国内 领先 具备 能力 快速 精准 高效 低成本 国产化 替代 "
             "优化 改进 验证 评估 推广 市场 需求 项目 支持 资源 专家 成果 转化").split()  # fmt: skip
EN_FILLER = ("we need seek partner provide team years experience hospital patients clinical "
             "application development technology product platform service solution leading "
             "capability rapid accurate efficient low cost validation evaluation market "
             "support resources experts").split()  # fmt: skip
CHARS = "医疗器械诊断检测智能影像材料生物分子免疫细胞基因蛋白设备系统平台监测康复治疗手术"


def zipf_weights(n: int, s: float = 1.1) -> list[float]:
    """Return cumulative Zipf weights, for ``random.choices(cum_weights=…)``."""
    return list(itertools.accumulate(1.0 / (rank**s) for rank in range(1, n + 1)))


class Generator:
    """Synthetic listings with a heavy-tailed vocabulary."""

    def __init__(self, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        glossary = default_glossary()
        taxonomy = load_taxonomy_terms()
        forms = [f for c in glossary.concept_ids for f in glossary.surfaces(c)]
        forms += [f for c in taxonomy.concept_ids for f in taxonomy.surfaces(c)]
        self.rng.shuffle(forms)
        self.zh_terms = [f for f in forms if not f.isascii()]
        self.en_terms = [f for f in forms if f.isascii()]
        invented = {
            "".join(self.rng.choice(CHARS) for _ in range(self.rng.choice((2, 2, 3))))
            for _ in range(20_000)
        }
        self.invented = sorted(invented)
        self.rng.shuffle(self.invented)
        self.w_zh = zipf_weights(len(self.zh_terms))
        self.w_en = zipf_weights(len(self.en_terms))
        self.w_inv = zipf_weights(len(self.invented), 1.0)
        self.codes = list(taxonomy.concept_ids)
        self.t0 = datetime(2025, 6, 1, tzinfo=UTC)

    def _words(self, lang: str, n: int) -> list[str]:
        out: list[str] = []
        for _ in range(n):
            roll = self.rng.random()
            zh = lang == "zh" or (lang == "" and self.rng.random() < 0.6)
            if roll < 0.35:
                pool, weights = (self.zh_terms, self.w_zh) if zh else (self.en_terms, self.w_en)
                out.append(self.rng.choices(pool, cum_weights=weights)[0])
            elif roll < 0.55 and zh:
                out.append(self.rng.choices(self.invented, cum_weights=self.w_inv)[0])
            else:
                out.append(self.rng.choice(ZH_FILLER if zh else EN_FILLER))
        return out

    def _sentences(self, lang: str, sep: str, n: int) -> str:
        """Join words into clauses of 2–8 words, with punctuation as real text has."""
        words = self._words(lang, n)
        out: list[str] = []
        while words:
            size = self.rng.randint(2, 8)
            clause, words = words[:size], words[size:]
            out.append(sep.join(clause) + ("，" if lang == "zh" else ", "))
        return "".join(out).rstrip("， ") + ("。" if lang == "zh" else ".")

    def listing(self, i: int, side: str) -> Listing:
        rng = self.rng
        lang = rng.choices(["zh", "en", ""], [0.65, 0.2, 0.15])[0]
        sep = "" if lang == "zh" else " "
        kinds = NEED_KINDS if side == "need" else OFFER_KINDS
        kind = rng.choices(kinds, [0.35, 0.2, 0.2, 0.1, 0.15])[0]
        owner_kind = "investor" if kind == "investment" else rng.choice(OWNER_KINDS)
        title = sep.join(self._words(lang, rng.randint(2, 4)))
        text = self._sentences(lang, sep, rng.randint(15, 60))
        return Listing(
            id=f"{side[0]}{i}",
            side=side,  # type: ignore[arg-type]
            kind=kind,
            title=title,
            text=text,
            lang=lang,
            owner_id=f"org{rng.randrange(20_000)}",
            owner_kind=owner_kind,
            categories=frozenset(rng.sample(self.codes, rng.randint(0, 2))),
            region=rng.choice(REGIONS),
            stages=frozenset(rng.sample(["angel", "pre_a", "a", "b", "c"], 2))
            if kind in ("investment", "financing")
            else frozenset(),
            amount=(1e6 * rng.randint(1, 20), 1e6 * rng.randint(20, 100))
            if kind in ("investment", "financing")
            else None,
            credentials=tuple(rng.sample(["CNAS", "GLP", "ISO 13485", "CMA"], rng.randint(0, 2))),
            updated_at=self.t0 - timedelta(days=rng.randint(0, 720)),
        )


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--offers", type=int, default=100_000)
    parser.add_argument("--needs", type=int, default=10_000)
    parser.add_argument("--single", type=int, default=300)
    parser.add_argument(
        "--out", type=Path, default=ROOT / "benchmarks" / "results" / "matching-scoring.json"
    )
    args = parser.parse_args()

    load_before = os.getloadavg()
    gen = Generator()
    started = time.perf_counter()
    offers = [gen.listing(i, "offer") for i in range(args.offers)]
    needs = [gen.listing(i, "need") for i in range(max(args.needs, args.single))]
    generated = time.perf_counter() - started

    engine = Engine(weights=learned_weights())  # as the live engine runs
    started = time.perf_counter()
    index = engine.index(offers)
    build = time.perf_counter() - started
    rss_after_build = peak_rss_mb()

    single = needs[: args.single]
    index.rank(single[0])  # warm-up
    latencies = []
    for need in single:
        t = time.perf_counter()
        index.rank(need, k=20)
        latencies.append((time.perf_counter() - t) * 1000)

    started = time.perf_counter()
    results = index.rank_many(needs[: args.needs], k=20)
    batch = time.perf_counter() - started
    returned = sum(len(r) for r in results)
    load_after = os.getloadavg()

    report = {
        "offers": args.offers,
        "needs": args.needs,
        "generate_s": round(generated, 2),
        "index_build_s": round(build, 2),
        "rss_after_build_mb": round(rss_after_build, 1),
        "single_needs": len(latencies),
        "single_p50_ms": round(statistics.median(latencies), 2),
        "single_p95_ms": round(percentile(latencies, 0.95), 2),
        "single_max_ms": round(max(latencies), 2),
        "batch_s": round(batch, 2),
        "batch_per_need_ms": round(batch * 1000 / max(args.needs, 1), 2),
        "batch_matches": returned,
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "cpus": os.cpu_count(),
        "loadavg_before": [round(x, 2) for x in load_before],
        "loadavg_after": [round(x, 2) for x in load_after],
        "python": platform.python_version(),
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    width = max(len(k) for k in report)
    for key, value in report.items():
        print(f"{key:<{width}}  {value}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
