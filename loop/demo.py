"""Demo data of the learning loop, in French: watch signals from the field across the regions, the
decisions that the demo's learnings, signals and indicators informed, and the syntheses of every
year that has data. People are the earlier demos' (fictional); organizations are the seeds'.

``seed()`` goes through the services, like people would: Amélie, Karim and the others post
signals; Josée, who co-facilitates a co-learning space, triages them (some are still new, some
under review, some handled, a few linked to a demo initiative or space); staff put Nathalie in
the "decision-makers" group; she and Sophie (staff) record decisions citing published learnings,
triaged signals and indicators; then the syntheses are calculated, and the decisions that
rested on a synthesis cite it. The services date everything today: signals and decisions are
then moved back to when they would have happened (2024 to 2026), and a cited learning published
after its decision is dated back to a few weeks before it, so that the loop's figures (the time
from a learning to the decision that cites it) read like real ones.

It is idempotent: a signal or a decision whose title exists is left alone; the syntheses are
calculated again only when something was added (or none exist yet).
"""

import datetime

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from communities.models import Community
from ecosystem.models import Organization, Territory, Theme, User
from indicators.models import Granularity, Indicator, Measurement
from initiatives.models import Initiative, Learning

from . import services
from .models import FIRST_YEAR, Decision, Signal, SignalKind, SignalStatus, Synthesis, SynthesisRun

SOPHIE, NATHALIE, JOSEE = "admin@exemple.test", "nathalie@exemple.test", "josee@exemple.test"
KARIM, AMELIE, ROSALIE, FELIX = (
    "karim@exemple.test",
    "amelie@exemple.test",
    "rosalie@exemple.test",
    "felix@exemple.test",
)
MARTIN, CHANTAL, HAMID, YVES = "martin@exemple.test", "chantal@exemple.test", "hamid@exemple.test", "yves@exemple.test"
ERIC, MELANIE, PATRICE, LUCIE = (
    "eric@exemple.test",
    "melanie@exemple.test",
    "patrice@exemple.test",
    "lucie@exemple.test",
)
DECISION_MAKERS = "decision-makers"

NEED, ISSUE = SignalKind.NEED, SignalKind.ISSUE
PRACTICE, COLLABORATION = SignalKind.PRACTICE, SignalKind.COLLABORATION
NEW, IN_REVIEW, HANDLED, LINKED = SignalStatus.NEW, SignalStatus.IN_REVIEW, SignalStatus.HANDLED, SignalStatus.LINKED
d = datetime.date

# Titles of the earlier demos that signals are linked to and decisions cite.
HAD = "Quand l'hôpital entre à la maison : hospitalisation à domicile"
AIRE_OUVERTE = "Aire ouverte : des services intégrés pour et par les jeunes de 12 à 25 ans"
AINES = "Aînés branchés : santé numérique et vieillissement actif à Longueuil"
LITTERATIE = "Coalition pour la littératie en santé à Québec-Nord"
CERCLES = "Cercles de co-apprentissage en santé mentale du Bas-Saint-Laurent"
COMMUNAUTE_SOIGNANTE = "Communauté soignante du Centre-Sud de Montréal"
EXPERIENCE_SPACE = "Expérience et partenariat de soins et de services avec les usagers"
SANTE_MENTALE_SPACE = "Table de concertation en santé mentale du Bas-Saint-Laurent"
LITTERATIE_SPACE = "Table régionale en littératie en santé de la Capitale-Nationale"

# (posted by, posted on, kind, title, description, territory code, themes, status, triaged on,
#  triage note, linked initiative title, linked space name)
SIGNALS = [
    (
        AMELIE,
        d(2024, 2, 6),
        NEED,
        "Des familles renoncent aux rendez-vous faute de transport",
        "En Haute-Gaspésie, plusieurs familles nous disent manquer des rendez-vous de suivi à l'hôpital : "
        "l'autobus ne passe que deux fois par jour et le taxi coûte trop cher.",
        "11",
        ["acces-aux-soins", "equite-determinants"],
        HANDLED,
        d(2024, 2, 20),
        "Transmis au comité régional sur l'accès ; un projet de transport solidaire est à l'étude.",
        "",
        "",
    ),
    (
        KARIM,
        d(2024, 3, 12),
        PRACTICE,
        "Une halte-répit tenue par des proches aidants",
        "Un organisme de Centre-Sud ouvre une halte-répit animée par des proches aidants formés : les "
        "personnes y viennent d'abord pour souffler, puis restent pour échanger.",
        "06CS",
        ["isolement-social", "partenariat-patient"],
        LINKED,
        d(2024, 3, 28),
        "Relié à la communauté soignante, qui documente déjà des pratiques semblables.",
        COMMUNAUTE_SOIGNANTE,
        "",
    ),
    (
        ROSALIE,
        d(2024, 4, 9),
        ISSUE,
        "Les partenaires en santé ne sont pas rémunérés pareil d'un comité à l'autre",
        "Dans la même région, un comité offre une compensation et un autre non, pour le même temps de "
        "travail. Des partenaires se retirent.",
        "03",
        ["partenariat-patient", "gouvernance-financement"],
        LINKED,
        d(2024, 4, 25),
        "Discuté dans la communauté de pratique sur l'expérience et le partenariat.",
        "",
        EXPERIENCE_SPACE,
    ),
    (
        FELIX,
        d(2024, 5, 14),
        NEED,
        "Un accueil dans la langue des nouveaux arrivants",
        "Au CLSC, les familles nouvellement arrivées attendent souvent qu'un proche puisse traduire ; "
        "l'interprétariat n'est pas offert à l'accueil.",
        "06",
        ["acces-aux-soins", "equite-determinants"],
        HANDLED,
        d(2024, 6, 3),
        "Une banque d'interprètes communautaires est proposée au comité de direction.",
        "",
        "",
    ),
    (
        CHANTAL,
        d(2024, 6, 18),
        COLLABORATION,
        "Les bibliothèques veulent relayer l'information en santé",
        "Le réseau des bibliothèques de Québec propose d'héberger des ateliers de littératie en santé et "
        "de repérer les fausses nouvelles avec les usagers.",
        "0311",
        ["litteratie-en-sante", "promotion-prevention"],
        LINKED,
        d(2024, 7, 2),
        "Relié à la coalition pour la littératie en santé.",
        LITTERATIE,
        "",
    ),
    (
        YVES,
        d(2024, 8, 27),
        NEED,
        "Pas de groupe de soutien en santé mentale dans les villages",
        "Les groupes se tiennent à Rimouski ; dans les villages de l'arrière-pays, les personnes n'ont "
        "ni transport ni lieu pour se rencontrer.",
        "01",
        ["sante-mentale", "isolement-social"],
        LINKED,
        d(2024, 9, 10),
        "Les cercles de co-apprentissage cherchent justement à rejoindre les villages.",
        CERCLES,
        "",
    ),
    (
        HAMID,
        d(2024, 10, 8),
        ISSUE,
        "Les formulaires d'admission sont trop longs",
        "À l'admission, on demande les mêmes renseignements trois fois. Pour une personne âgée seule, "
        "c'est décourageant.",
        "16",
        ["acces-aux-soins", "pertinence-des-soins"],
        HANDLED,
        d(2024, 10, 29),
        "Un formulaire unique a été proposé à la direction des services.",
        "",
        "",
    ),
    (
        MELANIE,
        d(2024, 11, 19),
        PRACTICE,
        "Des infirmières qui appellent après le congé",
        "Au GMF, un appel infirmier dans les 48 heures suivant un congé d'hôpital évite des retours à "
        "l'urgence, selon l'équipe.",
        "0611",
        ["soins-integres", "maladies-chroniques"],
        HANDLED,
        d(2024, 12, 3),
        "Partagé avec les autres GMF de la région.",
        "",
        "",
    ),
    (
        KARIM,
        d(2025, 1, 21),
        NEED,
        "Aider les aînés à prendre un rendez-vous en ligne",
        "Depuis que la prise de rendez-vous se fait en ligne, des aînés viennent au centre communautaire "
        "pour qu'on les aide ; nous n'avons pas les ressources pour tous.",
        "1611",
        ["sante-numerique", "vieillissement-actif"],
        LINKED,
        d(2025, 2, 4),
        "Relié au projet Aînés branchés.",
        AINES,
        "",
    ),
    (
        AMELIE,
        d(2025, 2, 25),
        ISSUE,
        "Des proches aidants épuisés après l'hospitalisation à domicile",
        "L'hospitalisation à domicile fonctionne, mais la charge retombe sur les proches : nuits "
        "écourtées, matériel à gérer, peu de répit.",
        "06",
        ["soins-integres", "isolement-social"],
        LINKED,
        d(2025, 3, 11),
        "Transmis à l'équipe de l'hospitalisation à domicile.",
        HAD,
        "",
    ),
    (
        LUCIE,
        d(2025, 3, 18),
        COLLABORATION,
        "Un comité d'usagers prêt à coconstruire l'accueil",
        "Le comité des usagers offre de revoir l'accueil des urgences avec l'équipe, à partir des "
        "plaintes des deux dernières années.",
        "03",
        ["partenariat-patient", "acces-aux-soins"],
        HANDLED,
        d(2025, 4, 1),
        "Rencontre organisée avec la direction des urgences.",
        "",
        "",
    ),
    (
        PATRICE,
        d(2025, 4, 22),
        NEED,
        "Des jeunes sans médecin de famille dans les Laurentides",
        "Les jeunes de 18 à 25 ans ne savent pas comment s'inscrire au guichet d'accès ; plusieurs "
        "consultent seulement à l'urgence.",
        "15",
        ["acces-aux-soins"],
        IN_REVIEW,
        d(2025, 5, 6),
        "",
        "",
        "",
    ),
    (
        ERIC,
        d(2025, 5, 13),
        PRACTICE,
        "Une cuisine collective qui parle de santé sans le dire",
        "Chaque mardi, on cuisine ensemble et on parle de diabète, de budget et de sommeil. Les gens "
        "reviennent parce que ce n'est pas un cours.",
        "06CS",
        ["promotion-prevention", "systemes-alimentaires"],
        HANDLED,
        d(2025, 5, 27),
        "Présentée à la table de quartier.",
        "",
        "",
    ),
    (
        ROSALIE,
        d(2025, 6, 10),
        ISSUE,
        "Le jargon des comités décourage les nouveaux partenaires",
        "Des partenaires nouvellement recrutés quittent après deux rencontres : trop d'acronymes, "
        "personne ne les explique.",
        "03",
        ["partenariat-patient", "litteratie-en-sante"],
        LINKED,
        d(2025, 6, 25),
        "Repris par la table régionale en littératie en santé.",
        "",
        LITTERATIE_SPACE,
    ),
    (
        FELIX,
        d(2025, 8, 19),
        COLLABORATION,
        "Les municipalités veulent partager leurs données de transport",
        "Deux MRC proposent de croiser leurs données de transport collectif avec les heures de "
        "rendez-vous des cliniques.",
        "01",
        ["acces-aux-soins", "equite-determinants"],
        IN_REVIEW,
        d(2025, 9, 2),
        "",
        "",
        "",
    ),
    (
        CHANTAL,
        d(2025, 9, 23),
        NEED,
        "Des ateliers de littératie en santé pour les parents",
        "Les parents de jeunes enfants cherchent de l'information fiable sur la vaccination et ne "
        "savent pas à qui se fier.",
        "0311",
        ["litteratie-en-sante", "promotion-prevention"],
        HANDLED,
        d(2025, 10, 7),
        "Ateliers ajoutés au calendrier de la coalition.",
        "",
        "",
    ),
    (
        YVES,
        d(2025, 10, 28),
        ISSUE,
        "La ligne d'écoute ne répond pas la fin de semaine",
        "Dans l'arrière-pays, la seule ligne d'écoute régionale ferme le vendredi soir.",
        "01",
        ["sante-mentale"],
        LINKED,
        d(2025, 11, 12),
        "Discuté à la table de concertation en santé mentale.",
        "",
        SANTE_MENTALE_SPACE,
    ),
    (
        HAMID,
        d(2025, 12, 2),
        NEED,
        "Un accompagnement pour les personnes qui sortent de l'hôpital seules",
        "Des personnes âgées rentrent seules après une hospitalisation, sans savoir qui appeler.",
        "16",
        ["soins-integres", "vieillissement-actif"],
        IN_REVIEW,
        d(2025, 12, 16),
        "",
        "",
        "",
    ),
    (
        AMELIE,
        d(2026, 1, 20),
        PRACTICE,
        "Présenter les projets à deux voix",
        "Au comité régional, chaque projet est présenté par une partenaire et un gestionnaire ; les "
        "échanges sont plus concrets.",
        "06",
        ["partenariat-patient", "gouvernance-financement"],
        HANDLED,
        d(2026, 2, 3),
        "Pratique diffusée dans l'infolettre régionale.",
        "",
        "",
    ),
    (
        MELANIE,
        d(2026, 3, 10),
        ISSUE,
        "L'attente pour une chirurgie du genou inquiète les patients",
        "Les patients appellent souvent la clinique pour savoir où ils en sont dans la liste ; personne "
        "ne peut leur répondre.",
        "03",
        ["acces-aux-soins", "pertinence-des-soins"],
        IN_REVIEW,
        d(2026, 3, 24),
        "",
        "",
        "",
    ),
    (
        KARIM,
        d(2026, 5, 12),
        COLLABORATION,
        "Un organisme de jeunes prêt à accueillir une clinique mobile",
        "La maison des jeunes offre son local deux soirs par semaine pour une clinique mobile en santé sexuelle.",
        "1611",
        ["promotion-prevention", "sante-mentale"],
        LINKED,
        d(2026, 5, 26),
        "Relié à Aire ouverte, qui cherche des lieux près des jeunes.",
        AIRE_OUVERTE,
        "",
    ),
    (
        PATRICE,
        d(2026, 8, 18),
        NEED,
        "Du répit pour les proches aidants en milieu rural",
        "Les proches aidants des villages n'ont accès à aucun service de répit à moins de 50 km.",
        "15",
        ["isolement-social", "vieillissement-actif"],
        NEW,
        None,
        "",
        "",
        "",
    ),
    (
        ERIC,
        d(2026, 9, 22),
        ISSUE,
        "Les avis de rendez-vous arrivent après la date",
        "Plusieurs voisins ont reçu leur lettre de rendez-vous après la date prévue.",
        "06CS",
        ["acces-aux-soins"],
        NEW,
        None,
        "",
        "",
        "",
    ),
    (
        LUCIE,
        d(2026, 10, 6),
        PRACTICE,
        "Un carnet de bord partagé entre l'équipe et la famille",
        "En soins palliatifs à domicile, un carnet papier laissé à la maison permet à chacun de noter "
        "ce qui a changé depuis la dernière visite.",
        "03",
        ["soins-integres", "partenariat-patient"],
        NEW,
        None,
        "",
        "",
        "",
    ),
    (
        FELIX,
        d(2026, 10, 27),
        NEED,
        "Un local pour les rencontres de partenaires en soirée",
        "Les partenaires qui travaillent de jour ne peuvent venir aux rencontres de 14 h.",
        "06",
        ["partenariat-patient"],
        NEW,
        None,
        "",
        "",
        "",
    ),
]

# (recorded by, kind, title, description, level, decided on, organization, territory,
#  learnings' titles, signals' titles, indicators' codes, cites the year's synthesis)
DECISIONS = [
    (
        NATHALIE,
        Decision.Kind.DECISION,
        "Transport vers les rendez-vous pour les familles de la Gaspésie",
        "Un service de transport solidaire vers les rendez-vous de suivi est financé pour deux ans, "
        "coordonné avec les organismes communautaires.",
        "regional",
        d(2024, 6, 17),
        "msss",
        "11",
        ["Le fardeau logistique retombe d'abord sur les familles"],
        ["Des familles renoncent aux rendez-vous faute de transport"],
        ["ATTENTE-GAMF"],
        False,
    ),
    (
        SOPHIE,
        Decision.Kind.DECISION,
        "Compensation des partenaires en santé dans les comités régionaux",
        "Une compensation unique, à l'heure, est offerte aux partenaires en santé de tous les comités "
        "régionaux, avec le remboursement des frais de déplacement et de garde.",
        "regional",
        d(2024, 9, 16),
        "ciusss-capitale-nationale",
        "03",
        ["Former et soutenir les partenaires pour reconnaître leur légitimité"],
        ["Les partenaires en santé ne sont pas rémunérés pareil d'un comité à l'autre"],
        ["PART-DEMARRAGE"],
        False,
    ),
    (
        NATHALIE,
        Decision.Kind.ADAPTATION,
        "Adapter l'accueil au CLSC pour les familles nouvellement arrivées",
        "L'accueil offre l'interprétariat par téléphone et un premier rendez-vous plus long ; les "
        "formulaires sont traduits en cinq langues.",
        "local",
        d(2024, 11, 4),
        "ciusss-centre-sud",
        "06",
        ["Compléter plutôt que substituer"],
        ["Un accueil dans la langue des nouveaux arrivants"],
        ["PREM-RECO"],
        False,
    ),
    (
        NATHALIE,
        Decision.Kind.ADAPTATION,
        "Un appel de suivi après chaque hospitalisation à domicile",
        "L'équipe appelle la personne et son proche aidant dans les 48 heures suivant la fin de "
        "l'hospitalisation à domicile, et propose du répit au besoin.",
        "team",
        d(2025, 4, 14),
        "ciusss-centre-sud",
        "06",
        ["Associer une partenaire en santé dès le démarrage", "Le fardeau logistique retombe d'abord sur les familles"],
        ["Des proches aidants épuisés après l'hospitalisation à domicile"],
        ["PROM-QDV-HAD"],
        True,
    ),
    (
        SOPHIE,
        Decision.Kind.DECISION,
        "Un formulaire d'admission unique en Montérégie-Centre",
        "Les trois formulaires d'admission sont fusionnés en un seul, relu par le comité des usagers.",
        "regional",
        d(2025, 6, 9),
        "cisss-monteregie-centre",
        "16",
        ["L'accompagnement en personne avant l'outil"],
        ["Les formulaires d'admission sont trop longs", "Aider les aînés à prendre un rendez-vous en ligne"],
        [],
        True,
    ),
    (
        NATHALIE,
        Decision.Kind.ADAPTATION,
        "Des mots simples dans les documents remis aux patients",
        "Tout document remis aux patients est relu par un partenaire en santé et une conseillère en "
        "littératie avant d'être imprimé.",
        "regional",
        d(2025, 9, 29),
        "ciusss-capitale-nationale",
        "03",
        ["Le jargon et les acronymes éloignent les personnes"],
        ["Le jargon des comités décourage les nouveaux partenaires"],
        ["PREM-RECO"],
        True,
    ),
    (
        SOPHIE,
        Decision.Kind.DECISION,
        "Des cercles de co-apprentissage dans trois villages du Bas-Saint-Laurent",
        "Trois cercles mensuels sont financés hors de Rimouski, avec le transport des participants.",
        "regional",
        d(2026, 1, 26),
        "cisss-bas-saint-laurent",
        "01",
        ["Les prénoms plutôt que les titres", "S'appuyer sur les structures territoriales existantes"],
        [
            "Pas de groupe de soutien en santé mentale dans les villages",
            "La ligne d'écoute ne répond pas la fin de semaine",
        ],
        ["HOSP-EVITABLES"],
        True,
    ),
    (
        NATHALIE,
        Decision.Kind.ADAPTATION,
        "Informer les personnes en attente d'une arthroplastie",
        "Un appel tous les trois mois et une ligne directe pour les personnes en attente d'une "
        "chirurgie du genou ou de la hanche, conçus avec des partenaires en santé.",
        "local",
        d(2026, 6, 15),
        "chu-de-quebec",
        "03",
        [
            "Partir du vécu de l'attente, pas de l'information à transmettre",
            "La confiance réduit la désinformation pendant l'attente",
        ],
        ["L'attente pour une chirurgie du genou inquiète les patients"],
        ["DELAI-ARTHRO"],
        True,
    ),
]

LEAD_TIME = datetime.timedelta(days=45)  # a cited learning was shared this long before the decision


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _people() -> dict[str, User]:
    emails = {row[0] for row in SIGNALS} | {row[0] for row in DECISIONS} | {JOSEE}
    people = {user.email: user for user in User.objects.filter(email__in=emails)}
    missing = emails - set(people)
    if missing:
        raise RuntimeError(f"Demo people missing ({', '.join(sorted(missing))}): run the earlier demos first.")
    return people


def _signals(people: dict[str, User]) -> int:
    existing = set(Signal.objects.filter(title__in=[row[3] for row in SIGNALS]).values_list("title", flat=True))
    territories = {territory.code: territory for territory in Territory.objects.all()}
    created = 0
    for who, posted, kind, title, text, code, themes, status, triaged, note, initiative, space in SIGNALS:
        if title in existing:
            continue
        signal = services.signal_create(
            by=people[who],
            kind=kind,
            title=title,
            description=text,
            territory=territories[code],
            themes=Theme.objects.filter(slug__in=themes),
        )
        Signal.objects.filter(pk=signal.pk).update(created_at=_at(posted))
        if status != NEW:
            services.signal_triage(
                signal=signal,
                by=people[JOSEE],
                status=status,
                note=note,
                initiative=Initiative.objects.filter(title=initiative).first() if initiative else None,
                community=Community.objects.filter(name=space).first() if space else None,
            )
            Signal.objects.filter(pk=signal.pk).update(triaged_at=_at(triaged, 15))
        created += 1
    return created


def _decisions(people: dict[str, User]) -> list[tuple[Decision, bool]]:
    """The decisions created now, each with whether it cites its year's synthesis."""
    existing = set(Decision.objects.filter(title__in=[row[2] for row in DECISIONS]).values_list("title", flat=True))
    created = []
    for who, kind, title, text, level, decided, organization, code, learnings, signals, codes, cite in DECISIONS:
        if title in existing:
            continue
        cited = list(Learning.objects.published().filter(title__in=learnings))
        # The learnings were published today by their demo: date them back to before the decision.
        for learning in cited:
            if learning.published_at.date() > decided - LEAD_TIME:
                learning.published_at = _at(decided - LEAD_TIME)
                Learning.objects.filter(pk=learning.pk).update(published_at=learning.published_at)
        decision = services.decision_create(
            by=people[who],
            kind=kind,
            title=title,
            description=text,
            level=level,
            decided_on=decided,
            organization=Organization.objects.get(slug=organization),
            territory=Territory.objects.get(code=code),
            learnings=cited,
            signals=Signal.objects.reviewed().filter(title__in=signals),
            indicators=Indicator.objects.filter(code__in=codes),
        )
        Decision.objects.filter(pk=decision.pk).update(created_at=_at(decided, 16))
        created.append((decision, cite))
    return created


def data_years() -> list[int]:
    """Every year from the first one with measurements, learnings, signals or decisions to this one."""
    this_year = timezone.localdate().year
    firsts = [
        Measurement.objects.filter(granularity__in=[Granularity.YEAR, Granularity.QUARTER]).aggregate(
            first=Min("period_start")
        )["first"],
        Learning.objects.published().aggregate(first=Min("published_at"))["first"],
        Signal.objects.aggregate(first=Min("created_at"))["first"],
        Decision.objects.aggregate(first=Min("decided_on"))["first"],
    ]
    years = [first.year for first in firsts if first is not None]
    return list(range(max(FIRST_YEAR, min(years, default=this_year)), this_year + 1))


@transaction.atomic
def seed(*, demo_password: str | None = None) -> dict[str, int]:
    counts = {"signals": 0, "decisions": 0, "decision-makers": 0, "syntheses": 0}
    people = _people()
    group = Group.objects.get(name=DECISION_MAKERS)
    if not people[NATHALIE].groups.filter(pk=group.pk).exists():
        people[NATHALIE].groups.add(group)
        counts["decision-makers"] += 1
    people[NATHALIE] = User.objects.get(pk=people[NATHALIE].pk)  # forget the cached permissions
    counts["signals"] = _signals(people)
    decisions = _decisions(people)
    counts["decisions"] = len(decisions)
    if counts["signals"] or decisions or not Synthesis.objects.exists():
        # The task's body, called directly: whether Celery runs tasks eagerly or not, the syntheses
        # are there now (the task queued after commit finds the run done).
        run = services.synthesis_request(years=data_years(), trigger=SynthesisRun.Trigger.DEMO)
        run = services.synthesis_run(run_id=run.pk)
        if run.status != SynthesisRun.Status.DONE:
            raise RuntimeError(f"The demo's syntheses failed: {run.failure}")
        counts["syntheses"] = run.synthesis_count
    for decision, cite in decisions:
        if not cite:
            continue
        yearly = Synthesis.objects.final().filter(
            territory=decision.territory,  # the demo's decisions are regional: an RSS
            theme__isnull=True,
            granularity=Granularity.YEAR,
            period_start__year__lt=decision.decided_on.year,
        )
        synthesis = yearly.order_by("-period_start").first()
        if synthesis is not None:
            by = decision.recorded_by
            services.decision_update(decision=decision, by=by, syntheses=[synthesis])
    return counts
