"""Rank standalone needs against standalone offers and, with qrels, score the ranking.

    python manage.py match_eval --needs N.jsonl --offers O.jsonl --k 20 --out RUN.tsv \\
        [--qrels QRELS.tsv | --qrels dev=DEV.tsv --qrels heldout=HELDOUT.tsv] \\
        [--baseline bm25] [--weights WEIGHTS.json] [--no-floor]

The engine runs with the learned weights (``qiao/matching/data/weights.json``, or
``--weights``), relevance floor included unless ``--no-floor``.

``--qrels`` may be given several times, each as ``label=path`` (one ranking, scored
against each set: e.g. the development and held-out halves from one command). When the
needs and offers carry "lang", the metrics are also printed per language pair (an
English need's ranking cut down to the Chinese offers, and so on; see
``evaluation.language_pairs``).

Needs the database not at all: listings come from JSON lines files, one object a line,
with "id", "kind", "title" and "text" (and optionally "lang", "owner_kind", "owner_id",
"region", "stage", "stages", "categories", "capabilities", "credentials"). RUN.tsv gets
``need_id<TAB>offer_id<TAB>rank<TAB>score`` lines, ranks from 1. Metric definitions are
in ``qiao/matching/evaluation.py``.
"""

from __future__ import annotations

import json
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from qiao.matching import evaluation
from qiao.matching.fit import NEED_KINDS, OFFER_KINDS
from qiao.matching.learned import learned_weights, weights_from_json
from qiao.matching.scoring import Engine, Listing, Weights

REQUIRED = ("id", "kind", "title", "text")
TEXT_FIELDS = ("lang", "owner_kind", "owner_id", "region", "stage")
LIST_FIELDS = ("stages", "categories", "capabilities", "credentials")


class Command(BaseCommand):
    help = "Rank needs against offers from JSON lines files and report nDCG@10, Recall@20, MRR."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--needs", required=True, type=Path)
        parser.add_argument("--offers", required=True, type=Path)
        parser.add_argument("--k", type=int, default=20)
        parser.add_argument("--out", required=True, type=Path)
        parser.add_argument("--qrels", action="append", default=[])
        parser.add_argument("--baseline", choices=["bm25"])
        parser.add_argument("--weights", type=Path)
        parser.add_argument("--no-floor", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        k = options["k"]
        if k < 1:
            raise CommandError(_("--k must be at least 1."))
        needs = read_listings(Path(options["needs"]), side="need", kinds=NEED_KINDS)
        offers = read_listings(Path(options["offers"]), side="offer", kinds=OFFER_KINDS)
        sets = [_labelled(value) for value in options["qrels"]]
        qrels_sets = [(label, read_qrels(path)) for label, path in sets]

        if options["baseline"] == "bm25":
            engine = Engine.bm25()
        else:
            weights = read_weights(Path(options["weights"])) if options["weights"] else None
            weights = weights or learned_weights()
            if options["no_floor"]:
                weights = replace(weights, floor_absolute=0.0, floor_relative=0.0)
            engine = Engine(weights=weights)
        started = time.perf_counter()
        index = engine.index(offers)
        built = time.perf_counter()
        results = index.rank_many(needs, k=k)
        ranked = time.perf_counter()

        run: dict[str, list[str]] = {}
        with open(options["out"], "w", encoding="utf-8") as out:
            for need, matches in zip(needs, results, strict=True):
                run[need.id] = [m.id for m in matches]
                for rank, match in enumerate(matches, start=1):
                    out.write(f"{need.id}\t{match.id}\t{rank}\t{match.score:.6f}\n")

        self.stdout.write(
            _("%(needs)d needs × %(offers)d offers: index %(index).1f s, ranking %(rank).1f s")
            % {
                "needs": len(needs),
                "offers": len(offers),
                "index": built - started,
                "rank": ranked - built,
            }
        )
        need_lang = {n.id: n.lang for n in needs}
        offer_lang = {o.id: o.lang for o in offers}
        bilingual = len({*need_lang.values(), *offer_lang.values()} - {""}) > 1
        for label, qrels in qrels_sets:
            prefix = f"[{label}] " if label else ""
            self.stdout.write(prefix + _metrics_line(evaluation.evaluate(run, qrels)))
            pairs = evaluation.language_pairs(run, qrels, need_lang, offer_lang)
            if bilingual:
                for (source, target), metrics in pairs.items():
                    self.stdout.write(f"{prefix}  {source} → {target}: " + _metrics_line(metrics))


def _metrics_line(metrics: evaluation.Metrics) -> str:
    return _(
        "nDCG@10 %(ndcg).4f  Recall@20 %(recall).4f  MRR %(mrr).4f  (%(needs)d judged needs)"
    ) % {
        "ndcg": metrics.ndcg_at_10,
        "recall": metrics.recall_at_20,
        "mrr": metrics.mrr,
        "needs": metrics.needs,
    }


def _labelled(value: str) -> tuple[str, Path]:
    label, sep, path = value.partition("=")
    if sep and label and "/" not in label:
        return label, Path(path)
    return "", Path(value)


def read_weights(path: Path) -> Weights:
    """Read a weights JSON file (as written by ``match_learn``); raise CommandError."""
    try:
        return weights_from_json(_open_lines(path))
    except ValueError as exc:
        raise CommandError(
            _("%(file)s: not a weights file (%(error)s).") % {"file": path, "error": exc}
        ) from exc


def _open_lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as exc:
        raise CommandError(_("%(file)s: no such file.") % {"file": path}) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(
            _("%(file)s: cannot read: %(error)s") % {"file": path, "error": exc}
        ) from exc


def read_listings(path: Path, *, side: str, kinds: tuple[str, ...]) -> list[Listing]:
    """Read a JSON lines file of listings; raise CommandError naming file and line."""
    listings: list[Listing] = []
    seen: set[str] = set()
    for number, line in enumerate(_open_lines(path), start=1):
        if not line.strip():
            continue
        where = {"file": path, "line": number}
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CommandError(
                _("%(file)s, line %(line)d: not valid JSON (%(error)s).")
                % {**where, "error": exc.msg}
            ) from exc
        if not isinstance(row, dict):
            raise CommandError(_("%(file)s, line %(line)d: expected a JSON object.") % where)
        listings.append(_listing(row, side=side, kinds=kinds, where=where))
        if listings[-1].id in seen:
            raise CommandError(
                _("%(file)s, line %(line)d: duplicate id %(id)s.")
                % {**where, "id": listings[-1].id}
            )
        seen.add(listings[-1].id)
    return listings


def _listing(
    row: dict[str, Any], *, side: str, kinds: tuple[str, ...], where: dict[str, Any]
) -> Listing:
    for name in REQUIRED:
        if name not in row:
            raise CommandError(
                _("%(file)s, line %(line)d: missing field “%(field)s”.") % {**where, "field": name}
            )
    for name in (*REQUIRED, *TEXT_FIELDS):
        value = row.get(name, "")
        if not isinstance(value, str) and not (name == "id" and type(value) is int):
            raise CommandError(
                _("%(file)s, line %(line)d: field “%(field)s” must be a string.")
                % {**where, "field": name}
            )
    for name in LIST_FIELDS:
        value = row.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise CommandError(
                _("%(file)s, line %(line)d: field “%(field)s” must be a list of strings.")
                % {**where, "field": name}
            )
    if row["kind"] not in kinds:
        raise CommandError(
            _("%(file)s, line %(line)d: unknown kind “%(kind)s” (expected one of %(kinds)s).")
            % {**where, "kind": row["kind"], "kinds": ", ".join(kinds)}
        )
    return Listing(
        id=str(row["id"]),
        side=side,  # type: ignore[arg-type]
        kind=row["kind"],
        title=str(row["title"]),
        text=str(row["text"]),
        **{name: str(row.get(name, "")) for name in TEXT_FIELDS},
        stages=frozenset(row.get("stages", [])),
        categories=frozenset(row.get("categories", [])),
        capabilities=tuple(row.get("capabilities", [])),
        credentials=tuple(row.get("credentials", [])),
    )


def read_qrels(path: Path) -> dict[str, dict[str, int]]:
    """Read a qrels TSV file; raise CommandError naming file and line."""
    try:
        return evaluation.parse_qrels(_open_lines(path))
    except evaluation.QrelsError as exc:
        where = {"file": path, "line": exc.line}
        if exc.problem == "grade":
            message = _("%(file)s, line %(line)d: grade must be 0, 1, 2 or 3.")
        else:
            message = _("%(file)s, line %(line)d: expected need_id, offer_id and grade.")
        raise CommandError(message % where) from exc
