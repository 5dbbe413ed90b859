from django.db import migrations

from qiao.core.search import create_search_index


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]
    operations = [
        create_search_index("directory_organisation"),
        create_search_index("directory_person"),
    ]
