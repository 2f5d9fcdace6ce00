import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command

from ecosystem.models import Organization, Territory, User


def snapshot() -> dict:
    """Every row of every model of the platform's apps, as plain values."""
    platform_apps = {*settings.PLATFORM_APPS, "account"}  # allauth's e-mail addresses too
    return {
        model._meta.label: sorted(map(repr, model.objects.values_list()))
        for model in apps.get_models()
        if model._meta.app_label in platform_apps
    }


@pytest.mark.django_db
def test_seed_demo_loads_the_organizations_of_the_seeds_and_fictional_people():
    call_command("seed_demo", verbosity=0)

    assert Organization.objects.filter(slug="ciusss-centre-sud", territories_served__code="06").exists()
    assert Organization.objects.filter(name="Centre d'excellence sur le partenariat avec les patients et le public")
    assert Territory.objects.filter(kind="rls", parent__code="06").exists()
    assert User.objects.filter(email__endswith="@exemple.test").count() >= 5


@pytest.mark.django_db
def test_seed_demo_twice_changes_nothing():
    call_command("seed_demo", demo_password="demo-ecosysteme", verbosity=0)
    before = snapshot()

    call_command("seed_demo", demo_password="demo-ecosysteme", verbosity=0)

    assert snapshot() == before


@pytest.mark.django_db
def test_demo_people_cannot_sign_in_without_a_demo_password():
    call_command("seed_demo", verbosity=0)

    assert not any(user.has_usable_password() for user in User.objects.filter(email__endswith="@exemple.test"))


@pytest.mark.django_db
def test_demo_people_can_sign_in_with_the_demo_password(client):
    call_command("seed_demo", demo_password="demo-ecosysteme", verbosity=0)

    response = client.post("/accounts/login/", {"login": "karim@exemple.test", "password": "demo-ecosysteme"})

    assert response.status_code == 302
    assert client.get("/").context["user"].email == "karim@exemple.test"


@pytest.mark.django_db
def test_a_dry_run_writes_nothing():
    before = snapshot()

    call_command("seed_demo", dry_run=True, verbosity=0)

    assert snapshot() == before


@pytest.mark.django_db
def test_seed_demo_until_an_app_loads_that_app_and_those_it_depends_on_only():
    from indicators.models import Indicator
    from initiatives.models import Initiative

    call_command("seed_demo", until="initiatives", verbosity=0)

    assert Initiative.objects.exists()
    assert not Indicator.objects.exists()
