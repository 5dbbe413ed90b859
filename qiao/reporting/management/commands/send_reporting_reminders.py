from django.core.management.base import BaseCommand
from django.utils import timezone

from qiao.reporting import services


class Command(BaseCommand):
    help = "Remind firms with unfinished statistics forms, before and after the due date."

    def handle(self, *args, **options):
        count = services.send_reminders(today=timezone.localdate())
        self.stdout.write(f"reminded campaigns: {count}")
