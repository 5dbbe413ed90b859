from django.core.management.base import BaseCommand
from django.utils import timezone

from qiao.attraction import targets


class Command(BaseCommand):
    help = "Tell lead owners, once per date, about stage target dates that have passed."

    def handle(self, *args, **options):
        told = targets.notify_overdue(today=timezone.localdate())
        self.stdout.write(f"overdue targets told: {told}")
