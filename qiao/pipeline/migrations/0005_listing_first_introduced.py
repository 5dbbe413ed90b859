"""Fill Listing.first_introduced_at from the introductions recorded before it existed."""

from django.db import migrations
from django.db.models import Min, OuterRef, Subquery


def fill(apps, schema_editor):
    Listing = apps.get_model("market", "Listing")
    Through = apps.get_model("pipeline", "Introduction").listings.through
    first = (
        Through.objects.filter(listing=OuterRef("pk"))
        .values("listing")
        .annotate(first=Min("introduction__created_at"))
        .values("first")
    )
    Listing.objects.filter(introductions__isnull=False).update(first_introduced_at=Subquery(first))


class Migration(migrations.Migration):
    dependencies = [
        ("pipeline", "0004_agreement_categories"),
        ("market", "0004_listing_first_introduced"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
