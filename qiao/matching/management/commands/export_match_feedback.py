"""Export members' feedback on matches as an evaluation set for `match_eval`.

    python manage.py export_match_feedback --out var/feedback-set
    python manage.py match_eval --needs var/feedback-set/needs.jsonl \\
        --offers var/feedback-set/offers.jsonl --qrels var/feedback-set/qrels.tsv \\
        --k 20 --out var/feedback-run.tsv

Judgements: "interested" is grade 2, "not relevant" grade 0; when people disagree on a
pair the highest grade wins. Listings are written by their public face when confidential
(the file may travel further than the database), in the engine's kind names.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from qiao.market.models import Listing
from qiao.matching.candidates import engine_listing
from qiao.matching.models import MatchFeedback

GRADES = {MatchFeedback.Verdict.INTERESTED: 2, MatchFeedback.Verdict.NOT_RELEVANT: 0}


def _line(listing: Listing) -> dict:
    view = engine_listing(listing, full=False)
    row = {
        "id": str(listing.pk),
        "kind": view.kind,
        "title": listing.title,
        "text": view.text,
        "lang": "",
    }
    if listing.side == "offer":
        row["owner_kind"] = view.owner_kind
    return row


class Command(BaseCommand):
    help = "Write needs.jsonl, offers.jsonl and qrels.tsv from the feedback given on matches."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="Directory to write the three files to.")

    def handle(self, *args, out: str, **options):
        grades: dict[tuple[int, int], int] = {}
        feedback = MatchFeedback.objects.filter(
            match__counterpart_listing__isnull=False
        ).values_list(
            "match__listing_id", "match__listing__side", "match__counterpart_listing_id", "verdict"
        )
        for listing_id, side, counterpart_id, verdict in feedback:
            need, offer = (
                (listing_id, counterpart_id) if side == "need" else (counterpart_id, listing_id)
            )
            grades[(need, offer)] = max(grades.get((need, offer), 0), GRADES[verdict])
        if not grades:
            raise CommandError(_("No feedback on matches between listings yet."))
        ids = {pk for pair in grades for pk in pair}
        listings = (
            Listing.objects.filter(pk__in=ids)
            .select_related("stage", "organisation__kind")
            .prefetch_related("terms")
        )
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        with (
            open(folder / "needs.jsonl", "w", encoding="utf-8") as needs,
            open(folder / "offers.jsonl", "w", encoding="utf-8") as offers,
        ):
            for listing in listings:
                target = needs if listing.side == "need" else offers
                target.write(json.dumps(_line(listing), ensure_ascii=False) + "\n")
        with open(folder / "qrels.tsv", "w", encoding="utf-8") as qrels:
            for (need, offer), grade in sorted(grades.items()):
                qrels.write(f"{need}\t{offer}\t{grade}\n")
        self.stdout.write(
            _("%(pairs)d judged pairs over %(listings)d listings written to %(folder)s")
            % {"pairs": len(grades), "listings": len(ids), "folder": folder}
        )
