"""Daily upkeep of service requests: escalate overdue ones, auto-close unrated ones.

manage.py servicedesk_daily [--close-after 5]
"""

from django.core.management.base import BaseCommand

from qiao.servicedesk import services


class Command(BaseCommand):
    help = "Escalate overdue service requests and close resolved ones left unrated."

    def add_arguments(self, parser):
        parser.add_argument(
            "--close-after", type=int, default=5,
            help="Working days after resolution before an unrated request closes.",
        )  # fmt: skip

    def handle(self, *args, close_after, **options):
        escalated = services.escalate_overdue()
        closed = services.auto_close(after_days=close_after)
        self.stdout.write(f"escalated {escalated}, auto-closed {closed}")
