"""Schedule a partnering event's meetings from a JSON instance file.

    python manage.py schedule_meetings INSTANCE.json --out SCHEDULE.json \\
        [--time-limit S] [--seed K]

Needs no database. The formats are described in docs/scheduler.md and
``qiao/events/instance.py``. SCHEDULE.json is written whole or not at all (a temporary
file in the same folder, renamed), so a failed run never leaves half a schedule behind.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from qiao.events.instance import Instance, InstanceError, load_instance
from qiao.events.scheduling import schedule


class Command(BaseCommand):
    help = "Assign accepted meeting requests to slots and tables; write SCHEDULE.json."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("instance", type=Path, help="INSTANCE.json")
        parser.add_argument("--out", required=True, type=Path, help="SCHEDULE.json to write")
        parser.add_argument("--time-limit", type=float, default=30.0, help="seconds (default 30)")
        parser.add_argument("--seed", type=int, default=0)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["time_limit"] <= 0:
            raise CommandError(_("--time-limit must be more than 0 seconds."))
        instance = read_instance(options["instance"])
        result = schedule(instance, seed=options["seed"], time_limit=options["time_limit"])
        write_atomically(options["out"], result.to_json())
        stats = result.stats
        self.stdout.write(
            _(
                "%(meetings)d meetings, %(unscheduled)d unscheduled; priority %(objective)d "
                "of at most %(bound).0f (%(percent).2f %%) in %(seconds).1f s"
            )
            % {**stats, "percent": 100 * stats["ratio"]}
        )


def read_instance(path: Path) -> Instance:
    """Read and check INSTANCE.json; raise CommandError naming the file and the problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise CommandError(_("%(file)s: no such file.") % {"file": path}) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(
            _("%(file)s: cannot read: %(error)s") % {"file": path, "error": exc}
        ) from exc
    try:
        return load_instance(text)
    except InstanceError as exc:
        raise CommandError(f"{path}: {_(exc.template) % exc.params}") from exc


def write_atomically(path: Path, data: dict[str, Any]) -> None:
    directory = path.resolve().parent
    try:
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise CommandError(
            _("%(file)s: cannot write: %(error)s") % {"file": path, "error": exc}
        ) from exc
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, indent=1)
            out.write("\n")
        # mkstemp makes the file private; give it the mode a plain open() would.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
