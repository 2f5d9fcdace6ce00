import datetime
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import CommandError, call_command
from django.db import transaction

from ecosystem.models import User
from ecosystem.text import find_personal_information, render_markdown
from initiatives import demo
from initiatives.filters import InitiativeFilter, LearningFilter
from initiatives.models import SUMMARY_MAX_LENGTH, Initiative, Learning, PhaseChange
from initiatives.selectors import initiative_list, learning_list

PILOT_PROJECTS = [
    "gestion-optimisee-de-lacces-en-arthroplastie-du-genou-et-de-la-hanche",
    "trajectoires-de-soins-en-maladie-pulmonaire-obstructive-chronique-mpoc",
    "aire-ouverte-des-services-integres-pour-et-par-les-jeunes-de-12-a-25-ans",
    "quand-lhopital-entre-a-la-maison-hospitalisation-a-domicile",
]
CARING_COMMUNITY = "communaute-soignante-du-centre-sud-de-montreal"

# Surnames of the real people the seeds name (speakers, authors, contacts): none may appear
# in the demo data.
REAL_SURNAMES = [
    "Wilhelmy", "Pomey", "Pamassi", "Seynabou", "Prévost", "Marquis", "Vialaron", "Normandin", "Perazzelli",
    "Setto", "Bélanger", "Djawn", "Amil", "Poirier", "Hurtel", "Montpetit", "Lochhead", "Lachance", "Ricard",
    "Clovin", "Légaré", "Maranda", "Marcoux", "Gartner", "Cornelier", "Courtemanche", "Brodeur", "Gagnon",
    "Biron", "Pépin", "Ruchon", "Groulx", "Hupé", "Rouly", "Boivin", "Chiu Neveu",
]  # fmt: skip


def demo_text() -> str:
    """Every piece of text the demo wrote about people, initiatives and learnings."""
    parts = [*User.objects.values_list("display_name", "email")]
    parts += Initiative.objects.values_list("title", "summary", "description")
    parts += Learning.objects.values_list("title", "statement", "transfer_conditions")
    parts += PhaseChange.objects.values_list("note")
    return "\n".join(value for row in parts for value in row)


class Rollback(Exception):
    pass


@pytest.fixture
def seeded(db):
    call_command("seed_demo", until="initiatives", verbosity=0)


@pytest.mark.django_db
def test_seed_creates_the_pilot_projects_and_the_caring_community_with_their_learnings(seeded):
    for slug in [*PILOT_PROJECTS, CARING_COMMUNITY]:
        initiative = Initiative.objects.get(slug=slug)
        assert 2 <= initiative.learnings.count() <= 4, slug
        assert initiative.lead_organization is not None
        assert initiative.phase_changes.count() >= 2

    community = Initiative.objects.get(slug=CARING_COMMUNITY)
    assert set(community.territories.values_list("code", flat=True)) == {"0611", "06CS"}
    assert {"gmf-notre-dame", "cdc-centre-sud", "ville-de-montreal"} <= set(
        community.partners.values_list("organization__slug", flat=True)
    )
    assert set(community.populations.values_list("slug", flat=True)) == {
        "aines-vivant-seuls",
        "familles-monoparentales",
    }
    assert list(community.phase_changes.values_list("phase", "changed_on")) == [
        ("idea", datetime.date(2016, 11, 7)),
        ("startup", datetime.date(2017, 3, 6)),
        ("experimentation", datetime.date(2017, 6, 5)),
    ]
    assert community.phase == "experimentation"


@pytest.mark.django_db
def test_seed_adds_prevention_initiatives_on_the_themes_of_the_brief_in_several_regions(seeded):
    prevention = Initiative.objects.exclude(slug__in=[*PILOT_PROJECTS, CARING_COMMUNITY])

    assert 3 <= prevention.count() <= 4
    themes = set(prevention.values_list("themes__slug", flat=True))
    assert {"systemes-alimentaires", "sante-numerique", "vieillissement-actif", "sante-mentale"} <= themes
    assert {"litteratie-en-sante", "isolement-social"} <= themes
    regions = {
        territory.code if territory.kind == "rss" else territory.parent.code
        for i in prevention
        for territory in i.territories.all()
    }
    assert len(regions) >= 3
    assert all(2 <= initiative.learnings.count() <= 4 for initiative in prevention)


@pytest.mark.django_db
def test_seed_publishes_most_learnings_and_keeps_a_few_drafts(seeded):
    drafts = Learning.objects.filter(status="draft")
    published = Learning.objects.filter(status="published")

    assert 1 <= drafts.count() <= 2
    assert published.count() > 20
    assert not published.filter(published_at__isnull=True).exists()
    assert set(Learning.objects.values_list("kind", flat=True)) == set(Learning.Kind.values)
    assert set(Learning.objects.values_list("knowledge_type", flat=True)) == set(Learning.KnowledgeType.values)


@pytest.mark.django_db
def test_seed_keeps_one_initiative_for_members_only(seeded, outsider):
    members_only = Initiative.objects.filter(visibility="members")

    assert members_only.count() == 1
    anonymous = initiative_list(user=AnonymousUser())
    assert not anonymous.filter(pk=members_only.get().pk).exists()
    assert initiative_list(user=outsider).filter(pk=members_only.get().pk).exists()
    assert anonymous.count() == Initiative.objects.count() - 1


@pytest.mark.django_db
def test_seed_twice_creates_nothing_new(seeded):
    before = (Initiative.objects.count(), Learning.objects.count(), PhaseChange.objects.count())

    counts = demo.seed(demo_password=None)

    assert set(counts.values()) == {0}
    assert (Initiative.objects.count(), Learning.objects.count(), PhaseChange.objects.count()) == before


@pytest.mark.django_db
def test_demo_people_are_fictional(seeded):
    call_command("seed_demo", until="initiatives", scale=3, verbosity=0)
    text = demo_text()

    for surname in REAL_SURNAMES:
        assert not re.search(rf"\b{re.escape(surname)}\b", text, re.IGNORECASE), surname
    assert all(email.endswith("@exemple.test") for email in User.objects.values_list("email", flat=True))
    authors = set(Learning.objects.values_list("author__email", flat=True))
    assert authors and all(email.endswith("@exemple.test") for email in authors)


@pytest.mark.django_db
def test_published_learnings_hold_no_personal_information(seeded):
    call_command("seed_demo", until="initiatives", scale=10, verbosity=0)

    for learning in Learning.objects.filter(status="published"):
        for field in ("title", "statement", "transfer_conditions"):
            assert find_personal_information(getattr(learning, field)) == [], (learning.title, field)


@pytest.mark.django_db
def test_scale_creates_initiatives_with_about_five_learnings_each(seeded):
    initiatives_before, learnings_before = Initiative.objects.count(), Learning.objects.count()

    call_command("seed_demo", until="initiatives", scale=20, verbosity=0)

    generated = Initiative.objects.order_by("-pk")[:20]
    assert Initiative.objects.count() == initiatives_before + 20
    assert 60 <= Learning.objects.count() - learnings_before <= 140
    assert Learning.objects.filter(initiative__in=generated, status="published").count() > 40
    assert len({initiative.kind for initiative in generated}) >= 2
    assert len({initiative.phase for initiative in generated}) >= 3


@pytest.mark.django_db
def test_scaled_data_is_valid(seeded):
    demo.seed_scale(count=20)

    generated = Initiative.objects.order_by("-pk")[:20]
    for initiative in generated:
        initiative.full_clean()
        assert len(initiative.summary) <= SUMMARY_MAX_LENGTH
        assert initiative.description_html == render_markdown(initiative.description)
        assert initiative.territories.exists()
        assert initiative.themes.exists()
        assert [user.email.endswith("@exemple.test") for user in initiative.team.all()] == [True]
        phases = list(initiative.phase_changes.values_list("phase", "changed_on"))
        assert phases[-1][0] == initiative.phase
        assert [changed_on for _, changed_on in phases] == sorted(changed_on for _, changed_on in phases)
        assert phases[-1][1] <= datetime.date.today()
        for learning in initiative.learnings.all():
            learning.full_clean()
            assert learning.is_published == (learning.published_at is not None)
            assert learning.territory in initiative.territories.all()
            assert set(learning.themes.all()) <= set(initiative.themes.all())


@pytest.mark.django_db
def test_scaled_initiatives_are_run_by_fictional_organizers_who_cannot_sign_in(seeded):
    karim = User.objects.get(email="karim@exemple.test")
    karims_initiatives = karim.initiative_teams.count()

    counts = demo.seed_scale(count=20)

    organizers = User.objects.filter(initiative_teams__in=Initiative.objects.order_by("-pk")[:20]).distinct()
    assert counts["people"] == 4  # about five initiatives each
    assert 1 < organizers.count() <= 4
    assert all(user.email.endswith("@exemple.test") for user in organizers)
    assert not any(user.has_usable_password() for user in organizers)
    assert karim.initiative_teams.count() == karims_initiatives
    assert demo.seed_scale(count=20)["people"] == 0  # reused on the next run


@pytest.mark.django_db
def test_scaled_public_initiatives_and_learnings_show_in_the_public_lists(seeded):
    demo.seed_scale(count=20)
    anonymous = AnonymousUser()
    generated = Initiative.objects.order_by("-pk")[:20]
    public = [initiative.pk for initiative in generated if initiative.visibility == "public"]
    hidden = [initiative.pk for initiative in generated if initiative.visibility != "public"]

    assert public
    assert set(initiative_list(user=anonymous).filter(pk__in=public).values_list("pk", flat=True)) == set(public)
    assert not initiative_list(user=anonymous).filter(pk__in=hidden).exists()
    published_public = Learning.objects.filter(initiative__in=public, status="published")
    assert learning_list(user=anonymous).filter(initiative__in=public).count() == published_public.count() > 0


@pytest.mark.django_db
def test_scaled_initiatives_are_found_by_the_search_filter_with_or_without_accents(seeded):
    demo.seed_scale(count=60)
    generated = Initiative.objects.order_by("-pk")[:60]
    with_school = {initiative.pk for initiative in generated if "école" in initiative.title}
    without = {
        initiative.pk
        for initiative in generated
        if "école" not in f"{initiative.title} {initiative.summary} {initiative.description}"
    }
    queryset = Initiative.objects.filter(pk__in=[initiative.pk for initiative in generated])

    accented = set(InitiativeFilter({"q": "école"}, queryset=queryset).qs.values_list("pk", flat=True))
    plain = set(InitiativeFilter({"q": "ecole"}, queryset=queryset).qs.values_list("pk", flat=True))

    assert with_school
    assert with_school <= accented
    assert accented == plain
    assert not accented & without


@pytest.mark.django_db
def test_scaled_learnings_are_found_by_the_search_filter(seeded):
    demo.seed_scale(count=10)
    learning = Learning.objects.filter(title="Le jargon éloigne les participants").first() or Learning.objects.last()
    word = max(learning.title.split(), key=len)

    found = LearningFilter({"q": word}, queryset=Learning.objects.all()).qs

    assert found.filter(pk=learning.pk).exists()
    assert found.count() < Learning.objects.count()


@pytest.mark.django_db
def test_scale_is_deterministic_for_the_same_database_state(seeded):
    def generated_titles() -> list[str]:
        try:
            with transaction.atomic():
                demo.seed_scale(count=5)
                titles = list(Initiative.objects.order_by("-pk").values_list("title", flat=True)[:5])
                raise Rollback
        except Rollback:
            return titles

    assert generated_titles() == generated_titles()


@pytest.mark.django_db
def test_scale_gives_new_slugs_to_repeated_titles(seeded):
    demo.seed_scale(count=30)
    demo.seed_scale(count=30)

    slugs = list(Initiative.objects.values_list("slug", flat=True))
    assert len(slugs) == len(set(slugs))


@pytest.mark.django_db
def test_a_dry_run_with_scale_writes_nothing():
    call_command("seed_demo", until="initiatives", dry_run=True, scale=5, verbosity=0)

    assert not Initiative.objects.exists()
    assert not Learning.objects.exists()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_a_negative_scale_is_refused():
    with pytest.raises(CommandError, match="--scale"):
        call_command("seed_demo", until="initiatives", scale=-1, verbosity=0)

    assert not Initiative.objects.exists()
