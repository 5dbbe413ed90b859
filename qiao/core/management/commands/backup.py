"""Back up the default database: ``manage.py backup [PATH]``; safe while Qiao runs."""

from django.core.management.base import BaseCommand

from qiao.core.backups import backup_database


class Command(BaseCommand):
    help = (
        "Back up the default database (SQLite: online backup to a .sqlite3 file; "
        "PostgreSQL: pg_dump --format=custom to a .dump file) and print the file's path."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            nargs="?",
            help="File, or directory (existing or ending in /), to write to; default: "
            "QIAO_BACKUP_DIR/qiao-<vendor>-<UTC timestamp>.<ext>.",
        )

    def handle(self, *args, path=None, **options):
        written = backup_database(path=path)
        self.stdout.write(str(written))
