from django.db import migrations

from qiao.chain.vocabulary import seed_nodes


def seed(apps, schema_editor):
    seed_nodes(apps.get_model("chain", "ChainNode"), apps.get_model("taxonomy", "Term"))


class Migration(migrations.Migration):
    dependencies = [("chain", "0001_initial"), ("taxonomy", "0002_shipped_terms")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
