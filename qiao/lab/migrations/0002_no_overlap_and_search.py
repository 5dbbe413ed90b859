"""Slots of one instrument never overlap, enforced by PostgreSQL; and catalogue search.

The exclusion constraint is created here, for PostgreSQL only, rather than declared on the
model: SQLite has no GiST, and there the booking services serialise writers (BEGIN
IMMEDIATE) and check for overlap inside the write transaction instead. Ranges are
half-open, ``[start, end)``, so a slot ending at 10:00 and one starting at 10:00 touch
without overlapping.
"""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

from qiao.core.search import create_search_index, store_search_vector

CONSTRAINT = "lab_slot_no_overlap"


def add_exclusion(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE lab_slot ADD CONSTRAINT {CONSTRAINT} EXCLUDE USING gist "
        "(equipment_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)"
    )


def drop_exclusion(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE lab_slot DROP CONSTRAINT IF EXISTS {CONSTRAINT}")


class Migration(migrations.Migration):
    dependencies = [("lab", "0001_initial")]

    operations = [
        BtreeGistExtension(),
        migrations.RunPython(add_exclusion, drop_exclusion, elidable=False),
        create_search_index("lab_equipment"),
        store_search_vector("lab_equipment"),
    ]
