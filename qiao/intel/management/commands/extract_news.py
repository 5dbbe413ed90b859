"""Print (or write) what the news extractor finds in article files, as JSON."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from qiao.intel.dates import parse_iso
from qiao.intel.gazetteer import build_gazetteer
from qiao.intel.services import UnreadableArticle, analyse, read_article_file


def article_paths(paths: list[str]) -> list[Path]:
    """Expand folders into their .txt/.html/.htm files, sorted; keep files as given."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(
                f
                for f in p.rglob("*")
                if f.suffix.lower() in (".txt", ".html", ".htm") and f.is_file()
            )
        else:
            out.append(p)
    return out


class Command(BaseCommand):
    help = (
        "Extract organisations, people, events, agreements and figures from news files. "
        "One file: its JSON; several: JSON Lines with a 'file' key; --out DIR: DIR/<stem>.json."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="text or HTML files, or folders of them")
        parser.add_argument("--format", choices=["json"], default="json")
        parser.add_argument("--out", help="write DIR/<file stem>.json instead of printing")
        parser.add_argument("--published", help="publication date YYYY-MM-DD when unknown")

    def handle(self, *args, **options):
        paths = options["paths"]
        published = parse_iso(options["published"])
        if options["published"] and published is None:
            raise CommandError("--published must be a date YYYY-MM-DD")
        out_dir = Path(options["out"]) if options["out"] else None
        if out_dir:
            out_dir.mkdir(parents=True, exist_ok=True)
        gazetteer = build_gazetteer()
        failures = 0
        files = article_paths(list(paths))
        for path in files:
            try:
                raw = read_article_file(path)
                *_rest, extraction = analyse(raw, gazetteer=gazetteer, published_on=published)
            except UnreadableArticle as exc:
                failures += 1
                self.stderr.write(f"{path}: {exc}")
                continue
            result = extraction.as_cli()
            text = json.dumps(result, ensure_ascii=False, indent=2)
            if out_dir:
                (out_dir / f"{path.stem}.json").write_text(text + "\n", encoding="utf-8")
                self.stdout.write(f"{path} → {out_dir / (path.stem + '.json')}")
            elif len(files) == 1:
                self.stdout.write(text)
            else:  # several files on stdout: one JSON object per line, naming its file
                self.stdout.write(json.dumps({"file": str(path), **result}, ensure_ascii=False))
        if failures:
            self.stderr.write(
                _("%(count)s file(s) could not be read; the others were read.")
                % {"count": failures}
            )
