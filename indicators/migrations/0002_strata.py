"""The equity strata measurements are broken down by, and the total."""

from django.db import migrations

STRATA = [
    ("total", "total", "Total", "Total"),
    ("sex", "femmes", "Femmes", "Women"),
    ("sex", "hommes", "Hommes", "Men"),
    ("age", "0-17", "0 à 17 ans", "0 to 17"),
    ("age", "18-34", "18 à 34 ans", "18 to 34"),
    ("age", "35-64", "35 à 64 ans", "35 to 64"),
    ("age", "65-74", "65 à 74 ans", "65 to 74"),
    ("age", "75-plus", "75 ans et plus", "75 and over"),
    ("deprivation", "q1", "Quintile 1 (le plus favorisé)", "Quintile 1 (least deprived)"),
    ("deprivation", "q2", "Quintile 2", "Quintile 2"),
    ("deprivation", "q3", "Quintile 3", "Quintile 3"),
    ("deprivation", "q4", "Quintile 4", "Quintile 4"),
    ("deprivation", "q5", "Quintile 5 (le plus défavorisé)", "Quintile 5 (most deprived)"),
    ("language", "francais", "Français", "French"),
    ("language", "anglais", "Anglais", "English"),
    ("language", "autre", "Autre langue", "Other language"),
    ("indigenous", "autochtone", "Personnes autochtones", "Indigenous people"),
    ("indigenous", "non-autochtone", "Personnes non autochtones", "Non-Indigenous people"),
    ("rurality", "rural", "Milieu rural", "Rural area"),
    ("rurality", "urbain", "Milieu urbain", "Urban area"),
]


def create(apps, schema_editor):
    Stratum = apps.get_model("indicators", "Stratum")
    for position, (dimension, code, name_fr, name_en) in enumerate(STRATA):
        Stratum.objects.update_or_create(
            dimension=dimension, code=code, defaults={"name_fr": name_fr, "name_en": name_en, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
