from django.db import migrations, models

from qiao.core.search import restore_search_triggers


class Migration(migrations.Migration):
    dependencies = [
        ("lab", "0002_no_overlap_and_search"),
    ]

    operations = [
        migrations.AddField(
            model_name="equipment",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name="version"),
        ),
        # SQLite rebuilt the table to add the column, and with it dropped the FTS5 triggers.
        restore_search_triggers("lab_equipment"),
    ]
