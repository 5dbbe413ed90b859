"""E-mail reminders of lab bookings starting soon, and end waitlist offers nobody took.

Run it every hour from cron or a systemd timer; running it more often sends nothing twice.
"""

from django.core.management.base import BaseCommand

from qiao.lab import services
from qiao.lab.services.reminders import send_booking_reminders


class Command(BaseCommand):
    help = "E-mail reminders of bookings starting within --hours, and expire old waitlist offers."

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=24)

    def handle(self, *args, hours, **options):
        expired = services.expire_offers()
        sent = send_booking_reminders(hours=hours)
        self.stdout.write(f"{sent} reminders sent, {expired} offers expired")
