"""Precision, recall and F1 per field of the news extractor, development and held-out.

    .venv/bin/python benchmarks/eval_news.py [--seeds ../shared/seeds] [--details]

One command prints both halves:

* **development**: gold for the five seed articles (whose texts stay in the shared seeds
  folder) and the written articles in ``own/``; the rules were tuned and the tagger trained
  on these;
* **held-out**: the written articles in ``heldout/``, frozen before the rules of issue 15
  changed (their checksum is checked against ``HELDOUT_SHA256``); never tuned on.

Each half runs warm (gazetteer = the demo directory, ``qiao.devtools.demo_cluster``) and cold
(an empty gazetteer), with the ablations: rules only, tagger only, both. The baseline is
jieba's part-of-speech tagging (nt → organisations, nr → people) on the same cleaned text.
``--details`` prints the misses of the development half only: looking at held-out misses
would be tuning on them.
"""

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qiao.intel.clean import clean_text  # noqa: E402
from qiao.intel.dates import parse_iso  # noqa: E402
from qiao.intel.evaluation import MATCHERS, SOURCE_FIELD, Score, jieba_baseline, score  # noqa: E402
from qiao.intel.extract import Gazetteer, extract  # noqa: E402

DATA = ROOT / "benchmarks" / "data" / "news"
# sha256 of the held-out folder (names and bytes, sorted), as frozen in commit 0834d7e.
HELDOUT_SHA256 = "089f7885dd8d3ef2626bd5b49707991617fd75a9d62f337c9a6ab1df53c46305"
MODES = ("both", "rules", "tagger")


def folder_checksum(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.iterdir()):
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


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
    """Yield (name, raw text, publication date, gold) for every development article."""
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


def prepared(articles):
    """Return [(name, cleaned text, publication date, gold)]."""
    out = []
    for name, raw, published, gold in articles:
        cleaned = clean_text(raw)
        when = parse_iso(published) or parse_iso(cleaned.published_on)
        out.append((name, cleaned.text, when, gold))
    return out


def run(articles, gazetteer, tagger, mode, details=False) -> dict[str, Score]:
    pairs = []
    for name, text, when, gold in articles:
        predicted = extract(
            text,
            gazetteer,
            when,
            tagger=tagger if mode != "rules" else None,
            rules=mode != "tagger",
        ).as_cli()
        pairs.append((predicted, gold))
        if details:
            print_misses(name, predicted, gold)
    return score(pairs)


def print_misses(name, predicted, gold) -> None:
    for field, same in MATCHERS.items():
        key = SOURCE_FIELD.get(field, field)
        missed = [g for g in gold[key] if not any(same(p, g) for p in predicted[key])]
        extra = [p for p in predicted[key] if not any(same(p, g) for g in gold[key])]
        if missed or extra:
            print(f"{name} {field}")
            print(f"  missed: {json.dumps(missed, ensure_ascii=False)}")
            print(f"  extra: {json.dumps(extra, ensure_ascii=False)}")


def load_tagger():
    from qiao.intel import tagger

    return tagger.load() if tagger.MODEL_PATH.exists() else None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", default=str(ROOT.parent / "shared" / "seeds"))
    parser.add_argument("--details", action="store_true", help="misses, development half only")
    args = parser.parse_args()
    checksum = folder_checksum(DATA / "heldout")
    frozen = "unchanged since frozen" if checksum == HELDOUT_SHA256 else "CHANGED since frozen"
    print(f"held-out sha256 {checksum[:16]}… {frozen}")
    warm, cold = demo_gazetteer(), Gazetteer.build([])
    tagger = load_tagger()
    if tagger is None:
        print("no tagger model (manage.py train_news_tagger): tagger columns repeat rules only")
    halves = {
        "DEVELOPMENT (rules tuned and tagger trained on it)": prepared(dev_set(Path(args.seeds))),
        "HELD-OUT (frozen before tuning; never tuned on)": prepared(written("heldout")),
    }
    for index, (title, articles) in enumerate(halves.items()):
        details = args.details and index == 0
        columns = {
            (g_name, mode): run(
                articles, gaz, tagger, mode, details and (g_name, mode) == ("warm", "both")
            )
            for g_name, gaz in (("warm", warm), ("cold", cold))
            for mode in MODES
        }
        baseline = score((jieba_baseline(text), gold) for _n, text, _w, gold in articles)
        report(title, len(articles), columns, baseline)


def report(title, count, columns, baseline) -> None:
    print(f"\n{title}: {count} articles, micro-averaged")
    print("warm = demo directory as gazetteer; cold = empty gazetteer; F1 of the ablations")
    head = (
        f"{'field':<22}{'warm P':>7}{'R':>6}{'F1':>6}  {'cold P':>7}{'R':>6}{'F1':>6}"
        f"  {'w-rules':>7}{'w-tagger':>9}{'c-rules':>8}{'c-tagger':>9}  {'jieba':>5}  gold"
    )
    print(head)
    for field in MATCHERS:
        w, c = columns[("warm", "both")][field], columns[("cold", "both")][field]
        ablations = [
            columns[(g, m)][field].f1
            for g, m in (
                ("warm", "rules"),
                ("warm", "tagger"),
                ("cold", "rules"),
                ("cold", "tagger"),
            )
        ]
        print(
            f"{field:<22}{w.precision:7.2f}{w.recall:6.2f}{w.f1:6.2f}  "
            f"{c.precision:7.2f}{c.recall:6.2f}{c.f1:6.2f}  "
            f"{ablations[0]:7.2f}{ablations[1]:9.2f}{ablations[2]:8.2f}{ablations[3]:9.2f}  "
            f"{baseline[field].f1:5.2f}  {w.gold}"
        )


if __name__ == "__main__":
    main()
