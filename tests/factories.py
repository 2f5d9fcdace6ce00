"""factory_boy factories for the shared references. Later apps add theirs beside these."""

import factory
from django.utils.text import slugify

from ecosystem.models import Organization, Territory, Theme, User

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
