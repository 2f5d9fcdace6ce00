"""Demo health partners, in French: about sixty fictional people across the 18 regions, with
varied partner types, languages, consents and lived experience; a few governance bodies; their
engagements on the demo initiatives, co-learning spaces and bodies (the hospital-at-home
partner "impliquée dès le démarrage" at co-construction level among them); and open calls for
partners with applications. Organizations are the seeds'; people are fictional.

``seed()`` goes through the services, like people would: each partner gives their consents,
then writes their profile and, with that consent, their diversity answers; organizers record
engagements that partners confirm or decline, open calls, and answer applications. It is
idempotent: a person who already has a profile, an engagement that exists, a call found by its
title are left alone. Governance bodies are written on the model (staff set them up in the
admin; there is no service).
``seed_scale(count=N)`` adds, in bulk, N partners who consented to be contacted for calls (and
N/10 who did not), engagements, calls and the applications of one busy call, for benchmarks;
each call adds as many again.
"""

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from communities.models import Community
from ecosystem.consents import CONSENT_TEXTS
from ecosystem.models import Consent, Organization, Purpose, Territory, Theme, User
from ecosystem.services import consent_give, user_ensure
from initiatives.demo import FIRST_NAMES
from initiatives.models import Initiative

from .models import (
    Application,
    Call,
    Compensation,
    ContactChannel,
    DiversityAnswers,
    Engagement,
    GovernanceBody,
    GovernanceLevel,
    Language,
    Level,
    PartnerProfile,
    PartnerType,
    Sphere,
)
from .services import (
    application_accept,
    application_create,
    application_decline,
    application_withdraw,
    call_create,
    call_invite,
    diversity_answers_save,
    engagement_confirm,
    engagement_decline,
    engagement_record,
    partner_profile_save,
)

PAT, USR, CAR = PartnerType.PATIENT, PartnerType.SERVICE_USER, PartnerType.CAREGIVER
CIT, PEER, YOUTH = PartnerType.CITIZEN, PartnerType.PEER_HELPER, PartnerType.YOUTH
FR, EN, ES, AR, HT = Language.FRENCH, Language.ENGLISH, Language.SPANISH, Language.ARABIC, Language.HAITIAN_CREOLE
ZH, PT, VI, IU, CR = Language.MANDARIN, Language.PORTUGUESE, Language.VIETNAMESE, Language.INUKTITUT, Language.CREE
INNU, ATJ, LSQ = Language.INNU, Language.ATIKAMEKW, Language.SIGN_LSQ
WEB, MAIL, PHONE, MET = ContactChannel.PLATFORM, ContactChannel.EMAIL, ContactChannel.PHONE, ContactChannel.IN_PERSON
DIRECTORY, CONTACT, DIVERSITY = Purpose.DIRECTORY, Purpose.CONTACT, Purpose.DIVERSITY
LIVED = Purpose.LIVED_EXPERIENCE
INFO, CONSULT, COLLAB = Level.INFORMATION, Level.CONSULTATION, Level.COLLABORATION
COCON, COLEAD = Level.CO_CONSTRUCTION, Level.CO_LEADERSHIP
GOV, CARE, COMM, RESEARCH, TEACH = Sphere.GOVERNANCE, Sphere.CARE, Sphere.COMMUNITIES, Sphere.RESEARCH, Sphere.TEACHING
TEAM, ESTAB, TERR = GovernanceLevel.TEAM, GovernanceLevel.ESTABLISHMENT, GovernanceLevel.TERRITORIAL
REG, PROV = GovernanceLevel.REGIONAL, GovernanceLevel.PROVINCIAL
PAID, VOLUNTEER = Compensation.COMPENSATED, Compensation.VOLUNTEER
CONFIRMED, PROPOSED, DECLINED = "confirmed", "proposed", "declined"
PENDING, ACCEPTED, REFUSED, WITHDRAWN = "pending", "accepted", "declined", "withdrawn"

# The cast of ecosystem.demo, initiatives.demo and communities.demo.
KARIM, JOSEE, AMELIE = "karim@exemple.test", "josee@exemple.test", "amelie@exemple.test"
ROSALIE, FELIX, NATHALIE = "rosalie@exemple.test", "felix@exemple.test", "nathalie@exemple.test"
LUCIE, SYLVIE, MARTIN, CHANTAL = (
    "lucie@exemple.test",
    "sylvie@exemple.test",
    "martin@exemple.test",
    "chantal@exemple.test",
)
HAMID, YVES, ERIC, PATRICE = "hamid@exemple.test", "yves@exemple.test", "eric@exemple.test", "patrice@exemple.test"
ORGANIZERS = {KARIM, JOSEE, ROSALIE, FELIX, NATHALIE, SYLVIE, MARTIN, CHANTAL, PATRICE, LUCIE, AMELIE}

# What partners take part in: the demo initiatives, spaces and the bodies below.
HOSPITAL_AT_HOME = "Quand l'hôpital entre à la maison : hospitalisation à domicile"
ARTHROPLASTY = "Gestion optimisée de l'accès en arthroplastie du genou et de la hanche"
MPOC = "Trajectoires de soins en maladie pulmonaire obstructive chronique (MPOC)"
AIRE_OUVERTE = "Aire ouverte : des services intégrés pour et par les jeunes de 12 à 25 ans"
CARING_COMMUNITY = "Communauté soignante du Centre-Sud de Montréal"
FOOD_LAB = "Laboratoire vivant sur les systèmes alimentaires de Rimouski-Neigette"
SENIORS_ONLINE = "Aînés branchés : santé numérique et vieillissement actif à Longueuil"
LITERACY = "Coalition pour la littératie en santé à Québec-Nord"
MENTAL_HEALTH_CIRCLES = "Cercles de co-apprentissage en santé mentale du Bas-Saint-Laurent"
EXPERIENCES = "Expériences"
PRACTICE = "Expérience et partenariat de soins et de services avec les usagers"
CENTRE_SUD = "Comité local de pilotage de la communauté soignante du Centre-Sud"
LITERACY_TABLE = "Table régionale en littératie en santé de la Capitale-Nationale"
MENTAL_HEALTH_TABLE = "Table de concertation en santé mentale du Bas-Saint-Laurent"
AGEING_TABLE = "Table de concertation sur le vieillissement actif des Laurentides"
USERS_COMMITTEE = "Comité des usagers du CIUSSS du Centre-Sud-de-l'Île-de-Montréal"
BOARD = "Conseil d'administration du CISSS du Bas-Saint-Laurent"
REGIONAL_COMMITTEE = "Comité régional des partenaires en santé de la Capitale-Nationale"
PROVINCIAL_TABLE = "Table provinciale des partenaires en santé et services sociaux"

d = datetime.date


def in_initiative(title: str) -> tuple[str, str]:
    return ("initiative", title)


def in_space(name: str) -> tuple[str, str]:
    return ("community", name)


def in_body(name: str) -> tuple[str, str]:
    return ("governance_body", name)


# --- People --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoPartner:
    email: str
    name: str  # empty for the cast of the earlier apps, who exist already
    types: list[str]
    region: str  # RSS code
    languages: list[str]
    bio: str
    channels: list[str] = field(default_factory=lambda: [WEB])
    hours: int | None = None
    training: str = ""
    consents: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)  # experiential domains (with the lived-experience consent)
    words: str = ""
    # The nine diversity answers in DiversityAnswers.QUESTIONS order, space-separated ("-" for
    # unanswered, "declined" for prefer not to answer), with the diversity consent.
    diversity: str = ""


def ex(slug: str) -> str:
    return f"{slug}@exemple.test"


PARTNERS = [
    # --- The cast: partners already met in the initiatives and spaces -----------------------------
    DemoPartner(
        AMELIE,
        "",
        [PAT, CAR],
        "06",
        [FR, EN],
        "Je vis avec deux maladies chroniques et j'ai pris soin de mon conjoint pendant sept ans. Depuis 2018, je "
        "mets ce vécu au service des équipes : hospitalisation à domicile, comité de la communauté soignante du "
        "Centre-Sud. Ce qui me motive : qu'on nous invite au début, pas à la fin.",
        channels=[WEB, MAIL],
        hours=20,
        training="Formation « Patients partenaires » du CEPPP (2018) ; atelier sur la coconstruction (2023).",
        consents=[DIRECTORY, CONTACT, LIVED, DIVERSITY],
        themes=["maladies-chroniques", "soins-integres", "partenariat-patient"],
        words="Maladies chroniques ; proche aidante de mon conjoint",
        diversity="55_64 woman no no declined no middle no urban",
    ),
    DemoPartner(
        LUCIE,
        "",
        [PAT],
        "05",
        [FR],
        "Patiente partenaire depuis dix ans, je co-anime la communauté Expériences. J'aime créer des espaces où "
        "l'on peut dire ce qui ne marche pas sans avoir peur.",
        channels=[WEB, MAIL],
        hours=15,
        training="Microprogramme en partenariat patient, Université de Montréal (2017).",
        consents=[DIRECTORY, CONTACT, LIVED],
        themes=["partenariat-patient", "maladies-chroniques"],
        words="Diabète de type 1",
    ),
    DemoPartner(
        SYLVIE,
        "",
        [CAR, PEER],
        "01",
        [FR],
        "Proche aidante de mon fils, qui vit avec un trouble de santé mentale. Je co-anime la table du "
        "Bas-Saint-Laurent et je réponds volontiers aux parents qui commencent ce chemin.",
        channels=[WEB, PHONE],
        hours=10,
        consents=[DIRECTORY, CONTACT, LIVED, DIVERSITY],
        themes=["sante-mentale", "isolement-social"],
        words="Santé mentale ; proche aidante de mon fils",
        diversity="55_64 woman no no no no declined no rural",
    ),
    DemoPartner(
        HAMID,
        "",
        [USR],
        "03",
        [AR, FR, EN],
        "Usager du CLSC de Limoilou et bénévole en francisation. Je parle arabe, français et anglais ; je peux "
        "aider à rejoindre les familles nouvellement arrivées.",
        channels=[WEB, MET],
        hours=6,
        consents=[DIRECTORY, CONTACT, DIVERSITY],
        diversity="35_44 man no yes no no low no urban",
    ),
    DemoPartner(
        YVES,
        "",
        [CIT],
        "01",
        [FR],
        "Citoyen d'un village de la Matapédia, retraité de la voirie municipale. Je connais tout le monde et je "
        "sais où sont les bonnes connexions Internet.",
        channels=[PHONE],
        hours=4,
        consents=[CONTACT],
    ),
    DemoPartner(
        ERIC,
        "",
        [CIT],
        "06",
        [FR],
        "Citoyen partenaire de la communauté soignante du Centre-Sud. J'organise des marches du quartier pour "
        "présenter les organismes aux nouvelles personnes.",
        channels=[WEB, MET],
        hours=8,
        consents=[DIRECTORY, CONTACT, DIVERSITY],
        diversity="45_54 man no no no no declined declined urban",
    ),
    # --- Montréal and Laval: many take part in hospitalisation à domicile --------------------------
    DemoPartner(
        ex("ginette.l"),
        "Ginette L.",
        [PAT],
        "06",
        [FR],
        "Retraitée de l'enseignement. Je vis avec une MPOC et je connais trop bien les urgences. J'aime quand on "
        "me demande mon avis avant que tout soit décidé.",
        channels=[WEB, PHONE],
        hours=10,
        training="« Patient partenaire 101 », CEPPP (2021).",
        consents=[DIRECTORY, CONTACT, LIVED, DIVERSITY],
        themes=["maladies-chroniques", "soins-integres"],
        words="MPOC, plusieurs hospitalisations",
        diversity="65_74 woman no no no no middle no urban",
    ),
    DemoPartner(
        ex("robert.t"),
        "Robert T.",
        [CAR],
        "06",
        [EN, FR],
        "Caregiver for my wife since her stroke. West Island, bilingual. I want care at home to work for "
        "families like ours — and I have opinions about paperwork.",
        channels=[MAIL],
        hours=6,
        consents=[CONTACT, LIVED, DIVERSITY],
        themes=["soins-integres", "vieillissement-actif"],
        words="Proche aidant de ma conjointe après un AVC",
        diversity="75_plus man no no no no declined no urban",
    ),
    DemoPartner(
        ex("fatima.b"),
        "Fatima B.",
        [USR, CAR],
        "06",
        [AR, FR, EN],
        "Arrivée en 2021, maman de trois enfants dont un asthmatique. Je fais le pont entre les familles "
        "arabophones de Saint-Laurent et le CLSC.",
        channels=[WEB, MET],
        hours=8,
        training="Interprétariat communautaire (2019).",
        consents=[DIRECTORY, CONTACT, LIVED, DIVERSITY],
        themes=["acces-aux-soins", "equite-determinants"],
        words="Asthme de mon fils ; parcours de nouvelle arrivante",
        diversity="35_44 woman no yes no yes low no urban",
    ),
    DemoPartner(
        ex("denise.r"),
        "Denise R.",
        [CAR, PEER],
        "06",
        [FR],
        "Quinze ans de proche aidance auprès de ma mère. J'anime le comité des familles de l'hospitalisation à "
        "domicile avec l'équipe. Franc-parler garanti.",
        channels=[WEB, MAIL, PHONE],
        hours=25,
        training="Formation de pair aidante, Regroupement des aidants naturels (2016) ; animation de groupes (2022).",
        consents=[DIRECTORY, CONTACT, LIVED, DIVERSITY],
        themes=["soins-integres", "vieillissement-actif", "partenariat-patient"],
        words="Proche aidante de ma mère atteinte d'insuffisance cardiaque",
        diversity="55_64 woman no no no no middle no urban",
    ),
    DemoPartner(
        ex("marc-andre.p"),
        "Marc-André P.",
        [PAT],
        "06",
        [FR],
        "Ingénieur, greffé du rein en 2019. Les outils technologiques, je les teste volontiers… et je dis quand "
        "ils sont trop compliqués.",
        channels=[MAIL],
        hours=5,
        consents=[CONTACT, LIVED],
        themes=["sante-numerique", "maladies-chroniques"],
        words="Insuffisance rénale, greffe",
    ),
    DemoPartner(
        ex("thi-lan.n"),
        "Thi Lan N.",
        [CAR],
        "06",
        [VI, FR],
        "J'accompagne mon père, 82 ans, à tous ses rendez-vous. Je traduis pour lui et pour d'autres aînés de la "
        "communauté vietnamienne.",
        channels=[WEB, PHONE],
        hours=4,
        consents=[CONTACT, DIVERSITY],
        diversity="45_54 woman no yes no no declined no urban",
    ),
    DemoPartner(
        ex("carlos.m"),
        "Carlos M.",
        [PAT, USR],
        "06",
        [ES, FR, EN],
        "Vivo con diabetes desde hace veinte años. J'habite Parc-Extension et je voudrais que les services parlent "
        "aussi aux familles hispanophones.",
        channels=[WEB],
        hours=6,
        consents=[DIRECTORY, CONTACT, LIVED, DIVERSITY],
        themes=["maladies-chroniques", "autogestion"],
        words="Diabète de type 2",
        diversity="45_54 man declined yes no no middle no urban",
    ),
    DemoPartner(
        ex("nicole.g"),
        "Nicole G.",
        [CAR],
        "06",
        [FR],
        "Mon mari a été hospitalisé à domicile pendant trois semaines l'hiver dernier. J'ai des choses à dire sur "
        "la logistique, les horaires et la fatigue des familles.",
        channels=[PHONE],
        consents=[CONTACT, LIVED],
        themes=["soins-integres"],
        words="Proche aidante de mon conjoint",
    ),
    DemoPartner(
        ex("emmanuel.j"),
        "Emmanuel J.",
        [USR, CIT],
        "06",
        [HT, FR],
        "Préposé aux bénéficiaires à la retraite, citoyen de Montréal-Nord. Je parle créole et français ; je "
        "connais les deux côtés du lit.",
        channels=[WEB, MET],
        hours=8,
        consents=[DIRECTORY, CONTACT, DIVERSITY],
        diversity="65_74 man no yes no no declined no urban",
    ),
    DemoPartner(
        ex("samira.k"),
        "Samira K.",
        [PAT],
        "06",
        [AR, FR],
        "Je vis avec la sclérose en plaques. Je m'intéresse à l'accessibilité des soins à la maison et des "
        "rendez-vous en ligne.",
        channels=[WEB, MAIL],
        hours=4,
        consents=[CONTACT, LIVED, DIVERSITY],
        themes=["maladies-chroniques", "sante-numerique"],
        words="Sclérose en plaques",
        diversity="25_34 woman no yes yes no declined yes urban",
    ),
    DemoPartner(
        ex("paulette.v"),
        "Paulette V.",
        [PAT],
        "06",
        [FR],
        "87 ans et toute ma tête ! Hospitalisée à domicile en 2023. Appelez-moi, je n'aime pas les ordinateurs.",
        channels=[PHONE],
        consents=[CONTACT, DIVERSITY],
        diversity="75_plus woman no no declined no low yes urban",
    ),
    DemoPartner(
        ex("jonathan.b"),
        "Jonathan B.",
        [USR],
        "06",
        [LSQ, FR],
        "Personne sourde, usager des services en réadaptation. Je rappelle aux équipes de prévoir l'interprétation "
        "en LSQ dès l'invitation.",
        channels=[WEB, MAIL],
        hours=5,
        consents=[DIRECTORY, CONTACT, DIVERSITY],
        diversity="35_44 man no no yes no middle no urban",
    ),
    DemoPartner(
        ex("wei.z"),
        "Wei Z.",
        [CAR],
        "06",
        [ZH, EN, FR],
        "Proche aidante de ma belle-mère. Je travaille de jour : les rencontres en soirée me conviennent mieux.",
        channels=[MAIL],
        hours=3,
        consents=[CONTACT],
    ),
    DemoPartner(
        ex("ana.s"),
        "Ana S.",
        [PAT],
        "06",
        [PT, FR, EN],
        "Opérée du cœur en 2022. Je m'intéresse au retour à la maison après l'hôpital et à l'information donnée "
        "aux familles.",
        channels=[WEB],
        consents=[DIRECTORY, CONTACT, LIVED],
        themes=["soins-integres"],
        words="Chirurgie cardiaque",
    ),
    DemoPartner(
        ex("bernard.h"),
        "Bernard H.",
        [CIT],
        "06",
        [FR],
        "Conseiller de quartier à la retraite. Je siège au comité des usagers et je lis les procès-verbaux jusqu'au "
        "bout.",
        channels=[MAIL, PHONE],
        hours=12,
        training="Formation des membres des comités des usagers, RPCU (2020).",
        consents=[DIRECTORY, CONTACT],
    ),
    DemoPartner(
        ex("micheline.c"),
        "Micheline C.",
        [CAR],
        "13",
        [FR],
        "Proche aidante de mon frère, qui vit avec une déficience intellectuelle. Lavalloise depuis toujours.",
        channels=[PHONE],
        hours=4,
        consents=[CONTACT, LIVED, DIVERSITY],
        themes=["soins-integres", "equite-determinants"],
        words="Proche aidante de mon frère",
        diversity="65_74 woman declined declined declined declined declined declined urban",
    ),
    DemoPartner(
        ex("gerard.f"),
        "Gérard F.",
        [PAT],
        "13",
        [FR],
        "Insuffisant cardiaque, je connais l'hôpital de Laval par cœur (c'est le cas de le dire).",
        channels=[WEB, PHONE],
        hours=6,
        consents=[DIRECTORY, CONTACT, LIVED, DIVERSITY],
        themes=["maladies-chroniques"],
        words="Insuffisance cardiaque",
        diversity="75_plus man no no no no middle no urban",
    ),
    DemoPartner(
        ex("yasmina.a"),
        "Yasmina A.",
        [YOUTH, USR],
        "13",
        [FR, AR],
        "Étudiante en travail social, 21 ans. J'ai fréquenté les services jeunesse et je veux qu'ils ressemblent "
        "davantage aux jeunes.",
        channels=[WEB, MAIL],
        hours=8,
        consents=[DIRECTORY, CONTACT, DIVERSITY],
        diversity="18_24 woman no yes no no declined no urban",
    ),
    # --- Capitale-Nationale and Chaudière-Appalaches ------------------------------------------------
    DemoPartner(
        ex("jean-marc.d"),
        "Jean-Marc D.",
        [PAT],
        "03",
        [FR],
        "Opéré de la hanche en 2023 après dix-huit mois d'attente. Pas à l'aise avec l'ordinateur : appelez-moi "
        "plutôt.",
        channels=[PHONE],
        hours=4,
        consents=[CONTACT, LIVED],
        themes=["pertinence-des-soins", "acces-aux-soins"],
        words="Arthroplastie de la hanche",
    ),
    DemoPartner(
        ex("lise.m"),
        "Lise M.",
        [PAT],
        "03",
        [FR],
        "Deux prothèses de genou, beaucoup d'attente et autant de questions. J'ai aidé l'équipe d'orthopédie à "
        "repérer les moments où l'anxiété monte.",
        channels=[WEB, PHONE],
        hours=6,
        training="Formation « Patient partenaire » du CHU de Québec (2023).",
        consents=[DIRECTORY, CONTACT, LIVED, DIVERSITY],
        themes=["pertinence-des-soins", "litteratie-en-sante"],
        words="Arthroplastie des deux genoux",
        diversity="65_74 woman no no no no middle no urban",
    ),
    DemoPartner(
        ex("raymond.b"),
        "Raymond B.",
        [PAT],
        "03",
        [FR],
        "MPOC depuis 2015, ancien fumeur, marcheur convaincu. Je parle volontiers aux groupes de ce qui m'a aidé à "
        "retrouver mon souffle.",
        channels=[PHONE, MET],
        hours=6,
        consents=[CONTACT, LIVED, DIVERSITY],
        themes=["maladies-chroniques", "autogestion"],
        words="MPOC",
        diversity="65_74 man no no no no low no urban",
    ),
    DemoPartner(
        ex("catherine.o"),
        "Catherine O.",
        [CAR],
        "03",
        [FR, EN],
        "Proche aidante de mon père atteint de MPOC, infirmière dans une autre vie. Je fais le lien entre le "
        "langage de l'équipe et celui des familles.",
        channels=[WEB, MAIL],
        hours=8,
        consents=[DIRECTORY, CONTACT, LIVED],
        themes=["maladies-chroniques", "soins-integres"],
        words="Proche aidante de mon père (MPOC)",
    ),
    DemoPartner(
        ex("pierre-luc.g"),
        "Pierre-Luc G.",
        [CIT],
        "03",
        [FR],
        "Bibliothécaire à Limoilou. La désinformation en santé m'inquiète ; les ateliers en langage clair, j'y crois.",
        channels=[WEB, MAIL],
        hours=4,
        consents=[DIRECTORY, CONTACT, DIVERSITY],
        diversity="35_44 man no no no no middle no urban",
    ),
    DemoPartner(
        ex("josiane.t"),
        "Josiane T.",
        [USR],
        "03",
        [FR],
        "Usagère des services en santé mentale, je siège au comité régional depuis 2022. Je parle de mon parcours "
        "quand ça peut aider.",
        channels=[WEB],
        hours=10,
        training="Formation en savoir expérientiel, Pairs Aidants Réseau (2021).",
        consents=[CONTACT, LIVED, DIVERSITY],
        themes=["sante-mentale"],
        words="Santé mentale (trouble anxieux)",
        diversity="25_34 declined declined declined declined declined declined declined urban",
    ),
    DemoPartner(
        ex("stephanie.r"),
        "Stéphanie R.",
        [CAR, CIT],
        "03",
        [FR],
        "Maman d'un enfant autiste et conseillère municipale à Québec. Je connais les comités… et leurs sigles.",
        channels=[MAIL],
        hours=6,
        consents=[DIRECTORY, CONTACT],
    ),
    DemoPartner(
        ex("gaetan.l"),
        "Gaétan L.",
        [PAT],
        "12",
        [FR],
        "Agriculteur à Saint-Georges, je vis avec une MPOC. Les rendez-vous à Québec, c'est deux heures de route : "
        "parlons-en.",
        channels=[PHONE],
        hours=3,
        consents=[CONTACT, LIVED, DIVERSITY],
        themes=["maladies-chroniques", "acces-aux-soins"],
        words="MPOC ; vie en milieu rural",
        diversity="55_64 man no no no no declined no rural",
    ),
    DemoPartner(
        ex("huguette.b"),
        "Huguette B.",
        [CAR],
        "12",
        [FR],
        "Proche aidante de mon mari depuis son Alzheimer. Je participe aux cafés des aidants de Montmagny.",
        channels=[PHONE, MET],
        consents=[CONTACT],
    ),
    # --- Montérégie: Aire ouverte and Aînés branchés -----------------------------------------------
    DemoPartner(
        ex("maelle.d"),
        "Maëlle D.",
        [YOUTH],
        "16",
        [FR, EN],
        "19 ans, au cégep en sciences humaines. Je siège au comité jeunesse d'Aire ouverte depuis deux ans : on "
        "a changé les heures d'ouverture !",
        channels=[WEB],
        hours=8,
        training="Formation à la participation citoyenne des jeunes (2023).",
        consents=[DIRECTORY, CONTACT, DIVERSITY],
        diversity="18_24 woman no no no no declined no urban",
    ),
    DemoPartner(
        ex("kevin.p"),
        "Kevin P.",
        [YOUTH, PEER],
        "16",
        [FR, HT],
        "22 ans. Pair aidant chez Aire ouverte : j'accueille les jeunes qui viennent pour la première fois, "
        "parce que je me souviens de la mienne.",
        channels=[WEB, MET],
        hours=10,
        training="Formation de pair aidant jeunesse (2024).",
        consents=[DIRECTORY, CONTACT, LIVED, DIVERSITY],
        themes=["sante-mentale"],
        words="Santé mentale, parcours jeunesse",
        diversity="18_24 man no yes no no low no urban",
    ),
    DemoPartner(
        ex("valentina.r"),
        "Valentina R.",
        [YOUTH],
        "16",
        [ES, FR],
        "Llegué de Colombia en 2022. Je veux que les jeunes nouvellement arrivés sachent qu'Aire ouverte existe.",
        channels=[WEB],
        hours=5,
        consents=[CONTACT, DIVERSITY],
        diversity="18_24 woman no yes no yes declined no urban",
    ),
    DemoPartner(
        ex("alexandre.m"),
        "Alexandre M.",
        [YOUTH],
        "16",
        [FR],
        "17 ans, secondaire 5. Mes amis et moi, on a des idées pour l'aménagement du local.",
        channels=[WEB],
        hours=4,
        consents=[CONTACT],
    ),
    DemoPartner(
        ex("therese.b"),
        "Thérèse B.",
        [CIT],
        "16",
        [FR],
        "Aînée branchée depuis 2023 ! J'ai appris la tablette aux ateliers et maintenant j'aide les autres.",
        channels=[PHONE, MET],
        hours=6,
        consents=[DIRECTORY, CONTACT, DIVERSITY],
        diversity="75_plus woman no no no no low declined urban",
    ),
    DemoPartner(
        ex("andre.l"),
        "André L.",
        [CIT, CAR],
        "16",
        [FR],
        "Retraité à Saint-Hyacinthe, proche aidant de ma voisine. Je crois aux ateliers numériques… s'ils sont "
        "donnés lentement.",
        channels=[PHONE],
        hours=4,
        consents=[CONTACT, LIVED],
        themes=["vieillissement-actif", "sante-numerique"],
        words="Proche aidant d'une voisine âgée",
    ),
    # --- The regions ---------------------------------------------------------------------------------
    DemoPartner(
        ex("claudette.s"),
        "Claudette S.",
        [CIT],
        "01",
        [FR],
        "Jardinière et bénévole à la popote roulante de Rimouski. Le laboratoire vivant, c'est ma façon de nourrir "
        "le monde autrement.",
        channels=[WEB, PHONE],
        hours=6,
        consents=[DIRECTORY, CONTACT, DIVERSITY],
        diversity="65_74 woman no no no no middle no rural",
    ),
    DemoPartner(
        ex("normand.g"),
        "Normand G.",
        [PEER, USR],
        "01",
        [FR],
        "Pair aidant en santé mentale à Amqui. J'ai connu la dépression ; j'en parle pour que d'autres n'attendent "
        "pas aussi longtemps que moi.",
        channels=[PHONE, MET],
        hours=10,
        training="Programme québécois Pairs Aidants Réseau (2019).",
        consents=[CONTACT, LIVED, DIVERSITY],
        themes=["sante-mentale", "isolement-social"],
        words="Santé mentale (dépression), pair aidant",
        diversity="55_64 man no no declined no low no rural",
    ),
    DemoPartner(
        ex("mireille.o"),
        "Mireille O.",
        [CAR],
        "01",
        [FR],
        "Proche aidante de ma sœur, à Rivière-du-Loup. Les rencontres hybrides, c'est ce qui me permet de "
        "participer l'hiver.",
        channels=[WEB],
        consents=[CONTACT, LIVED],
        themes=["sante-mentale"],
        words="Proche aidante de ma sœur",
    ),
    DemoPartner(
        ex("doris.t"),
        "Doris T.",
        [PAT],
        "02",
        [FR],
        "Je vis avec le diabète et l'arthrite. Au Lac-Saint-Jean, on apprend à se débrouiller ; j'aimerais que "
        "l'autogestion soit mieux soutenue.",
        channels=[PHONE],
        hours=4,
        consents=[CONTACT, LIVED, DIVERSITY],
        themes=["maladies-chroniques", "autogestion"],
        words="Diabète, arthrite",
        diversity="65_74 woman no no yes no low no rural",
    ),
    DemoPartner(
        ex("steeve.b"),
        "Steeve B.",
        [USR],
        "02",
        [FR],
        "Travailleur forestier, usager des services de réadaptation après un accident. Disponible surtout l'été.",
        channels=[PHONE],
        hours=2,
        consents=[CONTACT],
    ),
    DemoPartner(
        ex("carole.p"),
        "Carole P.",
        [CAR],
        "04",
        [FR],
        "Proche aidante de mon conjoint atteint de Parkinson, à Trois-Rivières. J'anime un petit groupe d'entraide.",
        channels=[WEB, PHONE],
        hours=6,
        consents=[DIRECTORY, CONTACT, LIVED],
        themes=["maladies-chroniques", "isolement-social"],
        words="Proche aidante de mon conjoint (Parkinson)",
    ),
    DemoPartner(
        ex("sipi.o"),
        "Sipi O.",
        [CIT, USR],
        "04",
        [ATJ, FR],
        "Atikamekw de Wemotaci. Je parle atikamekw et français ; la sécurisation culturelle dans les soins, ça "
        "me tient à cœur.",
        channels=[PHONE, MET],
        hours=4,
        consents=[CONTACT, DIVERSITY],
        diversity="35_44 man yes no no no declined no rural",
    ),
    DemoPartner(
        ex("helene.v"),
        "Hélène V.",
        [PAT],
        "05",
        [FR],
        "Survivante d'un cancer du sein, à Sherbrooke. Je lis les dépliants avant tout le monde : s'ils sont "
        "clairs pour moi, ils le seront pour d'autres.",
        channels=[MAIL],
        hours=5,
        consents=[DIRECTORY, CONTACT, LIVED],
        themes=["litteratie-en-sante"],
        words="Cancer du sein",
    ),
    DemoPartner(
        ex("sarah.w"),
        "Sarah W.",
        [CAR],
        "05",
        [EN, FR],
        "Mother of a teenager with type 1 diabetes, Lennoxville. Happy to help English-speaking families find their "
        "way in the network.",
        channels=[MAIL],
        hours=3,
        consents=[CONTACT],
    ),
    DemoPartner(
        ex("melissa.c"),
        "Melissa C.",
        [USR, PEER],
        "07",
        [EN, FR],
        "Paire aidante en dépendances à Gatineau, bilingue. Je sais combien le premier appel est difficile.",
        channels=[WEB, MAIL],
        hours=8,
        training="Formation en intervention par les pairs (2020).",
        consents=[DIRECTORY, CONTACT, LIVED, DIVERSITY],
        themes=["sante-mentale"],
        words="Dépendances, rétablissement",
        diversity="35_44 woman declined no no no declined no urban",
    ),
    DemoPartner(
        ex("richard.l"),
        "Richard L.",
        [PAT],
        "08",
        [FR],
        "Mineur à la retraite à Val-d'Or. Problèmes pulmonaires, beaucoup de route pour voir un spécialiste.",
        channels=[PHONE],
        consents=[CONTACT, LIVED],
        themes=["maladies-chroniques", "acces-aux-soins"],
        words="Maladie pulmonaire professionnelle",
    ),
    DemoPartner(
        ex("annie.g"),
        "Annie G.",
        [PEER, CAR],
        "08",
        [FR],
        "Paire aidante en santé mentale à Rouyn-Noranda, maman de deux ados. J'aime les projets qui partent du "
        "terrain.",
        channels=[WEB, PHONE],
        hours=6,
        consents=[DIRECTORY, CONTACT, DIVERSITY],
        diversity="45_54 woman no no no no middle no rural",
    ),
    DemoPartner(
        ex("marie-paule.f"),
        "Marie-Paule F.",
        [USR, CIT],
        "09",
        [INNU, FR],
        "Innue de Uashat, je travaille au centre de santé de la communauté. J'aide les équipes à comprendre nos "
        "réalités.",
        channels=[PHONE, MET],
        hours=4,
        consents=[CONTACT, DIVERSITY],
        diversity="declined woman yes no no no declined no rural",
    ),
    DemoPartner(
        ex("danielle.b"),
        "Danielle B.",
        [CAR],
        "10",
        [FR],
        "Proche aidante à Chibougamau. Ici, les services sont loin ; les rencontres en ligne me permettent d'y être.",
        channels=[WEB],
        consents=[CONTACT],
    ),
    DemoPartner(
        ex("rejean.a"),
        "Réjean A.",
        [PAT],
        "11",
        [FR],
        "Pêcheur retraité aux Îles-de-la-Madeleine, dialysé trois fois par semaine. Le transport, c'est tout un sujet.",
        channels=[PHONE],
        hours=2,
        consents=[CONTACT, LIVED, DIVERSITY],
        themes=["maladies-chroniques", "acces-aux-soins"],
        words="Insuffisance rénale, dialyse",
        diversity="65_74 man no no no no low no rural",
    ),
    DemoPartner(
        ex("odette.c"),
        "Odette C.",
        [CIT],
        "11",
        [FR],
        "Bénévole au centre d'action bénévole de Gaspé. Je connais les aînés qui vivent seuls dans les rangs.",
        channels=[PHONE, MET],
        hours=4,
        consents=[DIRECTORY],
    ),
    DemoPartner(
        ex("sonia.d"),
        "Sonia D.",
        [CAR, PAT],
        "14",
        [FR],
        "Je vis avec la fibromyalgie et je prends soin de ma mère. À Joliette, je fais partie du comité des usagers.",
        channels=[WEB, PHONE],
        hours=5,
        consents=[CONTACT, LIVED],
        themes=["maladies-chroniques"],
        words="Fibromyalgie ; proche aidante de ma mère",
    ),
    DemoPartner(
        ex("lorraine.m"),
        "Lorraine M.",
        [CIT],
        "15",
        [FR],
        "Retraitée à Mont-Laurier, membre du club de marche. Le vieillissement actif, je le pratique !",
        channels=[PHONE],
        hours=4,
        consents=[CONTACT, DIVERSITY],
        diversity="65_74 woman no no no no middle no rural",
    ),
    DemoPartner(
        ex("benoit.r"),
        "Benoît R.",
        [CAR],
        "15",
        [FR],
        "Proche aidant de mon père à Saint-Jérôme. Je trouve qu'on parle beaucoup d'isolement ; j'aimerais qu'on "
        "agisse.",
        channels=[MAIL],
        consents=[CONTACT, LIVED],
        themes=["isolement-social", "vieillissement-actif"],
        words="Proche aidant de mon père",
    ),
    DemoPartner(
        ex("lucy.a"),
        "Lucy A.",
        [USR, CIT],
        "17",
        [IU, EN],
        "Inuk from Kuujjuaq. I help families who travel south for care. Inuktitut and English.",
        channels=[PHONE, MET],
        hours=4,
        consents=[CONTACT, DIVERSITY],
        diversity="45_54 woman yes no no no declined no rural",
    ),
    DemoPartner(
        ex("daniel.m"),
        "Daniel M.",
        [CIT],
        "18",
        [CR, EN, FR],
        "Cri de Mistissini. Je parle cri, anglais et un peu de français ; je m'intéresse à la santé des jeunes et "
        "à l'alimentation traditionnelle.",
        channels=[PHONE],
        hours=3,
        consents=[CONTACT, DIVERSITY],
        diversity="declined man yes no no no declined no rural",
    ),
    DemoPartner(
        ex("francine.d"),
        "Francine D.",
        [PAT],
        "14",
        [FR],
        "Je préfère ne pas trop en dire ici. Disponible pour des consultations ponctuelles.",
        channels=[WEB],
    ),
]


# --- Governance bodies ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoBody:
    name: str
    organization: str
    governance_level: str
    territory: str
    organizers: list[str]
    description: str


BODIES = [
    DemoBody(
        USERS_COMMITTEE,
        "ciusss-centre-sud",
        ESTAB,
        "06",
        [MARTIN, KARIM],
        "Le comité des usagers défend les droits des usagers et veille à la qualité des services de "
        "l'établissement. Il se réunit une fois par mois et accueille des partenaires en santé comme membres.",
    ),
    DemoBody(
        BOARD,
        "cisss-bas-saint-laurent",
        ESTAB,
        "01",
        [NATHALIE, FELIX],
        "Le conseil d'administration de l'établissement compte un siège pour une personne issue du comité des "
        "usagers ; des partenaires en santé y présentent le point de vue des usagers sur les grandes décisions.",
    ),
    DemoBody(
        REGIONAL_COMMITTEE,
        "ciusss-capitale-nationale",
        REG,
        "03",
        [CHANTAL, JOSEE],
        "Patients, proches et citoyens partenaires de la région conseillent la direction sur les projets "
        "régionaux : accès aux soins, littératie en santé, santé mentale.",
    ),
    DemoBody(
        PROVINCIAL_TABLE,
        "msss",
        PROV,
        "QC",
        [JOSEE],
        "Une table de consultation où des partenaires de plusieurs régions commentent les orientations "
        "provinciales sur le partenariat, dont la mise à jour du cadre de référence.",
    ),
]


# --- Engagements ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoEngagement:
    partner: str
    target: tuple[str, str]
    by: str  # an organizer of the target, who records it
    level: str
    sphere: str
    governance_level: str
    started: datetime.date
    ended: datetime.date | None = None
    from_start: bool = False
    hours: int | None = None
    compensation: str = VOLUNTEER
    outcome: str = ""
    status: str = CONFIRMED


E = DemoEngagement
HOSPITAL = in_initiative(HOSPITAL_AT_HOME)

ENGAGEMENTS = [
    # --- Hospitalisation à domicile: Amélie from the start, then a committee of families ----------
    E(
        AMELIE,
        HOSPITAL,
        KARIM,
        COCON,
        CARE,
        TEAM,
        d(2022, 3, 7),
        from_start=True,
        hours=140,
        compensation=PAID,
        outcome=(
            "Impliquée dès le démarrage, Amélie a déplacé les priorités : alléger le fardeau logistique des "
            "familles, choisir des outils simples et mesurer la qualité de vie plutôt que la seule durée de séjour. "
            "Le programme a retenu ses trois propositions."
        ),
    ),
    E(
        ex("denise.r"),
        HOSPITAL,
        KARIM,
        COLEAD,
        GOV,
        ESTAB,
        d(2023, 1, 16),
        hours=90,
        compensation=PAID,
        outcome=(
            "Denise co-préside le comité des familles avec la cheffe de service. Le comité a obtenu une ligne "
            "téléphonique de soir pour les proches."
        ),
    ),
    E(
        ex("ginette.l"),
        HOSPITAL,
        KARIM,
        COCON,
        CARE,
        TEAM,
        d(2022, 9, 12),
        hours=60,
        compensation=PAID,
        outcome="Ginette a réécrit avec l'équipe la fiche de départ : ce qu'il faut surveiller, qui appeler la nuit.",
    ),
    E(
        ex("robert.t"),
        HOSPITAL,
        KARIM,
        COCON,
        CARE,
        TEAM,
        d(2022, 11, 14),
        hours=35,
        outcome="Robert a fait traduire les documents aux familles et ajouter un numéro unique pour les rendez-vous.",
    ),
    E(
        ex("marc-andre.p"),
        HOSPITAL,
        KARIM,
        COCON,
        RESEARCH,
        TEAM,
        d(2023, 2, 6),
        hours=30,
        compensation=PAID,
        outcome=(
            "Marc-André a testé trois tablettes de télésurveillance avec l'équipe : la plus simple a été retenue, "
            "avec un seul bouton pour joindre l'infirmière."
        ),
    ),
    E(
        ex("samira.k"),
        HOSPITAL,
        KARIM,
        COCON,
        CARE,
        TEAM,
        d(2024, 6, 3),
        hours=20,
        outcome="Samira a fait ajouter aux indicateurs l'accessibilité du domicile et la fatigue de la personne.",
    ),
    E(
        ex("nicole.g"),
        HOSPITAL,
        KARIM,
        COLLAB,
        CARE,
        TEAM,
        d(2024, 1, 15),
        hours=12,
        outcome="Nicole a proposé de regrouper les visites du matin : les familles dorment enfin un peu.",
    ),
    E(ex("ana.s"), HOSPITAL, KARIM, COLLAB, CARE, TEAM, d(2024, 3, 4), hours=10),
    E(ex("gerard.f"), HOSPITAL, KARIM, COLLAB, CARE, TEAM, d(2024, 6, 3), hours=8),
    E(
        ex("paulette.v"),
        HOSPITAL,
        KARIM,
        COLLAB,
        CARE,
        TEAM,
        d(2024, 9, 9),
        hours=6,
        outcome="Paulette a relu le guide aux usagers à voix haute avec l'équipe : les phrases trop longues ont sauté.",
    ),
    E(ex("thi-lan.n"), HOSPITAL, KARIM, COLLAB, CARE, TEAM, d(2025, 2, 3), hours=6),
    E(ex("fatima.b"), HOSPITAL, KARIM, CONSULT, CARE, TEAM, d(2024, 6, 10), d(2024, 6, 10), hours=3),
    E(ex("carlos.m"), HOSPITAL, KARIM, CONSULT, CARE, TEAM, d(2024, 6, 10), d(2024, 6, 10), hours=3),
    E(ex("emmanuel.j"), HOSPITAL, KARIM, CONSULT, CARE, TEAM, d(2024, 6, 10), d(2024, 6, 10), hours=3),
    E(ex("micheline.c"), HOSPITAL, KARIM, CONSULT, CARE, TEAM, d(2024, 6, 17), d(2024, 6, 17), hours=3),
    E(ex("jonathan.b"), HOSPITAL, KARIM, CONSULT, CARE, TEAM, d(2024, 6, 17), d(2024, 6, 17), hours=3),
    E(
        ex("wei.z"),
        HOSPITAL,
        KARIM,
        CONSULT,
        CARE,
        TEAM,
        d(2024, 6, 17),
        d(2024, 6, 17),
        hours=2,
        outcome="Les groupes de discussion ont fait ajouter des visites en soirée pour les proches qui travaillent.",
    ),
    E(ex("bernard.h"), HOSPITAL, KARIM, INFO, GOV, ESTAB, d(2026, 10, 5), status=PROPOSED),
    E(ex("yasmina.a"), HOSPITAL, KARIM, INFO, TEACH, TEAM, d(2026, 11, 2), status=PROPOSED),
    # --- Communauté soignante du Centre-Sud ---------------------------------------------------------
    E(
        ERIC,
        in_initiative(CARING_COMMUNITY),
        KARIM,
        COCON,
        COMM,
        TERR,
        d(2018, 10, 9),
        hours=200,
        outcome="Éric a créé la marche du quartier qui présente les organismes aux nouvelles personnes.",
    ),
    E(AMELIE, in_initiative(CARING_COMMUNITY), KARIM, COLLAB, COMM, TERR, d(2018, 9, 11), hours=80),
    E(
        ex("emmanuel.j"),
        in_initiative(CARING_COMMUNITY),
        KARIM,
        COLLAB,
        COMM,
        TERR,
        d(2025, 9, 8),
        hours=10,
        status=PROPOSED,
    ),
    # --- Arthroplastie (CHU de Québec) -----------------------------------------------------------
    E(
        ex("lise.m"),
        in_initiative(ARTHROPLASTY),
        JOSEE,
        COCON,
        CARE,
        ESTAB,
        d(2023, 2, 1),
        from_start=True,
        hours=45,
        compensation=PAID,
        outcome=(
            "Lise a repéré avec l'équipe les trois moments où l'anxiété monte pendant l'attente ; un appel de "
            "l'infirmière est maintenant prévu à chacun."
        ),
    ),
    E(
        ex("jean-marc.d"),
        in_initiative(ARTHROPLASTY),
        JOSEE,
        COCON,
        CARE,
        ESTAB,
        d(2023, 2, 1),
        from_start=True,
        hours=30,
        compensation=PAID,
        outcome="Jean-Marc a fait remplacer le dépliant d'attente par un appel de suivi tous les trois mois.",
    ),
    E(
        ex("stephanie.r"),
        in_initiative(ARTHROPLASTY),
        JOSEE,
        CONSULT,
        CARE,
        ESTAB,
        d(2023, 9, 5),
        d(2023, 9, 5),
        hours=2,
    ),
    # --- MPOC (IUCPQ) ------------------------------------------------------------------------------
    E(
        ex("raymond.b"),
        in_initiative(MPOC),
        JOSEE,
        COCON,
        CARE,
        ESTAB,
        d(2022, 6, 1),
        from_start=True,
        hours=70,
        compensation=PAID,
        outcome="Raymond a coconstruit le plan d'action écrit : quoi faire quand le souffle manque, avant l'urgence.",
    ),
    E(
        ex("catherine.o"),
        in_initiative(MPOC),
        JOSEE,
        COLLAB,
        GOV,
        ESTAB,
        d(2023, 1, 16),
        hours=25,
        outcome="Dans les instances, Catherine ramène chaque décision vers ce que vivent les familles.",
    ),
    E(ex("gaetan.l"), in_initiative(MPOC), JOSEE, CONSULT, RESEARCH, ESTAB, d(2024, 10, 1), d(2024, 12, 15), hours=6),
    # --- Aire ouverte (Longueuil) --------------------------------------------------------------------
    E(
        ex("maelle.d"),
        in_initiative(AIRE_OUVERTE),
        ROSALIE,
        COLEAD,
        GOV,
        TEAM,
        d(2024, 9, 3),
        hours=50,
        compensation=PAID,
        outcome="Le comité jeunesse coprésidé par Maëlle a fait ouvrir le site le samedi et recruter un intervenant.",
    ),
    E(
        ex("kevin.p"),
        in_initiative(AIRE_OUVERTE),
        ROSALIE,
        COLEAD,
        CARE,
        TEAM,
        d(2023, 9, 5),
        hours=120,
        compensation=PAID,
        outcome="Kevin a conçu l'accueil par un pair pour la première visite.",
    ),
    E(
        ex("valentina.r"),
        in_initiative(AIRE_OUVERTE),
        ROSALIE,
        COCON,
        COMM,
        TEAM,
        d(2025, 1, 13),
        hours=20,
        compensation=PAID,
    ),
    E(
        ex("yasmina.a"),
        in_initiative(AIRE_OUVERTE),
        ROSALIE,
        CONSULT,
        CARE,
        TEAM,
        d(2024, 2, 5),
        d(2024, 4, 29),
        hours=6,
    ),
    # --- Aînés branchés (Longueuil) ------------------------------------------------------------------
    E(
        ex("therese.b"),
        in_initiative(SENIORS_ONLINE),
        ROSALIE,
        COLLAB,
        COMM,
        TERR,
        d(2023, 1, 16),
        hours=40,
        outcome="Thérèse anime maintenant un atelier sur deux : les participants osent poser plus de questions.",
    ),
    E(ex("andre.l"), in_initiative(SENIORS_ONLINE), ROSALIE, COLLAB, COMM, TERR, d(2024, 11, 4), hours=8),
    # --- Coalition pour la littératie en santé (Québec-Nord) -----------------------------------------
    E(ex("pierre-luc.g"), in_initiative(LITERACY), JOSEE, COLLAB, COMM, TERR, d(2025, 3, 3), hours=15),
    E(ex("helene.v"), in_initiative(LITERACY), JOSEE, CONSULT, COMM, TERR, d(2025, 5, 12), d(2025, 5, 12), hours=2),
    E(HAMID, in_initiative(LITERACY), JOSEE, INFO, COMM, TERR, d(2026, 10, 19), status=PROPOSED),
    # --- Bas-Saint-Laurent: food lab and mental-health circles -------------------------------------
    E(
        ex("claudette.s"),
        in_initiative(FOOD_LAB),
        FELIX,
        COCON,
        COMM,
        TERR,
        d(2023, 9, 5),
        from_start=True,
        hours=40,
        outcome="Claudette a proposé de tester le prototype de frigo communautaire à la popote roulante.",
    ),
    E(YVES, in_initiative(FOOD_LAB), FELIX, COLLAB, COMM, TERR, d(2024, 5, 6), hours=12),
    E(ex("mireille.o"), in_initiative(FOOD_LAB), FELIX, CONSULT, COMM, TERR, d(2024, 5, 6), d(2024, 5, 6), hours=2),
    E(
        ex("normand.g"),
        in_initiative(MENTAL_HEALTH_CIRCLES),
        FELIX,
        COCON,
        COMM,
        TERR,
        d(2025, 1, 20),
        from_start=True,
        hours=30,
        outcome="Normand a fait commencer chaque cercle par le tour de table des personnes à distance.",
    ),
    E(
        SYLVIE,
        in_initiative(MENTAL_HEALTH_CIRCLES),
        FELIX,
        CONSULT,
        COMM,
        TERR,
        d(2025, 2, 17),
        d(2025, 2, 17),
        hours=2,
    ),
    E(
        ex("annie.g"),
        in_initiative(MENTAL_HEALTH_CIRCLES),
        FELIX,
        CONSULT,
        COMM,
        TERR,
        d(2025, 2, 17),
        d(2025, 2, 17),
        hours=2,
    ),
    E(
        ex("melissa.c"),
        in_initiative(MENTAL_HEALTH_CIRCLES),
        FELIX,
        CONSULT,
        COMM,
        TERR,
        d(2025, 2, 17),
        d(2025, 2, 17),
        hours=2,
    ),
    E(
        ex("mireille.o"),
        in_initiative(MENTAL_HEALTH_CIRCLES),
        FELIX,
        CONSULT,
        COMM,
        TERR,
        d(2025, 3, 3),
        d(2025, 3, 3),
        hours=2,
    ),
    E(ex("doris.t"), in_initiative(MENTAL_HEALTH_CIRCLES), FELIX, INFO, COMM, TERR, d(2026, 11, 9), status=DECLINED),
    # --- Co-learning spaces ------------------------------------------------------------------------
    E(
        LUCIE,
        in_space(EXPERIENCES),
        SYLVIE,
        COLEAD,
        COMM,
        PROV,
        d(2017, 9, 12),
        from_start=True,
        hours=300,
        outcome="Lucie a lancé le cercle mensuel des partenaires et la règle des prénoms sans titres.",
    ),
    E(AMELIE, in_space(EXPERIENCES), SYLVIE, COLLAB, COMM, PROV, d(2018, 2, 6), hours=40),
    E(YVES, in_space(EXPERIENCES), SYLVIE, COLLAB, COMM, PROV, d(2019, 3, 19), hours=15),
    E(HAMID, in_space(EXPERIENCES), SYLVIE, CONSULT, COMM, PROV, d(2020, 5, 12), hours=6),
    E(
        HAMID,
        in_space(PRACTICE),
        JOSEE,
        COLLAB,
        TEACH,
        PROV,
        d(2016, 3, 8),
        hours=30,
        outcome="Hamid a témoigné à trois formations d'équipes sur l'accueil des usagers allophones.",
    ),
    E(
        AMELIE,
        in_space(CENTRE_SUD),
        KARIM,
        COLEAD,
        COMM,
        TERR,
        d(2018, 9, 11),
        from_start=True,
        hours=150,
        outcome="Amélie a proposé le jumelage des nouveaux citoyens partenaires avec un patient partenaire.",
    ),
    E(ERIC, in_space(CENTRE_SUD), KARIM, COCON, COMM, TERR, d(2018, 10, 9), hours=60),
    E(
        SYLVIE,
        in_space(MENTAL_HEALTH_TABLE),
        FELIX,
        COLEAD,
        COMM,
        REG,
        d(2019, 2, 5),
        from_start=True,
        hours=110,
        outcome="Sylvie a fait adopter les rencontres hybrides pour les villages éloignés.",
    ),
    E(YVES, in_space(MENTAL_HEALTH_TABLE), FELIX, COLLAB, COMM, REG, d(2019, 6, 11), hours=20),
    E(HAMID, in_space(LITERACY_TABLE), CHANTAL, COLLAB, COMM, REG, d(2023, 9, 12), hours=18),
    E(ex("lorraine.m"), in_space(AGEING_TABLE), PATRICE, CONSULT, COMM, REG, d(2025, 4, 7), d(2025, 6, 2), hours=4),
    E(ex("benoit.r"), in_space(AGEING_TABLE), PATRICE, CONSULT, COMM, REG, d(2025, 4, 7), hours=4, status=PROPOSED),
    # --- Governance bodies -----------------------------------------------------------------------
    E(
        ex("bernard.h"),
        in_body(USERS_COMMITTEE),
        MARTIN,
        COCON,
        GOV,
        ESTAB,
        d(2020, 9, 1),
        hours=160,
        outcome="Bernard a obtenu que les documents des rencontres soient envoyés une semaine à l'avance.",
    ),
    E(ERIC, in_body(USERS_COMMITTEE), MARTIN, COLLAB, GOV, ESTAB, d(2022, 9, 6), hours=40),
    E(ex("emmanuel.j"), in_body(USERS_COMMITTEE), MARTIN, COLLAB, GOV, ESTAB, d(2023, 9, 5), d(2025, 6, 30), hours=30),
    E(
        SYLVIE,
        in_body(BOARD),
        NATHALIE,
        COCON,
        GOV,
        ESTAB,
        d(2022, 10, 3),
        hours=80,
        compensation=PAID,
        outcome="Au conseil, Sylvie a fait inscrire l'accès aux services en santé mentale dans les priorités.",
    ),
    E(ex("normand.g"), in_body(BOARD), NATHALIE, CONSULT, GOV, ESTAB, d(2025, 5, 20), d(2025, 5, 20), hours=3),
    E(
        ex("josiane.t"),
        in_body(REGIONAL_COMMITTEE),
        CHANTAL,
        COCON,
        GOV,
        REG,
        d(2022, 1, 18),
        hours=70,
        compensation=PAID,
        outcome="Josiane a fait ajouter la santé mentale aux priorités régionales de l'année.",
    ),
    E(
        ex("lise.m"),
        in_body(REGIONAL_COMMITTEE),
        CHANTAL,
        COLLAB,
        GOV,
        REG,
        d(2024, 1, 22),
        hours=20,
        compensation=PAID,
    ),
    E(ex("pierre-luc.g"), in_body(REGIONAL_COMMITTEE), CHANTAL, COLLAB, GOV, REG, d(2024, 1, 22), hours=18),
    E(
        ex("catherine.o"),
        in_body(REGIONAL_COMMITTEE),
        CHANTAL,
        CONSULT,
        GOV,
        REG,
        d(2025, 2, 10),
        hours=4,
        status=PROPOSED,
    ),
    E(
        LUCIE,
        in_body(PROVINCIAL_TABLE),
        JOSEE,
        CONSULT,
        GOV,
        PROV,
        d(2025, 6, 16),
        d(2025, 9, 30),
        hours=10,
        compensation=PAID,
        outcome="Les partenaires de la table ont demandé que la mise à jour du cadre de référence précise leur statut.",
    ),
    E(ex("melissa.c"), in_body(PROVINCIAL_TABLE), JOSEE, CONSULT, GOV, PROV, d(2025, 6, 16), d(2025, 9, 30), hours=10),
    E(ex("lucy.a"), in_body(PROVINCIAL_TABLE), JOSEE, CONSULT, GOV, PROV, d(2025, 6, 16), d(2025, 9, 30), hours=10),
    E(
        ex("marie-paule.f"),
        in_body(PROVINCIAL_TABLE),
        JOSEE,
        CONSULT,
        GOV,
        PROV,
        d(2025, 6, 16),
        hours=6,
        status=PROPOSED,
    ),
]


# --- Calls for partners ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoApplication:
    applicant: str
    message: str
    answer: str = PENDING


@dataclass(frozen=True)
class DemoCall:
    title: str
    target: tuple[str, str]
    by: str
    description: str
    sphere: str
    level: str
    governance_level: str
    in_days: int  # the deadline, this many days from the day the demo is loaded
    places: int
    partner_types: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    territories: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    compensation: str = VOLUNTEER
    applications: list[DemoApplication] = field(default_factory=list)
    invited: list[str] = field(default_factory=list)  # suggested partners the organizer invites to apply


A = DemoApplication

# The call that also receives many generated applicants in seed_scale (the organizer's view of a
# popular call is measured) and whose suggestions the benchmark ranks.
BUSY_CALL = "Proches aidants pour repenser le retour à la maison après une hospitalisation à domicile"

CALLS = [
    DemoCall(
        BUSY_CALL,
        HOSPITAL,
        KARIM,
        "Nous revoyons la fin de l'hospitalisation à domicile : le dernier jour, le relais avec le CLSC, les "
        "appels de suivi. Nous cherchons trois proches aidants ou patients qui l'ont vécu.\n\n"
        "**Ce que vous ferez** : quatre rencontres de deux heures, en soirée, en personne à Montréal ou en ligne, "
        "d'ici le printemps.\n\n"
        "**Soutien offert** : compensation de votre temps, frais de transport et de répit remboursés.",
        CARE,
        COCON,
        TEAM,
        in_days=21,
        places=3,
        partner_types=[CAR, PAT],
        themes=["soins-integres", "vieillissement-actif"],
        territories=["06", "13"],
        languages=[FR, EN],
        compensation=PAID,
        applications=[
            A(
                ex("wei.z"),
                "J'ai participé au groupe de discussion de juin 2024 sur les visites. Cette fois, j'aimerais aller "
                "plus loin et construire la suite avec vous.",
                ACCEPTED,
            ),
            A(
                ex("micheline.c"),
                "Mon frère n'a pas été hospitalisé à domicile, mais je connais bien les retours à la maison "
                "compliqués.",
                REFUSED,
            ),
            A(
                ex("sonia.d"),
                "Ma mère a été hospitalisée à domicile l'an dernier. Le dernier jour, personne ne savait qui "
                "appeler : j'ai des idées.",
            ),
            A(
                ex("benoit.r"),
                "Proche aidant de mon père, je fais la route de Saint-Jérôme chaque semaine. En ligne, je suis "
                "disponible tous les soirs.",
            ),
            A(
                ex("carlos.m"),
                "Después del grupo de discusión, quiero seguir. Je peux aussi aider pour les familles hispanophones.",
            ),
        ],
        invited=[ex("huguette.b")],
    ),
    DemoCall(
        "Jeunes de 14 à 25 ans pour le comité jeunesse d'Aire ouverte Longueuil",
        in_initiative(AIRE_OUVERTE),
        ROSALIE,
        "Le comité jeunesse décide avec l'équipe des heures d'ouverture, de l'aménagement du local et des "
        "activités. Une rencontre par mois, un samedi sur deux en été. Ton temps est rémunéré.",
        GOV,
        COLEAD,
        TEAM,
        in_days=14,
        places=4,
        partner_types=[YOUTH],
        themes=["sante-mentale"],
        territories=["16"],
        compensation=PAID,
        applications=[
            A(ex("alexandre.m"), "J'ai des idées pour le local et mes amis aussi !", ACCEPTED),
            A(ex("yasmina.a"), "J'étudie en travail social et j'ai fréquenté les services jeunesse à Laval."),
        ],
    ),
    DemoCall(
        "Personnes vivant avec une MPOC pour évaluer le nouveau parcours de soins",
        in_initiative(MPOC),
        JOSEE,
        "Après deux ans d'essai, nous évaluons le parcours de soins en MPOC avec celles et ceux qui le vivent. "
        "Deux entretiens d'une heure, par téléphone ou à l'IUCPQ, et une rencontre de validation des résultats.",
        RESEARCH,
        COLLAB,
        ESTAB,
        in_days=30,
        places=5,
        partner_types=[PAT, CAR],
        themes=["maladies-chroniques", "autogestion"],
        territories=["03", "12"],
        languages=[FR],
        applications=[
            A(ex("gaetan.l"), "Je peux venir à Québec si c'est un jeudi. Sinon, le téléphone me va très bien."),
            A(ex("ginette.l"), "Je vis avec une MPOC, même si je suis à Montréal : le parcours m'intéresse.", REFUSED),
            A(ex("richard.l"), "Mes poumons et moi, on a beaucoup de choses à raconter.", WITHDRAWN),
            A(ex("doris.t"), "Je n'ai pas de MPOC mais de l'arthrite ; je peux parler d'autogestion."),
        ],
    ),
    DemoCall(
        "Co-animer le cercle mensuel des partenaires",
        in_space(EXPERIENCES),
        LUCIE,
        "Le cercle mensuel se tient en ligne le deuxième mardi du mois, à 19 h. Nous cherchons deux personnes pour "
        "le co-animer avec nous : préparer le tour des prénoms, tenir le temps, récolter les apprentissages.",
        COMM,
        COLEAD,
        PROV,
        in_days=10,
        places=2,
        partner_types=[PAT, CAR, PEER],
        territories=["QC"],
        applications=[
            A(ex("denise.r"), "J'anime déjà le comité des familles ; j'aimerais apprendre d'autres façons de faire."),
        ],
    ),
    DemoCall(
        "Pairs aidants des villages éloignés pour nos cercles hybrides",
        in_space(MENTAL_HEALTH_TABLE),
        FELIX,
        "Nos cercles se tiennent à Rimouski et à distance depuis les salles municipales. Nous cherchons des pairs "
        "aidants ou des usagers des villages pour accueillir les personnes qui se joignent à distance.",
        COMM,
        COLLAB,
        REG,
        in_days=25,
        places=3,
        partner_types=[PEER, USR],
        themes=["sante-mentale", "isolement-social"],
        territories=["01", "11"],
        languages=[FR],
    ),
    DemoCall(
        "Deux sièges au comité régional des partenaires en santé",
        in_body(REGIONAL_COMMITTEE),
        CHANTAL,
        "Le comité régional conseille la direction sur les projets de la Capitale-Nationale. Six rencontres par "
        "année, en personne à Québec ; le temps et le transport sont compensés.",
        GOV,
        COCON,
        REG,
        in_days=35,
        places=2,
        partner_types=[PAT, USR, CIT],
        territories=["03"],
        languages=[FR],
        compensation=PAID,
        applications=[A(HAMID, "Je connais bien les familles nouvellement arrivées de Limoilou.")],
    ),
    DemoCall(
        "Aînés pour tester les nouveaux ateliers numériques",
        in_initiative(SENIORS_ONLINE),
        ROSALIE,
        "Venez essayer les nouveaux ateliers sur les rendez-vous en ligne et dites-nous ce qui vous a perdus. "
        "Un atelier de deux heures à la bibliothèque de Longueuil, café offert.",
        COMM,
        CONSULT,
        TERR,
        in_days=7,
        places=6,
        partner_types=[CIT, PAT, CAR],
        themes=["sante-numerique", "vieillissement-actif"],
        territories=["16"],
        languages=[FR],
        applications=[
            A(ex("lorraine.m"), "Je vais souvent chez ma fille à Longueuil : je peux venir à l'atelier un jeudi."),
        ],
    ),
]


# --- Seeding ----------------------------------------------------------------------------------------


def _demo_people(demo_password: str | None) -> tuple[dict[str, User], int]:
    """The cast (who must exist) and the new partners (created)."""
    created = 0
    for partner in PARTNERS:
        if partner.name:
            _, is_new = user_ensure(email=partner.email, display_name=partner.name, password=demo_password)
            created += is_new
    emails = ORGANIZERS | {partner.email for partner in PARTNERS}
    people = {user.email: user for user in User.objects.filter(email__in=emails)}
    missing = emails - set(people)
    if missing:
        raise RuntimeError(
            f"Demo people missing ({', '.join(sorted(missing))}): run the demo of the earlier apps first."
        )
    return people, created


def _diversity_answers(line: str) -> dict[str, str]:
    values = line.split()
    questions = [question for question, _choices, _label in DiversityAnswers.QUESTIONS]
    if len(values) != len(questions):
        raise ValueError(f"Nine diversity answers expected: {line!r}")
    return {question: "" if value == "-" else value for question, value in zip(questions, values, strict=True)}


def _ensure_profile(demo: DemoPartner, user: User, regions: dict[str, Territory], counts: dict) -> None:
    if PartnerProfile.objects.filter(user=user).exists():
        return
    for purpose in demo.consents:
        consent_give(user=user, purpose=purpose)
        counts["consents"] += 1
    partner_profile_save(
        user=user,
        by=user,
        partner_types=demo.types,
        region=regions[demo.region],
        languages=demo.languages,
        contact_channels=demo.channels,
        availability_hours=demo.hours,
        training=demo.training,
        bio=demo.bio,
        experience_themes=Theme.objects.filter(slug__in=demo.themes),
        experience_words=demo.words,
    )
    counts["partner profiles"] += 1
    if demo.diversity:
        diversity_answers_save(user=user, by=user, answers=_diversity_answers(demo.diversity))
        counts["diversity answers"] += 1


def _ensure_body(demo: DemoBody, people: dict[str, User], counts: dict) -> None:
    body = GovernanceBody.objects.filter(name=demo.name).first()
    if body is None:
        body = GovernanceBody(
            name=demo.name,
            organization=Organization.objects.get(slug=demo.organization),
            governance_level=demo.governance_level,
            territory=Territory.objects.get(code=demo.territory),
            description=demo.description,
        )
        body.full_clean()
        body.save()
        counts["governance bodies"] += 1
    organizers = {people[email].pk for email in demo.organizers}
    if set(body.organizers.values_list("pk", flat=True)) != organizers:
        body.organizers.set(organizers)


def _target(reference: tuple[str, str]):
    kind, name = reference
    if kind == "initiative":
        return Initiative.objects.get(title=name)
    if kind == "community":
        return Community.objects.get(name=name)
    return GovernanceBody.objects.get(name=name)


def _ensure_engagement(demo: DemoEngagement, people: dict[str, User], counts: dict) -> None:
    target = _target(demo.target)
    partner = people[demo.partner]
    kind = demo.target[0]
    if Engagement.objects.filter(partner=partner, **{kind: target}).exists():
        return
    engagement = engagement_record(
        by=people[demo.by],
        partner=partner,
        target=target,
        level=demo.level,
        sphere=demo.sphere,
        governance_level=demo.governance_level,
        from_start=demo.from_start,
        started_on=demo.started,
        ended_on=demo.ended,
        hours=Decimal(demo.hours) if demo.hours is not None else None,
        compensation=demo.compensation,
        outcome=demo.outcome,
    )
    if demo.status == CONFIRMED:
        engagement_confirm(engagement=engagement, by=partner)
    elif demo.status == DECLINED:
        engagement_decline(engagement=engagement, by=partner)
    counts["engagements"] += 1


def _ensure_call(demo: DemoCall, people: dict[str, User], counts: dict) -> None:
    if Call.objects.filter(title=demo.title).exists():
        return
    by = people[demo.by]
    call = call_create(
        by=by,
        target=_target(demo.target),
        title=demo.title,
        description=demo.description,
        sphere=demo.sphere,
        level=demo.level,
        governance_level=demo.governance_level,
        deadline=timezone.localdate() + datetime.timedelta(days=demo.in_days),
        places=demo.places,
        partner_types=demo.partner_types,
        languages=demo.languages,
        compensation=demo.compensation,
        themes=Theme.objects.filter(slug__in=demo.themes),
        territories=Territory.objects.filter(code__in=demo.territories),
    )
    counts["calls"] += 1
    applications = [
        (application_create(call=call, applicant=people[item.applicant], message=item.message), item.answer)
        for item in demo.applications
    ]
    counts["applications"] += len(applications)
    for application, answer in applications:
        if answer == ACCEPTED:
            application_accept(application=application, by=by)
            counts["engagements"] += 1
        elif answer == REFUSED:
            application_decline(application=application, by=by)
        elif answer == WITHDRAWN:
            application_withdraw(application=application, by=application.applicant)
    for email in demo.invited:
        call_invite(call=call, by=by, partner=people[email])


@transaction.atomic
def seed(*, demo_password: str | None = None) -> dict[str, int]:
    counts = dict.fromkeys(
        [
            "people",
            "consents",
            "partner profiles",
            "diversity answers",
            "governance bodies",
            "engagements",
            "calls",
            "applications",
        ],
        0,
    )
    people, counts["people"] = _demo_people(demo_password)
    regions = {territory.code: territory for territory in Territory.objects.regions()}
    for demo in PARTNERS:
        _ensure_profile(demo, people[demo.email], regions, counts)
    for demo in BODIES:
        _ensure_body(demo, people, counts)
    for demo in ENGAGEMENTS:
        _ensure_engagement(demo, people, counts)
    for demo in CALLS:
        _ensure_call(demo, people, counts)
    return counts


# --- Generated volume for benchmarks (seed_demo --scale N) ----------------------------------

SCALE_SEED = 2026
BATCH_SIZE = 2000
NOT_CONTACTABLE = 10  # besides the N partners open to calls, N/10 who are not
UNITS_PER_CALL = 20  # N/20 calls
UNITS_PER_APPLICANT = 50  # N/50 applicants to the busy call

REGION_WEIGHTS = {
    "06": 25, "03": 9, "16": 15, "13": 5, "15": 7, "14": 6, "12": 5, "04": 6, "05": 5, "07": 5,
    "02": 3, "01": 2, "08": 2, "09": 1, "10": 1, "11": 1, "17": 1, "18": 1,
}  # fmt: skip
OTHER_LANGUAGES = [ES, AR, HT, ZH, PT, VI, IU, CR, INNU, ATJ, LSQ]
BIOS = [
    "Patiente partenaire depuis quelques années, j'aime les projets concrets.",
    "Proche aidant de ma mère. Disponible le soir.",
    "Citoyenne engagée dans mon quartier, curieuse de tout.",
    "Je vis avec une maladie chronique et je veux que les services s'améliorent.",
    "Pair aidant en santé mentale, je crois au savoir expérientiel.",
    "Étudiant, je veux que les services jeunesse ressemblent aux jeunes.",
    "Retraité, j'ai du temps et de l'expérience à partager.",
    "",
]
WORDS = [
    "Diabète",
    "MPOC",
    "Santé mentale",
    "Proche aidante de mon conjoint",
    "Arthroplastie du genou",
    "Insuffisance cardiaque",
    "Cancer",
    "Proche aidant de mon père",
    "Douleur chronique",
    "",
]
TRAININGS = ["", "", "", "Formation « Patient partenaire 101 » (2022).", "Formation de pair aidant (2021)."]
APPLICATION_MESSAGES = [
    "Je l'ai vécu et j'aimerais contribuer.",
    "Disponible le soir, en ligne de préférence.",
    "Proche aidante depuis longtemps, je pense pouvoir aider.",
    "Ce projet me parle beaucoup.",
]
CALL_TITLES = [
    "Partenaires pour coconstruire le parcours de soins",
    "Proches aidants pour un groupe de discussion",
    "Citoyens pour le comité de suivi",
    "Jeunes pour repenser l'accueil",
    "Patients partenaires pour l'évaluation du projet",
    "Personnes ayant l'expérience de l'isolement",
]
CALL_DESCRIPTION = "Quatre rencontres de deux heures, en soirée ; compensation du temps et des frais de transport."


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _bulk(model, rows: list) -> list:
    return model.objects.bulk_create(rows, batch_size=BATCH_SIZE)


def _generated_people(count: int) -> list[User]:
    """``count`` new fictional partners, numbered after those of earlier runs. They have no
    password: nobody signs in as them."""
    first = User.objects.filter(email__startswith="partenaire-", email__endswith="@exemple.test").count() + 1
    people = [
        User(
            email=f"partenaire-{number:06d}@exemple.test",
            display_name=f"{FIRST_NAMES[number % len(FIRST_NAMES)]} ({number})",
            password=make_password(None),
        )
        for number in range(first, first + count)
    ]
    people = _bulk(User, people)
    _bulk(EmailAddress, [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in people])
    return people


class _Volume:
    """The rows of ``seed_scale``, built in memory and then written table by table in bulk."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.regions = {territory.code: territory.pk for territory in Territory.objects.regions()}
        self.themes = list(Theme.objects.values_list("pk", flat=True))
        self.consents: list[Consent] = []
        self.diversity: list[DiversityAnswers] = []

    def consent(self, user: User, purpose: str) -> None:
        self.consents.append(
            Consent(
                user=user,
                purpose=purpose,
                version=CONSENT_TEXTS[purpose].version,
                given_at=self.now - datetime.timedelta(days=self.rng.randint(0, 900)),
            )
        )

    def profile(self, user: User, *, shares_experience: bool) -> tuple[PartnerProfile, list[int]]:
        """A profile, and its experiential domains (only for those who share their lived experience)."""
        rng = self.rng
        languages = [FR] if rng.random() < 0.92 else []
        if rng.random() < 0.25 or not languages:
            languages.append(EN)
        if rng.random() < 0.06:
            languages.append(rng.choice(OTHER_LANGUAGES))
        profile = PartnerProfile(
            user=user,
            partner_types=rng.sample(PartnerType.values, rng.choice([1, 1, 1, 2])),
            region_id=self.regions[_weighted(rng, REGION_WEIGHTS)],
            languages=languages,
            contact_channels=rng.sample(ContactChannel.values, rng.randint(1, 2)),
            availability_hours=rng.choice([None, 2, 4, 6, 8, 10, 15, 20]),
            training=rng.choice(TRAININGS),
            bio=rng.choice(BIOS),
            experience_words=rng.choice(WORDS) if shares_experience else "",
        )
        themes = rng.sample(self.themes, rng.randint(1, 3)) if shares_experience else []
        return profile, themes

    def answers(self, user: User) -> None:
        values = {}
        for question, choices, _label in DiversityAnswers.QUESTIONS:
            roll = self.rng.random()
            if roll < 0.3:
                values[question] = "declined"
            elif roll < 0.4:
                values[question] = ""
            else:
                values[question] = self.rng.choice([value for value in choices.values if value != "declined"])
        self.diversity.append(DiversityAnswers(user=user, **values))


def _engagement_volume(rng: random.Random, partners: list[User]) -> list[Engagement]:
    """One to four engagements for a fifth of the partners, on initiatives with a team (recorded
    by a team member), so that suggestions weigh real loads and organizations' figures have volume."""
    teams: dict[int, int] = dict(
        Initiative.team.through.objects.order_by("initiative_id", "user_id").values_list("initiative_id", "user_id")
    )
    if not teams:
        return []
    initiative_ids = list(teams)
    today = timezone.localdate()
    engagements = []
    for partner in rng.sample(partners, len(partners) // 5):
        for initiative_id in rng.sample(initiative_ids, min(len(initiative_ids), rng.choice([1, 1, 2, 3, 4]))):
            started = today - datetime.timedelta(days=rng.randint(1, 1500))
            ended = started + datetime.timedelta(days=rng.randint(0, 400)) if rng.random() < 0.25 else None
            engagements.append(
                Engagement(
                    partner=partner,
                    initiative_id=initiative_id,
                    level=rng.choice(Level.values),
                    sphere=rng.choice(Sphere.values),
                    governance_level=rng.choice(GovernanceLevel.values),
                    from_start=rng.random() < 0.3,
                    started_on=started,
                    ended_on=min(ended, today) if ended else None,
                    hours=Decimal(rng.randint(1, 80)),
                    compensation=rng.choice(Compensation.values),
                    status=CONFIRMED if rng.random() < 0.85 else PROPOSED,
                    recorded_by_id=teams[initiative_id],
                )
            )
    return engagements


def _call_volume(rng: random.Random, count: int, counts: dict) -> None:
    """``count``/20 calls on initiatives with a team, most of them open."""
    teams = dict(
        Initiative.team.through.objects.order_by("initiative_id", "user_id").values_list("initiative_id", "user_id")
    )
    if not teams:
        return
    regions = list(Territory.objects.regions().values_list("pk", flat=True))
    themes = list(Theme.objects.values_list("pk", flat=True))
    today = timezone.localdate()
    calls, plans = [], []
    for initiative_id in rng.sample(list(teams), min(len(teams), max(count // UNITS_PER_CALL, 1))):
        calls.append(
            Call(
                initiative_id=initiative_id,
                title=rng.choice(CALL_TITLES),
                description=CALL_DESCRIPTION,
                partner_types=rng.sample(PartnerType.values, rng.randint(1, 2)),
                languages=rng.choice([[FR], [FR], [FR, EN], []]),
                sphere=rng.choice(Sphere.values),
                level=rng.choice(Level.values),
                governance_level=rng.choice(GovernanceLevel.values),
                compensation=rng.choice(Compensation.values),
                places=rng.randint(1, 6),
                deadline=today + datetime.timedelta(days=rng.randint(-20, 60)),
                status=Call.Status.OPEN if rng.random() < 0.9 else Call.Status.CLOSED,
                created_by_id=teams[initiative_id],
            )
        )
        plans.append((rng.sample(regions, rng.randint(1, 2)), rng.sample(themes, rng.randint(0, 2))))
    calls = _bulk(Call, calls)
    counts["calls"] = len(calls)
    _bulk(
        Call.territories.through,
        [
            Call.territories.through(call_id=call.pk, territory_id=territory_id)
            for call, (territories, _) in zip(calls, plans, strict=True)
            for territory_id in territories
        ],
    )
    _bulk(
        Call.themes.through,
        [
            Call.themes.through(call_id=call.pk, theme_id=theme_id)
            for call, (_, call_themes) in zip(calls, plans, strict=True)
            for theme_id in call_themes
        ],
    )


def _busy_call_applicants(rng: random.Random, partners: list[User], count: int, counts: dict) -> None:
    """``count``/50 of the new partners apply to the demo's busy call, if it is there."""
    busy = Call.objects.filter(title=BUSY_CALL).first()
    if busy is None:
        return
    now = timezone.now()
    applications = []
    for applicant in rng.sample(partners, min(len(partners), max(count // UNITS_PER_APPLICANT, 1))):
        status = rng.choices([PENDING, REFUSED, WITHDRAWN], weights=[80, 15, 5])[0]
        applications.append(
            Application(
                call=busy,
                applicant=applicant,
                message=rng.choice(APPLICATION_MESSAGES),
                status=status,
                decided_at=None if status == PENDING else now,
            )
        )
    counts["applications"] = len(_bulk(Application, applications))


@transaction.atomic
def seed_scale(*, count: int) -> dict[str, int]:
    """Add ``count`` partners who consented to be contacted for calls and ``count``/10 who did
    not, with their consents, lived experience (about a third) and diversity answers (about a
    quarter, many "prefer not to answer"); engagements for a fifth of them; ``count``/20 calls;
    and ``count``/50 applications to the demo's busy call. In bulk.

    Like the other apps' ``seed_scale``, this bypasses the services: benchmarks need the volume,
    not the workflow. The rows are still valid: each consent is tied to the current version of its
    text (and written before what it covers), lived experience and diversity answers exist only
    with their consent, engagements are recorded by a team member of their initiative, applications
    answered have an answer date. No audit events or notifications are written."""
    counts = dict.fromkeys(
        ["people", "consents", "partner profiles", "diversity answers", "engagements", "calls", "applications"], 0
    )
    if count <= 0:
        return counts
    rng = random.Random(SCALE_SEED + PartnerProfile.objects.count())  # noqa: S311  (demo data, not secrets)
    people = _generated_people(count + count // NOT_CONTACTABLE)
    counts["people"] = len(people)
    contactable = people[:count]
    volume = _Volume(rng)
    profiles, themes = [], []
    for position, user in enumerate(people):
        if position < count:
            volume.consent(user, CONTACT)
        if rng.random() < 0.4:
            volume.consent(user, DIRECTORY)
        shares_experience = rng.random() < 0.35
        if shares_experience:
            volume.consent(user, LIVED)
        if rng.random() < 0.25:
            volume.consent(user, DIVERSITY)
            volume.answers(user)
        profile, profile_themes = volume.profile(user, shares_experience=shares_experience)
        profiles.append(profile)
        themes.append(profile_themes)
    counts["consents"] = len(_bulk(Consent, volume.consents))
    profiles = _bulk(PartnerProfile, profiles)
    counts["partner profiles"] = len(profiles)
    through = PartnerProfile.experience_themes.through
    _bulk(
        through,
        [
            through(partnerprofile_id=profile.pk, theme_id=theme_id)
            for profile, profile_themes in zip(profiles, themes, strict=True)
            for theme_id in profile_themes
        ],
    )
    counts["diversity answers"] = len(_bulk(DiversityAnswers, volume.diversity))
    counts["engagements"] = len(_bulk(Engagement, _engagement_volume(rng, contactable)))
    _call_volume(rng, count, counts)
    _busy_call_applicants(rng, contactable, count, counts)
    return counts
