"""The 18 régions sociosanitaires (RSS) of Québec, under the province, with official codes."""

from django.db import migrations

PROVINCE = ("QC", "Ensemble du Québec", "Québec as a whole")

# (code, French name, English name, rurality)
REGIONS = [
    ("01", "Bas-Saint-Laurent", "Bas-Saint-Laurent", "mixed"),
    ("02", "Saguenay–Lac-Saint-Jean", "Saguenay–Lac-Saint-Jean", "mixed"),
    ("03", "Capitale-Nationale", "Capitale-Nationale", "mixed"),
    ("04", "Mauricie et Centre-du-Québec", "Mauricie and Centre-du-Québec", "mixed"),
    ("05", "Estrie", "Estrie", "mixed"),
    ("06", "Montréal", "Montréal", "urban"),
    ("07", "Outaouais", "Outaouais", "mixed"),
    ("08", "Abitibi-Témiscamingue", "Abitibi-Témiscamingue", "rural"),
    ("09", "Côte-Nord", "Côte-Nord", "rural"),
    ("10", "Nord-du-Québec", "Nord-du-Québec", "rural"),
    ("11", "Gaspésie–Îles-de-la-Madeleine", "Gaspésie–Îles-de-la-Madeleine", "rural"),
    ("12", "Chaudière-Appalaches", "Chaudière-Appalaches", "mixed"),
    ("13", "Laval", "Laval", "urban"),
    ("14", "Lanaudière", "Lanaudière", "mixed"),
    ("15", "Laurentides", "Laurentians", "mixed"),
    ("16", "Montérégie", "Montérégie", "mixed"),
    ("17", "Nunavik", "Nunavik", "rural"),
    ("18", "Terres-Cries-de-la-Baie-James", "Cree Territory of James Bay (Eeyou Istchee)", "rural"),
]


def create_regions(apps, schema_editor):
    Territory = apps.get_model("ecosystem", "Territory")
    code, name_fr, name_en = PROVINCE
    province, _ = Territory.objects.update_or_create(
        kind="province", code=code, defaults={"name_fr": name_fr, "name_en": name_en, "rurality": "mixed"}
    )
    for code, name_fr, name_en, rurality in REGIONS:
        Territory.objects.update_or_create(
            kind="rss",
            code=code,
            defaults={"name_fr": name_fr, "name_en": name_en, "rurality": rurality, "parent": province},
        )


def remove_regions(apps, schema_editor):
    Territory = apps.get_model("ecosystem", "Territory")
    Territory.objects.filter(kind="rss", code__in=[region[0] for region in REGIONS]).delete()
    Territory.objects.filter(kind="province", code=PROVINCE[0]).delete()


class Migration(migrations.Migration):
    dependencies = [("ecosystem", "0001_initial")]

    operations = [migrations.RunPython(create_regions, remove_regions)]
