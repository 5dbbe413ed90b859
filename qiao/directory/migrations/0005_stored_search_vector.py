from django.db import migrations

from qiao.core.search import store_search_vector


class Migration(migrations.Migration):
    dependencies = [("directory", "0004_facet_indexes")]

    operations = [
        store_search_vector("directory_organisation"),
        store_search_vector("directory_person"),
    ]
