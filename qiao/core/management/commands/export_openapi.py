import json

from django.core.management.base import BaseCommand
from django.utils import translation


class Command(BaseCommand):
    help = "Print the API's OpenAPI document (the committed snapshot is made from this)."

    def handle(self, *args, **options):
        from qiao.api import api

        with translation.override("en"):
            schema = api.get_openapi_schema()
        self.stdout.write(json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True))
