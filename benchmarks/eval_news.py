"""Precision, recall and F1 per field of the news extractor on the development set.

    .venv/bin/python benchmarks/eval_news.py [--seeds ../shared/seeds] [--details]

The development set is ``benchmarks/data/news/``: gold for the five seed articles (whose
texts stay in the shared seeds folder) and the written articles in ``own/``. The
gazetteer is the demo directory (``qiao.devtools.demo_cluster``). The baseline is jieba's
part-of-speech tagging (nt → organisations, nr → people) on the same cleaned text.
"""

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qiao.intel.clean import clean_text  # noqa: E402
from qiao.intel.dates import parse_iso  # noqa: E402
from qiao.intel.evaluation import FIELDS, MATCHERS, jieba_baseline, score  # noqa: E402
from qiao.intel.extract import Gazetteer, extract  # noqa: E402

DATA = ROOT / "benchmarks" / "data" / "news"


def demo_gazetteer() -> Gazetteer:
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qiao.settings")
    django.setup()
    from qiao.devtools.demo_cluster import REAL_ORGANISATIONS
    from qiao.intel.gazetteer import entry

    return Gazetteer.build(
        entry(
            key=spec.key,
            kind_code=spec.kind,
            name_zh=spec.name_zh,
            short_name_zh=spec.short_name_zh,
            aliases=list(spec.aliases),
        )
        for spec in REAL_ORGANISATIONS
    )


def written(folder: str):
    for text_path in sorted((DATA / folder).glob("*.txt")):
        meta = json.loads(text_path.with_suffix(".meta.json").read_text(encoding="utf-8"))
        gold = json.loads(text_path.with_suffix(".json").read_text(encoding="utf-8"))
        yield text_path.stem, text_path.read_text(encoding="utf-8"), meta["published"], gold


def dev_set(seeds: Path):
    """Yield (name, raw text, publication date, gold) for every annotated article."""
    for gold_path in sorted((DATA / "seeds").glob("*.json")):
        text_path = seeds / f"{gold_path.stem}.txt"
        if text_path.exists():
            yield (
                gold_path.stem,
                text_path.read_text(encoding="utf-8"),
                None,
                json.loads(gold_path.read_text(encoding="utf-8")),
            )
    yield from written("own")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", default=str(ROOT.parent / "shared" / "seeds"))
    parser.add_argument("--details", action="store_true", help="print misses per article")
    args = parser.parse_args()
    gazetteer = demo_gazetteer()
    report(
        "Development set (seeds + own articles; the rules were tuned on it)",
        dev_set(Path(args.seeds)),
        gazetteer,
        args.details,
    )
    report(
        "Held-out articles (written after the rules were frozen)",
        written("heldout"),
        gazetteer,
        args.details,
    )
    report(
        "Development set, rules only (empty gazetteer)",
        dev_set(Path(args.seeds)),
        Gazetteer.build([]),
        False,
    )


def report(title: str, articles, gazetteer: Gazetteer, details: bool) -> None:
    ours, baseline = [], []
    count = 0
    for name, raw, published, gold in articles:
        count += 1
        cleaned = clean_text(raw)
        when = parse_iso(published) or parse_iso(cleaned.published_on)
        predicted = extract(cleaned.text, gazetteer, when).as_cli()
        ours.append((predicted, gold))
        baseline.append((jieba_baseline(cleaned.text), gold))
        if details:
            for field in FIELDS:
                missed = [
                    g
                    for g in gold[field]
                    if not any(MATCHERS[field](p, g) for p in predicted[field])
                ]
                extra = [
                    p
                    for p in predicted[field]
                    if not any(MATCHERS[field](p, g) for g in gold[field])
                ]
                if missed or extra:
                    print(
                        f"{name} {field}\n  missed: {json.dumps(missed, ensure_ascii=False)}\n  extra: {json.dumps(extra, ensure_ascii=False)}"
                    )
    mine, base = score(ours), score(baseline)
    print(f"\n{title}: {count} articles, micro-averaged")
    print(
        f"{'field':<20} {'ours P':>7} {'R':>6} {'F1':>6}   {'jieba P':>7} {'R':>6} {'F1':>6}   gold"
    )
    for field in MATCHERS:
        m, b = mine[field], base[field]
        print(
            f"{field:<20} {m.precision:7.2f} {m.recall:6.2f} {m.f1:6.2f}   "
            f"{b.precision:7.2f} {b.recall:6.2f} {b.f1:6.2f}   {m.gold}"
        )


if __name__ == "__main__":
    main()
