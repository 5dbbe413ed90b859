"""Create the database cache table (settings.CACHES) as part of `migrate`, so no deployment
step is forgotten. `createcachetable` skips a table that exists and caches that aren't
database caches."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_audit_entry")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
