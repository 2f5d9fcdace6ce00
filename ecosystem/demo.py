"""Demo data of the shared references: the real organizations named in the seeds, a few
local territories, and fictional people. Run by ``manage.py seed_demo``.

Every app may have a ``demo`` module with a ``seed(*, demo_password)`` function returning
a dict of counts; ``seed_demo`` calls them in ``settings.PLATFORM_APPS`` order, which is the
dependency order, so a later app can rely on what an earlier one created.
"""

from .models import Organization, Territory
from .services import organization_ensure, territory_ensure, user_ensure

Kind, Sector = Organization.Kind, Organization.Sector

# Local territories named in the seeds: (kind, code, French name, English name, RSS, rurality).
LOCAL_TERRITORIES = [
    ("rls", "0611", "RLS Jeanne-Mance (Centre-Sud)", "Jeanne-Mance LHN (Centre-Sud)", "06", "urban"),
    ("neighbourhood", "06CS", "Centre-Sud", "Centre-Sud", "06", "urban"),
    ("rls", "0311", "RLS de Québec-Nord", "Québec-Nord LHN", "03", "urban"),
    ("rls", "1611", "RLS de Longueuil", "Longueuil LHN", "16", "urban"),
    ("rls", "0111", "RLS de Rimouski-Neigette", "Rimouski-Neigette LHN", "01", "mixed"),
]

# The organizations the seeds name: (slug, name, acronym, kind, sector, territory codes).
ORGANIZATIONS = [
    ("msss", "Ministère de la Santé et des Services sociaux", "MSSS", Kind.MINISTRY, Sector.PUBLIC, []),
    ("sante-quebec", "Santé Québec", "", Kind.MINISTRY, Sector.PUBLIC, []),
    ("inspq", "Institut national de santé publique du Québec", "INSPQ", Kind.MINISTRY, Sector.PUBLIC, []),
    (
        "inesss",
        "Institut national d'excellence en santé et en services sociaux",
        "INESSS",
        Kind.MINISTRY,
        Sector.PUBLIC,
        [],
    ),
    (
        "ciusss-centre-sud",
        "CIUSSS du Centre-Sud-de-l'Île-de-Montréal",
        "CCSMTL",
        Kind.CISSS,
        Sector.PUBLIC,
        ["06", "0611"],
    ),
    ("cisss-bas-saint-laurent", "CISSS du Bas-Saint-Laurent", "", Kind.CISSS, Sector.PUBLIC, ["01", "0111"]),
    (
        "ciusss-capitale-nationale",
        "CIUSSS de la Capitale-Nationale",
        "",
        Kind.CISSS,
        Sector.PUBLIC,
        ["03", "0311"],
    ),
    ("cisss-monteregie-centre", "CISSS de la Montérégie-Centre", "", Kind.CISSS, Sector.PUBLIC, ["16", "1611"]),
    ("gmf-notre-dame", "GMF Notre-Dame", "", Kind.GMF, Sector.PUBLIC, ["0611"]),
    ("ville-de-montreal", "Ville de Montréal", "", Kind.MUNICIPALITY, Sector.PUBLIC, ["06"]),
    (
        "cdc-centre-sud",
        "Corporation de développement communautaire Centre-Sud",
        "CDC Centre-Sud",
        Kind.COMMUNITY,
        Sector.COMMUNITY,
        ["06CS"],
    ),
    (
        "ceppp",
        "Centre d'excellence sur le partenariat avec les patients et le public",
        "CEPPP",
        Kind.RESEARCH,
        Sector.ACADEMIC,
        [],
    ),
    (
        "unite-soutien-ssa",
        "Unité de soutien au système de santé apprenant Québec",
        "Unité de soutien SSA",
        Kind.RESEARCH,
        Sector.ACADEMIC,
        [],
    ),
    ("reseau-1-quebec", "Réseau-1 Québec", "", Kind.RESEARCH, Sector.ACADEMIC, []),
    (
        "commissaire-sante-bien-etre",
        "Commissaire à la santé et au bien-être",
        "CSBE",
        Kind.MINISTRY,
        Sector.PUBLIC,
        [],
    ),
    (
        "rpcu",
        "Regroupement provincial des comités des usagers",
        "RPCU",
        Kind.USERS_COMMITTEE,
        Sector.COMMUNITY,
        [],
    ),
    ("aire-ouverte-longueuil", "Aire ouverte Longueuil", "", Kind.COMMUNITY, Sector.PUBLIC, ["1611"]),
]

# Fictional people, one per persona of the product brief. Their e-mail addresses use the
# reserved .test domain; without --demo-password they cannot sign in.
PEOPLE = [
    ("admin@exemple.test", "Sophie (administration)", True),
    ("amelie@exemple.test", "Amélie", False),
    ("karim@exemple.test", "Karim", False),
    ("josee@exemple.test", "Josée", False),
    ("mathieu@exemple.test", "Mathieu", False),
    ("nathalie@exemple.test", "Nathalie", False),
]


def seed(*, demo_password: str | None = None) -> dict[str, int]:
    if Territory.objects.regions().count() != 18:
        raise RuntimeError("The 18 RSS are missing: run `manage.py migrate` first.")
    counts = {"territories": 0, "organizations": 0, "people": 0}
    for kind, code, name_fr, name_en, parent_code, rurality in LOCAL_TERRITORIES:
        _, created = territory_ensure(
            kind=kind, code=code, name_fr=name_fr, name_en=name_en, parent_code=parent_code, rurality=rurality
        )
        counts["territories"] += created
    for slug, name, acronym, kind, sector, codes in ORGANIZATIONS:
        _, created = organization_ensure(
            slug=slug, name=name, acronym=acronym, kind=kind, sector=sector, territory_codes=codes
        )
        counts["organizations"] += created
    for email, display_name, is_staff in PEOPLE:
        _, created = user_ensure(email=email, display_name=display_name, password=demo_password, is_staff=is_staff)
        counts["people"] += created
    return counts
