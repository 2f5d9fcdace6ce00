"""The themes named in the source documents (seeds 000–004)."""

from django.db import migrations

# (slug, French name, English name)
THEMES = [
    ("sante-mentale", "Santé mentale", "Mental health"),
    ("systemes-alimentaires", "Systèmes alimentaires", "Food systems"),
    ("vieillissement-actif", "Vieillissement actif", "Active ageing"),
    ("sante-numerique", "Santé numérique", "Digital health"),
    ("isolement-social", "Isolement social", "Social isolation"),
    ("litteratie-en-sante", "Littératie en santé et désinformation", "Health literacy and misinformation"),
    ("sante-durable", "Santé durable", "Sustainable health"),
    ("acces-aux-soins", "Accès aux soins et affiliation", "Access to care and attachment"),
    ("maladies-chroniques", "Maladies chroniques", "Chronic diseases"),
    ("main-d-oeuvre", "Main-d'œuvre et bien-être des intervenants", "Workforce and well-being of care providers"),
    ("soins-integres", "Soins intégrés et complets", "Integrated and comprehensive care"),
    ("equite-determinants", "Équité et déterminants sociaux de la santé", "Equity and social determinants of health"),
    ("recherche-innovation", "Recherche, innovation et amélioration continue", "Research, innovation and continuous improvement"),
    ("gouvernance-financement", "Gouvernance et financement", "Governance and funding"),
    ("promotion-prevention", "Promotion de la santé et prévention", "Health promotion and prevention"),
    ("autogestion", "Autogestion de la santé", "Self-management"),
    ("pertinence-des-soins", "Pertinence des soins", "Appropriateness of care"),
    ("partenariat-patient", "Partenariat avec les patients et le public", "Patient and public partnership"),
]


def create_themes(apps, schema_editor):
    Theme = apps.get_model("ecosystem", "Theme")
    for slug, name_fr, name_en in THEMES:
        Theme.objects.update_or_create(slug=slug, defaults={"name_fr": name_fr, "name_en": name_en})


def remove_themes(apps, schema_editor):
    apps.get_model("ecosystem", "Theme").objects.filter(slug__in=[theme[0] for theme in THEMES]).delete()


class Migration(migrations.Migration):
    dependencies = [("ecosystem", "0002_regions_sociosanitaires")]

    operations = [migrations.RunPython(create_themes, remove_themes)]
