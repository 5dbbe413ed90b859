from django.db import migrations

from qiao.core.search import create_search_index


class Migration(migrations.Migration):
    dependencies = [("market", "0001_initial")]

    operations = [create_search_index("market_listing")]
