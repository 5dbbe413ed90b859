from django.core.management.base import BaseCommand

from qiao.taxonomy.loading import load_shipped_terms
from qiao.taxonomy.models import Term


class Command(BaseCommand):
    help = "Create the shipped taxonomy terms that are missing (--update also resets their names)."

    def add_arguments(self, parser):
        parser.add_argument("--update", action="store_true")

    def handle(self, *args, update=False, **options):
        created = load_shipped_terms(Term, update=update)
        self.stdout.write(f"taxonomy: {created} terms created")
