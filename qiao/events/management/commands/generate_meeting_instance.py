"""Write a synthetic meeting-scheduling instance (``qiao.events.generator``) to JSON.

    python manage.py generate_meeting_instance OUT.json --participants 3000 \\
        --requests 12000 --slots 42 --tables 200 [--seed K] [--days D] [--capped F]

Needs no database; the benchmarks call it to make their instances.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from qiao.events.generator import generate
from qiao.events.management.commands.schedule_meetings import write_atomically


class Command(BaseCommand):
    help = "Write a synthetic INSTANCE.json: heavy-tailed popularity, partial attendance."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", type=Path)
        parser.add_argument("--participants", type=int, required=True)
        parser.add_argument("--requests", type=int, required=True)
        parser.add_argument("--slots", type=int, required=True)
        parser.add_argument("--tables", type=int, required=True)
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--days", type=int)
        parser.add_argument("--capped", type=float, default=0.0, help="share with max_meetings")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            instance = generate(
                options["participants"],
                options["requests"],
                options["slots"],
                options["tables"],
                options["seed"],
                days=options["days"],
                capped=options["capped"],
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        write_atomically(options["out"], instance.to_json())
        self.stdout.write(
            f"{len(instance.participants)} participants, {len(instance.requests)} requests, "
            f"{len(instance.slots)} slots → {options['out']}"
        )
