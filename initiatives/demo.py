"""Demo initiatives and learnings, in French, drawn from the source documents (seeds 000,
001 and 003): the four pilot projects of the 2025 Forum provincial sur le partenariat, the
communauté soignante of Centre-Sud and a few prevention initiatives on the themes of the
Projet collectif brief. Organizations and figures are the seeds'; people are fictional.

``seed()`` goes through the services, like a person would, and is idempotent.
``seed_scale(count=N)`` adds N generated initiatives (about five learnings each) for
benchmarks; it writes in bulk and is not idempotent (each call adds N more).
"""

import datetime
import random
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from ecosystem.models import Organization, Territory, Theme, User
from ecosystem.services import organization_ensure, user_ensure
from ecosystem.text import render_markdown

from .models import (
    SUMMARY_MAX_LENGTH,
    Initiative,
    InitiativePartner,
    Learning,
    PhaseChange,
    PriorityPopulation,
    Visibility,
)
from .services import (
    initiative_create,
    initiative_move_phase,
    initiative_partner_add,
    initiative_slug,
    initiative_team_add,
    learning_create,
    learning_publish,
)

Kind, Sector = Organization.Kind, Organization.Sector
Phase, Role = Initiative.Phase, InitiativePartner.Role
LKind, Knowledge = Learning.Kind, Learning.KnowledgeType

# Organizations the seeds name that ecosystem.demo does not load: (slug, name, acronym, kind,
# sector, territory codes).
ORGANIZATIONS = [
    ("chu-de-quebec", "CHU de Québec – Université Laval", "CHU de Québec", Kind.CISSS, Sector.PUBLIC, ["03"]),
    (
        "iucpq",
        "Institut universitaire de cardiologie et de pneumologie de Québec – Université Laval",
        "IUCPQ",
        Kind.CISSS,
        Sector.PUBLIC,
        ["03"],
    ),
    (
        "ciusss-ouest-de-l-ile",
        "CIUSSS de l'Ouest-de-l'Île-de-Montréal",
        "",
        Kind.CISSS,
        Sector.PUBLIC,
        ["06"],
    ),
    ("projet-collectif", "Projet collectif", "", Kind.COMMUNITY, Sector.COMMUNITY, []),
]

# Fictional community organizers, besides the cast of ecosystem.demo (Karim, Josée, Amélie…).
# Reserved .test domain, first names only, as in ecosystem.demo.
ORGANIZERS = [
    ("rosalie@exemple.test", "Rosalie"),
    ("felix@exemple.test", "Félix"),
]
KARIM, JOSEE, AMELIE = "karim@exemple.test", "josee@exemple.test", "amelie@exemple.test"
ROSALIE, FELIX = "rosalie@exemple.test", "felix@exemple.test"


@dataclass(frozen=True)
class DemoLearning:
    title: str
    statement: str
    kind: str
    knowledge_type: str
    transfer_conditions: str = ""
    author: str = ""  # e-mail address; the initiative's organizer when empty
    published: bool = True


@dataclass(frozen=True)
class DemoInitiative:
    title: str
    summary: str
    description: str
    kind: str
    organizer: str
    lead: str
    territories: list[str]
    themes: list[str]
    phases: list[tuple[str, datetime.date, str]]  # (phase, date entered, note), oldest first
    learnings: list[DemoLearning]
    populations: list[str] = field(default_factory=list)
    partners: list[tuple[str, str]] = field(default_factory=list)  # (organization slug, role)
    action_type: str = ""
    visibility: str = Visibility.PUBLIC
    team: list[str] = field(default_factory=list)  # more e-mail addresses on the team


d = datetime.date

INITIATIVES = [
    # --- The four pilot projects of the Forum provincial sur le partenariat (seed 001) --------
    DemoInitiative(
        title="Gestion optimisée de l'accès en arthroplastie du genou et de la hanche",
        summary=(
            "Mieux accompagner les personnes qui attendent une chirurgie du genou ou de la hanche. Avec des "
            "partenaires en santé, l'équipe d'orthopédie a repéré les moments d'anxiété de l'attente, réduit la "
            "désinformation et transformé tout le parcours, pas seulement l'information remise."
        ),
        description=(
            "Projet pilote en orthopédie présenté au Forum provincial sur le partenariat en santé "
            "du 10 avril 2025.\n\n"
            "**Point de départ** : mieux informer les usagers en attente d'une intervention.\n\n"
            "**Ce que les partenaires en santé ont changé** : leur regard a déplacé le point de départ. "
            "Plutôt que de se limiter à fournir de l'information, l'équipe a repensé l'ensemble du parcours :\n\n"
            "- repérer les zones d'anxiété pendant l'attente ;\n"
            "- réduire la désinformation ;\n"
            "- instaurer un climat de confiance entre l'équipe et les usagers.\n\n"
            "Le projet ouvre la voie à un modèle reproductible ailleurs dans le réseau."
        ),
        kind=Initiative.Kind.PILOT,
        organizer=JOSEE,
        lead="chu-de-quebec",
        partners=[("unite-soutien-ssa", Role.ADVISORY)],
        territories=["03"],
        themes=["acces-aux-soins", "partenariat-patient", "pertinence-des-soins", "litteratie-en-sante"],
        phases=[
            (Phase.IDEA, d(2022, 9, 6), ""),
            (Phase.STARTUP, d(2023, 2, 1), "Des partenaires en santé rejoignent l'équipe d'orthopédie."),
            (Phase.EXPERIMENTATION, d(2023, 9, 5), "Premier parcours d'attente repensé."),
            (Phase.EVALUATION, d(2024, 9, 3), ""),
            (Phase.SCALING, d(2025, 4, 10), "Présenté au Forum provincial comme modèle reproductible."),
        ],
        learnings=[
            DemoLearning(
                title="Partir du vécu de l'attente, pas de l'information à transmettre",
                statement=(
                    "Le projet devait d'abord produire une meilleure information. Les partenaires en santé ont "
                    "déplacé le point de départ : c'est tout le parcours d'attente qu'il fallait repenser. Ils ont "
                    "fait voir des zones d'anxiété que l'équipe ne voyait pas."
                ),
                kind=LKind.SUCCESS_CONDITION,
                knowledge_type=Knowledge.EXPERIENTIAL,
                transfer_conditions=(
                    "Associer des personnes qui ont vécu l'attente dès la conception, avant de choisir les outils."
                ),
            ),
            DemoLearning(
                title="La confiance réduit la désinformation pendant l'attente",
                statement=(
                    "Quand un climat de confiance s'installe entre l'équipe et les usagers, les fausses "
                    "informations sur la chirurgie circulent moins. L'équipe l'attribue à la présence des "
                    "partenaires en santé, qui parlent le langage des personnes en attente."
                ),
                kind=LKind.UNEXPECTED_EFFECT,
                knowledge_type=Knowledge.PRACTICAL,
            ),
            DemoLearning(
                title="Un projet comme celui-là ne se fait pas sans les patients",
                statement=(
                    "Selon l'équipe de gestion, le projet n'aurait pas été possible sans les patients : ce sont "
                    "eux qui ont révélé « la face cachée » du parcours."
                ),
                kind=LKind.SUCCESS_CONDITION,
                knowledge_type=Knowledge.PRACTICAL,
            ),
            DemoLearning(
                title="Comment reproduire le modèle dans d'autres services chirurgicaux ?",
                statement=(
                    "Le modèle semble reproductible ailleurs dans le réseau, mais les conditions à réunir dans un "
                    "autre service (délais, équipe, partenaires disponibles) restent à documenter."
                ),
                kind=LKind.OPEN_QUESTION,
                knowledge_type=Knowledge.PRACTICAL,
                published=False,
            ),
        ],
    ),
    DemoInitiative(
        title="Trajectoires de soins en maladie pulmonaire obstructive chronique (MPOC)",
        summary=(
            "Repenser les trajectoires de soins des personnes qui vivent avec une MPOC. Des partenaires en santé "
            "sont impliqués du début à la fin : collecte de données, co-construction des solutions et validation "
            "des parcours."
        ),
        description=(
            "Projet pilote mené avec l'Institut universitaire de cardiologie et de pneumologie de Québec, "
            "présenté au Forum provincial sur le partenariat en santé (2025).\n\n"
            "Les partenaires en santé ont pris part à chaque étape :\n\n"
            "1. la collecte de données ;\n"
            "2. la co-construction des solutions ;\n"
            "3. la validation des parcours.\n\n"
            "Leur savoir vécu a orienté les pratiques et recentré les décisions sur ce qui compte réellement "
            "pour les usagers."
        ),
        kind=Initiative.Kind.PILOT,
        organizer=JOSEE,
        lead="iucpq",
        partners=[("unite-soutien-ssa", Role.SCIENTIFIC)],
        territories=["03"],
        themes=["maladies-chroniques", "soins-integres", "partenariat-patient", "autogestion"],
        populations=["maladies-chroniques"],
        phases=[
            (Phase.IDEA, d(2022, 1, 17), ""),
            (Phase.STARTUP, d(2022, 6, 1), "Recrutement et formation des partenaires en santé."),
            (Phase.EXPERIMENTATION, d(2023, 1, 16), ""),
            (Phase.EVALUATION, d(2024, 10, 1), "Validation des parcours avec les partenaires."),
        ],
        learnings=[
            DemoLearning(
                title="Impliquer les partenaires en santé à chaque étape, pas seulement à la fin",
                statement=(
                    "Les partenaires ont participé à la collecte de données, à la co-construction des solutions "
                    "et à la validation des parcours. Leur savoir vécu a recentré les décisions sur ce qui compte "
                    "réellement pour les personnes qui vivent avec une MPOC."
                ),
                kind=LKind.SUCCESS_CONDITION,
                knowledge_type=Knowledge.EXPERIENTIAL,
                transfer_conditions="Prévoir le temps des partenaires dans le calendrier du projet dès le départ.",
            ),
            DemoLearning(
                title="Former et soutenir les partenaires pour reconnaître leur légitimité",
                statement=(
                    "Le projet rappelle une condition essentielle : former et soutenir les partenaires en santé. "
                    "Sans cela, leur légitimité dans l'équipe n'est pas pleinement reconnue."
                ),
                kind=LKind.SUCCESS_CONDITION,
                knowledge_type=Knowledge.PRACTICAL,
            ),
            DemoLearning(
                title="Dans les instances de décision, les partenaires ramènent l'action vers les usagers",
                statement=(
                    "La présence de partenaires en santé dans les instances de décision permet de dépasser les "
                    "préoccupations professionnelles et organisationnelles pour ramener l'action sur ce qui fait "
                    "sens pour les usagers."
                ),
                kind=LKind.UNEXPECTED_EFFECT,
                knowledge_type=Knowledge.SCIENTIFIC,
            ),
        ],
    ),
    DemoInitiative(
        title="Aire ouverte : des services intégrés pour et par les jeunes de 12 à 25 ans",
        summary=(
            "Des services intégrés pour les jeunes de 12 à 25 ans, décidés avec eux : les jeunes participent aux "
            "décisions stratégiques, évaluent les services selon leur vécu et influencent le recrutement, "
            "l'aménagement des lieux et même les horaires de travail."
        ),
        description=(
            "Ici, les jeunes ne sont pas de simples bénéficiaires.\n\n"
            "- Ils participent aux **décisions stratégiques**.\n"
            "- Ils **évaluent les services** selon leur vécu.\n"
            "- Ils influencent le **recrutement**, les **aménagements** et même les **horaires de travail**.\n\n"
            "Ce partenariat horizontal et structurel dépasse la consultation ponctuelle : il instaure une "
            "gouvernance partagée, par des comités de jeunes."
        ),
        kind=Initiative.Kind.PROGRAM,
        action_type=Initiative.ActionType.PREVENTION,
        organizer=ROSALIE,
        lead="aire-ouverte-longueuil",
        partners=[("cisss-monteregie-centre", Role.INTERVENTION)],
        territories=["1611"],
        themes=["sante-mentale", "soins-integres", "partenariat-patient", "promotion-prevention"],
        populations=["jeunes-12-25"],
        phases=[
            (Phase.IDEA, d(2019, 5, 6), ""),
            (Phase.STARTUP, d(2020, 1, 13), "Premier comité de jeunes."),
            (Phase.EXPERIMENTATION, d(2020, 9, 8), ""),
            (Phase.SCALING, d(2023, 9, 5), "Le modèle de gouvernance partagée est transmis à d'autres sites."),
        ],
        learnings=[
            DemoLearning(
                title="Une gouvernance partagée plutôt qu'une consultation ponctuelle",
                statement=(
                    "Les jeunes siègent aux décisions stratégiques au lieu d'être consultés de temps à autre. "
                    "La légitimité des services se renforce parce que les principaux concernés sont placés au "
                    "cœur des choix."
                ),
                kind=LKind.SUCCESS_CONDITION,
                knowledge_type=Knowledge.EXPERIENTIAL,
                transfer_conditions="Des comités de jeunes permanents, avec un vrai pouvoir sur des décisions.",
            ),
            DemoLearning(
                title="Les comités de jeunes influencent le recrutement, les lieux et les horaires",
                statement=(
                    "Les avis des comités de jeunes ont pesé sur le recrutement du personnel, l'aménagement des "
                    "locaux et les horaires de travail. L'équipe a dû accepter de revoir des choix qu'elle "
                    "considérait comme les siens."
                ),
                kind=LKind.ADAPTATION,
                knowledge_type=Knowledge.PRACTICAL,
            ),
            DemoLearning(
                title="La participation citoyenne des jeunes tient parce que l'équipe y croit",
                statement=(
                    "Les gestionnaires le disent : on ne s'ennuie jamais dans les comités de jeunes. La "
                    "participation dure parce que l'équipe croit sincèrement à la participation citoyenne des "
                    "jeunes et le montre dans ses décisions."
                ),
                kind=LKind.SUCCESS_CONDITION,
                knowledge_type=Knowledge.PRACTICAL,
            ),
        ],
    ),
    DemoInitiative(
        title="Quand l'hôpital entre à la maison : hospitalisation à domicile",
        summary=(
            "Soigner à la maison des personnes qui auraient été hospitalisées. Une partenaire en santé, forte de "
            "son vécu de maladies chroniques et de proche aidante, a orienté le programme dès le démarrage. "
            "Résultat : plus de 95 % des usagers le recommandent."
        ),
        description=(
            "Projet pilote présenté au Forum provincial sur le partenariat en santé (2025).\n\n"
            "Une partenaire en santé s'est impliquée dès le démarrage du projet. Son apport a orienté le "
            "programme vers des solutions concrètes :\n\n"
            "- alléger le fardeau logistique pour les familles ;\n"
            "- choisir des outils technologiques simples et accessibles ;\n"
            "- définir des indicateurs centrés sur la qualité de vie.\n\n"
            "**Résultats** : satisfaction élevée, plus de 95 % de recommandations par les usagers et des "
            "économies notables."
        ),
        kind=Initiative.Kind.PILOT,
        organizer=KARIM,
        team=[AMELIE],
        lead="ciusss-ouest-de-l-ile",
        territories=["06"],
        themes=["soins-integres", "maladies-chroniques", "sante-numerique", "partenariat-patient"],
        populations=["maladies-chroniques", "proches-aidants"],
        phases=[
            (Phase.IDEA, d(2021, 10, 4), ""),
            (Phase.STARTUP, d(2022, 3, 7), "Une partenaire en santé se joint à l'équipe dès le démarrage."),
            (Phase.EXPERIMENTATION, d(2022, 11, 14), "Premières hospitalisations à domicile."),
            (Phase.EVALUATION, d(2024, 6, 3), ""),
        ],
        learnings=[
            DemoLearning(
                title="Associer une partenaire en santé dès le démarrage",
                statement=(
                    "Une partenaire qui vit avec des maladies chroniques et qui a soigné son conjoint a participé "
                    "dès le démarrage. Son vécu a orienté le programme vers ce qui pèse vraiment sur les familles."
                ),
                kind=LKind.SUCCESS_CONDITION,
                knowledge_type=Knowledge.EXPERIENTIAL,
                author=AMELIE,
                transfer_conditions="Recruter la partenaire avant que les grandes orientations soient fixées.",
            ),
            DemoLearning(
                title="Choisir des outils technologiques simples et accessibles",
                statement=(
                    "Les outils les plus sophistiqués n'étaient pas les plus utiles. L'équipe a retenu des outils "
                    "simples, que les usagers et leurs proches peuvent utiliser sans formation longue."
                ),
                kind=LKind.ADAPTATION,
                knowledge_type=Knowledge.PRACTICAL,
            ),
            DemoLearning(
                title="Le fardeau logistique retombe d'abord sur les familles",
                statement=(
                    "Soigner à domicile déplace une partie du travail vers les proches : matériel, visites, "
                    "coordination. Il a fallu l'alléger explicitement pour que le programme reste humain."
                ),
                kind=LKind.OBSTACLE,
                knowledge_type=Knowledge.EXPERIENTIAL,
                author=AMELIE,
            ),
            DemoLearning(
                title="Mesurer ce qui compte : des indicateurs de qualité de vie",
                statement=(
                    "Les indicateurs ont été définis avec la partenaire en santé et centrés sur la qualité de vie. "
                    "Résultats : satisfaction élevée, plus de 95 % de recommandations par les usagers et des "
                    "économies notables."
                ),
                kind=LKind.SUCCESS_CONDITION,
                knowledge_type=Knowledge.SCIENTIFIC,
            ),
        ],
    ),
    # --- The communauté soignante of Centre-Sud (seed 003) ---------------------------------------
    DemoInitiative(
        title="Communauté soignante du Centre-Sud de Montréal",
        summary=(
            "Une communauté où cliniciens, patients partenaires et citoyens partenaires prennent soin les uns des "
            "autres. Au GMF Notre-Dame, des patients partenaires rejoignent l'équipe de soins ; des citoyens "
            "partenaires tissent des liens d'entraide dans un quartier où 57 % des aînés vivent seuls."
        ),
        description=(
            "Les patients et les citoyens sont les premiers soignants. La communauté soignante passe d'un "
            "système centré sur l'hôpital à un système qui gravite autour des relations de soin entre citoyens.\n\n"
            "## Rôles\n\n"
            "- **Cliniciens partenaires** (médecin, infirmière, IPS, travailleuse sociale, psychologue, "
            "organisateur communautaire) : soins professionnels, qui complètent plutôt que de substituer.\n"
            "- **Patient partenaire** : évaluation des besoins dans une perspective globale, soutien à la "
            "collaboration avec les professionnels et les proches, développement des compétences de soin.\n"
            "- **Citoyen partenaire** : intégration sociale des patients dans la communauté, relations "
            "d'entraide, lien avec les organismes du quartier.\n\n"
            "## Contexte\n\n"
            "57 % d'aînés vivant seuls, 50 % de familles monoparentales (Centraide 2013 ; Réseau réussite "
            "Montréal, 2017).\n\n"
            "Nous avançons avec un plan… ouvert et changeant."
        ),
        kind=Initiative.Kind.PILOT,
        action_type=Initiative.ActionType.DETERMINANTS,
        organizer=KARIM,
        team=[AMELIE],
        lead="ceppp",
        partners=[
            ("gmf-notre-dame", Role.INTERVENTION),
            ("ciusss-centre-sud", Role.INTERVENTION),
            ("ville-de-montreal", Role.INTERVENTION),
            ("cdc-centre-sud", Role.INTERVENTION),
            ("inspq", Role.ADVISORY),
            ("unite-soutien-ssa", Role.ADVISORY),
            ("ville-de-montreal", Role.FUNDER),
        ],
        territories=["0611", "06CS"],
        themes=["isolement-social", "partenariat-patient", "soins-integres", "promotion-prevention"],
        populations=["aines-vivant-seuls", "familles-monoparentales"],
        phases=[
            (Phase.IDEA, d(2016, 11, 7), ""),
            (Phase.STARTUP, d(2017, 3, 6), "Financement de démarrage ; engagement des partenaires locaux."),
            (
                Phase.EXPERIMENTATION,
                d(2017, 6, 5),
                "Début de la collaboration clinicien et patient partenaire en première ligne au GMF Notre-Dame.",
            ),
        ],
        learnings=[
            DemoLearning(
                title="Compléter plutôt que substituer",
                statement=(
                    "Les cliniciens gardent la prestation des soins professionnels ; le patient partenaire "
                    "complète, il ne remplace pas. Le clinicien présente le patient partenaire comme une relation, "
                    "pas comme une référence professionnelle."
                ),
                kind=LKind.SUCCESS_CONDITION,
                knowledge_type=Knowledge.PRACTICAL,
                transfer_conditions=(
                    "Un GMF prêt à intégrer un patient partenaire comme membre de l'équipe de soins, après 18 mois "
                    "d'expérimentation ici."
                ),
            ),
            DemoLearning(
                title="Avancer avec un plan ouvert et changeant",
                statement=(
                    "Un comité local de pilotage, de co-création et de co-implantation ajuste le modèle au fil de "
                    "l'action. L'intervention est co-inventée avec les patients et les citoyens, comme un "
                    "laboratoire populaire d'intelligence collective."
                ),
                kind=LKind.ADAPTATION,
                knowledge_type=Knowledge.EXPERIENTIAL,
                author=AMELIE,
            ),
            DemoLearning(
                title="Quels facteurs influencent la mise en œuvre d'une communauté soignante ?",
                statement=(
                    "L'évaluation participative pose trois questions : à quoi ressemble une communauté soignante ; "
                    "quels facteurs influencent sa mise en œuvre (professionnels, légaux, organisationnels, "
                    "communautaires) ; quels en sont les effets proximaux, les bénéfices et les risques."
                ),
                kind=LKind.OPEN_QUESTION,
                knowledge_type=Knowledge.SCIENTIFIC,
            ),
            DemoLearning(
                title="Sensibiliser cliniciens et organismes communautaires prend du temps",
                statement=(
                    "Avant toute collaboration, il a fallu faire connaître la démarche aux cliniciens et aux "
                    "organismes communautaires du quartier. Cette étape, souvent sous-estimée, conditionne la suite."
                ),
                kind=LKind.OBSTACLE,
                knowledge_type=Knowledge.PRACTICAL,
            ),
        ],
    ),
    # --- Prevention initiatives on the themes of the Projet collectif brief (seed 000) ----------
    DemoInitiative(
        title="Laboratoire vivant sur les systèmes alimentaires de Rimouski-Neigette",
        summary=(
            "Un laboratoire vivant qui réunit chercheurs, intervenants, organismes et citoyens pour tester, "
            "documenter et adapter des solutions à l'insécurité alimentaire en milieu rural : épicerie solidaire, "
            "jardins collectifs, transport vers les points de vente."
        ),
        description=(
            "Inspiré des laboratoires d'innovation sociale proposés par Projet collectif : un espace de "
            "recherche-action et de prototypage qui s'appuie sur les structures territoriales existantes et sur "
            "les communautés mobilisées.\n\n"
            "Chaque prototype est documenté dans une fiche partagée, pour que d'autres territoires puissent "
            "s'en inspirer."
        ),
        kind=Initiative.Kind.LIVING_LAB,
        action_type=Initiative.ActionType.DETERMINANTS,
        organizer=FELIX,
        lead="cisss-bas-saint-laurent",
        partners=[("projet-collectif", Role.ADVISORY), ("inspq", Role.ADVISORY)],
        territories=["0111"],
        themes=["systemes-alimentaires", "equite-determinants", "promotion-prevention"],
        populations=["milieux-eloignes", "faible-revenu"],
        phases=[
            (Phase.IDEA, d(2023, 2, 6), ""),
            (Phase.STARTUP, d(2023, 9, 5), "Première rencontre du laboratoire vivant."),
            (Phase.EXPERIMENTATION, d(2024, 5, 6), "Trois prototypes à l'essai."),
        ],
        learnings=[
            DemoLearning(
                title="S'appuyer sur les structures territoriales existantes",
                statement=(
                    "Le laboratoire a démarré plus vite en s'appuyant sur la table de concertation déjà en place "
                    "et sur les organismes mobilisés, plutôt qu'en créant une nouvelle structure."
                ),
                kind=LKind.SUCCESS_CONDITION,
                knowledge_type=Knowledge.PRACTICAL,
                transfer_conditions="Un territoire où une concertation intersectorielle existe déjà.",
            ),
            DemoLearning(
                title="Le cloisonnement entre secteurs ralentit la circulation des savoirs",
                statement=(
                    "Les savoirs scientifiques et pratiques circulent mal entre la santé, le municipal et le "
                    "communautaire. Chaque secteur garde ses données et son vocabulaire, ce qui affaiblit la "
                    "capacité collective d'apprendre."
                ),
                kind=LKind.OBSTACLE,
                knowledge_type=Knowledge.EXPERIENTIAL,
            ),
            DemoLearning(
                title="Documenter chaque prototype dans une fiche partagée",
                statement=(
                    "Écrire ce qui a été essayé, pour qui et avec quel résultat, dans une fiche courte en langage "
                    "clair, a rendu les savoirs tacites de l'équipe utilisables par les territoires voisins."
                ),
                kind=LKind.ADAPTATION,
                knowledge_type=Knowledge.PRACTICAL,
            ),
        ],
    ),
    DemoInitiative(
        title="Aînés branchés : santé numérique et vieillissement actif à Longueuil",
        summary=(
            "Des ateliers en petits groupes où des aînés apprennent à utiliser les services de santé en ligne, "
            "accompagnés par des bénévoles du quartier. Objectif : l'autonomie numérique, le vieillissement actif "
            "et moins d'isolement."
        ),
        description=(
            "Beaucoup de services de santé passent désormais par le numérique. Les personnes âgées qui ont de "
            "la difficulté à utiliser les ressources en ligne risquent d'en être exclues.\n\n"
            "Les ateliers ont lieu dans des lieux familiers (bibliothèque, salle paroissiale, HLM) et "
            "commencent toujours par un café."
        ),
        kind=Initiative.Kind.COMMUNITY,
        action_type=Initiative.ActionType.PREVENTION,
        organizer=ROSALIE,
        lead="cisss-monteregie-centre",
        partners=[("rpcu", Role.ADVISORY), ("reseau-1-quebec", Role.SCIENTIFIC)],
        territories=["1611"],
        themes=["sante-numerique", "vieillissement-actif", "isolement-social"],
        populations=["aines-vivant-seuls"],
        phases=[
            (Phase.IDEA, d(2022, 3, 7), ""),
            (Phase.STARTUP, d(2022, 9, 12), ""),
            (Phase.EXPERIMENTATION, d(2023, 1, 16), "Premiers ateliers."),
            (Phase.EVALUATION, d(2024, 11, 4), "Bilan avec les participants."),
        ],
        learnings=[
            DemoLearning(
                title="Les ressources en ligne excluent les aînés peu à l'aise avec le numérique",
                statement=(
                    "Des personnes âgées renoncent à des services parce qu'ils ne sont offerts qu'en ligne. Le "
                    "problème n'est pas seulement technique : la peur de se tromper les retient."
                ),
                kind=LKind.OBSTACLE,
                knowledge_type=Knowledge.EXPERIENTIAL,
            ),
            DemoLearning(
                title="L'accompagnement en personne avant l'outil",
                statement=(
                    "Les aînés reviennent quand une personne du quartier les accueille par leur prénom et reste à "
                    "côté d'eux. L'outil vient ensuite."
                ),
                kind=LKind.SUCCESS_CONDITION,
                knowledge_type=Knowledge.PRACTICAL,
                transfer_conditions="Des bénévoles disponibles chaque semaine, dans un lieu connu des aînés.",
            ),
            DemoLearning(
                title="Les ateliers numériques brisent aussi l'isolement",
                statement=(
                    "Prévus pour apprendre le numérique, les ateliers sont devenus un rendez-vous social. Des "
                    "participants se voient maintenant en dehors des ateliers."
                ),
                kind=LKind.UNEXPECTED_EFFECT,
                knowledge_type=Knowledge.EXPERIENTIAL,
            ),
        ],
    ),
    DemoInitiative(
        title="Coalition pour la littératie en santé à Québec-Nord",
        summary=(
            "Écoles, organismes communautaires et municipalité coordonnent leurs actions pour améliorer la "
            "littératie en santé et contrer la désinformation, d'abord auprès des personnes immigrantes et des "
            "personnes à faible revenu."
        ),
        description=(
            "Une stratégie coordonnée entre les milieux de l'éducation, de l'action communautaire et le "
            "municipal, comme le propose Projet collectif :\n\n"
            "- des ateliers en langage clair à l'école et dans les organismes ;\n"
            "- une campagne de quartier contre la désinformation ;\n"
            "- un lexique des sigles du réseau (CLSC, GMF, CIUSSS…)."
        ),
        kind=Initiative.Kind.PROGRAM,
        action_type=Initiative.ActionType.PREVENTION,
        organizer=JOSEE,
        lead="ciusss-capitale-nationale",
        partners=[("projet-collectif", Role.INTERVENTION), ("inspq", Role.ADVISORY)],
        territories=["0311"],
        themes=["litteratie-en-sante", "promotion-prevention", "equite-determinants"],
        populations=["personnes-immigrantes", "faible-revenu"],
        phases=[
            (Phase.IDEA, d(2024, 9, 9), ""),
            (Phase.STARTUP, d(2025, 3, 3), "Entente entre les écoles, les organismes et la municipalité."),
        ],
        learnings=[
            DemoLearning(
                title="Coordonner éducation, communautaire et municipal dès le départ",
                statement=(
                    "Chaque milieu menait ses propres actions. Une même stratégie, décidée ensemble, évite les "
                    "messages contradictoires et rejoint les familles là où elles sont déjà : à l'école."
                ),
                kind=LKind.SUCCESS_CONDITION,
                knowledge_type=Knowledge.PRACTICAL,
            ),
            DemoLearning(
                title="Le jargon et les acronymes éloignent les personnes",
                statement=(
                    "L'abondance de jargon technique et d'acronymes décourage la participation. Un lexique en "
                    "langage clair, construit avec les participants, a été la première demande."
                ),
                kind=LKind.OBSTACLE,
                knowledge_type=Knowledge.EXPERIENTIAL,
            ),
            DemoLearning(
                title="Comment mesurer l'effet d'une campagne contre la désinformation ?",
                statement=(
                    "Compter les ateliers ne dit pas si la désinformation recule. La coalition cherche des "
                    "indicateurs à co-construire avec les participants."
                ),
                kind=LKind.OPEN_QUESTION,
                knowledge_type=Knowledge.PRACTICAL,
                published=False,
            ),
        ],
    ),
    DemoInitiative(
        title="Cercles de co-apprentissage en santé mentale du Bas-Saint-Laurent",
        summary=(
            "Des cercles où intervenants, partenaires en santé et organismes parlent ensemble de santé mentale, "
            "sans rapports de pouvoir : on s'y appelle par son prénom, on partage ce qui marche et ce qui bloque."
        ),
        description=(
            "Repenser les tables de concertation comme des espaces de co-apprentissage et de soutien mutuel, "
            "animés par des personnes formées et adaptés aux réalités des villages éloignés."
        ),
        kind=Initiative.Kind.COMMUNITY,
        action_type=Initiative.ActionType.PREVENTION,
        organizer=FELIX,
        lead="cisss-bas-saint-laurent",
        partners=[("reseau-1-quebec", Role.SCIENTIFIC)],
        territories=["01"],
        themes=["sante-mentale", "isolement-social"],
        populations=["milieux-eloignes", "proches-aidants"],
        visibility=Visibility.MEMBERS,
        phases=[(Phase.IDEA, d(2025, 1, 20), "")],
        learnings=[
            DemoLearning(
                title="Les prénoms plutôt que les titres",
                statement=(
                    "Abandonner les titres au profit des prénoms et du tutoiement réduit les hiérarchies. "
                    "Professionnels et partenaires en santé y travaillent dans un véritable esprit de "
                    "co-construction."
                ),
                kind=LKind.SUCCESS_CONDITION,
                knowledge_type=Knowledge.EXPERIENTIAL,
            ),
            DemoLearning(
                title="Comment rejoindre les personnes des villages éloignés ?",
                statement=(
                    "Les rencontres en présentiel à Rimouski excluent une partie du territoire. Faut-il des "
                    "cercles hybrides, ou des cercles dans chaque municipalité ?"
                ),
                kind=LKind.OPEN_QUESTION,
                knowledge_type=Knowledge.PRACTICAL,
            ),
        ],
    ),
]


def _ensure_learnings(initiative: Initiative, demo: DemoInitiative, people: dict[str, User]) -> int:
    existing = set(initiative.learnings.values_list("title", flat=True))
    created = 0
    for item in demo.learnings:
        if item.title in existing:
            continue
        author = people[item.author or demo.organizer]
        learning = learning_create(
            by=author,
            initiative=initiative,
            title=item.title,
            statement=item.statement,
            kind=item.kind,
            knowledge_type=item.knowledge_type,
            transfer_conditions=item.transfer_conditions,
        )
        if item.published:
            learning_publish(learning=learning, by=author)
            # Demo data only: spread the publications over the initiative's life (every five
            # weeks after its second phase), so that past quarters have their learnings too.
            Learning.objects.filter(pk=learning.pk).update(published_at=_published_on(demo, created))
        created += 1
    return created


def _published_on(demo: DemoInitiative, index: int) -> datetime.datetime:
    started = demo.phases[min(1, len(demo.phases) - 1)][1]
    day = min(started + datetime.timedelta(weeks=5 * (index + 1)), timezone.localdate() - datetime.timedelta(days=3))
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def _ensure_initiative(demo: DemoInitiative, people: dict[str, User], counts: dict[str, int]) -> None:
    initiative = Initiative.objects.filter(title=demo.title).first()
    organizer = people[demo.organizer]
    if initiative is None:
        (first_phase, first_date, _note), *later_phases = demo.phases
        initiative = initiative_create(
            by=organizer,
            title=demo.title,
            summary=demo.summary,
            description=demo.description,
            kind=demo.kind,
            action_type=demo.action_type,
            phase=first_phase,
            phase_changed_on=first_date,
            start_date=first_date,
            lead_organization=Organization.objects.get(slug=demo.lead),
            territories=Territory.objects.filter(code__in=demo.territories),
            themes=Theme.objects.filter(slug__in=demo.themes),
            populations=PriorityPopulation.objects.filter(slug__in=demo.populations),
            visibility=demo.visibility,
        )
        counts["initiatives"] += 1
        counts["phase changes"] += 1
        for phase, changed_on, note in later_phases:
            initiative_move_phase(initiative=initiative, by=organizer, phase=phase, changed_on=changed_on, note=note)
            counts["phase changes"] += 1
    team = set(initiative.team.values_list("email", flat=True))
    for email in demo.team:
        if email not in team:
            initiative_team_add(initiative=initiative, by=organizer, member=people[email])
    partners = set(initiative.partners.values_list("organization__slug", "role"))
    for slug, role in demo.partners:
        if (slug, role) not in partners:
            initiative_partner_add(
                initiative=initiative, by=organizer, organization=Organization.objects.get(slug=slug), role=role
            )
            counts["partners"] += 1
    counts["learnings"] += _ensure_learnings(initiative, demo, people)


def _demo_people(demo_password: str | None) -> tuple[dict[str, User], int]:
    created = 0
    for email, display_name in ORGANIZERS:
        _, is_new = user_ensure(email=email, display_name=display_name, password=demo_password)
        created += is_new
    emails = {email for email, _ in ORGANIZERS} | {KARIM, JOSEE, AMELIE}
    people = {user.email: user for user in User.objects.filter(email__in=emails)}
    missing = emails - set(people)
    if missing:
        raise RuntimeError(f"Demo people missing ({', '.join(sorted(missing))}): run ecosystem.demo.seed first.")
    return people, created


@transaction.atomic
def seed(*, demo_password: str | None = None) -> dict[str, int]:
    counts = {"organizations": 0, "people": 0, "initiatives": 0, "partners": 0, "phase changes": 0, "learnings": 0}
    for slug, name, acronym, kind, sector, codes in ORGANIZATIONS:
        _, created = organization_ensure(
            slug=slug, name=name, acronym=acronym, kind=kind, sector=sector, territory_codes=codes
        )
        counts["organizations"] += created
    people, counts["people"] = _demo_people(demo_password)
    for demo in INITIATIVES:
        _ensure_initiative(demo, people, counts)
    return counts


# --- Generated volume for benchmarks (seed_demo --scale N) ----------------------------------

SCALE_SEED = 2025
BATCH_SIZE = 2000
INITIATIVES_PER_ORGANIZER = 5

# First names of the generated organizers (none of them is a name the seeds mention).
FIRST_NAMES = [
    "Camille", "Alexis", "Maxime", "Noémie", "Léa", "Gabriel", "Florence", "Samuel", "Laurence", "Thomas",
    "Justine", "Olivier", "Mélodie", "Zacharie", "Anaïs", "Jérémie", "Émilie", "Rachid", "Inès", "Malik",
    "Océane", "Xavier", "Yannick", "Béatrice", "Hugo", "Clara",
]  # fmt: skip

# (what is done, kind of initiative)
ACTIONS = [
    ("Cuisines collectives", Initiative.Kind.COMMUNITY),
    ("Jardins communautaires", Initiative.Kind.COMMUNITY),
    ("Cafés-rencontres", Initiative.Kind.COMMUNITY),
    ("Ateliers", Initiative.Kind.COMMUNITY),
    ("Cercles d'entraide", Initiative.Kind.COMMUNITY),
    ("Marches exploratoires", Initiative.Kind.COMMUNITY),
    ("Halte-répit", Initiative.Kind.COMMUNITY),
    ("Brigade de voisinage", Initiative.Kind.COMMUNITY),
    ("Épicerie solidaire", Initiative.Kind.COMMUNITY),
    ("Forum citoyen", Initiative.Kind.COMMUNITY),
    ("Laboratoire vivant", Initiative.Kind.LIVING_LAB),
    ("Laboratoire citoyen", Initiative.Kind.LIVING_LAB),
    ("Projet pilote", Initiative.Kind.PILOT),
    ("Clinique de proximité", Initiative.Kind.PILOT),
    ("Navigation dans les services", Initiative.Kind.PILOT),
    ("Programme de mentorat", Initiative.Kind.PROGRAM),
    ("Programme de formation", Initiative.Kind.PROGRAM),
    ("Parcours santé", Initiative.Kind.PROGRAM),
    ("Cellule de veille", Initiative.Kind.PROGRAM),
]

# (focus, theme slugs, population slugs, type of action)
FOCUSES = [
    (
        "pour briser l'isolement des aînés",
        ["isolement-social", "vieillissement-actif"],
        ["aines-vivant-seuls"],
        "prevention",
    ),
    ("en santé mentale jeunesse", ["sante-mentale", "promotion-prevention"], ["jeunes-12-25"], "prevention"),
    ("pour la littératie en santé", ["litteratie-en-sante"], ["personnes-immigrantes", "faible-revenu"], "prevention"),
    ("contre la désinformation en santé", ["litteratie-en-sante", "sante-numerique"], [], "prevention"),
    ("pour l'accès aux soins de première ligne", ["acces-aux-soins"], ["faible-revenu"], "determinants"),
    (
        "en sécurité alimentaire",
        ["systemes-alimentaires", "equite-determinants"],
        ["faible-revenu", "familles-monoparentales"],
        "determinants",
    ),
    (
        "pour le vieillissement actif",
        ["vieillissement-actif", "promotion-prevention"],
        ["aines-vivant-seuls"],
        "prevention",
    ),
    ("en santé numérique", ["sante-numerique"], ["aines-vivant-seuls", "milieux-eloignes"], "prevention"),
    ("avec les proches aidants", ["soins-integres", "autogestion"], ["proches-aidants"], "prevention"),
    ("à l'école primaire", ["promotion-prevention", "litteratie-en-sante"], ["familles-monoparentales"], "prevention"),
    ("autour de l'école secondaire", ["sante-mentale", "promotion-prevention"], ["jeunes-12-25"], "prevention"),
    (
        "pour vivre avec une maladie chronique",
        ["maladies-chroniques", "autogestion"],
        ["maladies-chroniques"],
        "prevention",
    ),
    (
        "pour les familles nouvellement arrivées",
        ["equite-determinants", "acces-aux-soins"],
        ["personnes-immigrantes"],
        "determinants",
    ),
    (
        "avec les Premières Nations et les Inuit",
        ["equite-determinants", "promotion-prevention"],
        ["premieres-nations-inuit"],
        "determinants",
    ),
    (
        "pour la diversité sexuelle et de genre",
        ["sante-mentale", "equite-determinants"],
        ["diversite-sexuelle-genre"],
        "prevention",
    ),
    (
        "avec les personnes neurodivergentes",
        ["sante-mentale", "soins-integres"],
        ["personnes-neurodivergentes"],
        "prevention",
    ),
    ("en partenariat avec les patients", ["partenariat-patient", "pertinence-des-soins"], [], ""),
    ("pour le bien-être des intervenants", ["main-d-oeuvre"], [], ""),
    (
        "pour des milieux de vie durables",
        ["sante-durable", "equite-determinants"],
        ["milieux-eloignes"],
        "determinants",
    ),
    (
        "contre l'isolement social en milieu rural",
        ["isolement-social"],
        ["milieux-eloignes", "milieux-racises"],
        "determinants",
    ),
]

# Places of each RSS, with their preposition.
PLACES = {
    "01": ["à Rimouski", "à Rivière-du-Loup", "à Matane", "à Amqui"],
    "02": ["à Saguenay", "à Alma", "à Roberval", "à Dolbeau-Mistassini"],
    "03": ["à Québec", "dans Limoilou", "dans Charlevoix", "dans Portneuf"],
    "04": ["à Trois-Rivières", "à Shawinigan", "à Drummondville", "à Victoriaville"],
    "05": ["à Sherbrooke", "à Magog", "à Coaticook", "à Lac-Mégantic"],
    "06": ["dans Hochelaga", "dans le Centre-Sud", "à Montréal-Nord", "dans Parc-Extension", "à Verdun"],
    "07": ["à Gatineau", "à Maniwaki", "dans la Petite-Nation"],
    "08": ["à Rouyn-Noranda", "à Val-d'Or", "à Amos", "à Ville-Marie"],
    "09": ["à Sept-Îles", "à Baie-Comeau", "à Havre-Saint-Pierre"],
    "10": ["à Chibougamau", "à Chapais", "à Matagami"],
    "11": ["à Gaspé", "à Sainte-Anne-des-Monts", "aux Îles-de-la-Madeleine", "à Chandler"],
    "12": ["à Lévis", "à Thetford Mines", "à Saint-Georges", "à Montmagny"],
    "13": ["à Laval", "dans Chomedey", "à Sainte-Rose"],
    "14": ["à Joliette", "à Terrebonne", "à Repentigny", "à Saint-Michel-des-Saints"],
    "15": ["à Saint-Jérôme", "à Mont-Laurier", "à Sainte-Agathe-des-Monts", "à Mirabel"],
    "16": ["à Longueuil", "à Saint-Hyacinthe", "à Salaberry-de-Valleyfield", "à Saint-Jean-sur-Richelieu"],
    "17": ["à Kuujjuaq", "à Puvirnituq", "à Inukjuak"],
    "18": ["à Chisasibi", "à Mistissini", "à Waskaganish"],
}

WHO = [
    "Des citoyens, des intervenants et des organismes du milieu",
    "Des partenaires en santé et des professionnels",
    "Des bénévoles, une organisatrice communautaire et l'école du quartier",
    "Des proches aidants, un CLSC et des organismes communautaires",
    "Des jeunes, des parents et des intervenants jeunesse",
    "Des aînés, la municipalité et des organismes du quartier",
]
HOW = [
    "se rencontrent chaque semaine pour agir ensemble.",
    "co-construisent des solutions et les testent à petite échelle.",
    "documentent ce qui marche et ce qui bloque, pour que d'autres territoires en profitent.",
    "partagent leurs savoirs expérientiels et pratiques dans un espace sans rapports de pouvoir.",
    "mettent en commun leurs ressources pour rejoindre les personnes les plus isolées.",
]
CONTEXTS = [
    "Dans ce territoire, l'isolement social touche d'abord les aînés qui vivent seuls.",
    "Les familles monoparentales du quartier ont peu accès aux ressources de prévention.",
    "Les services sont loin et le transport collectif est rare : les distances isolent.",
    "Les jeunes fréquentent l'école, mais peu les services de santé qui leur sont destinés.",
    "L'information en santé circule mal et la désinformation gagne du terrain.",
    "Les organismes communautaires travaillent beaucoup, mais chacun de leur côté.",
]
APPROACHES = [
    "**Notre démarche** : partir des besoins nommés par les personnes concernées, puis prototyper.",
    "**Notre démarche** : des rencontres régulières, un bilan tous les trois mois, un plan ouvert et changeant.",
    "**Notre démarche** : impliquer des partenaires en santé dès le démarrage, de la conception à l'évaluation.",
    "**Notre démarche** :\n\n- écouter ;\n- essayer petit ;\n- documenter ;\n- partager avec les territoires voisins.",
]

# Learnings by kind: (title, statement).
LEARNINGS = {
    LKind.SUCCESS_CONDITION: [
        (
            "Accueillir chaque personne par son prénom",
            "Les personnes reviennent quand on les accueille par leur prénom et qu'on se souvient d'elles.",
        ),
        (
            "Partir des besoins nommés par les citoyens",
            "Les activités proposées par les participants eux-mêmes ont attiré deux fois plus de monde.",
        ),
        (
            "Former les partenaires en santé avant de commencer",
            "Une courte formation commune a permis aux partenaires et aux professionnels de parler le même langage.",
        ),
        (
            "S'appuyer sur les organismes déjà présents",
            "Travailler avec les organismes du quartier a évité de créer une structure de plus.",
        ),
        (
            "Prévoir un budget dédié au partenariat",
            "Compenser le temps des partenaires en santé a rendu leur participation durable.",
        ),
        (
            "Tenir les rencontres dans un lieu familier",
            "L'école, la bibliothèque ou le sous-sol d'église rassurent plus qu'un bureau du réseau.",
        ),
    ],
    LKind.OBSTACLE: [
        (
            "Le jargon éloigne les participants",
            "Les sigles et le vocabulaire du réseau ont découragé plusieurs personnes dès la première rencontre.",
        ),
        (
            "Le roulement du personnel fragilise les liens",
            "Chaque départ d'intervenant oblige à rebâtir la confiance avec les participants.",
        ),
        (
            "Les règles de confidentialité freinent le partage",
            "Les organismes hésitent à partager des données, faute d'une interprétation commune des règles.",
        ),
        (
            "Le transport limite la participation en milieu rural",
            "Sans transport, les personnes des rangs et des villages voisins ne viennent pas.",
        ),
        (
            "Le financement par projet empêche la continuité",
            "À la fin de chaque subvention, l'équipe doit tout recommencer.",
        ),
        (
            "Les outils en ligne excluent une partie des aînés",
            "Les inscriptions en ligne ont laissé de côté les aînés peu à l'aise avec le numérique.",
        ),
    ],
    LKind.ADAPTATION: [
        (
            "Des rencontres hybrides pour les villages éloignés",
            "Une partie du groupe participe à distance depuis la salle municipale de son village.",
        ),
        (
            "Un horaire en soirée pour les familles",
            "Déplacer les ateliers en soirée a permis aux parents qui travaillent de venir.",
        ),
        (
            "Des fiches en langage clair",
            "Chaque rencontre produit une fiche d'une page, relue par un partenaire en santé.",
        ),
        (
            "Un service d'interprétation pendant les ateliers",
            "L'interprétation a ouvert les ateliers aux familles nouvellement arrivées.",
        ),
        (
            "Des ateliers tenus à l'école du quartier",
            "À l'école, les parents viennent chercher leurs enfants et restent pour l'atelier.",
        ),
    ],
    LKind.UNEXPECTED_EFFECT: [
        (
            "Des participants sont devenus animateurs",
            "Après quelques mois, des participants ont pris l'animation en main.",
        ),
        (
            "L'isolement a reculé au-delà du groupe visé",
            "Les voisins des participants ont commencé à venir, puis à s'entraider.",
        ),
        (
            "Les intervenants ont changé leurs pratiques",
            "Écouter les savoirs expérientiels a modifié la façon dont l'équipe planifie ses interventions.",
        ),
        (
            "Des liens se sont créés entre l'école et les familles",
            "Des parents qui n'allaient jamais à l'école y viennent maintenant pour d'autres raisons.",
        ),
        (
            "Les organismes ont mis leurs ressources en commun",
            "Des organismes qui se voyaient comme concurrents partagent maintenant un local et un agenda.",
        ),
    ],
    LKind.OPEN_QUESTION: [
        (
            "Comment rejoindre les personnes qui ne viennent jamais ?",
            "Les personnes les plus isolées restent hors d'atteinte malgré nos efforts.",
        ),
        (
            "Comment mesurer la confiance ?",
            "La confiance est au cœur de nos résultats, mais nous ne savons pas la mesurer.",
        ),
        (
            "Comment durer après le projet pilote ?",
            "Le financement se termine ; rien ne garantit que l'initiative continuera.",
        ),
        (
            "Comment reconnaître le temps des partenaires en santé ?",
            "Les partenaires donnent beaucoup de temps ; leur statut reste flou.",
        ),
    ],
}
TRANSFER_CONDITIONS = [
    "",
    "Un organisme communautaire bien implanté et une personne disponible pour animer.",
    "Un lieu familier, accessible en transport collectif ou à pied.",
    "Des partenaires en santé impliqués dès la conception.",
    "Une table de concertation qui accepte de partager ses ressources.",
    "Un financement d'au moins deux ans pour laisser le temps à la confiance de s'installer.",
]

# Phase of a generated initiative: (phase, weight). Earlier phases are listed first.
PHASE_WEIGHTS = [
    (Phase.IDEA, 10),
    (Phase.STARTUP, 15),
    (Phase.EXPERIMENTATION, 30),
    (Phase.EVALUATION, 20),
    (Phase.SCALING, 10),
    (Phase.COMPLETED, 15),
]
VISIBILITY_WEIGHTS = [(Visibility.PUBLIC, 85), (Visibility.MEMBERS, 10), (Visibility.TEAM, 5)]


def _weighted(rng: random.Random, choices: list[tuple[str, int]]) -> str:
    return rng.choices([value for value, _ in choices], weights=[weight for _, weight in choices])[0]


def _bulk(model, rows: list) -> list:
    return model.objects.bulk_create(rows, batch_size=BATCH_SIZE)


def _generated_organizers(count: int) -> tuple[list[User], int]:
    """``count`` fictional organizers (reused when they exist), so that each runs a handful of
    generated initiatives as in real life. They have no password: nobody signs in as them."""
    emails = [f"organisateur-{number:05d}@exemple.test" for number in range(1, count + 1)]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    new = [
        User(
            email=email,
            display_name=f"{FIRST_NAMES[number % len(FIRST_NAMES)]} ({number})",
            password=make_password(None),
        )
        for number, email in enumerate(emails, start=1)
        if email not in existing
    ]
    _bulk(User, new)
    _bulk(EmailAddress, [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in new])
    return list(User.objects.filter(email__in=emails).order_by("email")), len(new)


@transaction.atomic
def seed_scale(*, count: int) -> dict[str, int]:
    """Add ``count`` generated initiatives with about five learnings each, in bulk.

    This deliberately bypasses the services: creating 10,000 initiatives one at a time
    (full_clean, history, a query per relation) would take many minutes, and benchmarks
    need the volume, not the workflow. The rows written are still valid: unique slugs,
    sanitized description HTML, summaries within the limit, a fictional organizer on each
    team (about five initiatives each), dated phase changes, published learnings with a
    publication date. No history rows are written, and the PostgreSQL trigger fills the
    search vectors on insert.
    """
    counts = {"people": 0, "initiatives": 0, "learnings": 0, "partners": 0, "phase changes": 0}
    if count <= 0:
        return counts
    today = timezone.localdate()
    rng = random.Random(SCALE_SEED + Initiative.objects.count())  # noqa: S311  (demo text, not secrets)
    organizers, counts["people"] = _generated_organizers(max(count // INITIATIVES_PER_ORGANIZER, 1))
    regions = {territory.code: territory for territory in Territory.objects.regions()}
    local = {}
    for territory in Territory.objects.filter(parent__code__in=regions).exclude(kind=Territory.Kind.RSS):
        local.setdefault(territory.parent.code, []).append(territory)
    themes = dict(Theme.objects.values_list("slug", "pk"))
    populations = dict(PriorityPopulation.objects.values_list("slug", "pk"))
    organizations = list(Organization.objects.values_list("pk", flat=True))
    taken_slugs = set(Initiative.objects.values_list("slug", flat=True))
    rendered: dict[str, str] = {}

    initiatives, plans = [], []
    for _ in range(count):
        action, kind = rng.choice(ACTIONS)
        focus, theme_slugs, population_slugs, action_type = rng.choice(FOCUSES)
        code = rng.choice(list(regions))
        place = rng.choice(PLACES[code])
        territories = [regions[code]]
        if code in local and rng.random() < 0.5:
            territories = [rng.choice(local[code])]
        if rng.random() < 0.1:  # a few initiatives span two regions
            territories.append(regions[rng.choice([other for other in regions if other != code])])
        title = f"{action} {focus} {place}"
        slug = initiative_slug(title, taken=taken_slugs)
        taken_slugs.add(slug)
        summary = f"{action} {focus} {place}. {rng.choice(WHO)} {rng.choice(HOW)}"[:SUMMARY_MAX_LENGTH]
        description = f"{rng.choice(CONTEXTS)}\n\n{rng.choice(APPROACHES)}"
        if description not in rendered:
            rendered[description] = render_markdown(description)

        phase = _weighted(rng, PHASE_WEIGHTS)
        phase_dates = []
        changed_on = d(2015, 1, 1) + datetime.timedelta(days=rng.randrange(3650))
        for step, _weight in PHASE_WEIGHTS[: Initiative.Phase.values.index(phase) + 1]:
            phase_dates.append((step, min(changed_on, today)))
            changed_on += datetime.timedelta(days=rng.randint(60, 400))
        organizer = rng.choice(organizers)
        lead = rng.choice(organizations) if rng.random() < 0.8 else None
        partner_ids = {org for org in rng.sample(organizations, rng.randint(0, 2)) if org != lead}
        initiatives.append(
            Initiative(
                title=title,
                slug=slug,
                summary=summary,
                description=description,
                description_html=rendered[description],
                kind=kind,
                phase=phase,
                action_type=action_type,
                lead_organization_id=lead,
                start_date=phase_dates[0][1],
                end_date=phase_dates[-1][1] if phase == Phase.COMPLETED else None,
                visibility=_weighted(rng, VISIBILITY_WEIGHTS),
                created_by=organizer,
            )
        )
        plans.append((territories, theme_slugs, population_slugs, phase_dates, organizer, partner_ids))

    initiatives = _bulk(Initiative, initiatives)
    counts["initiatives"] = len(initiatives)

    through = {
        "territories": Initiative.territories.through,
        "themes": Initiative.themes.through,
        "populations": Initiative.populations.through,
        "team": Initiative.team.through,
    }
    rows: dict[str, list] = {name: [] for name in through}
    partners, phase_changes, learnings, learning_themes = [], [], [], []
    for initiative, (territories, theme_slugs, population_slugs, phase_dates, organizer, partner_ids) in zip(
        initiatives, plans, strict=True
    ):
        pk = initiative.pk
        rows["territories"] += [through["territories"](initiative_id=pk, territory_id=t.pk) for t in territories]
        rows["themes"] += [through["themes"](initiative_id=pk, theme_id=themes[slug]) for slug in theme_slugs]
        rows["populations"] += [
            through["populations"](initiative_id=pk, prioritypopulation_id=populations[slug])
            for slug in population_slugs
        ]
        rows["team"].append(through["team"](initiative_id=pk, user_id=organizer.pk))
        partners += [
            InitiativePartner(
                initiative_id=pk, organization_id=org, role=rng.choice([Role.INTERVENTION, Role.ADVISORY, Role.FUNDER])
            )
            for org in sorted(partner_ids)
        ]
        phase_changes += [
            PhaseChange(initiative_id=pk, phase=phase, changed_on=changed_on, changed_by=organizer)
            for phase, changed_on in phase_dates
        ]
        for _ in range(rng.randint(3, 7)):
            kind = rng.choice(list(LEARNINGS))
            title, statement = rng.choice(LEARNINGS[kind])
            published = rng.random() < 0.9
            written_on = rng.choice(phase_dates)[1]
            learnings.append(
                Learning(
                    initiative_id=pk,
                    title=title,
                    statement=f"{statement} ({initiative.title})",
                    kind=kind,
                    knowledge_type=rng.choice(Learning.KnowledgeType.values),
                    transfer_conditions=rng.choice(TRANSFER_CONDITIONS),
                    territory=rng.choice(territories),
                    author=organizer,
                    status=Learning.Status.PUBLISHED if published else Learning.Status.DRAFT,
                    published_at=(
                        datetime.datetime.combine(written_on, datetime.time(12), tzinfo=datetime.UTC)
                        if published
                        else None
                    ),
                )
            )
            learning_themes.append(rng.sample(theme_slugs, rng.randint(1, len(theme_slugs))))

    for name, model in through.items():
        _bulk(model, rows[name])
    counts["partners"] = len(_bulk(InitiativePartner, partners))
    counts["phase changes"] = len(_bulk(PhaseChange, phase_changes))
    learnings = _bulk(Learning, learnings)
    counts["learnings"] = len(learnings)
    _bulk(
        Learning.themes.through,
        [
            Learning.themes.through(learning_id=learning.pk, theme_id=themes[slug])
            for learning, slugs in zip(learnings, learning_themes, strict=True)
            for slug in slugs
        ],
    )
    return counts
