"""Send the e-mail digests: run daily (and weekly) from cron or a systemd timer."""

from django.core.management.base import BaseCommand

from qiao.accounts.models import DigestFrequency
from qiao.inbox import services


class Command(BaseCommand):
    help = "E-mail each user their unread notifications not yet e-mailed (daily or weekly)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--frequency",
            choices=[DigestFrequency.DAILY, DigestFrequency.WEEKLY],
            default=DigestFrequency.DAILY,
        )

    def handle(self, *args, frequency, **options):
        sent = services.send_digests(frequency=frequency)
        self.stdout.write(f"{sent}")
