import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ecosystem.models import Organization, Territory, Theme
from ecosystem.services import organization_ensure, territory_ensure

OFFICIAL_RSS = {
    "01": "Bas-Saint-Laurent",
    "04": "Mauricie et Centre-du-Québec",
    "06": "Montréal",
    "10": "Nord-du-Québec",
    "17": "Nunavik",
    "18": "Terres-Cries-de-la-Baie-James",
}


@pytest.mark.django_db
def test_the_18_rss_ship_with_the_code_under_quebec():
    regions = list(Territory.objects.regions())
    province = Territory.objects.province()

    assert [region.code for region in regions] == [f"{n:02d}" for n in range(1, 19)]
    assert all(region.parent == province for region in regions)
    assert all(region.name_fr and region.name_en for region in regions)
    for code, name in OFFICIAL_RSS.items():
        assert Territory.objects.get(kind="rss", code=code).name_fr == name


@pytest.mark.django_db
def test_the_themes_of_the_seeds_are_loaded():
    slugs = set(Theme.objects.values_list("slug", flat=True))

    assert {"sante-mentale", "systemes-alimentaires", "vieillissement-actif", "sante-numerique"} <= slugs


@pytest.mark.django_db
def test_names_follow_the_interface_language():
    from django.utils import translation

    region = Territory.objects.get(kind="rss", code="15")
    with translation.override("en"):
        assert region.name == "Laurentians"
    with translation.override("fr-ca"):
        assert region.name == "Laurentides"


@pytest.mark.django_db
def test_the_database_refuses_an_rss_with_an_unofficial_code():
    province = Territory.objects.province()

    with pytest.raises(IntegrityError), transaction.atomic():
        Territory.objects.create(kind="rss", code="19", name_fr="X", name_en="X", parent=province)


@pytest.mark.django_db
def test_the_database_refuses_a_local_territory_without_a_parent():
    with pytest.raises(IntegrityError), transaction.atomic():
        Territory.objects.create(kind="rls", code="0699", name_fr="X", name_en="X")


@pytest.mark.django_db
def test_territories_list_the_province_first_then_regions_in_code_order():
    territory_ensure(kind="rls", code="0111", name_fr="RLS A", name_en="A", parent_code="01")

    codes = [(t.kind, t.code) for t in Territory.objects.in_code_order()]

    assert codes[0] == ("province", "QC")
    assert codes[1:19] == [("rss", f"{n:02d}") for n in range(1, 19)]
    assert codes[19] == ("rls", "0111")


@pytest.mark.django_db
def test_a_local_territory_knows_its_ancestors():
    local, _ = territory_ensure(kind="rls", code="0611", name_fr="Jeanne-Mance", name_en="J-M", parent_code="06")

    assert [(t.kind, t.code) for t in local.ancestors()] == [("province", "QC"), ("rss", "06")]


@pytest.mark.django_db
def test_organization_ensure_is_idempotent():
    first, created = organization_ensure(
        slug="cdc-centre-sud", name="CDC Centre-Sud", kind="community", sector="community", territory_codes=["06"]
    )
    again, created_again = organization_ensure(
        slug="cdc-centre-sud", name="CDC Centre-Sud", kind="community", sector="community", territory_codes=["06"]
    )

    assert created and not created_again
    assert first.pk == again.pk
    assert [t.code for t in again.territories_served.all()] == ["06"]


@pytest.mark.django_db
def test_an_organization_serving_an_unknown_territory_is_refused_and_nothing_is_saved():
    with pytest.raises(ValidationError) as error:
        organization_ensure(
            slug="fantome", name="Fantôme", kind="community", sector="community", territory_codes=["06", "99"]
        )

    assert "99" in str(error.value)
    assert not Organization.objects.filter(slug="fantome").exists()


@pytest.mark.django_db
def test_an_organization_of_an_unknown_kind_is_refused():
    with pytest.raises(ValidationError) as error:
        organization_ensure(slug="x", name="X", kind="spaceship", sector="community")

    assert "kind" in error.value.message_dict
