"""Send alliance renewal notices (60/30/7 days before expiry, each once) and lapse the
memberships whose paid year has ended. Safe to run several times a day."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from qiao.alliances.services import send_renewal_notices


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options):
        counts = send_renewal_notices(today=timezone.localdate())
        self.stdout.write(f"renewal notices sent: {counts['sent']}; lapsed: {counts['lapsed']}")
