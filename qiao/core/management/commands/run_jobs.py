"""Run the scheduled jobs of every app: one cron line per frequency instead of one per job.

    manage.py run_jobs hourly    # shared-lab booking reminders
    manage.py run_jobs daily     # digests, renewals, statistics reminders, service clocks,
                                 # 招商 target dates
    manage.py run_jobs weekly    # weekly digests

Each job runs by its command name (core imports no app); one that fails is reported and
the others still run; the command then exits with an error.
"""

from __future__ import annotations

import traceback

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

JOBS: dict[str, list[tuple[str, ...]]] = {
    "hourly": [("send_lab_reminders",)],
    "daily": [
        ("send_digests", "--frequency", "daily"),
        ("send_renewal_notices",),
        ("send_reporting_reminders",),
        ("servicedesk_daily",),
        ("notify_overdue_leads",),
    ],
    "weekly": [("send_digests", "--frequency", "weekly")],
}


class Command(BaseCommand):
    help = "Run the hourly, daily or weekly jobs of every app."

    def add_arguments(self, parser):
        parser.add_argument("frequency", choices=sorted(JOBS))

    def handle(self, *args, frequency: str, **options):
        failed = []
        for job in JOBS[frequency]:
            self.stdout.write(f"== {' '.join(job)}")
            try:
                call_command(*job, stdout=self.stdout, stderr=self.stderr)
            except Exception:  # one job's failure must not stop the others
                self.stderr.write(traceback.format_exc())
                failed.append(job[0])
        if failed:
            raise CommandError(f"failed: {', '.join(failed)}")
