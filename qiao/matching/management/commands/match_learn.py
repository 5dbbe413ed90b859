"""Learn the matching weights from the development half's judgements (and feedback).

    python manage.py match_learn --needs N.jsonl --offers O.jsonl --qrels DEV.tsv \\
        [--qrels FEEDBACK.tsv] [--folds 5] [--out qiao/matching/data/weights.json]

Coordinate ascent on nDCG@10 with k-fold cross-validation (``qiao/matching/learn.py``
explains the method). Every ``--qrels`` file is merged (the first file's grade wins on a
pair judged twice), so an export of stored feedback (``export_match_feedback``) can join
the development judgements. Prints the cross-validated estimate and writes the weights
learned on all of them, with the relevance floor.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from qiao.matching import learn
from qiao.matching.fit import NEED_KINDS, OFFER_KINDS
from qiao.matching.learned import WEIGHTS_FILE, weights_to_json
from qiao.matching.management.commands.match_eval import read_listings, read_qrels
from qiao.matching.scoring import Engine, Weights


class Command(BaseCommand):
    help = "Learn matching weights by coordinate ascent with k-fold cross-validation."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--needs", required=True, type=Path)
        parser.add_argument("--offers", required=True, type=Path)
        parser.add_argument("--qrels", required=True, action="append", type=Path)
        parser.add_argument("--folds", type=int, default=5)
        parser.add_argument("--out", type=Path, default=WEIGHTS_FILE)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["folds"] < 2:
            raise CommandError(_("--folds must be at least 2."))
        qrels: dict[str, dict[str, int]] = {}
        for path in reversed(options["qrels"]):
            for need, judged in read_qrels(path).items():
                qrels.setdefault(need, {}).update(judged)
        needs = [
            n
            for n in read_listings(options["needs"], side="need", kinds=NEED_KINDS)
            if n.id in qrels
        ]
        offers = read_listings(options["offers"], side="offer", kinds=OFFER_KINDS)
        if not needs:
            raise CommandError(_("No need in the needs file is judged in the qrels."))

        def ranker(weights: Weights) -> dict[str, list]:
            index = Engine(weights=weights).index(offers)
            return {n.id: ms for n, ms in zip(needs, index.rank_many(needs, k=20), strict=True)}

        cache = learn.Cache(ranker)
        ids = [n.id for n in needs]
        folds = learn.cross_validate(cache, ids, qrels, folds=options["folds"])
        for i, fold in enumerate(folds, start=1):
            self.stdout.write(
                _("fold %(i)d: train nDCG@10 %(train).4f, its %(n)d unseen needs %(test).4f")
                % {"i": i, "train": fold.train_ndcg, "n": len(fold.test), "test": fold.test_ndcg}
            )
        estimate = sum(f.test_ndcg * len(f.test) for f in folds) / len(ids)
        start = Weights()
        weights, score = learn.coordinate_ascent(cache, ids, qrels, start=start)
        relative, absolute, kept = learn.choose_floors(cache.run(weights), qrels)
        final = replace(weights, floor_relative=relative, floor_absolute=absolute)
        self.stdout.write(
            _(
                "cross-validated nDCG@10 %(cv).4f (default weights %(base).4f); "
                "all development needs %(all).4f"
            )
            % {"cv": estimate, "base": cache.score(start, ids, qrels), "all": score}
        )
        names = [*learn.GRID, "floor_relative", "floor_absolute"]
        self.stdout.write(", ".join(f"{n}={getattr(final, n):g}" for n in names))
        options["out"].write_text(
            weights_to_json(
                final,
                names,
                method="coordinate ascent on nDCG@10, qiao/matching/learn.py",
                folds=options["folds"],
                needs=len(ids),
                cross_validated_ndcg_at_10=round(estimate, 4),
                default_weights_ndcg_at_10=round(cache.score(start, ids, qrels), 4),
                floor=kept,
            ),
            encoding="utf-8",
        )
