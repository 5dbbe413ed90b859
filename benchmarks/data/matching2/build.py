"""Build needs.jsonl, offers.jsonl and qrels (dev, heldout) from the hand-written sources.

    python benchmarks/data/matching2/build.py

Judgements by construction (rubric, README.md): inside a topic, the grade written with each
offer (one per need of the topic); across topics, 1 when the offer's domain equals the
need's domain and the offer kind answers the need kind (ANSWERS below), else 0. Every need
is judged against every offer.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
ANSWERS = {
    "clinical": {"product", "technology"},
    "technology": {"technology", "product"},
    "service": {"service", "equipment"},
    "financing": {"investment"},
    "channel": {"service"},
}


def build() -> None:
    needs, offers, judged = [], [], []  # judged: (need, split, topic, domain, kind)
    offer_meta = []  # (offer id, topic, domain, kind)
    for split in ("dev", "heldout"):
        source = json.loads((HERE / f"{split}_source.json").read_text(encoding="utf-8"))
        for topic in source["topics"]:
            ids = []
            for need in topic["needs"]:
                nid = f"{topic['topic']}-n{len(ids) + 1}"
                ids.append(nid)
                needs.append({"id": nid, "split": split, **need})
                judged.append((nid, split, topic["topic"], topic["domain"], need["kind"]))
            for number, offer in enumerate(topic["offers"], start=1):
                oid = f"{topic['topic']}-o{number}"
                grades = dict(zip(ids, offer["grades"], strict=True))
                row = {k: v for k, v in offer.items() if k != "grades"}
                offers.append({"id": oid, **row, "_grades": grades})
                offer_meta.append((oid, topic["topic"], topic["domain"], offer["kind"]))
    extra = json.loads((HERE / "distractors.json").read_text(encoding="utf-8"))
    for number, offer in enumerate(extra["offers"], start=1):
        oid = f"X-o{number:02d}"
        row = {k: v for k, v in offer.items() if k != "domain"}
        offers.append({"id": oid, **row, "_grades": {}})
        offer_meta.append((oid, "X", offer["domain"], offer["kind"]))
    grades_of = {o["id"]: o.pop("_grades") for o in offers}
    qrels: dict[str, list[str]] = {"dev": [], "heldout": []}
    for nid, split, topic, domain, kind in judged:
        for oid, otopic, odomain, okind in offer_meta:
            if otopic == topic:
                grade = grades_of[oid][nid]
            else:
                grade = int(odomain == domain and okind in ANSWERS[kind])
            qrels[split].append(f"{nid}\t{oid}\t{grade}")
    write("needs.jsonl", [json.dumps(n, ensure_ascii=False) for n in needs])
    write("offers.jsonl", [json.dumps(o, ensure_ascii=False) for o in offers])
    for split, lines in qrels.items():
        write(f"qrels_{split}.tsv", lines)


def write(name: str, lines: list[str]) -> None:
    (HERE / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    build()
