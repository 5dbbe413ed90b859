"""Restore the default database from a file made by ``manage.py backup``."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from qiao.core.backups import check_backup_file, restore_database


class Command(BaseCommand):
    help = (
        "Replace the contents of the default database with a backup made by "
        "`manage.py backup`. Stop the app first."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The .sqlite3 or .dump backup file.")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Don't ask for confirmation.",
        )

    def handle(self, *args, path, interactive=True, **options):
        # Check before asking, so a wrong path fails without a pointless question.
        check_backup_file(path)
        if interactive:
            database = connection.settings_dict["NAME"]
            answer = input(
                f"This replaces every row of the {connection.vendor} database {database} "
                f"with the backup {path}.\nType 'yes' to continue, or anything else to cancel: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        restore_database(path=path)
        self.stdout.write(
            self.style.SUCCESS(f"Restored {path}.")
            + " Run `manage.py migrate` if the backup is older than this version of Qiao."
        )
