"""Demo co-built indicators, in French, drawn from the seeds: the share of service users who would
recommend the service, quality of life in hospitalisation à domicile, partners involved from the
start, the well-being of front-line care workers, waiting for an arthroplasty, and a few population
indicators (people waiting for a family doctor, avoidable hospitalisations per 100,000, the equity
gap in breast cancer screening). Organizations are the seeds'; people and figures are fictional.

``seed()`` goes through the services, like people would: staff name Mathieu steward, he proposes
the indicators and opens them to co-construction; partners and professionals comment, propose
changes (some accepted, some declined) and endorse; he adopts them, sets targets per governance
level and imports four years of measurements (Québec and the 18 RSS × quarter × equity strata)
from CSV files through the import services, so the imports show in his history. One adopted
indicator is being revised (version 2 in co-construction, version 1 still in force), one is only
proposed, one was retired. The services date everything today; the co-construction record is then
moved back to when the discussions would have taken place, so the sheets read like real ones.
It is idempotent: an indicator whose code exists is left alone, with its discussion and files.

``seed_scale(count=N)`` writes N measurements in bulk (COPY on PostgreSQL) for new generated
indicators, for benchmarks; each call adds as many again.
"""

import csv
import datetime
import io
import math
import random
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from ecosystem.models import Organization, Territory, Theme, User

from . import importing, periods, services
from .models import (
    AimDimension,
    Contribution,
    ContributorRole,
    Direction,
    Family,
    Frequency,
    GovernanceLevel,
    Granularity,
    ImportBatch,
    Indicator,
    IndicatorVersion,
    Stratum,
    Unit,
)

# The cast of the earlier apps' demos.
SOPHIE, MATHIEU = "admin@exemple.test", "mathieu@exemple.test"
KARIM, JOSEE, NATHALIE = "karim@exemple.test", "josee@exemple.test", "nathalie@exemple.test"
FELIX, MARTIN, CHANTAL = "felix@exemple.test", "martin@exemple.test", "chantal@exemple.test"
NADIA, MELANIE, PATRICE = "nadia@exemple.test", "melanie@exemple.test", "patrice@exemple.test"
AMELIE, LUCIE, SYLVIE = "amelie@exemple.test", "lucie@exemple.test", "sylvie@exemple.test"
HAMID, YVES, ERIC = "hamid@exemple.test", "yves@exemple.test", "eric@exemple.test"


def ex(slug: str) -> str:
    return f"{slug}@exemple.test"


# Professionals contribute with what they do; partners' role is read from their partner profile.
PROFESSIONALS = {
    MATHIEU: "Intendant des indicateurs",
    KARIM: "Organisateur communautaire",
    JOSEE: "Animatrice de communauté de pratique",
    NATHALIE: "Gestionnaire dans un CISSS",
    FELIX: "Organisateur communautaire",
    MARTIN: "Conseiller en partenariat dans un CIUSSS",
    CHANTAL: "Conseillère en promotion de la santé",
    NADIA: "Chercheuse en évaluation",
    MELANIE: "Infirmière clinicienne en GMF",
    PATRICE: "Organisateur communautaire",
}

COMMENT, PROPOSAL, ENDORSEMENT = Contribution.Kind.COMMENT, Contribution.Kind.PROPOSAL, Contribution.Kind.ENDORSEMENT
ACCEPT, DECLINE = "accept", "decline"
PROPOSED, CO_CONSTRUCTION = Indicator.Status.PROPOSED, Indicator.Status.CO_CONSTRUCTION
ADOPTED, RETIRED = Indicator.Status.ADOPTED, Indicator.Status.RETIRED
PROVINCIAL, REGIONAL, LOCAL = GovernanceLevel.PROVINCIAL, GovernanceLevel.REGIONAL, GovernanceLevel.LOCAL
d = datetime.date


# --- What the demo holds ------------------------------------------------------------------------


@dataclass(frozen=True)
class Say:
    """One contribution. A proposal's ``text`` is the whole new wording of ``field``; ``answer``
    is the steward's. ``later``: said after the adoption (a revision, or second thoughts)."""

    who: str
    kind: str
    text: str = ""
    field: str = ""
    answer: str = ""
    credited: bool = False
    later: bool = False
    note: str = ""  # the change note of an accepted proposal


@dataclass(frozen=True)
class DemoTarget:
    level: str
    territory: str  # code
    period: str
    value: str
    rationale: str


@dataclass(frozen=True)
class Series:
    """How the demo figures are made up: ``ratio`` (numerator and denominator, in the unit),
    ``count`` (a number of people) or ``mean`` (a score, a number of days, a gap in points).

    ``base`` is the value in 2022 (for a count: per 1,000 inhabitants), ``trend`` its yearly change
    (relative for ratios and counts, in points for means), ``spread`` the regional variation;
    ``per_capita`` gives the denominators (or the respondents of a mean) per 1,000 inhabitants
    and period. ``effects`` move a category ((dimension, code): a factor, or points for means)."""

    kind: str
    base: float
    per_capita: float = 0.0
    trend: float = 0.0
    spread: float = 0.0
    granularity: str = Granularity.QUARTER
    years: tuple[int, ...] = (2022, 2023, 2024, 2025)
    dimensions: tuple[str, ...] = ()
    ages: tuple[str, ...] = ("0-17", "18-34", "35-64", "65-74", "75-plus")
    regions: tuple[str, ...] = ()  # empty: the 18 RSS
    region_effects: dict[str, float] = field(default_factory=dict)
    effects: dict[tuple[str, str], float] = field(default_factory=dict)
    seasons: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
    bounds: tuple[float, float] = (0.0, math.inf)
    decimals: int = 1
    noise: float = 0.03  # a ratio's or a count's random variation from one cell to the next
    deviation: float = 0.0  # a mean's standard deviation among respondents: gives its confidence interval


@dataclass(frozen=True)
class DemoFile:
    """How the steward's file is written: the columns' names, territories by name or by code,
    numbers the Québec French way or not."""

    name: str
    source: str
    columns: dict[str, str]  # mapped field -> the file's column name
    by_name: bool = False
    french_numbers: bool = True
    fixed: bool = False  # the indicator is chosen in the mapping, not read from a column
    bom: bool = False


@dataclass(frozen=True)
class DemoIndicator:
    code: str
    family: str
    aim: str
    organization: str  # slug
    themes: list[str]
    wording: dict[str, str]
    status: str
    opened: datetime.date | int  # a date, or so many days ago
    discussion: list[Say]
    later: datetime.date | int | None = None  # when the discussion after the adoption began
    targets: list[DemoTarget] = field(default_factory=list)
    series: Series | None = None
    file: DemoFile | None = None


def wording(
    name: str,
    definition: str,
    rationale: str,
    numerator: str,
    denominator: str,
    exclusions: str,
    unit: str,
    direction: str,
    data_source: str,
    frequency: str,
    limitations: str,
) -> dict[str, str]:
    return {
        "name": name,
        "definition": definition,
        "rationale": rationale,
        "numerator": numerator,
        "denominator": denominator,
        "exclusions": exclusions,
        "unit": unit,
        "direction": direction,
        "data_source": data_source,
        "frequency": frequency,
        "limitations": limitations,
    }


RATIO_COLUMNS = {
    "indicator": "indicateur",
    "territory": "territoire",
    "period": "periode",
    "dimension": "dimension",
    "category": "categorie",
    "numerator": "numerateur",
    "denominator": "denominateur",
}
VALUE_COLUMNS = {
    "indicator": "indicateur",
    "territory": "territoire",
    "period": "periode",
    "dimension": "dimension",
    "category": "categorie",
    "value": "valeur",
}
INTERVAL_COLUMNS = {
    "indicator": "code_indicateur",
    "territory": "rss",
    "period": "trimestre",
    "dimension": "dimension_equite",
    "category": "categorie",
    "value": "score",
    "ci_low": "borne_inferieure",
    "ci_high": "borne_superieure",
}

INDICATORS = [
    DemoIndicator(
        "PREM-RECO",
        Family.PREM,
        AimDimension.EXPERIENCE,
        "commissaire-sante-bien-etre",
        ["partenariat-patient", "soins-integres"],
        wording(
            "Part des usagers qui recommanderaient le service",
            "Sur 100 personnes qui ont reçu un service de première ligne, combien le recommanderaient à un proche.",
            "Recommander un service à quelqu’un qu’on aime, c’est dire qu’on y a été bien reçu, écouté et aidé. "
            "La question parle le langage des personnes plutôt que celui du système.",
            "Personnes ayant répondu « oui, certainement » ou « oui, probablement » à la question de recommandation",
            "Personnes ayant répondu à la question de recommandation",
            "Questionnaires remplis par un membre du personnel; réponses « je ne sais pas ».",
            Unit.PERCENT,
            Direction.HIGHER,
            "Sondage continu sur l’expérience des usagers de la première ligne, en ligne, par téléphone et sur "
            "papier (données fictives)",
            Frequency.QUARTERLY,
            "Les personnes satisfaites répondent davantage, et le taux de réponse est plus faible chez les "
            "personnes allophones et dans le Nord. Les petites régions comptent peu de répondants par trimestre: "
            "lisez les tendances sur l’année.",
        ),
        ADOPTED,
        d(2022, 2, 7),
        [
            Say(
                AMELIE,
                COMMENT,
                "Dans le projet d’hospitalisation à domicile, plus de 95 % des usagers recommandaient le service. "
                "Ce chiffre a beaucoup plus parlé aux équipes qu’un score sur 10.",
                credited=True,
            ),
            Say(
                LUCIE,
                PROPOSAL,
                "Sur 100 personnes qui ont reçu un service de première ligne au cours des trois derniers mois, "
                "combien disent qu’elles le recommanderaient à un proche ou à une amie.",
                field="definition",
                answer=ACCEPT,
            ),
            Say(
                MELANIE,
                COMMENT,
                "Il faut offrir le questionnaire en anglais et dans d’autres langues, sinon on n’entendra que "
                "les personnes francophones.",
            ),
            Say(
                ex("fatima.b"),
                COMMENT,
                "Pour une nouvelle arrivante, « recommander » peut vouloir dire qu’il n’y avait pas d’autre choix. "
                "Lisez le chiffre avec la langue et le quintile de défavorisation.",
            ),
            Say(NADIA, PROPOSAL, "Taux net de recommandation (NPS)", field="name", answer=DECLINE),
            Say(
                MATHIEU,
                COMMENT,
                "Nous gardons la formulation simple: le taux net de recommandation est difficile à expliquer en "
                "dehors des spécialistes, et les partenaires ont préféré une part sur 100.",
            ),
            Say(AMELIE, ENDORSEMENT, "Une question simple que tout le monde comprend.", credited=True),
            Say(LUCIE, ENDORSEMENT, credited=True),
            Say(HAMID, ENDORSEMENT),
            Say(KARIM, ENDORSEMENT),
            Say(MELANIE, ENDORSEMENT, "À condition de l’offrir dans plusieurs langues, ce qui est maintenant prévu."),
            Say(NATHALIE, ENDORSEMENT),
        ],
        targets=[
            DemoTarget(
                PROVINCIAL,
                "QC",
                "2026",
                "95",
                "Le projet d’hospitalisation à domicile a montré qu’on peut dépasser 95 %: viser ce niveau partout "
                "d’ici 2026.",
            ),
            DemoTarget(
                REGIONAL,
                "06",
                "2026",
                "93",
                "Montréal part de plus bas et sert une population très diverse: une cible d’étape, revue chaque "
                "année avec le comité des usagers.",
            ),
            DemoTarget(
                REGIONAL,
                "17",
                "2026",
                "90",
                "Au Nunavik, le questionnaire doit d’abord être offert en inuktitut; la cible sera revue quand il "
                "le sera.",
            ),
        ],
        series=Series(
            "ratio",
            base=91.5,
            per_capita=0.35,
            trend=0.004,
            spread=0.015,
            dimensions=("sex", "age", "deprivation", "language", "rurality"),
            region_effects={"06": 0.97, "13": 0.98, "17": 0.94, "18": 0.95, "01": 1.02, "12": 1.02},
            effects={
                ("language", "autre"): 0.95,
                ("language", "anglais"): 0.98,
                ("age", "18-34"): 0.97,
                ("age", "75-plus"): 1.02,
                ("deprivation", "q5"): 0.97,
                ("deprivation", "q1"): 1.01,
                ("rurality", "rural"): 1.01,
            },
            bounds=(0, 99.0),
            noise=0.008,
        ),
        file=DemoFile(
            "experience-usagers-recommandation-2022-2025.csv",
            "Sondage continu sur l’expérience des usagers, 2022 à 2025 (données fictives)",
            RATIO_COLUMNS,
            by_name=True,
            bom=True,
        ),
    ),
    DemoIndicator(
        "PROM-QDV-HAD",
        Family.PROM,
        AimDimension.POPULATION_HEALTH,
        "ciusss-ouest-de-l-ile",
        ["soins-integres", "maladies-chroniques"],
        wording(
            "Qualité de vie rapportée en hospitalisation à domicile",
            "Comment les personnes hospitalisées à domicile jugent leur qualité de vie à la fin de leur séjour, "
            "sur une échelle de 0 (la pire imaginable) à 100 (la meilleure imaginable).",
            "Être soigné chez soi n’a de sens que si la vie y reste vivable, pour la personne et pour ses proches. "
            "Ce sont les partenaires du projet qui ont demandé de mesurer la qualité de vie plutôt que les seules "
            "réadmissions.",
            "Somme des scores de qualité de vie rapportés sur l’échelle visuelle (0 à 100)",
            "Personnes ayant terminé un séjour d’hospitalisation à domicile et rempli le questionnaire",
            "Séjours de moins de 48 heures; personnes transférées à l’hôpital avant la fin du séjour.",
            Unit.SCORE,
            Direction.HIGHER,
            "Questionnaire de fin de séjour des équipes d’hospitalisation à domicile, échelle visuelle de type "
            "EQ-5D (données fictives)",
            Frequency.QUARTERLY,
            "Le questionnaire est souvent rempli avec l’aide d’une personne proche: la réponse peut mêler les deux "
            "points de vue. Seules quelques régions offrent l’hospitalisation à domicile.",
        ),
        CO_CONSTRUCTION,
        d(2022, 3, 14),
        [
            Say(
                AMELIE,
                COMMENT,
                "Il faut demander la qualité de vie à la fin du séjour, pas seulement la satisfaction. Ce que les "
                "familles ont vécu, c’est la fatigue, la logistique, les nuits.",
                credited=True,
            ),
            Say(
                ex("samira.k"),
                PROPOSAL,
                "Séjours de moins de 48 heures. Les personnes transférées à l’hôpital avant la fin du séjour ne "
                "sont pas exclues: on leur pose la question à leur retour.",
                field="exclusions",
                answer=ACCEPT,
            ),
            Say(
                MARTIN,
                COMMENT,
                "Le questionnaire est déjà dans la trousse remise à l’admission: aucune saisie de plus pour les "
                "équipes.",
            ),
            Say(AMELIE, ENDORSEMENT, credited=True),
            Say(ex("paulette.v"), ENDORSEMENT, "Enfin une question sur ce qui compte pour nous."),
            Say(ex("samira.k"), ENDORSEMENT),
            Say(MARTIN, ENDORSEMENT),
            Say(MELANIE, ENDORSEMENT),
            Say(
                AMELIE,
                PROPOSAL,
                "Comment les personnes hospitalisées à domicile, et la personne proche qui les accompagne, jugent "
                "leur qualité de vie à la fin du séjour, chacune sur une échelle de 0 (la pire imaginable) à 100 "
                "(la meilleure imaginable).",
                field="definition",
                answer=ACCEPT,
                credited=True,
                later=True,
                note="Ajout du point de vue de la personne proche aidante, demandé par le comité des familles.",
            ),
            Say(
                ex("nicole.g"),
                COMMENT,
                "Mon mari a été hospitalisé à domicile trois semaines; personne ne m’a demandé comment j’allais. "
                "Merci d’ajouter la personne proche.",
                later=True,
            ),
            Say(
                NADIA,
                COMMENT,
                "Deux scores dans un même indicateur seront difficiles à lire: présentons-les sur deux lignes du "
                "tableau, et gardons la version 1 en vigueur d’ici là.",
                later=True,
            ),
            Say(ex("nicole.g"), ENDORSEMENT, later=True),
        ],
        later=75,
        targets=[
            DemoTarget(
                PROVINCIAL,
                "QC",
                "2026",
                "75",
                "Le score moyen après un séjour à l’hôpital est d’environ 70: faire au moins aussi bien à la maison, "
                "puis mieux.",
            ),
        ],
        series=Series(
            "mean",
            base=70.5,
            per_capita=0.05,
            trend=0.8,
            spread=1.5,
            dimensions=("sex", "age"),
            ages=("35-64", "65-74", "75-plus"),
            regions=("01", "03", "05", "06", "13", "16"),
            effects={("age", "75-plus"): -2.5, ("age", "35-64"): 1.5, ("sex", "femmes"): -0.5},
            bounds=(0, 100),
            deviation=18,
        ),
        file=DemoFile(
            "had-qualite-de-vie-2022-2025.csv",
            "Questionnaires de fin de séjour des équipes d’hospitalisation à domicile, 2022 à 2025 (données fictives)",
            INTERVAL_COLUMNS,
        ),
    ),
    DemoIndicator(
        "PART-DEMARRAGE",
        Family.PARTNERSHIP,
        AimDimension.EXPERIENCE,
        "ceppp",
        ["partenariat-patient"],
        wording(
            "Part des initiatives avec des partenaires impliqués dès le démarrage",
            "Sur 100 initiatives lancées dans l’année, combien comptaient au moins une personne partenaire "
            "(patiente, proche aidante, citoyenne) dès la définition du projet, avant que les choix soient faits.",
            "Le Forum l’a redit: quand les partenaires arrivent à la fin, on leur demande d’approuver; quand ils "
            "sont là dès le départ, ils changent le projet. L’hospitalisation à domicile en est l’exemple.",
            "Initiatives dont au moins un engagement de partenaire confirmé est marqué « dès le démarrage »",
            "Initiatives lancées dans l’année et inscrites sur la plateforme",
            "Initiatives sans date de démarrage; initiatives abandonnées avant leur lancement.",
            Unit.PERCENT,
            Direction.HIGHER,
            "Engagements des partenaires inscrits sur la plateforme Écosystème apprenant",
            Frequency.YEARLY,
            "Ne compte que les initiatives inscrites sur la plateforme.",
        ),
        ADOPTED,
        d(2022, 4, 4),
        [
            Say(
                JOSEE,
                COMMENT,
                "Être là dès le début ne suffit pas si la personne n’a aucun pouvoir sur les décisions. Il faudrait "
                "le dire dans les limites.",
            ),
            Say(
                YVES,
                PROPOSAL,
                "Ne compte que les initiatives inscrites sur la plateforme, et la présence d’un partenaire ne dit "
                "rien de son pouvoir sur les décisions: à lire avec les niveaux d’engagement (consultation, "
                "collaboration, coconstruction).",
                field="limitations",
                answer=ACCEPT,
            ),
            Say(AMELIE, ENDORSEMENT, "C’est exactement ce qui a fait la différence pour nous.", credited=True),
            Say(YVES, ENDORSEMENT),
            Say(ERIC, ENDORSEMENT),
            Say(JOSEE, ENDORSEMENT),
            Say(KARIM, ENDORSEMENT, credited=True),
        ],
        targets=[
            DemoTarget(
                PROVINCIAL,
                "QC",
                "2026",
                "50",
                "L’énoncé de position demande que le partenariat devienne systématique: la moitié des initiatives "
                "d’ici 2026 serait un premier pas.",
            ),
            DemoTarget(
                LOCAL,
                "0611",
                "2026",
                "70",
                "La communauté soignante du Centre-Sud associe déjà des partenaires dès le départ dans la plupart "
                "de ses projets.",
            ),
        ],
        series=Series(
            "ratio",
            base=24.0,
            per_capita=0.05,
            trend=0.14,
            spread=0.25,
            granularity=Granularity.YEAR,
            region_effects={"06": 1.25, "01": 1.2, "03": 1.1},
            bounds=(0, 100),
        ),
        file=DemoFile(
            "initiatives-partenaires-des-le-demarrage.csv",
            "Engagements inscrits sur la plateforme, bilan annuel (données fictives)",
            {
                "territory": "region",
                "period": "annee",
                "numerator": "initiatives_avec_partenaires",
                "denominator": "initiatives",
            },
            fixed=True,
            french_numbers=False,
        ),
    ),
    DemoIndicator(
        "BE-INTERV",
        Family.WORKFORCE,
        AimDimension.WORKFORCE,
        "sante-quebec",
        ["main-d-oeuvre"],
        wording(
            "Bien-être des intervenant·es de première ligne",
            "Comment les intervenantes et intervenants des équipes de première ligne jugent leur bien-être au "
            "travail au cours des deux dernières semaines, sur une échelle de 0 à 100 (indice en cinq questions).",
            "On ne soigne pas bien quand on est épuisé. Le quintuple objectif ajoute le bien-être des équipes à "
            "l’expérience des personnes: il se mesure par équipe et par territoire, jamais par personne.",
            "Somme des indices de bien-être (0 à 100) des répondantes et répondants",
            "Intervenantes et intervenants ayant répondu au sondage éclair",
            "Gestionnaires; personnes en congé pendant toute la période.",
            Unit.SCORE,
            Direction.HIGHER,
            "Sondage éclair trimestriel et anonyme auprès des équipes de première ligne (données fictives)",
            Frequency.QUARTERLY,
            "Publié pour des regroupements d’au moins 20 répondants, jamais par personne ni par équipe nommée. "
            "Les périodes de forte demande (grippe, été) pèsent sur les résultats.",
        ),
        ADOPTED,
        d(2022, 5, 16),
        [
            Say(
                MELANIE,
                COMMENT,
                "Ne publiez jamais ce résultat équipe par équipe: ce doit être un outil pour nous, pas contre nous.",
                credited=True,
            ),
            Say(
                PATRICE,
                PROPOSAL,
                "Intervenantes et intervenants des équipes de première ligne, y compris des organismes "
                "communautaires partenaires, ayant répondu au sondage éclair",
                field="denominator",
                answer=DECLINE,
            ),
            Say(
                MATHIEU,
                COMMENT,
                "Le sondage ne rejoint pas encore les organismes communautaires; nous le notons pour la prochaine "
                "version plutôt que de mêler deux populations.",
            ),
            Say(
                ex("helene.v"),
                COMMENT,
                "Quand mon infirmière est pressée, je le sens tout de suite. Cet indicateur me concerne aussi.",
            ),
            Say(LUCIE, ENDORSEMENT),
            Say(ex("helene.v"), ENDORSEMENT),
            Say(MELANIE, ENDORSEMENT, credited=True),
            Say(KARIM, ENDORSEMENT),
        ],
        targets=[
            DemoTarget(
                PROVINCIAL,
                "QC",
                "2026",
                "60",
                "Revenir au niveau mesuré avant la pandémie dans des équipes comparables.",
            ),
        ],
        series=Series(
            "mean",
            base=54.0,
            per_capita=0.12,
            trend=1.0,
            spread=2.5,
            dimensions=("sex", "age", "rurality"),
            ages=("18-34", "35-64"),
            effects={("age", "18-34"): -3.0, ("sex", "femmes"): -1.5, ("rurality", "rural"): 2.0},
            seasons=(-2.0, 0.0, 1.5, -0.5),
            bounds=(0, 100),
            deviation=20,
        ),
        file=DemoFile(
            "sondage-eclair-bien-etre-equipes.csv",
            "Sondage éclair auprès des équipes de première ligne, 2022 à 2025 (données fictives)",
            INTERVAL_COLUMNS,
        ),
    ),
    DemoIndicator(
        "DELAI-ARTHRO",
        Family.PROCESS,
        AimDimension.EXPERIENCE,
        "msss",
        ["acces-aux-soins", "pertinence-des-soins"],
        wording(
            "Délai d’accès en arthroplastie",
            "Combien de jours a attendu la moitié des personnes entre la décision d’opérer (prothèse de la "
            "hanche ou du genou) et la chirurgie.",
            "Attendre une prothèse, c’est vivre avec la douleur, perdre de l’autonomie et parfois son emploi. "
            "Le délai dit si le réseau tient sa promesse d’un accès en temps voulu.",
            "Délai médian, en jours, entre l’inscription sur la liste d’attente et la chirurgie",
            "Personnes opérées pendant la période pour une arthroplastie totale de la hanche ou du genou",
            "Chirurgies urgentes (fractures); reports demandés par la personne.",
            Unit.DAYS,
            Direction.LOWER,
            "Système d’information sur les mécanismes d’accès aux services spécialisés (extraction fictive)",
            Frequency.QUARTERLY,
            "Les reports demandés par la personne sont exclus, mais pas toujours bien codés.",
        ),
        ADOPTED,
        d(2022, 6, 6),
        [
            Say(
                ex("jean-marc.d"),
                COMMENT,
                "J’ai attendu dix-huit mois pour ma hanche. La moitié des gens, c’est bien, mais on veut aussi "
                "savoir combien attendent plus d’un an.",
            ),
            Say(
                ex("lise.m"),
                PROPOSAL,
                "Le délai médian cache les plus longues attentes: lisez aussi la part des personnes opérées après "
                "plus de six mois. Les reports demandés par la personne sont exclus, mais pas toujours bien codés.",
                field="limitations",
                answer=ACCEPT,
                credited=True,
            ),
            Say(
                FELIX,
                PROPOSAL,
                "Délai moyen, en jours, entre l’inscription sur la liste d’attente et la chirurgie",
                field="numerator",
                answer=DECLINE,
            ),
            Say(
                NATHALIE,
                COMMENT,
                "Le projet de gestion optimisée de l’accès au CHU de Québec suit déjà ce délai chaque semaine: "
                "nous pourrons comparer. La médiane résiste mieux que la moyenne aux quelques très longues attentes.",
            ),
            Say(ex("jean-marc.d"), ENDORSEMENT),
            Say(ex("lise.m"), ENDORSEMENT, credited=True),
            Say(NATHALIE, ENDORSEMENT),
            Say(FELIX, ENDORSEMENT),
        ],
        targets=[
            DemoTarget(
                PROVINCIAL,
                "QC",
                "2026",
                "180",
                "Six mois: le délai que le réseau reconnaît comme acceptable pour une chirurgie non urgente.",
            ),
            DemoTarget(
                REGIONAL,
                "03",
                "2026",
                "150",
                "Le projet de gestion optimisée de l’accès vise un mois de moins encore dans la Capitale-Nationale.",
            ),
            DemoTarget(
                REGIONAL,
                "11",
                "2026",
                "210",
                "En Gaspésie–Îles-de-la-Madeleine, une partie des chirurgies se fait hors région: une cible d’étape.",
            ),
        ],
        series=Series(
            "mean",
            base=265,
            trend=-18,
            spread=25,
            dimensions=("sex", "age", "deprivation", "rurality"),
            ages=("35-64", "65-74", "75-plus"),
            region_effects={"11": 60, "09": 45, "08": 30, "03": -30, "06": 20},
            effects={
                ("deprivation", "q5"): 18,
                ("deprivation", "q4"): 8,
                ("deprivation", "q1"): -10,
                ("rurality", "rural"): 20,
                ("age", "75-plus"): 5,
            },
            seasons=(0, -5, 15, 0),
            bounds=(30, 730),
            decimals=0,
        ),
        file=DemoFile(
            "delais-arthroplastie-2022-2025.csv",
            "Extraction trimestrielle des listes d’attente en chirurgie, 2022 à 2025 (données fictives)",
            VALUE_COLUMNS,
            french_numbers=False,
        ),
    ),
    DemoIndicator(
        "ATTENTE-GAMF",
        Family.PROCESS,
        AimDimension.POPULATION_HEALTH,
        "sante-quebec",
        ["acces-aux-soins", "equite-determinants"],
        wording(
            "Personnes en attente d’un médecin de famille",
            "Combien de personnes inscrites au Guichet d’accès à un médecin de famille attendent encore d’être "
            "suivies par un médecin ou une infirmière praticienne spécialisée, au dernier jour de la période.",
            "Sans médecin de famille, on se tourne vers l’urgence pour un renouvellement, on repousse un "
            "dépistage, on raconte son histoire à chaque fois. Le compte dit combien de personnes restent à la "
            "porte.",
            "Personnes inscrites au guichet et pas encore prises en charge au dernier jour de la période",
            "",
            "Personnes qui ont quitté le Québec ou sont décédées; inscriptions en double.",
            Unit.COUNT,
            Direction.LOWER,
            "Guichet d’accès à un médecin de famille, extraction au dernier jour du trimestre (données fictives)",
            Frequency.QUARTERLY,
            "Ne compte que les personnes inscrites au guichet.",
        ),
        ADOPTED,
        d(2022, 9, 12),
        [
            Say(
                HAMID,
                COMMENT,
                "Beaucoup de gens de mon quartier ne savent pas que le guichet existe. Le chiffre est plus bas que "
                "la réalité.",
            ),
            Say(
                HAMID,
                PROPOSAL,
                "Ne compte que les personnes inscrites au guichet: beaucoup de personnes sans médecin ne s’y "
                "inscrivent pas, surtout les personnes allophones et les plus défavorisées. Les nombres de 1 à 4 ne "
                "sont pas publiés.",
                field="limitations",
                answer=ACCEPT,
            ),
            Say(KARIM, COMMENT, "Le découpage par langue est essentiel pour nos tables de quartier.", credited=True),
            Say(HAMID, ENDORSEMENT),
            Say(ex("fatima.b"), ENDORSEMENT),
            Say(KARIM, ENDORSEMENT, credited=True),
            Say(CHANTAL, ENDORSEMENT),
        ],
        targets=[
            DemoTarget(
                PROVINCIAL,
                "QC",
                "2026",
                "500000",
                "Réduire d’environ un tiers l’attente d’ici 2026, en priorité pour les personnes vulnérables.",
            ),
            DemoTarget(
                REGIONAL,
                "06",
                "2026",
                "150000",
                "Montréal compte près du tiers des personnes en attente: une cible partagée avec les GMF du "
                "territoire.",
            ),
        ],
        series=Series(
            "count",
            base=105,
            trend=-0.08,
            spread=0.1,
            dimensions=("age", "deprivation", "language", "rurality"),
            region_effects={
                "06": 1.3,
                "13": 1.4,
                "16": 1.15,
                "07": 1.5,
                "03": 0.6,
                "01": 0.5,
                "02": 0.45,
                "10": 0.4,
                "17": 0.15,
                "18": 0.1,
            },
            effects={
                ("age", "0-17"): 0.8,
                ("age", "18-34"): 1.6,
                ("age", "35-64"): 1.05,
                ("age", "65-74"): 0.6,
                ("age", "75-plus"): 0.45,
                ("deprivation", "q5"): 1.25,
                ("deprivation", "q1"): 0.85,
                ("language", "autre"): 1.6,
                ("language", "anglais"): 1.2,
                ("rurality", "rural"): 0.9,
            },
            decimals=0,
        ),
        file=DemoFile(
            "gamf-personnes-en-attente-2022-2025.csv",
            "Guichet d’accès à un médecin de famille, extractions trimestrielles 2022 à 2025 (données fictives)",
            VALUE_COLUMNS,
            by_name=True,
        ),
    ),
    DemoIndicator(
        "HOSP-EVITABLES",
        Family.OUTCOME,
        AimDimension.POPULATION_HEALTH,
        "inspq",
        ["maladies-chroniques", "promotion-prevention"],
        wording(
            "Hospitalisations évitables pour des problèmes de santé chroniques",
            "Combien de personnes sur 100 000 sont hospitalisées pour un problème de santé qui, bien suivi en "
            "première ligne, mène rarement à l’hôpital (diabète, MPOC, insuffisance cardiaque, asthme, "
            "hypertension).",
            "Chaque hospitalisation évitée, c’est une crise qui n’a pas eu lieu. Le taux dit si les personnes "
            "reçoivent à temps, près de chez elles, le suivi, l’enseignement et le soutien dont elles ont besoin.",
            "Hospitalisations de personnes de moins de 75 ans dont le diagnostic principal est une condition "
            "propice aux soins ambulatoires",
            "Population de moins de 75 ans au 1er juillet",
            "Transferts entre hôpitaux; hospitalisations en soins palliatifs.",
            Unit.RATE_100000,
            Direction.LOWER,
            "Fichier des hospitalisations MED-ÉCHO et estimations de population (données fictives)",
            Frequency.QUARTERLY,
            "Les hospitalisations hors région sont attribuées à la région de résidence.",
        ),
        ADOPTED,
        d(2023, 1, 16),
        [
            Say(
                ex("ginette.l"),
                COMMENT,
                "Avec ma MPOC, j’ai été hospitalisée quatre fois en deux ans. Depuis que j’ai un plan d’action "
                "écrit, plus une seule fois.",
            ),
            Say(
                CHANTAL,
                COMMENT,
                "Attention au mot « évitable »: il peut laisser croire que les personnes ont mal utilisé les soins.",
            ),
            Say(
                SYLVIE,
                PROPOSAL,
                "Une hospitalisation peut être la bonne décision pour la personne: le taux se lit par territoire et "
                "dans le temps, jamais comme une faute. Les hospitalisations hors région sont attribuées à la région "
                "de résidence.",
                field="limitations",
                answer=ACCEPT,
            ),
            Say(ex("ginette.l"), ENDORSEMENT),
            Say(ex("raymond.b"), ENDORSEMENT),
            Say(CHANTAL, ENDORSEMENT),
            Say(NADIA, ENDORSEMENT),
        ],
        targets=[
            DemoTarget(
                PROVINCIAL,
                "QC",
                "2026",
                "55",
                "Rejoindre les régions qui font le mieux, grâce aux trajectoires de soins en MPOC et en insuffisance "
                "cardiaque.",
            ),
        ],
        series=Series(
            "ratio",
            base=62,
            per_capita=910,
            trend=-0.03,
            spread=0.12,
            dimensions=("sex", "age", "deprivation", "rurality"),
            ages=("0-17", "18-34", "35-64", "65-74"),
            region_effects={"10": 1.8, "17": 2.2, "18": 1.9, "09": 1.3, "11": 1.25, "13": 0.85},
            effects={
                ("sex", "hommes"): 1.1,
                ("sex", "femmes"): 0.9,
                ("age", "0-17"): 0.25,
                ("age", "18-34"): 0.3,
                ("age", "65-74"): 3.2,
                ("deprivation", "q5"): 1.6,
                ("deprivation", "q4"): 1.25,
                ("deprivation", "q2"): 0.85,
                ("deprivation", "q1"): 0.7,
                ("rurality", "rural"): 1.2,
            },
            seasons=(0.15, -0.05, -0.15, 0.05),
        ),
        file=DemoFile(
            "hospitalisations-evitables-2022-2025.csv",
            "MED-ÉCHO et estimations de population, 2022 à 2025 (données fictives)",
            RATIO_COLUMNS,
        ),
    ),
    DemoIndicator(
        "DEPIST-ECART",
        Family.EQUITY,
        AimDimension.EQUITY,
        "inspq",
        ["equite-determinants", "promotion-prevention"],
        wording(
            "Écart d’équité dans le dépistage du cancer du sein",
            "L’écart, en points de pourcentage, entre la participation au dépistage du cancer du sein des femmes "
            "de 50 à 74 ans les plus favorisées (quintile 1) et celle des plus défavorisées (quintile 5).",
            "Le dépistage sauve des vies, mais il rejoint moins les femmes les plus pauvres. Réduire l’écart, "
            "c’est faire en sorte que le programme profite à toutes.",
            "Participation des femmes de 50 à 74 ans du quintile 1, moins celle des femmes du quintile 5",
            "",
            "Femmes ayant déjà eu un cancer du sein; mammographies de diagnostic.",
            Unit.PERCENT,
            Direction.LOWER,
            "Programme québécois de dépistage du cancer et indice de défavorisation (données fictives)",
            Frequency.YEARLY,
            "Un écart qui diminue parce que la participation baisse chez les plus favorisées n’est pas un "
            "progrès: lisez-le avec la participation de chaque quintile. Dans les régions peu peuplées, l’écart "
            "varie beaucoup d’une année à l’autre.",
        ),
        ADOPTED,
        d(2023, 3, 6),
        [
            Say(
                ex("fatima.b"),
                COMMENT,
                "Les lettres d’invitation ne sont qu’en français et en anglais. Beaucoup de femmes de mon quartier "
                "ne les comprennent pas.",
            ),
            Say(
                CHANTAL,
                COMMENT,
                "L’Ontario publie ses écarts depuis vingt ans sans qu’ils bougent: publier ne suffit pas, il faut "
                "des actions d’accompagnement dans les quartiers.",
                credited=True,
            ),
            Say(ex("fatima.b"), ENDORSEMENT),
            Say(ex("sonia.d"), ENDORSEMENT),
            Say(CHANTAL, ENDORSEMENT, credited=True),
            Say(NADIA, ENDORSEMENT),
        ],
        targets=[
            DemoTarget(
                PROVINCIAL,
                "QC",
                "2026",
                "5",
                "Diviser l’écart par deux en quatre ans, en commençant par les quartiers où il est le plus grand.",
            ),
        ],
        series=Series(
            "mean",
            base=11.5,
            trend=-0.6,
            spread=2.0,
            granularity=Granularity.YEAR,
            dimensions=("language", "rurality"),
            effects={("rurality", "rural"): -1.5, ("language", "autre"): 4.0, ("language", "anglais"): 1.0},
            bounds=(0, 40),
        ),
        file=DemoFile(
            "depistage-sein-ecart-quintiles.csv",
            "Programme québécois de dépistage du cancer, bilans annuels (données fictives)",
            VALUE_COLUMNS,
        ),
    ),
    DemoIndicator(
        "ACCES-HORS-HEURES",
        Family.PROCESS,
        AimDimension.EXPERIENCE,
        "rpcu",
        ["acces-aux-soins"],
        wording(
            "Accès à un rendez-vous en dehors des heures ouvrables",
            "Sur 100 personnes qui demandent un rendez-vous de première ligne le soir ou la fin de semaine, "
            "combien en obtiennent un dans les 36 heures, sans passer par l’urgence.",
            "Quand on travaille de jour ou qu’on s’occupe d’un proche, le soir et la fin de semaine sont souvent "
            "les seuls moments possibles. Sans rendez-vous, il ne reste que l’urgence.",
            "Demandes du soir et de fin de semaine ayant mené à un rendez-vous dans les 36 heures",
            "Demandes de rendez-vous reçues le soir et la fin de semaine",
            "",
            Unit.PERCENT,
            Direction.HIGHER,
            "Guichet d’accès à la première ligne, données de rendez-vous (à confirmer)",
            Frequency.QUARTERLY,
            "Les demandes faites par téléphone et jamais rappelées ne sont pas comptées.",
        ),
        PROPOSED,
        49,
        [
            Say(
                ex("robert.t"),
                COMMENT,
                "Proche aidant de ma conjointe, je ne peux consulter que le soir. Merci de proposer cet indicateur.",
            ),
            Say(
                MELANIE,
                COMMENT,
                "Il faudra distinguer les GMF qui offrent des plages le soir de ceux qui n’en offrent pas du tout.",
            ),
        ],
    ),
    DemoIndicator(
        "URG-P4P5",
        Family.PROCESS,
        AimDimension.VALUE,
        "msss",
        ["pertinence-des-soins"],
        wording(
            "Visites à l’urgence pour des raisons jugées non urgentes",
            "Combien de visites à l’urgence sur 1 000 personnes ont reçu une priorité de triage 4 ou 5 (moins "
            "urgente ou non urgente).",
            "L’indicateur devait montrer où la première ligne manque de place.",
            "Visites à l’urgence de priorité 4 ou 5 à l’Échelle canadienne de triage et de gravité",
            "Population au 1er juillet",
            "",
            Unit.RATE_1000,
            Direction.LOWER,
            "Banque de données communes des urgences (extraction fictive)",
            Frequency.QUARTERLY,
            "Le triage mesure l’urgence clinique, pas la possibilité de consulter ailleurs.",
        ),
        RETIRED,
        d(2022, 1, 17),
        [
            Say(YVES, ENDORSEMENT),
            Say(MARTIN, ENDORSEMENT),
            Say(
                ERIC,
                COMMENT,
                "Quand on n’a pas de médecin de famille, l’urgence n’est pas un mauvais choix, c’est le seul. Cet "
                "indicateur fait porter la faute aux personnes.",
                later=True,
            ),
            Say(
                SYLVIE,
                COMMENT,
                "Dans mon village, la clinique ferme à 16 h. Je ne veux plus voir ce chiffre présenté comme un "
                "mauvais usage.",
                later=True,
            ),
            Say(
                JOSEE,
                COMMENT,
                "Le rapport de consultation le dit: il ne faut pas donner l’impression qu’il existe une bonne et une "
                "mauvaise façon de recourir aux soins. Je propose de le retirer au profit de l’accès en dehors des "
                "heures ouvrables.",
                credited=True,
                later=True,
            ),
        ],
        later=d(2024, 4, 8),
        series=Series(
            "ratio",
            base=56,
            per_capita=1000,
            trend=-0.02,
            spread=0.12,
            years=(2022, 2023),
            dimensions=("age",),
            region_effects={"06": 0.8, "13": 0.85, "09": 1.4, "10": 1.5, "11": 1.4, "17": 1.6, "18": 1.5},
            effects={
                ("age", "0-17"): 1.1,
                ("age", "18-34"): 1.1,
                ("age", "35-64"): 0.85,
                ("age", "65-74"): 0.9,
                ("age", "75-plus"): 1.2,
            },
            seasons=(0.1, 0.0, -0.05, 0.0),
        ),
        file=DemoFile(
            "urgences-p4-p5-2022-2023.csv",
            "Banque de données communes des urgences, 2022 et 2023 (données fictives)",
            RATIO_COLUMNS,
            french_numbers=False,
        ),
    ),
]

# Mathieu's first file of people waiting for a family doctor had errors; he fixed it and imported
# the next one. Both stay in his history.
DRAFT_FILE = "gamf-personnes-en-attente-2025-T4-brouillon.csv"
DRAFT_ERRORS = {3: "< 5", 7: "N/A"}  # row (counted from the first value) -> what was written instead
DRAFT_WRONG_TERRITORY = (11, "Gaspésie")


# --- The regions, as the figures need them ------------------------------------------------------------


@dataclass(frozen=True)
class Region:
    code: str
    population: float  # thousands of inhabitants
    rural: float  # share living in a rural area
    languages: tuple[float, float, float]  # French, English, other
    quintiles: tuple[float, float, float, float, float] = (0.2, 0.2, 0.2, 0.2, 0.2)
    young: bool = False


REGIONS = [
    Region("01", 200, 0.45, (0.98, 0.01, 0.01), (0.12, 0.18, 0.22, 0.24, 0.24)),
    Region("02", 280, 0.3, (0.98, 0.01, 0.01), (0.15, 0.19, 0.22, 0.22, 0.22)),
    Region("03", 780, 0.15, (0.96, 0.02, 0.02), (0.22, 0.22, 0.2, 0.18, 0.18)),
    Region("04", 530, 0.35, (0.97, 0.02, 0.01), (0.14, 0.18, 0.2, 0.23, 0.25)),
    Region("05", 510, 0.35, (0.91, 0.07, 0.02)),
    Region("06", 2100, 0.02, (0.6, 0.22, 0.18), (0.22, 0.16, 0.16, 0.19, 0.27)),
    Region("07", 410, 0.25, (0.8, 0.17, 0.03)),
    Region("08", 150, 0.6, (0.94, 0.03, 0.03), (0.13, 0.17, 0.22, 0.24, 0.24)),
    Region("09", 90, 0.55, (0.88, 0.05, 0.07), (0.12, 0.16, 0.2, 0.24, 0.28)),
    Region("10", 14, 0.85, (0.85, 0.1, 0.05), (0.1, 0.15, 0.2, 0.25, 0.3)),
    Region("11", 92, 0.7, (0.9, 0.09, 0.01), (0.1, 0.15, 0.2, 0.25, 0.3)),
    Region("12", 440, 0.4, (0.98, 0.01, 0.01), (0.2, 0.23, 0.22, 0.19, 0.16)),
    Region("13", 450, 0.02, (0.66, 0.16, 0.18), (0.24, 0.24, 0.2, 0.18, 0.14)),
    Region("14", 540, 0.35, (0.95, 0.03, 0.02)),
    Region("15", 660, 0.3, (0.9, 0.08, 0.02)),
    Region("16", 1470, 0.2, (0.86, 0.1, 0.04), (0.24, 0.23, 0.2, 0.18, 0.15)),
    Region("17", 14.5, 0.9, (0.04, 0.26, 0.7), (0.04, 0.08, 0.18, 0.3, 0.4), young=True),
    Region("18", 19, 0.9, (0.06, 0.34, 0.6), (0.05, 0.1, 0.2, 0.3, 0.35), young=True),
]
AGES = {"0-17": 0.2, "18-34": 0.21, "35-64": 0.39, "65-74": 0.11, "75-plus": 0.09}
YOUNG_AGES = {"0-17": 0.33, "18-34": 0.28, "35-64": 0.3, "65-74": 0.06, "75-plus": 0.03}
DIMENSION_LABELS = {
    "sex": "Sexe",
    "age": "Groupe d'âge",
    "deprivation": "Quintile de défavorisation",
    "language": "Langue",
    "rurality": "Milieu",
}


def shares(region: Region, dimension: str, series: Series) -> dict[str, float]:
    """How the region's population is spread among the categories of a dimension."""
    if dimension == "sex":
        return {"femmes": 0.5, "hommes": 0.5}
    if dimension == "age":
        ages = YOUNG_AGES if region.young else AGES
        kept = {code: ages[code] for code in series.ages}
        return {code: share / sum(kept.values()) for code, share in kept.items()}
    if dimension == "deprivation":
        return {f"q{number}": share for number, share in enumerate(region.quintiles, start=1)}
    if dimension == "language":
        return dict(zip(("francais", "anglais", "autre"), region.languages, strict=True))
    return {"rural": region.rural, "urbain": 1 - region.rural}


# --- Making up the figures -------------------------------------------------------------------------


@dataclass
class Cell:
    territory: str  # code
    period: str
    dimension: str  # "" for the total
    category: str
    value: float | None = None
    numerator: float | None = None
    denominator: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None


def _periods(series: Series) -> list[tuple[str, float, int]]:
    """(period as written in files, years since the first, quarter index) of the series."""
    first = series.years[0]
    if series.granularity == Granularity.YEAR:
        return [(str(year), year - first, 0) for year in series.years]
    return [
        (f"{year}-T{quarter}", year - first + (quarter - 1) / 4, quarter - 1)
        for year in series.years
        for quarter in (1, 2, 3, 4)
    ]


def _clip(value: float, bounds: tuple[float, float]) -> float:
    return min(max(value, bounds[0]), bounds[1])


def cells(demo: DemoIndicator) -> Iterator[Cell]:
    """The made-up values of an indicator: each region and Québec as a whole, each period, the
    total and each category of the series' dimensions. Québec adds up the regions (counts,
    numerators and denominators) or weighs them by population (means)."""
    series = demo.series
    multiplier = Unit.multiplier(demo.wording["unit"])
    rng = random.Random(demo.code)  # noqa: S311  (demo data, not secrets)
    regions = [region for region in REGIONS if not series.regions or region.code in series.regions]
    # A region's level: points away from the base for a mean, a factor otherwise.
    origin = 0.0 if series.kind == "mean" else 1.0
    levels = {region.code: origin + series.spread * max(-2.0, min(2.0, rng.gauss(0, 1))) for region in regions}
    strata = [("", "total")] + [
        (dimension, category) for dimension in series.dimensions for category in shares(regions[0], dimension, series)
    ]
    for period, years, quarter in _periods(series):
        province: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0])
        for region in regions:
            for dimension, category in strata:
                share = shares(region, dimension, series)[category] if dimension else 1.0
                cell = _cell(
                    series,
                    rng,
                    multiplier,
                    region,
                    levels[region.code],
                    (period, years, quarter),
                    dimension,
                    category,
                    share,
                )
                if cell is None:
                    continue
                yield cell
                totals = province[dimension, category]
                if series.kind == "mean":
                    weight = region.population * share
                    totals[0] += cell.value * weight
                    totals[1] += weight
                else:
                    totals[0] += cell.numerator if series.kind == "ratio" else cell.value
                    totals[1] += cell.denominator or 0
        for (dimension, category), (first, second) in province.items():
            if series.kind == "mean":
                yield Cell("QC", period, dimension, category, value=round(first / second, series.decimals))
            elif series.kind == "ratio":
                yield Cell("QC", period, dimension, category, numerator=first, denominator=second)
            else:
                yield Cell("QC", period, dimension, category, value=first)


def _cell(series, rng, multiplier, region, level, when, dimension, category, share) -> Cell | None:
    period, years, quarter = when
    effect = series.effects.get((dimension, category))
    if series.kind == "mean":
        value = series.base + level + series.region_effects.get(region.code, 0) + series.trend * years
        value += series.seasons[quarter] + (effect or 0) + rng.gauss(0, max(series.spread, 1) / 3)
        value = round(_clip(value, series.bounds), series.decimals)
        cell = Cell(region.code, period, dimension, category, value=value)
        if series.deviation:
            respondents = max(3, round(region.population * series.per_capita * share))
            margin = 1.96 * series.deviation / math.sqrt(respondents)
            cell.ci_low = round(_clip(value - margin, series.bounds), 1)
            cell.ci_high = round(_clip(value + margin, series.bounds), 1)
        return cell
    factor = level * series.region_effects.get(region.code, 1.0) * (1 + series.trend) ** years
    factor *= (1 + series.seasons[quarter]) * (effect or 1.0) * (1 + rng.gauss(0, series.noise))
    if series.kind == "count":
        # Categories are spread by their share, moved by their effect, so each dimension adds up
        # to about the total.
        if dimension:
            weights = shares(region, dimension, series)
            spread = sum(weight * series.effects.get((dimension, name), 1.0) for name, weight in weights.items())
            factor /= spread
        value = round(region.population * series.base * share * factor)
        return Cell(region.code, period, dimension, category, value=max(value, 0))
    denominator = round(region.population * series.per_capita * share * (1 + rng.gauss(0, 0.05)))
    if denominator <= 0:
        return None
    rate = _clip(series.base * factor, series.bounds)
    numerator = min(denominator, max(0, round(denominator * rate / multiplier)))
    return Cell(region.code, period, dimension, category, numerator=numerator, denominator=denominator)


# --- Writing the files --------------------------------------------------------------------------------


def _number(value: float | None, *, decimals: int, french: bool) -> str:
    if value is None:
        return ""
    text = f"{value:,.{decimals}f}"
    if french:
        return text.replace(",", " ").replace(".", ",")
    return text.replace(",", "")


class _Names:
    """How territories and strata are written in the files."""

    def __init__(self):
        self.territories = {territory.code: territory.name_fr for territory in Territory.objects.exclude(kind="rls")}
        self.strata = {(stratum.dimension, stratum.code): stratum.name_fr for stratum in Stratum.objects.all()}


def csv_file(demo: DemoIndicator, names: _Names, rows: Iterator[Cell] | None = None) -> tuple[bytes, int]:
    """The steward's file for ``demo``, and how many rows of values it holds."""
    spec, series = demo.file, demo.series
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    columns = list(spec.columns.items())
    writer.writerow([column for _key, column in columns])
    count = 0
    decimals = series.decimals if series.kind == "mean" else 0
    for cell in rows if rows is not None else cells(demo):
        territory = names.territories[cell.territory] if spec.by_name else cell.territory
        values = {
            "indicator": demo.code,
            "territory": territory,
            "period": cell.period,
            "dimension": DIMENSION_LABELS[cell.dimension] if cell.dimension else "Total",
            "category": names.strata[cell.dimension, cell.category] if cell.dimension else "Total",
            "value": _number(cell.value, decimals=decimals, french=spec.french_numbers),
            "numerator": _number(cell.numerator, decimals=0, french=spec.french_numbers),
            "denominator": _number(cell.denominator, decimals=0, french=spec.french_numbers),
            "ci_low": _number(cell.ci_low, decimals=1, french=spec.french_numbers),
            "ci_high": _number(cell.ci_high, decimals=1, french=spec.french_numbers),
        }
        writer.writerow([values[key] for key, _column in columns])
        count += 1
    text = buffer.getvalue()
    return (("\ufeff" if spec.bom else "") + text).encode("utf-8"), count


def _draft_file(demo: DemoIndicator, names: _Names) -> bytes:
    """A first try at the last quarter's file, with the mistakes a spreadsheet lets through."""
    last = [cell for cell in cells(demo) if cell.period == "2025-T4" and not cell.dimension]
    content, _count = csv_file(demo, names, iter(last))
    lines = content.decode("utf-8").split("\n")
    for row, written in DRAFT_ERRORS.items():
        parts = lines[row].split(";")
        parts[-1] = written
        lines[row] = ";".join(parts)
    row, territory = DRAFT_WRONG_TERRITORY
    parts = lines[row].split(";")
    parts[1] = territory
    lines[row] = ";".join(parts)
    return "\n".join(lines).encode("utf-8")


# --- Seeding ------------------------------------------------------------------------------------------


def _people() -> dict[str, User]:
    emails = {SOPHIE, *PROFESSIONALS} | {say.who for demo in INDICATORS for say in demo.discussion}
    people = {user.email: user for user in User.objects.filter(email__in=emails)}
    missing = emails - set(people)
    if missing:
        raise RuntimeError(
            f"Demo people missing ({', '.join(sorted(missing))}): run the demo of the earlier apps first."
        )
    return people


def _day(value: datetime.date | int) -> datetime.date:
    return value if isinstance(value, datetime.date) else timezone.localdate() - datetime.timedelta(days=value)


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class _Story:
    """One indicator's life through the services, with the dates its record is moved back to."""

    STEP = datetime.timedelta(days=9)

    def __init__(self, demo: DemoIndicator, people: dict[str, User], counts: dict[str, int]):
        self.demo, self.people, self.counts = demo, people, counts
        self.mathieu = people[MATHIEU]
        self.dated: list[tuple[Contribution, datetime.datetime]] = []
        self.opened = self.day = _day(demo.opened)

    def propose(self) -> Indicator:
        demo, mathieu = self.demo, self.mathieu
        # Stewards are named by staff: Sophie proposes the first indicator and hands it to Mathieu,
        # who then proposes the others himself.
        by = mathieu if mathieu.stewarded_indicators.exists() else self.people[SOPHIE]
        indicator = services.indicator_create(
            by=by,
            code=demo.code,
            family=demo.family,
            aim_dimension=demo.aim,
            steward_organization=Organization.objects.get(slug=demo.organization),
            themes=Theme.objects.filter(slug__in=demo.themes),
            **demo.wording,
        )
        if by != mathieu:
            indicator.stewards.add(mathieu)
            indicator.stewards.remove(by)
        self.counts["indicators"] += 1
        self.counts["versions"] += 1
        return indicator

    def say(self, indicator: Indicator, say: Say) -> None:
        person = self.people[say.who]
        professional = say.who in PROFESSIONALS
        contribution = services.contribution_add(
            indicator=indicator,
            by=person,
            kind=say.kind,
            role=ContributorRole.PROFESSIONAL if professional else ContributorRole.PARTNER,
            role_detail=PROFESSIONALS.get(say.who, ""),
            text=say.text,
            field=say.field,
            credited=say.credited,
        )
        self.counts["contributions"] += 1
        self.dated.append((contribution, _at(self.day)))
        self.day += self.STEP
        if say.answer == ACCEPT:
            before = indicator.current_id
            version = services.proposal_accept(contribution=contribution, by=self.mathieu, change_note=say.note)
            if version.pk != before:
                self.counts["versions"] += 1
                IndicatorVersion.objects.filter(pk=version.pk).update(created_at=_at(self.day, 14))
        elif say.answer == DECLINE:
            services.proposal_decline(contribution=contribution, by=self.mathieu)

    def live(self) -> None:
        demo = self.demo
        indicator = self.propose()
        if demo.status != PROPOSED:
            services.indicator_open(indicator=indicator, by=self.mathieu)
        for say in demo.discussion:
            if not say.later:
                self.say(indicator, say)
        if demo.status == PROPOSED:
            self.backdate(indicator, adopted=None)
            return
        adopted = self.day + datetime.timedelta(days=12)
        indicator = services.indicator_adopt(indicator=indicator, by=self.mathieu)
        if demo.series is not None:
            self.counts["measurements"] += self.import_values(indicator)
        for target in demo.targets:
            services.target_save(
                indicator=indicator,
                by=self.mathieu,
                level=target.level,
                territory=Territory.objects.get(code=target.territory),
                period=target.period,
                value=Decimal(target.value),
                rationale=target.rationale,
            )
            self.counts["targets"] += 1
        self.day = _day(demo.later) if demo.later is not None else self.day
        for say in demo.discussion:
            if say.later:
                indicator.refresh_from_db()
                self.say(indicator, say)
        if demo.status == RETIRED:
            services.indicator_retire(indicator=indicator, by=self.mathieu)
        self.backdate(indicator, adopted=adopted)

    def import_values(self, indicator: Indicator) -> int:
        names = _Names()
        if self.demo.code == "ATTENTE-GAMF":
            draft = _import(self.mathieu, DRAFT_FILE, _draft_file(self.demo, names), self.demo)
            if draft.status != ImportBatch.Status.INVALID:
                raise RuntimeError(f"The demo's draft file should have errors: {draft.status}")
            self.counts["imports"] += 1
        content, rows = csv_file(self.demo, names)
        batch = _import(self.mathieu, self.demo.file.name, content, self.demo)
        services.import_confirm(batch=batch, by=self.mathieu)
        batch = services.import_run(batch_id=batch.pk)
        if batch.status != ImportBatch.Status.DONE or batch.inserted != rows:
            raise RuntimeError(f"The demo file {self.demo.file.name} was not imported: {batch.failure}")
        self.counts["imports"] += 1
        return batch.inserted

    def backdate(self, indicator: Indicator, adopted: datetime.date | None) -> None:
        """The services wrote today's date: move the record back to the discussion's dates."""
        proposed = _at(self.opened - datetime.timedelta(days=21), 9)
        Indicator.objects.filter(pk=indicator.pk).update(created_at=proposed)
        IndicatorVersion.objects.filter(indicator=indicator, number=1).update(created_at=proposed)
        for contribution, when in self.dated:
            Contribution.objects.filter(pk=contribution.pk).update(created_at=when)
        if adopted is not None:
            IndicatorVersion.objects.filter(indicator=indicator, number=1).update(adopted_at=_at(adopted, 15))


def _import(by: User, name: str, content: bytes, demo: DemoIndicator) -> ImportBatch:
    """Upload and check a file, calling the tasks' bodies directly: whether Celery runs tasks
    eagerly or not, the file is checked now (the task queued after commit finds it done)."""
    spec = demo.file
    batch = services.import_create(by=by, file=SimpleUploadedFile(name, content, content_type="text/csv"))
    mapping = dict(spec.columns)
    if spec.fixed:
        mapping["fixed_indicator"] = demo.code
    services.import_map(batch=batch, by=by, mapping=mapping, source=spec.source)
    return services.import_check(batch_id=batch.pk)


@transaction.atomic
def seed(*, demo_password: str | None = None) -> dict[str, int]:
    counts = dict.fromkeys(["indicators", "versions", "contributions", "targets", "imports", "measurements"], 0)
    missing = [demo for demo in INDICATORS if not Indicator.objects.filter(code=demo.code).exists()]
    if not missing:
        return counts
    people = _people()
    for demo in missing:
        _Story(demo, people, counts).live()
    return counts


# --- Generated volume for benchmarks (seed_demo --scale N) ----------------------------------------

SCALE_PREFIX = "VOLUME-"
SCALE_FIRST_MONTH = datetime.date(2015, 1, 1)
SCALE_MONTHS = 132  # 2015 to 2025
SCALE_UNITS = [Unit.PERCENT, Unit.COUNT, Unit.RATE_100000, Unit.SCORE, Unit.DAYS]
SCALE_SOURCE = "Volume généré pour les mesures de performance"


def _months() -> list[tuple[datetime.date, datetime.date]]:
    first = SCALE_FIRST_MONTH.year * 12 + SCALE_FIRST_MONTH.month - 1
    months = range(first, first + SCALE_MONTHS)
    return [periods.bounds(Granularity.MONTH, month // 12, month % 12 + 1)[1:] for month in months]


def _scale_indicators(count: int) -> list[tuple[int, int, str]]:
    """``count`` new adopted indicators: (indicator, version, unit)."""
    first = Indicator.objects.filter(code__startswith=SCALE_PREFIX).count() + 1
    now = timezone.now()
    made = []
    for number in range(first, first + count):
        unit = SCALE_UNITS[number % len(SCALE_UNITS)]
        indicator = Indicator.objects.create(
            code=f"{SCALE_PREFIX}{number:04d}",
            family=Family.values[number % len(Family.values)],
            aim_dimension=AimDimension.values[number % len(AimDimension.values)],
            status=ADOPTED,
        )
        version = IndicatorVersion.objects.create(
            indicator=indicator,
            number=1,
            name=f"Indicateur généré {number:04d}",
            definition="Un indicateur généré pour mesurer la plateforme sous charge.",
            rationale="Mesurer les temps de réponse avec un volume réaliste.",
            unit=unit,
            direction=Direction.NEITHER,
            data_source=SCALE_SOURCE,
            frequency=Frequency.MONTHLY,
            adopted_at=now,
        )
        Indicator.objects.filter(pk=indicator.pk).update(current=version, in_force=version)
        made.append((indicator.pk, version.pk, unit))
    return made


def _scale_rows(count: int, indicators, territories: list[int], strata: list[int]) -> Iterator[tuple]:
    """``count`` cells: indicator by indicator, month by month, every territory and stratum."""
    rng = random.Random(count)  # noqa: S311  (benchmark data, not secrets)
    months = _months()
    written = 0
    for indicator_id, version_id, unit in indicators:
        high = {Unit.PERCENT: 100.0, Unit.COUNT: 400.0, Unit.RATE_100000: 900.0, Unit.SCORE: 100.0}.get(unit, 365.0)
        for start, end in months:
            for territory_id in territories:
                for stratum_id in strata:
                    if written == count:
                        return
                    value = round(rng.random() * high, 1 if unit != Unit.COUNT else 0)
                    small = unit == Unit.COUNT and 0 < value < 5
                    yield (indicator_id, version_id, territory_id, start, end, stratum_id, value, small)
                    written += 1


@transaction.atomic
def seed_scale(*, count: int) -> dict[str, int]:
    """Add ``count`` measurements of new generated indicators (one per 50,160 rows: Québec and the
    18 RSS × 20 strata × 132 months), written by the import's own writer (``importing.load``:
    COPY on PostgreSQL) without the check of a file. Like the other apps' ``seed_scale``, this
    bypasses the services: benchmarks need the volume, not the workflow. Rows are still valid:
    adopted versions, one value per cell, values within their unit, counts from 1 to 4 suppressed."""
    counts = {"indicators": 0, "measurements": 0}
    if count <= 0:
        return counts
    territories = [Territory.objects.province().pk, *Territory.objects.regions().values_list("pk", flat=True)]
    strata = list(Stratum.objects.values_list("pk", flat=True))
    per_indicator = len(territories) * len(strata) * SCALE_MONTHS
    indicators = _scale_indicators(math.ceil(count / per_indicator))
    counts["indicators"] = len(indicators)
    with tempfile.NamedTemporaryFile("w+b", suffix=".tsv") as checked:
        for indicator_id, version_id, territory_id, start, end, stratum_id, value, small in _scale_rows(
            count, indicators, territories, strata
        ):
            flag = "t" if small else "f"
            checked.write(
                f"{indicator_id}\t{version_id}\t{territory_id}\tmonth\t{start}\t{end}\t{stratum_id}\t"
                f"\\N\t\\N\t{value}\t\\N\t\\N\t{flag}\n".encode()
            )
        checked.seek(0)
        loaded = importing.load(File(checked), batch_id=None, source=SCALE_SOURCE)
    counts["measurements"] = loaded.inserted
    return counts
