"""Seed the indicator catalogue and carry the free key figures over where they map.

A key figure becomes a figure for the year it is dated (or was recorded), source "reported",
with its stated source in the note; the key figure itself stays on the profile.
"""

from django.db import migrations

from qiao.reporting.catalogue import map_key_figure, seed_indicators


def seed(apps, schema_editor):
    Indicator = apps.get_model("reporting", "Indicator")
    KeyFigure = apps.get_model("directory", "KeyFigure")
    Figure = apps.get_model("reporting", "Figure")
    by_code = seed_indicators(Indicator)
    seen = set(Figure.objects.values_list("organisation_id", "indicator_id", "period"))
    fresh = []
    for key in KeyFigure.objects.order_by("position", "id"):
        mapped = map_key_figure(key.label_zh, key.unit_zh, key.value)
        if mapped is None:
            continue
        code, value = mapped
        period = str((key.as_of or key.created_at).year)
        marker = (key.organisation_id, by_code[code].pk, period)
        if marker in seen:
            continue
        seen.add(marker)
        note = f"关键数据：{key.label_zh}" + (f"（{key.source}）" if key.source else "")
        fresh.append(
            Figure(
                organisation_id=key.organisation_id,
                indicator=by_code[code],
                period=period,
                value=value,
                source="reported",
                note=note[:200],
            )
        )
    Figure.objects.bulk_create(fresh)


class Migration(migrations.Migration):
    dependencies = [("reporting", "0001_initial"), ("directory", "0010_hub_key_figures_investor_focus")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
