"""The priority populations named in the source documents (seeds 000, 001, 003, 004)."""

from django.db import migrations

# (slug, French name, English name)
POPULATIONS = [
    ("aines-vivant-seuls", "Aînés vivant seuls", "Older adults living alone"),
    ("familles-monoparentales", "Familles monoparentales", "Single-parent families"),
    ("jeunes-12-25", "Jeunes de 12 à 25 ans", "Young people aged 12 to 25"),
    ("personnes-neurodivergentes", "Personnes neurodivergentes", "Neurodivergent people"),
    ("diversite-sexuelle-genre", "Diversité sexuelle et de genre", "Sexual and gender diversity"),
    ("premieres-nations-inuit", "Premières Nations et Inuit", "First Nations and Inuit"),
    ("milieux-racises", "Personnes et milieux racisés", "Racialized people and communities"),
    ("milieux-eloignes", "Milieux ruraux et éloignés", "Rural and remote communities"),
    ("personnes-immigrantes", "Personnes immigrantes", "Immigrants"),
    ("faible-revenu", "Personnes à faible revenu", "People with low income"),
    ("proches-aidants", "Proches aidants", "Caregivers"),
    ("maladies-chroniques", "Personnes vivant avec une maladie chronique", "People living with a chronic disease"),
]


def create_populations(apps, schema_editor):
    PriorityPopulation = apps.get_model("initiatives", "PriorityPopulation")
    for slug, name_fr, name_en in POPULATIONS:
        PriorityPopulation.objects.update_or_create(slug=slug, defaults={"name_fr": name_fr, "name_en": name_en})


def delete_populations(apps, schema_editor):
    PriorityPopulation = apps.get_model("initiatives", "PriorityPopulation")
    PriorityPopulation.objects.filter(slug__in=[slug for slug, _, _ in POPULATIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0001_initial")]

    operations = [migrations.RunPython(create_populations, delete_populations)]
