"""Operators search the expert pool (names, fields, organisations)."""

from django.db import migrations

from qiao.core.search import create_search_index, store_search_vector


class Migration(migrations.Migration):
    dependencies = [("experts", "0001_initial")]

    operations = [
        create_search_index("experts_expert"),
        store_search_vector("experts_expert"),
    ]
