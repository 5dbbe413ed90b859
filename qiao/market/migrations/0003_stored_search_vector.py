from django.db import migrations

from qiao.core.search import store_search_vector


class Migration(migrations.Migration):
    dependencies = [("market", "0002_search_index")]

    operations = [store_search_vector("market_listing")]
