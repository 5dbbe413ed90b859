"""Store news articles from files or folders and queue what they propose for review."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from qiao.intel.gazetteer import build_gazetteer
from qiao.intel.management.commands.extract_news import article_paths
from qiao.intel.services import UnreadableArticle, ingest_article, read_article_file


class Command(BaseCommand):
    help = "Store news articles (text or HTML files, folders) and queue their proposals."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+")
        parser.add_argument("--source", default="", help="where the articles come from")

    def handle(self, *args, **options):
        paths = options["paths"]
        gazetteer = build_gazetteer()
        stored = skipped = failed = 0
        for path in article_paths(list(paths)):
            try:
                raw = read_article_file(path)
                article, created = ingest_article(
                    raw=raw, source=options["source"] or path.name, gazetteer=gazetteer
                )
            except UnreadableArticle as exc:
                failed += 1
                self.stderr.write(f"{path}: {exc}")
                continue
            if created:
                stored += 1
                count = article.proposals.count()
                self.stdout.write(
                    _("%(path)s: article %(id)s, %(count)s proposals queued for review")
                    % {"path": path, "id": article.pk, "count": count}
                )
            else:
                skipped += 1
                self.stdout.write(
                    _("%(path)s: already stored as article %(id)s")
                    % {"path": path, "id": article.pk}
                )
        self.stdout.write(
            _("%(stored)s stored, %(skipped)s already known, %(failed)s unreadable")
            % {"stored": stored, "skipped": skipped, "failed": failed}
        )
