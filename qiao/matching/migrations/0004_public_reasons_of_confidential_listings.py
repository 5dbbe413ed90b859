"""Clean stored reasons about confidential listings of what only their details could say.

Before this release the engine read a confidential listing's amount, rounds and
accreditations, so stored reasons of others' matches could name them ("Amount 50M–100M
fits…", "Stage fits: Series B", "Holds: CNAS, GLP"). Those reasons are removed; the next
matching run recomputes the rows from the public face only.
"""

from django.db import migrations

from qiao.matching.reasons import public_reasons


def forwards(apps, schema_editor):
    Match = apps.get_model("matching", "Match")
    matches = Match.objects.filter(counterpart_listing__visibility="confidential")
    for match in matches.iterator(chunk_size=2000):
        cleaned = public_reasons(match.reasons)
        if cleaned != match.reasons:
            match.reasons = cleaned
            match.save(update_fields=["reasons"])


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0003_index_changes"),
        ("market", "0005_listing_version_nda_signatories"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
