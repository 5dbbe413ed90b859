from django.db import migrations


def load(apps, schema_editor):
    from qiao.taxonomy.loading import load_shipped_terms

    load_shipped_terms(apps.get_model("taxonomy", "Term"))


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
