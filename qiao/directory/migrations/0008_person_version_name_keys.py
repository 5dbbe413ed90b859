import django.db.models.deletion
from django.db import migrations, models

from qiao.core.search import restore_search_triggers


def fill_name_keys(apps, schema_editor):
    """Store the look-alike keys of existing names; of two that already look the same,
    the older organisation keeps the key (the other is refused only when renamed)."""
    from qiao.directory.names import name_key

    Organisation = apps.get_model("directory", "Organisation")
    OrganisationNameKey = apps.get_model("directory", "OrganisationNameKey")
    full, short = ("name_zh", "name_en"), ("short_name_zh", "short_name_en")
    taken: set[str] = set()
    batch = []
    rows = Organisation.objects.order_by("pk").values("pk", *full, *short)
    for row in rows.iterator(2000):
        keys = {name_key(row[f]) for f in full if row[f]} - {""}
        for key in keys - taken:
            taken.add(key)
            batch.append(OrganisationNameKey(organisation_id=row["pk"], key=key))
        for key in {name_key(row[f]) for f in short if row[f]} - {""} - keys:
            batch.append(
                OrganisationNameKey(organisation_id=row["pk"], key=key, is_full_name=False)
            )
        if len(batch) >= 2000:
            OrganisationNameKey.objects.bulk_create(batch)
            batch = []
    OrganisationNameKey.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0007_organisation_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False, verbose_name="version"),
        ),
        # SQLite rebuilt the table to add the column, and with it dropped the FTS5 triggers.
        restore_search_triggers("directory_person"),
        migrations.CreateModel(
            name="OrganisationNameKey",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("key", models.CharField(db_index=True, max_length=400)),
                ("is_full_name", models.BooleanField(default=True)),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="name_keys",
                        to="directory.organisation",
                    ),
                ),
            ],
            options={
                "verbose_name": "name key",
                "verbose_name_plural": "name keys",
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("is_full_name", True)),
                        fields=("key",),
                        name="org_full_name_key_unique",
                    )
                ],
            },
        ),
        migrations.RunPython(fill_name_keys, migrations.RunPython.noop),
    ]
