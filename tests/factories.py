"""factory_boy factories for the shared references and each app's models."""

import datetime

import factory
from django.utils import timezone
from django.utils.text import slugify

from ecosystem.models import Organization, Territory, Theme, User
from ecosystem.text import render_markdown

DEFAULT_PASSWORD = "mot-de-passe-de-test-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.test")
    display_name = factory.Faker("first_name", locale="fr_CA")
    preferred_language = User.Language.FRENCH
    password = factory.django.Password(DEFAULT_PASSWORD)

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        """Give the user a verified primary e-mail address, as allauth expects to sign in."""
        if not create or extracted is False:
            return
        from allauth.account.models import EmailAddress

        EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})


class TerritoryFactory(factory.django.DjangoModelFactory):
    """A local territory under an RSS (the RSS themselves ship with the migrations)."""

    class Meta:
        model = Territory

    kind = Territory.Kind.RLS
    code = factory.Sequence(lambda n: f"9{n:04d}")
    name_fr = factory.Faker("city", locale="fr_CA")
    name_en = factory.SelfAttribute("name_fr")
    parent = factory.LazyFunction(lambda: Territory.objects.regions().get(code="06"))


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ["slug"]

    name_fr = factory.Sequence(lambda n: f"Thème {n}")
    name_en = factory.Sequence(lambda n: f"Theme {n}")
    slug = factory.LazyAttribute(lambda theme: slugify(theme.name_fr))


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organisme communautaire {n}")
    slug = factory.LazyAttribute(lambda organization: slugify(organization.name))
    kind = Organization.Kind.COMMUNITY
    sector = Organization.Sector.COMMUNITY


class InitiativeFactory(factory.django.DjangoModelFactory):
    """A public community initiative in Montréal (RSS 06). Pass ``team=[user, ...]`` to staff it."""

    class Meta:
        model = "initiatives.Initiative"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Initiative de quartier {n}")
    slug = factory.LazyAttribute(lambda initiative: slugify(initiative.title))
    summary = "Des voisins se rencontrent chaque semaine pour cuisiner et briser l'isolement."
    description = "Nous cuisinons **ensemble** chaque mardi."
    description_html = factory.LazyAttribute(lambda initiative: render_markdown(initiative.description))
    kind = "community"
    phase = "experimentation"
    visibility = "public"

    @factory.post_generation
    def territories(initiative, create, extracted, **kwargs):
        if create:
            initiative.territories.set(extracted or [Territory.objects.get(code="06")])

    @factory.post_generation
    def themes(initiative, create, extracted, **kwargs):
        if create and extracted:
            initiative.themes.set(extracted)

    @factory.post_generation
    def populations(initiative, create, extracted, **kwargs):
        if create and extracted:
            initiative.populations.set(extracted)

    @factory.post_generation
    def team(initiative, create, extracted, **kwargs):
        if create and extracted:
            initiative.team.set(extracted)


class LearningFactory(factory.django.DjangoModelFactory):
    """A published learning of an initiative, filed in the initiative's first territory."""

    class Meta:
        model = "initiatives.Learning"
        skip_postgeneration_save = True

    initiative = factory.SubFactory(InitiativeFactory)
    title = factory.Sequence(lambda n: f"Apprentissage {n}")
    statement = "Les personnes reviennent quand on les accueille par leur prénom."
    kind = "success_condition"
    knowledge_type = "experiential"
    territory = factory.LazyAttribute(
        lambda learning: learning.initiative.territories.first() if learning.initiative else None
    )
    author = None
    status = "published"
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def themes(learning, create, extracted, **kwargs):
        if create and extracted:
            learning.themes.set(extracted)


class CommunityFactory(factory.django.DjangoModelFactory):
    """A public co-learning space in Montréal (RSS 06), on request. Pass ``territories=[...]``
    or ``themes=[...]`` to change them; memberships are made with ``MembershipFactory``."""

    class Meta:
        model = "communities.Community"
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Communauté de pratique {n}")
    slug = factory.LazyAttribute(lambda community: slugify(community.name))
    kind = "practice"
    purpose = "Mettre en commun nos expériences du partenariat de soins."
    charter = "- **Prénoms, pas de titres.**\n- **Voix égales.**"
    charter_html = factory.LazyAttribute(lambda community: render_markdown(community.charter))
    scope = "regional"
    membership_policy = "on_request"
    visibility = "public"

    @factory.post_generation
    def territories(community, create, extracted, **kwargs):
        if create:
            community.territories.set(extracted or [Territory.objects.get(code="06")])

    @factory.post_generation
    def themes(community, create, extracted, **kwargs):
        if create and extracted:
            community.themes.set(extracted)


class MembershipFactory(factory.django.DjangoModelFactory):
    """An active member; ``role="co_facilitator"`` or ``status="pending"`` as needed."""

    class Meta:
        model = "communities.Membership"

    community = factory.SubFactory(CommunityFactory)
    user = factory.SubFactory(UserFactory)
    role = "member"
    status = "active"
    joined_at = factory.LazyAttribute(lambda membership: timezone.now() if membership.status == "active" else None)


class GatheringFactory(factory.django.DjangoModelFactory):
    """A virtual gathering next week, one and a half hours long."""

    class Meta:
        model = "communities.Gathering"

    community = factory.SubFactory(CommunityFactory)
    title = factory.Sequence(lambda n: f"Rencontre mensuelle {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timezone.timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda gathering: gathering.starts_at + timezone.timedelta(minutes=90))
    format = "virtual"
    link = "https://visio.exemple.test/rencontre"


class ThreadFactory(factory.django.DjangoModelFactory):
    """A thread with its opening post by its author."""

    class Meta:
        model = "communities.Thread"
        skip_postgeneration_save = True

    community = factory.SubFactory(CommunityFactory)
    title = factory.Sequence(lambda n: f"Discussion {n}")
    author = factory.SubFactory(UserFactory)

    @factory.post_generation
    def body(thread, create, extracted, **kwargs):
        if create:
            PostFactory(thread=thread, author=thread.author, body=extracted or "Qu'en pensez-vous ?")


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "communities.Post"

    thread = factory.SubFactory(ThreadFactory)
    author = factory.SubFactory(UserFactory)
    body = "Merci pour ce partage."
    body_html = factory.LazyAttribute(lambda post: render_markdown(post.body))


class ResourceFactory(factory.django.DjangoModelFactory):
    """A shared link (files go through the service, which checks them)."""

    class Meta:
        model = "communities.Resource"

    community = factory.SubFactory(CommunityFactory)
    title = factory.Sequence(lambda n: f"Guide pratique {n}")
    kind = "guide"
    link = "https://exemple.test/guide.pdf"


class PartnerProfileFactory(factory.django.DjangoModelFactory):
    """A caregiver in Montréal (RSS 06) who speaks French. Consents are given with
    ``ecosystem.services.consent_give``."""

    class Meta:
        model = "partnerships.PartnerProfile"
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    partner_types = factory.LazyFunction(lambda: ["proche_aidant"])
    region = factory.LazyFunction(lambda: Territory.objects.get(kind=Territory.Kind.RSS, code="06"))
    languages = factory.LazyFunction(lambda: ["fr"])
    contact_channels = factory.LazyFunction(lambda: ["platform"])
    availability_hours = 8
    bio = "Proche aidante depuis dix ans."

    @factory.post_generation
    def experience_themes(profile, create, extracted, **kwargs):
        if create and extracted:
            profile.experience_themes.set(extracted)


class DiversityAnswersFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "partnerships.DiversityAnswers"

    user = factory.SubFactory(UserFactory)
    age_band = "45_54"
    gender = "woman"
    indigenous = "no"
    racialized = "declined"


class GovernanceBodyFactory(factory.django.DjangoModelFactory):
    """A users' committee at the establishment level in Montréal. Pass ``organizers=[...]``."""

    class Meta:
        model = "partnerships.GovernanceBody"
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Comité des usagers {n}")
    organization = factory.SubFactory(OrganizationFactory)
    governance_level = "establishment"
    territory = factory.LazyFunction(lambda: Territory.objects.get(kind=Territory.Kind.RSS, code="06"))

    @factory.post_generation
    def organizers(body, create, extracted, **kwargs):
        if create and extracted:
            body.organizers.set(extracted)


class EngagementFactory(factory.django.DjangoModelFactory):
    """A confirmed co-construction engagement in care and services, on an initiative, started
    a month ago. Pass ``community=…`` with ``initiative=None`` for a space."""

    class Meta:
        model = "partnerships.Engagement"

    partner = factory.SubFactory(UserFactory)
    initiative = factory.SubFactory(InitiativeFactory)
    level = "co_construction"
    sphere = "care"
    governance_level = "team"
    started_on = factory.LazyFunction(lambda: timezone.localdate() - timezone.timedelta(days=30))
    status = "confirmed"


class CallFactory(factory.django.DjangoModelFactory):
    """An open call on an initiative for caregivers in Montréal, French, deadline in two weeks."""

    class Meta:
        model = "partnerships.Call"
        skip_postgeneration_save = True

    initiative = factory.SubFactory(InitiativeFactory)
    title = factory.Sequence(lambda n: f"Appel aux partenaires {n}")
    description = "Participer à quatre rencontres de coconstruction, en soirée."
    partner_types = factory.LazyFunction(lambda: ["proche_aidant"])
    languages = factory.LazyFunction(lambda: ["fr"])
    sphere = "care"
    level = "co_construction"
    governance_level = "team"
    places = 2
    deadline = factory.LazyFunction(lambda: timezone.localdate() + timezone.timedelta(days=14))

    @factory.post_generation
    def territories(call, create, extracted, **kwargs):
        if create:
            call.territories.set(
                extracted if extracted is not None else [Territory.objects.get(kind=Territory.Kind.RSS, code="06")]
            )

    @factory.post_generation
    def themes(call, create, extracted, **kwargs):
        if create and extracted:
            call.themes.set(extracted)


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "partnerships.Application"

    call = factory.SubFactory(CallFactory)
    applicant = factory.SubFactory(UserFactory)
    message = "Je vis cette situation depuis longtemps et j'aimerais contribuer."


class IndicatorFactory(factory.django.DjangoModelFactory):
    """An indicator with a first version of its definition (a percentage where higher is better).
    Pass ``adopted=True`` to adopt that version, ``stewards=[user, ...]`` to name its stewards and
    ``version__unit=...`` (or any definition field) to change the wording."""

    class Meta:
        model = "indicators.Indicator"
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"IND-{n:03d}")
    family = "prem"
    aim_dimension = "experience"
    status = "proposed"

    @factory.post_generation
    def version(indicator, create, extracted, **kwargs):
        if not create:
            return
        version = IndicatorVersionFactory(indicator=indicator, number=1, **kwargs)
        indicator.current = version
        indicator.save(update_fields=["current"])

    @factory.post_generation
    def adopted(indicator, create, extracted, **kwargs):
        if not create or not extracted:
            return
        version = indicator.current
        version.adopted_at = timezone.now()
        version.save(update_fields=["adopted_at"])
        indicator.status = "adopted"
        indicator.in_force = version
        indicator.save(update_fields=["status", "in_force"])

    @factory.post_generation
    def stewards(indicator, create, extracted, **kwargs):
        if create and extracted:
            indicator.stewards.set(extracted)


class IndicatorVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "indicators.IndicatorVersion"

    number = 1
    name = factory.Sequence(lambda n: f"Part des usagers qui recommanderaient le service {n}")
    definition = "Sur 100 personnes qui ont reçu le service, combien le recommanderaient à un proche."
    rationale = "Ce que vivent les personnes dit si le service répond à leurs besoins."
    numerator = "Personnes qui recommanderaient le service"
    denominator = "Personnes qui ont répondu au sondage"
    unit = "percent"
    direction = "higher"
    data_source = "Sondage sur l'expérience des usagers"
    frequency = "quarterly"


class ContributionFactory(factory.django.DjangoModelFactory):
    """An endorsement of the indicator's current version by a professional, unless told otherwise."""

    class Meta:
        model = "indicators.Contribution"

    indicator = factory.SubFactory(IndicatorFactory)
    version = factory.LazyAttribute(lambda contribution: contribution.indicator.current)
    contributor = factory.SubFactory(UserFactory)
    role = "professional"
    kind = "endorsement"
    text = ""
    proposal_status = factory.LazyAttribute(lambda contribution: "open" if contribution.kind == "proposal" else "")


def _stratum(dimension="total", code="total"):
    from indicators.models import Stratum

    return Stratum.objects.get(dimension=dimension, code=code)


class MeasurementFactory(factory.django.DjangoModelFactory):
    """A value for Montréal's total in the first quarter of 2025."""

    class Meta:
        model = "indicators.Measurement"

    indicator = factory.SubFactory(IndicatorFactory, adopted=True)
    version = factory.LazyAttribute(lambda measurement: measurement.indicator.values_version)
    territory = factory.LazyFunction(lambda: Territory.objects.regions().get(code="06"))
    granularity = "quarter"
    period_start = datetime.date(2025, 1, 1)
    period_end = datetime.date(2025, 3, 31)
    stratum = factory.LazyFunction(_stratum)
    value = 71.3
    source = "Sondage 2025"


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "indicators.Target"

    indicator = factory.SubFactory(IndicatorFactory, adopted=True)
    level = "regional"
    territory = factory.LazyFunction(lambda: Territory.objects.regions().get(code="06"))
    granularity = "year"
    period_start = datetime.date(2027, 1, 1)
    period_end = datetime.date(2027, 12, 31)
    value = 80
    rationale = "Rejoindre la moyenne des régions comparables en deux ans."


class SignalFactory(factory.django.DjangoModelFactory):
    """A watch signal posted in Montréal (RSS 06), not yet triaged."""

    class Meta:
        model = "loop.Signal"
        skip_postgeneration_save = True

    kind = "need"
    title = factory.Sequence(lambda n: f"Signal {n}")
    description = "Des familles attendent un transport pour se rendre aux rendez-vous."
    territory = factory.LazyFunction(lambda: Territory.objects.get(code="06"))
    submitted_by = factory.SubFactory(UserFactory)
    status = "new"

    @factory.post_generation
    def themes(signal, create, extracted, **kwargs):
        if create and extracted:
            signal.themes.set(extracted)


class DecisionFactory(factory.django.DjangoModelFactory):
    """A regional decision taken last month in Montréal."""

    class Meta:
        model = "loop.Decision"
        skip_postgeneration_save = True

    kind = "decision"
    title = factory.Sequence(lambda n: f"Décision {n}")
    description = "Le transport vers les rendez-vous est offert aux familles du territoire."
    level = "regional"
    decided_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    organization = factory.SubFactory(OrganizationFactory)
    territory = factory.LazyFunction(lambda: Territory.objects.get(code="06"))
    recorded_by = None

    @factory.post_generation
    def learnings(decision, create, extracted, **kwargs):
        if create and extracted:
            decision.learnings.set(extracted)
