"""Build the news name tagger from the project's own development articles.

.venv/bin/python manage.py train_news_tagger [--data benchmarks/data/news/own] [--out PATH]
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from qiao.intel import tagger


class Command(BaseCommand):
    help = "Train the CRF name tagger on the written development articles."

    def add_arguments(self, parser):
        default = Path(settings.BASE_DIR) / "benchmarks" / "data" / "news" / "own"
        parser.add_argument("--data", default=str(default))
        parser.add_argument("--out", default=str(tagger.MODEL_PATH))

    def handle(self, *args, data: str, out: str, **options):
        folder = Path(data)
        if "heldout" in folder.parts:
            raise SystemExit(_("The held-out articles are never used for training."))
        lines = tagger.train(tagger.training_samples(folder), Path(out))
        size = Path(out).stat().st_size
        self.stdout.write(
            _("Trained on %(lines)d lines of %(folder)s; model %(out)s (%(size)d bytes).")
            % {"lines": lines, "folder": folder, "out": out, "size": size}
        )
