from django.db import migrations

from qiao.core.search import index_search_tiers
from qiao.directory import ranking


class Migration(migrations.Migration):
    dependencies = [("directory", "0012_merge_20261203_2217")]

    operations = [
        index_search_tiers(
            "directory_organisation",
            ranking.NAME_FIELDS,
            ranking.KEYS_FIELD,
            inline=("name_zh", "name_en"),
        ),
    ]
