"""Demo co-learning spaces, in French, drawn from the source documents (seeds 000, 001 and
003): the two provincial communities that organized the Forum provincial sur le partenariat
of 10 April 2025 ("Expériences" and the community of practice "Expérience et partenariat de
soins et de services avec les usagers"), the local steering committee of the communauté
soignante of Centre-Sud and a few regional concertation tables rethought as co-learning
spaces. Organizations, dates and figures are the seeds'; people are fictional.

``seed()`` goes through the services, like a person would, and is idempotent: what exists
already (found by name or title) is left alone. What the services do not allow is written on
the models directly, under the same rules: dates in the past for memberships and messages
(the services stamp "now"), and registrations for a gathering that is over.
``seed_scale(count=N)`` adds N/10 generated spaces (about ten memberships each, gatherings,
resources) and about 10×N posts in N threads, in bulk, for benchmarks; it is not idempotent.
"""

import datetime
import random
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import Max, Min
from django.utils import timezone

from ecosystem.db import free_slug
from ecosystem.models import Organization, Territory, Theme, User
from ecosystem.services import organization_ensure, user_ensure
from ecosystem.text import render_markdown
from initiatives.demo import FIRST_NAMES, FOCUSES, PLACES
from initiatives.models import Initiative, Learning
from initiatives.services import learning_publish

from .models import DEFAULT_CHARTER, Community, Gathering, Membership, Post, Registration, Resource, Thread
from .services import (
    attendance_record,
    community_create,
    gathering_create,
    gathering_harvest,
    membership_approve,
    membership_invite,
    membership_join,
    post_create,
    post_hide,
    post_update,
    registration_create,
    resource_create,
    thread_create,
)

Kind, Scope, Governance = Community.Kind, Community.Scope, Community.Governance
Policy, Visibility = Community.Policy, Community.Visibility
Role, Format, RKind = Membership.Role, Gathering.Format, Resource.Kind
LKind, Knowledge = Learning.Kind, Learning.KnowledgeType
OrgKind, Sector = Organization.Kind, Organization.Sector

# The research chair that hosts the community of practice (seed 001); ecosystem.demo and
# initiatives.demo do not load it. (slug, name, acronym, kind, sector, territory codes)
ORGANIZATIONS = [
    (
        "chaire-evaluation-technologies-chum",
        "Chaire de recherche en évaluation des technologies et des pratiques de pointe du CHUM",
        "",
        OrgKind.RESEARCH,
        Sector.ACADEMIC,
        ["06"],
    ),
]

# The cast of ecosystem.demo and initiatives.demo.
KARIM, JOSEE, AMELIE = "karim@exemple.test", "josee@exemple.test", "amelie@exemple.test"
ROSALIE, FELIX = "rosalie@exemple.test", "felix@exemple.test"
MATHIEU, NATHALIE = "mathieu@exemple.test", "nathalie@exemple.test"

# More fictional partners and professionals, first names only (none is the name of a person
# the seeds mention).
PEOPLE = [
    ("lucie@exemple.test", "Lucie"),  # health partner, co-leads Expériences
    ("sylvie@exemple.test", "Sylvie"),  # caregiver partner, co-leads Expériences
    ("martin@exemple.test", "Martin"),  # partnership adviser in a CIUSSS
    ("chantal@exemple.test", "Chantal"),  # health promotion adviser
    ("hamid@exemple.test", "Hamid"),  # user partner
    ("yves@exemple.test", "Yves"),  # citizen partner in a village of the Bas-Saint-Laurent
    ("nadia@exemple.test", "Nadia"),  # researcher
    ("eric@exemple.test", "Éric"),  # citizen partner in Centre-Sud
    ("melanie@exemple.test", "Mélanie"),  # nurse at the GMF Notre-Dame
    ("patrice@exemple.test", "Patrice"),  # community organizer in the Laurentides
]
LUCIE, SYLVIE, MARTIN, CHANTAL, HAMID = (email for email, _ in PEOPLE[:5])
YVES, NADIA, ERIC, MELANIE, PATRICE = (email for email, _ in PEOPLE[5:])
CAST = {KARIM, JOSEE, AMELIE, ROSALIE, FELIX, MATHIEU, NATHALIE} | {email for email, _ in PEOPLE}

MPOC = "Trajectoires de soins en maladie pulmonaire obstructive chronique (MPOC)"
AIRE_OUVERTE = "Aire ouverte : des services intégrés pour et par les jeunes de 12 à 25 ans"

d = datetime.date


@dataclass(frozen=True)
class DemoHarvest:
    title: str
    statement: str
    kind: str
    knowledge_type: str
    transfer_conditions: str = ""
    initiative: str = ""  # an initiative's title, when the learning is about it (its team harvests it)
    by: str = ""  # the co-facilitator who harvests it, when not the one who scheduled the gathering


@dataclass(frozen=True)
class DemoGathering:
    title: str
    format: str
    by: str  # the co-facilitator who schedules it
    starts: datetime.datetime | None = None  # a past gathering, in local time
    in_days: int = 0  # an upcoming one: this many days from the day the demo is loaded...
    at: tuple[int, int] = (19, 0)  # ...at this local time
    minutes: int = 90
    place: str = ""
    link: str = ""
    agenda: str = ""
    notes: str = ""
    registered: list[str] = field(default_factory=list)
    attended: list[str] = field(default_factory=list)  # past gatherings only
    harvest: list[DemoHarvest] = field(default_factory=list)


@dataclass(frozen=True)
class DemoPost:
    author: str
    body: str
    edited: str = ""  # the text its author corrected it to
    hidden_by: str = ""
    hidden_reason: str = ""


@dataclass(frozen=True)
class DemoThread:
    title: str
    days_ago: int  # when it was opened, counted from the day the demo is loaded
    posts: list[DemoPost]  # the first one opens the thread; replies follow a few hours apart


@dataclass(frozen=True)
class DemoResource:
    title: str
    kind: str
    link: str
    description: str
    by: str
    themes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class DemoCommunity:
    name: str
    kind: str
    purpose: str
    scope: str
    governance: str
    founded: datetime.date  # its founder's membership starts on this day
    founder: str
    territories: list[str]
    themes: list[str]
    hosts: list[str] = field(default_factory=list)
    policy: str = Policy.ON_REQUEST
    visibility: str = Visibility.PUBLIC
    charter: str = DEFAULT_CHARTER
    members: list[tuple[str, str, datetime.date]] = field(default_factory=list)  # (e-mail, role, joined on)
    past: list[DemoGathering] = field(default_factory=list)
    threads: list[DemoThread] = field(default_factory=list)
    resources: list[DemoResource] = field(default_factory=list)
    upcoming: list[DemoGathering] = field(default_factory=list)
    requests: list[tuple[str, str]] = field(default_factory=list)  # (e-mail, message): waiting for approval
    approved: list[tuple[str, str]] = field(default_factory=list)  # (e-mail, approving co-facilitator)
    invitations: list[tuple[str, str]] = field(default_factory=list)  # (e-mail, inviting co-facilitator)


def local(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=timezone.get_default_timezone())


FORUM = DemoGathering(
    title="Forum provincial sur le partenariat en santé",
    format=Format.HYBRID,
    by=JOSEE,
    starts=local(2025, 4, 10, 8, 30),
    minutes=8 * 60,
    place=(
        "Deux sites : le Centre hospitalier de l'Université de Montréal (Montréal) et le CHU de Québec – "
        "Université Laval (Québec)"
    ),
    link="https://visio.exemple.test/forum-partenariat-2025",
    agenda=(
        "Co-organisé avec la communauté Expériences.\n\n"
        "- **8 h 30** : accueil et conférence d'ouverture, la place du partenariat dans le système de santé "
        "québécois\n"
        "- **Panels** : la contribution des partenaires dans les sphères stratégiques de la santé ; le partenariat "
        "pour un meilleur accès aux soins\n"
        "- **Bonnes pratiques** : quatre projets pilotes (arthroplastie, MPOC, Aire ouverte, hospitalisation à "
        "domicile)\n"
        "- **Après-midi** : comités des usagers et partenariat, des alliés ; atelier en sous-groupes sur les cinq "
        "recommandations de l'énoncé de position\n"
        "- **Réseautage** en présentiel et en ligne\n"
        "- **16 h** : conférence de clôture"
    ),
    notes=(
        "**325 personnes** ont participé, sur les deux sites et en ligne (des collègues de France se sont joints "
        "à nous) ; **92 %** recommanderaient l'événement.\n\n"
        "Ce que nous retenons :\n\n"
        "- réduire les hiérarchies : les prénoms et le tutoiement plutôt que les titres ;\n"
        "- former en amont les dirigeants et les équipes au partenariat ;\n"
        "- distinguer clairement la consultation de la coconstruction ;\n"
        "- un malaise persiste : « on ne sait pas trop quoi faire avec vous ».\n\n"
        "Les idées des ateliers enrichissent les cinq recommandations de l'énoncé de position. Le rapport "
        "complet est dans les ressources de la communauté."
    ),
    registered=[JOSEE, MARTIN, AMELIE, ROSALIE, CHANTAL, HAMID, NADIA],
    attended=[JOSEE, MARTIN, AMELIE, ROSALIE, CHANTAL, HAMID],
    harvest=[
        DemoHarvest(
            title="Les prénoms et le tutoiement réduisent les hiérarchies",
            statement=(
                "Au panel sur les sphères stratégiques, les partenaires en santé l'ont répété : là où l'on abandonne "
                "les titres au profit des prénoms et du tutoiement, professionnels et partenaires travaillent dans "
                "un véritable esprit de coconstruction."
            ),
            kind=LKind.SUCCESS_CONDITION,
            knowledge_type=Knowledge.EXPERIENTIAL,
            transfer_conditions=(
                "Un tour de table avec les prénoms seulement, proposé par l'animation dès la première rencontre."
            ),
        ),
        DemoHarvest(
            title="Former les équipes au partenariat avant d'accueillir des partenaires",
            statement=(
                "Le véritable enjeu n'est plus le « pourquoi », mais le « comment ». Les équipes formées au "
                "partenariat accueillent mieux l'expertise des partenaires en santé ; dans le projet MPOC, former et "
                "soutenir les partenaires a fait reconnaître leur légitimité dans l'équipe."
            ),
            kind=LKind.SUCCESS_CONDITION,
            knowledge_type=Knowledge.PRACTICAL,
            transfer_conditions=(
                "Une formation courte et commune aux gestionnaires et aux équipes, avant le début du projet."
            ),
            initiative=MPOC,
        ),
        DemoHarvest(
            title="Le jargon et le rythme des travaux tiennent les partenaires à l'écart",
            statement=(
                "Dans les grandes instances, la méconnaissance du rôle des partenaires, l'abondance de jargon et "
                "d'acronymes et le rythme soutenu des travaux laissent peu de temps pour s'adapter. Les partenaires "
                "y trouvent leur place, mais au prix de beaucoup d'efforts."
            ),
            kind=LKind.OBSTACLE,
            knowledge_type=Knowledge.EXPERIENTIAL,
        ),
        DemoHarvest(
            title="Présenter un projet à deux voix, partenaire et gestionnaire",
            statement=(
                "Aire ouverte a été présenté par un gestionnaire et un jeune partenaire en santé, ensemble. La salle "
                "a entendu à la fois ce que les comités de jeunes décident et ce que l'équipe a accepté de changer : "
                "le duo rend la gouvernance partagée visible."
            ),
            kind=LKind.SUCCESS_CONDITION,
            knowledge_type=Knowledge.PRACTICAL,
            initiative=AIRE_OUVERTE,
            by=ROSALIE,
        ),
    ],
)

COMMUNITIES = [
    # --- The two provincial communities that organized the Forum (seed 001) --------------------
    DemoCommunity(
        name="Expériences",
        kind=Kind.LEARNING_COMMUNITY,
        purpose=(
            "Une communauté d'apprentissage québécoise sur le partenariat en santé, autogérée par des partenaires "
            "en santé et liée à l'Unité de soutien au système de santé apprenant du Québec. Elle crée un espace de "
            "coconstruction du partenariat qui intègre les différentes réalités du Québec, tant du côté des personnes "
            "qui reçoivent des soins et des services que de celui des intervenants : c'est ensemble que nous pouvons "
            "devenir une voix cohésive, crédible et reconnue, et faire du partenariat un réel outil d'amélioration "
            "continue de la qualité."
        ),
        scope=Scope.PROVINCIAL,
        governance=Governance.SELF_MANAGED,
        founded=d(2017, 9, 12),
        founder=LUCIE,
        territories=["QC"],
        themes=["partenariat-patient", "recherche-innovation", "gouvernance-financement"],
        hosts=["unite-soutien-ssa"],
        charter=(
            "- **Prénoms et tutoiement.** Ici, on se présente par son prénom ; les titres restent à la porte.\n"
            "- **Autogestion.** La communauté est menée par des partenaires en santé ; on décide ensemble, en "
            "cercle.\n"
            "- **Toutes les réalités du Québec.** On fait de la place aux régions éloignées, aux jeunes, aux "
            "proches aidants, aux personnes de toutes origines.\n"
            "- **Confidentialité.** Ce qui est partagé ici reste ici ; on ne récolte un apprentissage qu'avec "
            "l'accord des personnes concernées, sans les nommer.\n"
            "- **Bienveillance.** On critique les idées, jamais les personnes.\n"
        ),
        members=[
            (SYLVIE, Role.CO_FACILITATOR, d(2017, 9, 12)),
            (AMELIE, Role.MEMBER, d(2018, 2, 6)),
            (YVES, Role.MEMBER, d(2019, 3, 19)),
            (JOSEE, Role.MEMBER, d(2019, 10, 1)),
            (HAMID, Role.MEMBER, d(2020, 5, 12)),
            (KARIM, Role.MEMBER, d(2021, 11, 2)),
            (ROSALIE, Role.MEMBER, d(2022, 4, 5)),
        ],
        threads=[
            DemoThread(
                title="Prénom ou rôle : comment te présentes-tu en comité ?",
                days_ago=41,
                posts=[
                    DemoPost(
                        LUCIE,
                        "Bonjour tout le monde ! La semaine dernière, en comité qualité, on m'a présentée comme « la "
                        "patiente ». Les autres avaient un prénom et un titre. Je me suis sentie à part.\n\n"
                        "Et toi, comment te présentes-tu quand tu arrives dans un nouveau comité ? Comment fais-tu "
                        "pour que tout le monde joue le jeu des prénoms ?",
                    ),
                    DemoPost(
                        AMELIE,
                        "Lucie, ça m'est arrivé aussi. Maintenant, je demande au début de la rencontre un tour de "
                        "table avec les prénoms seulement, et je le dis simplement : « Ici, je suis Amélie, proche "
                        "aidante depuis dix ans. » Ça change le ton tout de suite.",
                    ),
                    DemoPost(
                        KARIM,
                        "De mon côté, j'inscris le tour des prénoms à l'ordre du jour. Comme ça, ce n'est pas à la "
                        "personne partenaire de le demander : c'est à nous, les professionnels, de porter ça.",
                    ),
                    DemoPost(
                        SYLVIE,
                        "Bonne idée, Karim. On pourrait en faire une fiche pour la communauté : *trois façons "
                        "d'ouvrir une rencontre sans les titres*. Qui veut la rédiger avec moi ?",
                    ),
                    DemoPost(
                        JOSEE,
                        "Je suis partante, Sylvie. On a un déroulement d'ouverture en orthopédie qui marche bien, "
                        "je te le partage.",
                    ),
                ],
            ),
            DemoThread(
                title="Après le Forum : on s'attaque au statut des partenaires ?",
                days_ago=12,
                posts=[
                    DemoPost(
                        SYLVIE,
                        "Au Forum du 10 avril, une recommandation revenait dans tous les ateliers : **clarifier le "
                        "statut des partenaires** (patients, usagers, proches). Je propose qu'on en fasse notre "
                        "chantier de l'automne.\n\n"
                        "Pour commencer :\n\n"
                        "- qu'est-ce qui est flou pour toi aujourd'hui (compensation, assurances, accès aux "
                        "documents) ?\n"
                        "- qu'est-ce qui marche déjà dans ton établissement ?",
                    ),
                    DemoPost(
                        ROSALIE,
                        "Chez nous, la compensation du temps est claire depuis l'an passé. Ce qui coince, c'est "
                        "l'accès aux documents : on les reçoit souvent la veille de la rencontre.",
                    ),
                    DemoPost(
                        AMELIE,
                        "Pour moi, le plus flou, c'est l'assurance quand je me déplace pour un comité. Personne ne "
                        "sait me répondre.",
                    ),
                    DemoPost(
                        LUCIE,
                        "Merci à vous deux. Je note : compensation, assurances, délais d'envoi des documents. On en "
                        "parle au prochain cercle mensuel ?",
                    ),
                ],
            ),
        ],
        resources=[
            DemoResource(
                title="Cadre de référence de l'approche de partenariat entre les usagers, leurs proches et les acteurs "
                "en santé et en services sociaux",
                kind=RKind.GUIDE,
                link="https://publications.msss.gouv.qc.ca/msss/",
                description=(
                    "Le cadre de référence du ministère de la Santé et des Services sociaux (2018, document "
                    "18-727-01W), dans la section Publications de son site. La mise à jour du cadre est l'une des "
                    "recommandations du Forum."
                ),
                by=SYLVIE,
                themes=["partenariat-patient"],
            ),
        ],
        upcoming=[
            DemoGathering(
                title="Cercle mensuel : le statut des partenaires en santé",
                format=Format.VIRTUAL,
                by=LUCIE,
                in_days=13,
                at=(19, 0),
                link="https://visio.exemple.test/experiences-cercle-mensuel",
                agenda=(
                    "- Tour des prénoms\n"
                    "- Ce qui est flou : compensation, assurances, accès aux documents\n"
                    "- Qui rédige la fiche *trois façons d'ouvrir une rencontre sans les titres* ?"
                ),
                registered=[AMELIE, KARIM, SYLVIE],
            ),
        ],
        requests=[
            (NATHALIE, "Je travaille dans un CISSS et j'aimerais comprendre comment vous faites vivre le partenariat."),
        ],
    ),
    DemoCommunity(
        name="Expérience et partenariat de soins et de services avec les usagers",
        kind=Kind.PRACTICE,
        purpose=(
            "Une communauté de pratique formée par les organismes de santé et de services sociaux québécois à "
            "l'aube de la fusion des établissements, en 2014. Elle permet aux personnes engagées dans les processus "
            "d'engagement des usagers de mettre en commun leurs connaissances et leur expérience, afin d'évaluer et "
            "d'améliorer leurs pratiques. Les responsables du partenariat de chaque établissement y viennent avec "
            "leurs partenaires en santé, pour faire évoluer la pratique à tous les niveaux de gouvernance."
        ),
        scope=Scope.PROVINCIAL,
        governance=Governance.FACILITATED,
        founded=d(2014, 11, 18),
        founder=JOSEE,
        territories=["QC"],
        themes=["partenariat-patient", "pertinence-des-soins", "soins-integres"],
        hosts=["chaire-evaluation-technologies-chum"],
        members=[
            (MARTIN, Role.CO_FACILITATOR, d(2015, 1, 20)),
            (HAMID, Role.MEMBER, d(2016, 3, 8)),
            (CHANTAL, Role.MEMBER, d(2017, 5, 16)),
            (AMELIE, Role.MEMBER, d(2019, 1, 22)),
            (NADIA, Role.MEMBER, d(2020, 9, 15)),
            (ROSALIE, Role.CO_FACILITATOR, d(2021, 2, 9)),
        ],
        past=[FORUM],
        threads=[
            DemoThread(
                title="Retour sur le Forum du 10 avril : qu'est-ce que tu en retiens ?",
                days_ago=27,
                posts=[
                    DemoPost(
                        JOSEE,
                        "Bonjour à toutes et à tous ! Merci encore d'avoir porté le Forum avec nous : 325 personnes, "
                        "deux sites, des collègues jusqu'en France…\n\n"
                        "Qu'est-ce que tu en retiens pour ta pratique ? Une phrase, une idée, un malaise : tout est "
                        "bienvenu.",
                    ),
                    DemoPost(
                        AMELIE,
                        "Ce qui m'a frappée : « on ne sait pas trop quoi faire avec vous ». On l'a entendu dans "
                        "plusieurs ateliers. Il y a de la bonne volonté, mais il manque le comment.",
                    ),
                    DemoPost(
                        MARTIN,
                        "Même constat de mon côté. Les gestionnaires du panel disaient que la question n'est plus le "
                        "*pourquoi*, mais le *comment*. On pourrait outiller les équipes avec des exemples concrets "
                        "tirés des quatre projets pilotes.",
                    ),
                    DemoPost(
                        CHANTAL,
                        "Moi, je retiens surtout que le gestionnaire de mon ancien comité refuse encore d'inviter "
                        "des partenaires. Tout le monde sait de qui je parle, et franchement, c'est une honte.",
                        hidden_by=JOSEE,
                        hidden_reason=(
                            "Le message vise une personne reconnaissable ; notre charte demande de critiquer les "
                            "idées, jamais les personnes. Chantal, n'hésite pas à reformuler !"
                        ),
                    ),
                    DemoPost(
                        CHANTAL,
                        "Je reformule : dans certains comités, on hésite encore à inviter des partenaires. Est-ce "
                        "que quelqu'un a une façon douce d'ouvrir la porte ?",
                    ),
                    DemoPost(
                        ROSALIE,
                        "Chantal, les comités des usagers peuvent être de bons alliés pour ça : au Forum, on a vu "
                        "que défense des droits et coconstruction se complètent. On en reparle à la prochaine "
                        "rencontre ?",
                    ),
                ],
            ),
            DemoThread(
                title="Consultation ou coconstruction : où traces-tu la ligne ?",
                days_ago=8,
                posts=[
                    DemoPost(
                        MARTIN,
                        "On mélange souvent les deux. Pour moi, on consulte quand la décision est déjà à moitié "
                        "prise ; on coconstruit quand les partenaires choisissent avec nous la question à régler. "
                        "Et toi ?",
                    ),
                    DemoPost(
                        AMELIE,
                        "Je dirais que ça dépend du moment où on arrive.",
                        edited=(
                            "Je dirais que ça dépend du moment où on arrive dans le projet. Si on arrive à la fin, "
                            "c'est de la consultation, même si on l'appelle autrement. En hospitalisation à domicile, "
                            "on m'a invitée dès le démarrage : là, c'était de la coconstruction."
                        ),
                    ),
                    DemoPost(
                        NADIA,
                        "Bonne question, Martin. On pourrait essayer une grille toute simple : qui a choisi la "
                        "question, qui a choisi les solutions, qui a validé ? Si la réponse est toujours "
                        "« l'équipe », ce n'est pas de la coconstruction.",
                    ),
                ],
            ),
        ],
        resources=[
            DemoResource(
                title="Rapport et recommandations du Forum provincial sur le partenariat (2025)",
                kind=RKind.REPORT,
                link="https://ssaquebec.ca/",
                description=(
                    "Le rapport du comité organisateur (septembre 2025) : conférences, panels, les quatre projets "
                    "pilotes, l'atelier sur les cinq recommandations et la grille synthèse des enrichissements. "
                    "Diffusé en version électronique seulement, sous licence CC BY-NC."
                ),
                by=JOSEE,
                themes=["partenariat-patient", "acces-aux-soins"],
            ),
            DemoResource(
                title="Centre d'excellence sur le partenariat avec les patients et le public",
                kind=RKind.TOOL,
                link="https://ceppp.ca/",
                description="Formations, outils et recherches sur le partenariat avec les patients et le public.",
                by=MARTIN,
                themes=["partenariat-patient"],
            ),
        ],
        upcoming=[
            DemoGathering(
                title="Six mois après le Forum : où en sont les recommandations ?",
                format=Format.HYBRID,
                by=JOSEE,
                in_days=20,
                at=(13, 30),
                minutes=150,
                place="Centre hospitalier de l'Université de Montréal, salle de la communauté de pratique",
                link="https://visio.exemple.test/cop-partenariat",
                agenda=(
                    "1. Tour des prénoms\n"
                    "2. Chaque établissement présente une recommandation qu'il a fait avancer\n"
                    "3. Consultation ou coconstruction : essai de la grille proposée par Nadia\n"
                    "4. Récolte des apprentissages"
                ),
                registered=[AMELIE, MARTIN, CHANTAL],
            ),
        ],
        requests=[(KARIM, "J'aimerais apprendre de vos pratiques pour la communauté soignante du Centre-Sud.")],
    ),
    # --- The communauté soignante of Centre-Sud (seed 003) ---------------------------------------
    DemoCommunity(
        name="Comité local de pilotage de la communauté soignante du Centre-Sud",
        kind=Kind.COMMITTEE,
        purpose=(
            "Un comité local de pilotage, de co-création et de co-implantation : cliniciens, patients partenaires "
            "et citoyens partenaires y ajustent ensemble le modèle de la communauté soignante du Centre-Sud de "
            "Montréal, avec un plan ouvert et changeant, comme un laboratoire populaire d'intelligence collective."
        ),
        scope=Scope.LOCAL,
        governance=Governance.CO_FACILITATED,
        founded=d(2018, 9, 11),
        founder=KARIM,
        territories=["0611", "06CS"],
        themes=["isolement-social", "partenariat-patient", "soins-integres"],
        hosts=["ceppp", "cdc-centre-sud"],
        policy=Policy.INVITATION,
        members=[
            (AMELIE, Role.CO_FACILITATOR, d(2018, 9, 11)),
            (MELANIE, Role.MEMBER, d(2018, 9, 25)),
            (ERIC, Role.MEMBER, d(2018, 10, 9)),
            (PATRICE, Role.MEMBER, d(2018, 10, 9)),
        ],
        past=[
            DemoGathering(
                title="Bilan de 18 mois de collaboration au GMF Notre-Dame",
                format=Format.IN_PERSON,
                by=KARIM,
                starts=local(2018, 11, 20, 18, 0),
                minutes=120,
                place="Local de la CDC Centre-Sud, Montréal",
                agenda=(
                    "- Ce que 18 mois de collaboration entre cliniciens et patients partenaires nous ont appris\n"
                    "- Le rôle des citoyens partenaires\n"
                    "- La stratégie d'évaluation participative"
                ),
                notes=(
                    "Le comité constate que les citoyens partenaires font le pont avec les organismes du quartier. "
                    "Prochaine étape : mettre en place la stratégie d'évaluation participative (à quoi ressemble "
                    "une communauté soignante, quels facteurs influencent sa mise en œuvre, quels en sont les "
                    "effets)."
                ),
                registered=[KARIM, AMELIE, MELANIE, ERIC, PATRICE],
                attended=[KARIM, AMELIE, MELANIE, ERIC],
                harvest=[
                    DemoHarvest(
                        title="Les citoyens partenaires font le pont avec les organismes du quartier",
                        statement=(
                            "Les patients partenaires soutiennent la personne dans ses soins ; les citoyens "
                            "partenaires, eux, la relient aux organismes et aux voisins du quartier. Sans eux, "
                            "l'entraide s'arrête à la porte du GMF."
                        ),
                        kind=LKind.SUCCESS_CONDITION,
                        knowledge_type=Knowledge.EXPERIENTIAL,
                        transfer_conditions=(
                            "Des organismes communautaires actifs dans le quartier et prêts à accueillir."
                        ),
                    ),
                ],
            ),
        ],
        threads=[
            DemoThread(
                title="Accueillir les nouveaux citoyens partenaires",
                days_ago=5,
                posts=[
                    DemoPost(
                        KARIM,
                        "Bonjour l'équipe ! Trois nouveaux citoyens partenaires commencent le mois prochain. "
                        "Comment organise-t-on leur accueil ? L'an dernier, on les avait présentés à toute l'équipe "
                        "de soins en même temps, c'était un peu intimidant.",
                    ),
                    DemoPost(
                        AMELIE,
                        "Karim, je proposerais un jumelage : chaque nouvelle personne rencontre d'abord un patient "
                        "partenaire déjà en place, autour d'un café, avant de rencontrer l'équipe.",
                    ),
                    DemoPost(
                        ERIC,
                        "D'accord avec Amélie. Ce qui m'a aidé, moi, c'est de connaître les organismes du quartier "
                        "avant d'arriver au GMF. Je peux leur faire faire une marche du quartier.",
                    ),
                    DemoPost(
                        MELANIE,
                        "Côté clinique, on leur réserve un moment à la réunion d'équipe. Éric, ta marche du "
                        "quartier, c'est une super idée !",
                    ),
                ],
            ),
        ],
        resources=[
            DemoResource(
                title="Pourquoi une communauté soignante est une innovation sociale importante (JASP 2018)",
                kind=RKind.BOUNDARY_OBJECT,
                link="https://www.inspq.qc.ca/jasp",
                description=(
                    "La présentation du 5 décembre 2018 aux Journées annuelles de santé publique : les rôles des "
                    "cliniciens, patients et citoyens partenaires, et où en est la communauté soignante du "
                    "Centre-Sud. Dans la section Éditions précédentes du site des JASP."
                ),
                by=KARIM,
                themes=["isolement-social", "partenariat-patient"],
            ),
        ],
        upcoming=[
            DemoGathering(
                title="Comité de pilotage : le jumelage des nouveaux citoyens partenaires",
                format=Format.IN_PERSON,
                by=KARIM,
                in_days=9,
                at=(18, 0),
                minutes=120,
                place="Local de la CDC Centre-Sud, Montréal",
                agenda="- Le jumelage proposé par Amélie\n- La marche du quartier proposée par Éric",
                registered=[AMELIE, ERIC, MELANIE],
            ),
        ],
        invitations=[(NADIA, KARIM)],
    ),
    # --- Regional concertation tables rethought as co-learning spaces (seed 000) -----------------
    DemoCommunity(
        name="Table régionale en littératie en santé de la Capitale-Nationale",
        kind=Kind.CONCERTATION,
        purpose=(
            "Les milieux de l'éducation, de l'action communautaire, de la santé et des municipalités de la "
            "Capitale-Nationale coordonnent leurs actions pour améliorer la littératie en santé et contrer la "
            "désinformation, d'abord auprès des personnes qui ont le moins accès à l'information."
        ),
        scope=Scope.REGIONAL,
        governance=Governance.FACILITATED,
        founded=d(2021, 3, 23),
        founder=CHANTAL,
        territories=["03"],
        themes=["litteratie-en-sante", "promotion-prevention", "equite-determinants"],
        hosts=["ciusss-capitale-nationale"],
        members=[
            (JOSEE, Role.MEMBER, d(2021, 4, 13)),
            (MATHIEU, Role.MEMBER, d(2022, 1, 18)),
            (HAMID, Role.MEMBER, d(2023, 9, 12)),
        ],
        upcoming=[
            DemoGathering(
                title="Un lexique en langage clair, construit avec les participants",
                format=Format.IN_PERSON,
                by=CHANTAL,
                in_days=27,
                at=(9, 30),
                minutes=180,
                place="Bibliothèque de quartier, Limoilou, Québec",
                registered=[HAMID],
            ),
        ],
        approved=[(ROSALIE, CHANTAL)],
    ),
    DemoCommunity(
        name="Table de concertation en santé mentale du Bas-Saint-Laurent",
        kind=Kind.CONCERTATION,
        purpose=(
            "Intervenants, partenaires en santé et organismes du Bas-Saint-Laurent parlent ensemble de santé "
            "mentale, sans rapports de pouvoir : on partage ce qui marche et ce qui bloque, et on adapte nos "
            "pratiques aux réalités des villages éloignés."
        ),
        scope=Scope.REGIONAL,
        governance=Governance.CO_FACILITATED,
        founded=d(2019, 2, 5),
        founder=FELIX,
        territories=["01"],
        themes=["sante-mentale", "isolement-social"],
        hosts=["cisss-bas-saint-laurent"],
        policy=Policy.INVITATION,
        visibility=Visibility.MEMBERS,
        members=[
            (SYLVIE, Role.CO_FACILITATOR, d(2019, 2, 5)),
            (YVES, Role.MEMBER, d(2019, 6, 11)),
        ],
        threads=[
            DemoThread(
                title="Des cercles hybrides pour les villages éloignés ?",
                days_ago=19,
                posts=[
                    DemoPost(
                        FELIX,
                        "Plusieurs personnes de la Matapédia ne viennent plus aux rencontres à Rimouski : trop de "
                        "route l'hiver. On essaie une formule hybride depuis une salle municipale ?",
                    ),
                    DemoPost(
                        SYLVIE,
                        "Oui ! À condition que les personnes à distance aient vraiment la parole : on pourrait leur "
                        "donner le premier tour de table à chaque rencontre.",
                    ),
                    DemoPost(
                        YVES,
                        "Je vérifie si la salle municipale de mon village a une bonne connexion. Sinon, la "
                        "bibliothèque est équipée.",
                    ),
                ],
            ),
        ],
        upcoming=[
            DemoGathering(
                title="Cercle de co-apprentissage : rejoindre les villages éloignés",
                format=Format.HYBRID,
                by=FELIX,
                in_days=16,
                at=(13, 0),
                minutes=120,
                place="Salle municipale, Rimouski",
                link="https://visio.exemple.test/table-sante-mentale-bsl",
                registered=[SYLVIE, YVES],
            ),
        ],
        invitations=[(AMELIE, FELIX)],
    ),
    DemoCommunity(
        name="Table de concertation sur le vieillissement actif des Laurentides",
        kind=Kind.CONCERTATION,
        purpose=(
            "Aînés, proches aidants, municipalités, organismes et CLSC des Laurentides se donnent un lieu pour "
            "apprendre les uns des autres : briser l'isolement, rester actif, apprivoiser les services de santé "
            "en ligne."
        ),
        scope=Scope.REGIONAL,
        governance=Governance.FACILITATED,
        founded=d(2020, 10, 6),
        founder=NATHALIE,
        territories=["15"],
        themes=["vieillissement-actif", "isolement-social", "sante-numerique"],
        policy=Policy.OPEN,
        members=[
            (PATRICE, Role.CO_FACILITATOR, d(2020, 10, 6)),
            (ROSALIE, Role.MEMBER, d(2023, 2, 14)),
        ],
        upcoming=[
            DemoGathering(
                title="Les ateliers numériques pour aînés : ce qui marche ailleurs",
                format=Format.VIRTUAL,
                by=PATRICE,
                in_days=34,
                at=(10, 0),
                link="https://visio.exemple.test/table-vieillissement-laurentides",
                agenda="Invitée : Rosalie, qui accompagne les ateliers « Aînés branchés » à Longueuil.",
                registered=[ROSALIE],
            ),
        ],
    ),
]


def _joined(on: datetime.date) -> datetime.datetime:
    return local(on.year, on.month, on.day, 12)


def _ensure_members(community: Community, demo: DemoCommunity, people: dict[str, User], counts: dict) -> None:
    """The space's members since earlier years. Their dates are in the past, which the services
    (stamping "now") cannot write: the rows are made here under the same rules (an active
    membership has a joining date, once per person, validated)."""
    existing = set(community.memberships.values_list("user__email", flat=True))
    for email, role, joined_on in demo.members:
        if email in existing:
            continue
        membership = Membership(
            community=community,
            user=people[email],
            role=role,
            status=Membership.Status.ACTIVE,
            requested_at=_joined(joined_on),
            joined_at=_joined(joined_on),
        )
        membership.full_clean()
        membership.save()
        counts["memberships"] += 1


def _ensure_past_gathering(
    community: Community, demo: DemoGathering, people: dict[str, User], counts: dict
) -> Gathering:
    gathering = community.gatherings.filter(title=demo.title).first()
    by = people[demo.by]
    if gathering is None:
        # Scheduled before the members are added, as it was at the time: nobody is told today
        # about a gathering that is long over.
        gathering = gathering_create(
            community=community,
            by=by,
            title=demo.title,
            starts_at=demo.starts,
            ends_at=demo.starts + datetime.timedelta(minutes=demo.minutes),
            format=demo.format,
            place=demo.place,
            link=demo.link,
            agenda=demo.agenda,
            notes=demo.notes,
        )
        counts["gatherings"] += 1
    return gathering


def _ensure_attendance(gathering: Gathering, demo: DemoGathering, people: dict[str, User], counts: dict) -> None:
    """Registrations to a gathering that is over: ``registration_create`` closes them once it
    has ended, so they are written here, for active members only, as the service would have."""
    active = set(gathering.community.memberships.active().values_list("user__email", flat=True))
    registered = set(gathering.registrations.values_list("user__email", flat=True))
    for email in demo.registered:
        if email not in registered:
            if email not in active:
                raise RuntimeError(f"{email} registers for {gathering} without being an active member.")
            Registration.objects.create(gathering=gathering, user=people[email])
            counts["registrations"] += 1
    if gathering.registrations.filter(attended__isnull=True).exists():
        attendance_record(
            gathering=gathering, by=people[demo.by], attended_user_ids=[people[email].pk for email in demo.attended]
        )


def _ensure_harvest(gathering: Gathering, demo: DemoGathering, people: dict[str, User], counts: dict) -> None:
    harvested = set(Learning.objects.filter(harvest__gathering=gathering).values_list("title", flat=True))
    for item in demo.harvest:
        if item.title in harvested:
            continue
        by = people[item.by or demo.by]
        learning = gathering_harvest(
            gathering=gathering,
            by=by,
            title=item.title,
            statement=item.statement,
            kind=item.kind,
            knowledge_type=item.knowledge_type,
            transfer_conditions=item.transfer_conditions,
            initiative=Initiative.objects.get(title=item.initiative) if item.initiative else None,
        )
        learning_publish(learning=learning, by=by)
        counts["learnings"] += 1


def _ensure_threads(community: Community, demo: DemoCommunity, people: dict[str, User], counts: dict) -> None:
    existing = set(community.threads.values_list("title", flat=True))
    for item in demo.threads:
        if item.title in existing:
            continue
        opening, *replies = item.posts
        thread = thread_create(community=community, by=people[opening.author], title=item.title, body=opening.body)
        posts = [thread.posts.get()]
        for reply in replies:
            post = post_create(thread=thread, by=people[reply.author], body=reply.body)
            if reply.edited:
                post_update(post=post, by=people[reply.author], body=reply.edited)
            if reply.hidden_by:
                post_hide(post=post, by=people[reply.hidden_by], reason=reply.hidden_reason)
            posts.append(post)
        _date_thread(thread, posts, days_ago=item.days_ago)
        counts["threads"] += 1
        counts["posts"] += len(posts)


def _date_thread(thread: Thread, posts: list[Post], *, days_ago: int) -> None:
    """Spread a discussion over the days it took. The services date each message "now", so
    the dates are written here; corrections and hiding stay dated from when they were made,
    after the messages."""
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    moment = local(day.year, day.month, day.day, 9, 15)
    for post in posts:
        Post.objects.filter(pk=post.pk).update(created_at=min(moment, timezone.now()))
        moment += datetime.timedelta(hours=5, minutes=20)
    dates = Post.objects.filter(thread=thread).aggregate(first=Min("created_at"), last=Max("created_at"))
    Thread.objects.filter(pk=thread.pk).update(created_at=dates["first"], last_activity_at=dates["last"])


def _ensure_resources(community: Community, demo: DemoCommunity, people: dict[str, User], counts: dict) -> None:
    existing = set(community.resources.values_list("title", flat=True))
    for item in demo.resources:
        if item.title in existing:
            continue
        resource_create(
            community=community,
            by=people[item.by],
            title=item.title,
            kind=item.kind,
            description=item.description,
            link=item.link,
            themes=Theme.objects.filter(slug__in=item.themes),
        )
        counts["resources"] += 1


def _ensure_upcoming(community: Community, demo: DemoGathering, people: dict[str, User], counts: dict) -> None:
    if community.gatherings.filter(title=demo.title).exists():
        return
    day = timezone.localdate() + datetime.timedelta(days=demo.in_days)
    starts = local(day.year, day.month, day.day, *demo.at)
    gathering = gathering_create(
        community=community,
        by=people[demo.by],
        title=demo.title,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(minutes=demo.minutes),
        format=demo.format,
        place=demo.place,
        link=demo.link,
        agenda=demo.agenda,
    )
    counts["gatherings"] += 1
    for email in demo.registered:
        registration_create(gathering=gathering, by=people[email])
        counts["registrations"] += 1


def _ensure_recent_memberships(
    community: Community, demo: DemoCommunity, people: dict[str, User], counts: dict
) -> None:
    """What happened lately, through the services, so that co-facilitators and invited people
    find it waiting for them (and are told)."""
    existing = set(community.memberships.values_list("user__email", flat=True))
    for email, message in demo.requests:
        if email not in existing:
            membership_join(community=community, by=people[email], message=message)
            counts["memberships"] += 1
    for email, approver in demo.approved:
        if email not in existing:
            membership = membership_join(community=community, by=people[email])
            membership_approve(membership=membership, by=people[approver])
            counts["memberships"] += 1
    for email, inviter in demo.invitations:
        if email not in existing:
            membership_invite(community=community, by=people[inviter], user=people[email])
            counts["memberships"] += 1


def _ensure_community(demo: DemoCommunity, people: dict[str, User], counts: dict) -> None:
    community = Community.objects.filter(name=demo.name).first()
    if community is None:
        community = community_create(
            by=people[demo.founder],
            name=demo.name,
            kind=demo.kind,
            purpose=demo.purpose,
            scope=demo.scope,
            governance=demo.governance,
            founded_year=demo.founded.year,
            territories=Territory.objects.filter(code__in=demo.territories),
            themes=Theme.objects.filter(slug__in=demo.themes),
            host_organizations=Organization.objects.filter(slug__in=demo.hosts),
            membership_policy=demo.policy,
            visibility=demo.visibility,
            charter=demo.charter,
        )
        # The founder has co-facilitated since the space began, not since today (see
        # _ensure_members for why the date is written here).
        community.memberships.filter(user=people[demo.founder]).update(
            requested_at=_joined(demo.founded), joined_at=_joined(demo.founded)
        )
        counts["communities"] += 1
        counts["memberships"] += 1
    past = [_ensure_past_gathering(community, item, people, counts) for item in demo.past]
    _ensure_members(community, demo, people, counts)
    for gathering, item in zip(past, demo.past, strict=True):
        _ensure_attendance(gathering, item, people, counts)
        _ensure_harvest(gathering, item, people, counts)
    _ensure_threads(community, demo, people, counts)
    _ensure_resources(community, demo, people, counts)
    for item in demo.upcoming:
        _ensure_upcoming(community, item, people, counts)
    _ensure_recent_memberships(community, demo, people, counts)


def _demo_people(demo_password: str | None) -> tuple[dict[str, User], int]:
    created = 0
    for email, display_name in PEOPLE:
        _, is_new = user_ensure(email=email, display_name=display_name, password=demo_password)
        created += is_new
    people = {user.email: user for user in User.objects.filter(email__in=CAST)}
    missing = CAST - set(people)
    if missing:
        raise RuntimeError(
            f"Demo people missing ({', '.join(sorted(missing))}): run ecosystem.demo and initiatives.demo first."
        )
    return people, created


@transaction.atomic
def seed(*, demo_password: str | None = None) -> dict[str, int]:
    counts = dict.fromkeys(
        [
            "organizations",
            "people",
            "communities",
            "memberships",
            "gatherings",
            "registrations",
            "learnings",
            "threads",
            "posts",
            "resources",
        ],
        0,
    )
    for slug, name, acronym, kind, sector, codes in ORGANIZATIONS:
        _, created = organization_ensure(
            slug=slug, name=name, acronym=acronym, kind=kind, sector=sector, territory_codes=codes
        )
        counts["organizations"] += created
    people, counts["people"] = _demo_people(demo_password)
    for demo in COMMUNITIES:
        _ensure_community(demo, people, counts)
    return counts


# --- Generated volume for benchmarks (seed_demo --scale N) ----------------------------------

SCALE_SEED = 2014
BATCH_SIZE = 2000
UNITS_PER_COMMUNITY = 10  # N/10 spaces
UNITS_PER_PERSON = 5  # N/5 generated participants
POSTS_PER_THREAD = (1, 19)  # about ten on average: 10×N posts in N threads
# The demo space that also receives a share of the volume, so that a member's view of a busy
# space can be measured: many members, many threads, and one very long thread.
BUSY_SPACE = "Expériences"
BUSY_THREAD = "Présente-toi : qui es-tu, d'où viens-tu ?"

# (what the space is, its kind, scope)
SPACE_KINDS = [
    ("Communauté de pratique", Kind.PRACTICE, Scope.REGIONAL),
    ("Table de concertation", Kind.CONCERTATION, Scope.REGIONAL),
    ("Table locale de concertation", Kind.CONCERTATION, Scope.LOCAL),
    ("Laboratoire vivant", Kind.LIVING_LAB, Scope.LOCAL),
    ("Cercle d'apprentissage", Kind.LEARNING_CIRCLE, Scope.LOCAL),
    ("Communauté d'apprentissage", Kind.LEARNING_COMMUNITY, Scope.REGIONAL),
    ("Comité de pilotage", Kind.COMMITTEE, Scope.LOCAL),
]
PURPOSES = [
    "Partenaires en santé, intervenants et organismes du milieu mettent en commun ce qu'ils apprennent.",
    "Un espace sans rapports de pouvoir pour partager ce qui marche, ce qui bloque et ce qu'on essaie.",
    "On se soutient entre pairs et on transforme nos pratiques, à partir des savoirs de chacun.",
    "Des citoyens et des professionnels coconstruisent des solutions et les documentent pour les autres territoires.",
]
THREAD_TITLES = [
    "Comment accueillir les nouvelles personnes ?",
    "Ce qu'on retient de la dernière rencontre",
    "Des idées pour rejoindre les personnes isolées ?",
    "Le transport, encore et toujours",
    "Partage d'outils : qu'est-ce que tu utilises ?",
    "Préparer la prochaine rencontre",
    "Consultation ou coconstruction ?",
    "Comment reconnaître le temps des partenaires ?",
    "Un lexique en langage clair",
    "Retour sur l'atelier",
]
POST_BODIES = [
    "Merci pour ce partage, ça rejoint ce qu'on vit chez nous.",
    "Bonne idée ! On l'a essayé l'an passé et ça a bien marché, surtout en soirée.",
    "Chez nous, c'est le transport qui bloque : les personnes des villages voisins ne viennent pas.",
    "Je propose qu'on en parle à la prochaine rencontre, avec un tour de table.",
    "On pourrait faire une fiche d'une page en langage clair, relue par un partenaire.",
    "**Ce qui a marché** : accueillir chaque personne par son prénom et se souvenir d'elle.",
    "Je suis d'accord. Les sigles découragent les nouvelles personnes dès la première rencontre.",
    "Est-ce que quelqu'un a un gabarit de compte rendu à partager ?",
    "Les rencontres à l'école du quartier attirent plus de parents qu'au CLSC.",
    "Pour moi, la clé, c'est d'impliquer les partenaires dès le début, pas à la fin.",
    "Je peux m'en occuper avec deux autres personnes si vous voulez.",
    "- écouter ;\n- essayer petit ;\n- documenter ;\n- partager avec les territoires voisins.",
]
GATHERING_TITLES = [
    "Cercle mensuel",
    "Rencontre de bilan",
    "Atelier en sous-groupes",
    "Rencontre d'accueil des nouvelles personnes",
    "Récolte des apprentissages de la saison",
]
GATHERING_AGENDA = "- Tour des prénoms\n- Ce qui a marché, ce qui a bloqué\n- Récolte des apprentissages"
RESOURCE_TITLES = ["Guide d'accueil", "Gabarit de compte rendu", "Fiche en langage clair", "Lexique des sigles"]
HIDDEN_REASON = "Le message nommait une personne ; la charte demande de parler des situations, pas des personnes."


def _weighted(rng: random.Random, choices: list[tuple[str, int]]) -> str:
    return rng.choices([value for value, _ in choices], weights=[weight for _, weight in choices])[0]


def _bulk(model, rows: list) -> list:
    return model.objects.bulk_create(rows, batch_size=BATCH_SIZE)


def _insert(model, fields: list[str], rows: list[tuple]) -> int:
    """Write rows whose values are already what the columns hold (datetimes adapted with
    ``connection.ops.adapt_datetimefield_value``): with COPY on PostgreSQL, ``executemany``
    elsewhere. For 100,000 posts ``bulk_create`` spends most of its time preparing each value
    through the ORM, ten times longer. Returns how many rows were written."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)  # noqa: S608
    return len(rows)


def _generated_people(count: int) -> tuple[list[int], int]:
    """The ids of ``count`` fictional participants (reused when they exist). They have no
    password: nobody signs in as them."""
    emails = [f"participant-{number:05d}@exemple.test" for number in range(1, count + 1)]
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
    return list(User.objects.filter(email__in=emails).order_by("email").values_list("pk", flat=True)), len(new)


class _Volume:
    """The rows of ``seed_scale``, built in memory and then written table by table in bulk."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.now = timezone.now()
        self.rendered: dict[str, str] = {}
        # Memberships and posts are kept as column values, written with _insert.
        self.memberships: list[tuple] = []
        self.gatherings: list[Gathering] = []
        self.registrants: list[list[int]] = []  # who registers, for each gathering
        self.resources: list[Resource] = []
        self.threads: list[Thread] = []
        self.posts: list[list[tuple]] = []  # each thread's posts, oldest first
        self.moderator: dict[int, int] = {}  # space id → the co-facilitator who hides posts

    def html(self, text: str) -> str:
        if text not in self.rendered:
            self.rendered[text] = render_markdown(text)
        return self.rendered[text]

    def days_ago(self, days: int) -> datetime.datetime:
        return self.now - datetime.timedelta(days=days, minutes=self.rng.randrange(24 * 60))

    def members(self, space_id: int, user_ids: list[int], *, co_facilitators: int, always: list[int]) -> list[int]:
        """Memberships of a space: the first ``co_facilitators`` people co-facilitate; of the
        others, about one in ten waits for approval and a few have left, except the ``always``
        ones (demo people), who are active. Returns the active members' ids."""
        adapt = connection.ops.adapt_datetimefield_value
        active = []
        for position, user_id in enumerate(user_ids):
            joined = self.days_ago(self.rng.randint(30, 1500))
            status = Membership.Status.ACTIVE
            if position >= co_facilitators and user_id not in always:
                status = _weighted(self.rng, [("active", 85), ("pending", 10), ("left", 5)])
            self.memberships.append(
                (
                    space_id,
                    user_id,
                    Role.CO_FACILITATOR if position < co_facilitators else Role.MEMBER,
                    status,
                    "",
                    adapt(joined - datetime.timedelta(days=self.rng.randint(0, 14))),
                    None if status == Membership.Status.PENDING else adapt(joined),
                    adapt(joined + datetime.timedelta(days=20)) if status == Membership.Status.LEFT else None,
                    False,
                )
            )
            if status == Membership.Status.ACTIVE:
                active.append(user_id)
        return active

    def gathering(self, space_id: int, active: list[int], *, days_from_now: int) -> None:
        day = timezone.localtime(self.now) + datetime.timedelta(days=days_from_now)
        starts = day.replace(hour=self.rng.choice([9, 13, 18, 19]), minute=0, second=0, microsecond=0)
        form = self.rng.choice(Format.values)
        self.gatherings.append(
            Gathering(
                community_id=space_id,
                title=self.rng.choice(GATHERING_TITLES),
                starts_at=starts,
                ends_at=starts + datetime.timedelta(minutes=self.rng.choice([60, 90, 120, 180])),
                format=form,
                place="" if form == Format.VIRTUAL else "Salle communautaire",
                link="" if form == Format.IN_PERSON else f"https://visio.exemple.test/espace-{space_id}",
                agenda=GATHERING_AGENDA,
                agenda_html=self.html(GATHERING_AGENDA),
                created_by_id=self.moderator[space_id],
            )
        )
        self.registrants.append(self.rng.sample(active, min(len(active), self.rng.randint(2, 6))))

    def resource(self, space_id: int, active: list[int], number: int) -> None:
        self.resources.append(
            Resource(
                community_id=space_id,
                title=self.rng.choice(RESOURCE_TITLES),
                kind=self.rng.choice(RKind.values),
                description="Partagé par un membre de la communauté.",
                link=f"https://ressources.exemple.test/espace-{space_id}/{number}",
                added_by_id=self.rng.choice(active),
            )
        )

    def thread(self, space_id: int, active: list[int], *, posts: int, title: str) -> None:
        """A thread opened by an active member, with ``posts`` messages (the opening one
        included) by active members, dated in order over the last two years."""
        adapt = connection.ops.adapt_datetimefield_value
        opened = moment = self.days_ago(self.rng.randint(1, 730))
        author = self.rng.choice(active)
        messages = []
        for position in range(posts):
            body = self.rng.choice(POST_BODIES)
            hidden = position > 0 and self.rng.random() < 0.01
            messages.append(
                (
                    author if position == 0 else self.rng.choice(active),
                    body,
                    self.html(body),
                    adapt(moment),
                    adapt(moment + datetime.timedelta(hours=2)) if hidden else None,
                    self.moderator[space_id] if hidden else None,
                    HIDDEN_REASON if hidden else "",
                )
            )
            last = moment
            moment = min(moment + datetime.timedelta(minutes=self.rng.randint(5, 3000)), self.now)
        self.threads.append(
            Thread(community_id=space_id, title=title, author_id=author, created_at=opened, last_activity_at=last)
        )
        self.posts.append(messages)

    def write(self, counts: dict[str, int]) -> None:
        counts["memberships"] = _insert(
            Membership,
            ["community", "user", "role", "status", "message", "requested_at", "joined_at", "left_at", "weekly_digest"],
            self.memberships,
        )
        gatherings = _bulk(Gathering, self.gatherings)
        counts["gatherings"] = len(gatherings)
        registered_at = connection.ops.adapt_datetimefield_value(self.now)
        counts["registrations"] = _insert(
            Registration,
            ["gathering", "user", "registered_at", "attended"],
            [
                (
                    gathering.pk,
                    user_id,
                    registered_at,
                    self.rng.random() < 0.8 if gathering.ends_at < self.now else None,
                )
                for gathering, registrants in zip(gatherings, self.registrants, strict=True)
                for user_id in registrants
            ],
        )
        counts["resources"] = len(_bulk(Resource, self.resources))
        threads = _bulk(Thread, self.threads)
        counts["threads"] = len(threads)
        counts["posts"] = _insert(
            Post,
            ["thread", "author", "body", "body_html", "created_at", "hidden_at", "hidden_by", "hidden_reason"],
            [(thread.pk, *post) for thread, posts in zip(threads, self.posts, strict=True) for post in posts],
        )


def _busy_space_share(volume: _Volume, person_ids: list[int], count: int) -> None:
    """A share of the volume for the demo space "Expériences", if it is there: one generated
    person in four joins it, and it holds a hundredth of the threads plus one very long one."""
    busy = Community.objects.filter(name=BUSY_SPACE).first()
    if busy is None:
        return
    already = set(busy.memberships.values_list("user_id", flat=True))
    active = volume.members(busy.pk, [pk for pk in person_ids[::4] if pk not in already], co_facilitators=0, always=[])
    active += list(busy.memberships.active().values_list("user_id", flat=True))
    volume.moderator[busy.pk] = busy.memberships.active().co_facilitators().values_list("user_id", flat=True)[0]
    volume.thread(busy.pk, active, posts=max(count // 20, 10), title=BUSY_THREAD)
    for _ in range(max(count // 100, 1)):
        volume.thread(
            busy.pk, active, posts=volume.rng.randint(*POSTS_PER_THREAD), title=volume.rng.choice(THREAD_TITLES)
        )


@transaction.atomic
def seed_scale(*, count: int) -> dict[str, int]:
    """Add ``count``/10 generated spaces and about ``count`` threads holding about 10×``count``
    posts, in bulk.

    Like ``initiatives.demo.seed_scale``, this bypasses the services: benchmarks need the
    volume, not the workflow. The rows are still valid: unique slugs outside the reserved
    paths, rendered Markdown, one or two co-facilitators per space, active memberships with a
    joining date, gatherings that end after they start with the place or link their format
    asks for, registrations of active members, posts by active members, hidden posts with a
    reason. The demo people (Karim, Amélie, Josée…) are members of one generated space in
    fifty, and "Expériences" receives many members, threads and one very long thread, so that
    a member's view of a busy space is measured. No history rows are written; the PostgreSQL
    trigger fills the spaces' search vectors on insert.
    """
    counts = dict.fromkeys(
        ["people", "communities", "memberships", "gatherings", "registrations", "threads", "posts", "resources"], 0
    )
    if count <= 0:
        return counts
    rng = random.Random(SCALE_SEED + Community.objects.count())  # noqa: S311  (demo text, not secrets)
    person_ids, counts["people"] = _generated_people(max(count // UNITS_PER_PERSON, 20))
    cast = list(User.objects.filter(email__in=sorted(CAST)).order_by("email").values_list("pk", flat=True))
    regions = {territory.code: territory for territory in Territory.objects.regions()}
    local_territories: dict[str, list[Territory]] = {}
    for territory in Territory.objects.filter(parent__code__in=regions).exclude(kind=Territory.Kind.RSS):
        local_territories.setdefault(territory.parent.code, []).append(territory)
    themes = dict(Theme.objects.values_list("slug", "pk"))
    taken_slugs = set(Community.objects.values_list("slug", flat=True))
    charter_html = render_markdown(DEFAULT_CHARTER)

    spaces, plans = [], []
    for _ in range(max(count // UNITS_PER_COMMUNITY, 1)):
        label, kind, scope = rng.choice(SPACE_KINDS)
        focus, theme_slugs, _populations, _action = rng.choice(FOCUSES)
        code = rng.choice(list(regions))
        name = f"{label} {focus} {rng.choice(PLACES[code])}"
        slug = free_slug(name, model=Community, fallback="communaute", taken=taken_slugs)
        taken_slugs.add(slug)
        territory = regions[code]
        if scope == Scope.LOCAL and code in local_territories:
            territory = rng.choice(local_territories[code])
        spaces.append(
            Community(
                name=name,
                slug=slug,
                kind=kind,
                purpose=f"{name}. {rng.choice(PURPOSES)}",
                charter=DEFAULT_CHARTER,
                charter_html=charter_html,
                scope=scope,
                governance=rng.choice(Governance.values),
                founded_year=rng.randint(2012, timezone.localdate().year),
                membership_policy=_weighted(rng, [(Policy.OPEN, 30), (Policy.ON_REQUEST, 55), (Policy.INVITATION, 15)]),
                visibility=_weighted(rng, [(Visibility.PUBLIC, 90), (Visibility.MEMBERS, 10)]),
            )
        )
        plans.append((territory, theme_slugs))
    spaces = _bulk(Community, spaces)
    counts["communities"] = len(spaces)
    _bulk(
        Community.territories.through,
        [
            Community.territories.through(community_id=space.pk, territory_id=territory.pk)
            for space, (territory, _) in zip(spaces, plans, strict=True)
        ],
    )
    _bulk(
        Community.themes.through,
        [
            Community.themes.through(community_id=space.pk, theme_id=themes[slug])
            for space, (_, theme_slugs) in zip(spaces, plans, strict=True)
            for slug in theme_slugs
        ],
    )

    # About ten memberships each (a demo person in one space in fifty), three gatherings (two
    # past, one to come), a few resources and about ten threads.
    volume = _Volume(rng)
    threads_left = count
    for number, space in enumerate(spaces):
        demo_person = [cast[number % 50]] if number % 50 < len(cast) else []
        people = [pk for pk in rng.sample(person_ids, 10) if pk not in demo_person] + demo_person
        co_facilitators = rng.choice([1, 1, 2])
        active = volume.members(space.pk, people, co_facilitators=co_facilitators, always=demo_person)
        volume.moderator[space.pk] = people[0]
        for days_from_now in (-rng.randint(60, 400), -rng.randint(5, 59), rng.randint(3, 40)):
            volume.gathering(space.pk, active, days_from_now=days_from_now)
        for resource_number in range(rng.randint(1, 3)):
            volume.resource(space.pk, active, resource_number)
        for _ in range(min(threads_left, UNITS_PER_COMMUNITY)):
            volume.thread(space.pk, active, posts=rng.randint(*POSTS_PER_THREAD), title=rng.choice(THREAD_TITLES))
            threads_left -= 1
    _busy_space_share(volume, person_ids, count)
    volume.write(counts)
    return counts
