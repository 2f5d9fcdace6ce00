import pytest
from django.urls import reverse

from communities.models import Community, Gathering, Post, Resource, Thread
from communities.services import post_hide, post_update
from tests.factories import PostFactory, ResourceFactory

MODELS = [Community, Gathering, Thread, Post, Resource]


@pytest.fixture
def objects(community, past_gathering, thread, partner, facilitator):
    """One row of each model, with a reply edited and then hidden so the post has history."""
    reply = PostFactory(thread=thread, author=partner, body="Premier jet.")
    post_update(post=reply, by=partner, body="Version corrigée.")
    post_hide(post=reply, by=facilitator, reason="Hors sujet.")
    return {
        Community: community,
        Gathering: past_gathering,
        Thread: thread,
        Post: reply,
        Resource: ResourceFactory(community=community, added_by=partner),
    }


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_staff_see_the_list_and_each_row(client, staff, objects, model):
    client.force_login(staff)

    listing = client.get(admin_url(model, "changelist"))
    row = client.get(admin_url(model, "change", objects[model].pk))

    assert listing.status_code == 200
    assert listing.context["cl"].result_count == model.objects.count() >= 1
    assert row.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "query"),
    [
        (Community, {"q": "Montréal", "kind__exact": "practice", "visibility__exact": "public"}),
        (Gathering, {"q": "hiver", "format__exact": "virtual"}),
        (Thread, {"q": "nouveaux membres"}),
        (Post, {"q": "corrigée", "hidden_at__isempty": "0"}),
        (Resource, {"q": "Guide", "kind__exact": "guide"}),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_staff_search_and_filter_each_list(client, staff, objects, model, query):
    client.force_login(staff)

    response = client.get(admin_url(model, "changelist"), query)

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [objects[model]]


@pytest.mark.django_db
def test_staff_read_a_posts_change_history(client, staff, objects):
    client.force_login(staff)

    response = client.get(admin_url(Post, "history", objects[Post].pk))

    assert response.status_code == 200
    records = response.context["page_obj"].object_list
    assert [record.body for record in records] == ["Version corrigée.", "Version corrigée.", "Premier jet."]
    assert records[0].hidden_reason == "Hors sujet."


@pytest.mark.django_db
def test_a_community_page_lists_its_members_read_only(client, staff, objects, partner):
    client.force_login(staff)

    response = client.get(admin_url(Community, "change", objects[Community].pk))

    assert response.status_code == 200
    assert partner.display_name in response.content.decode()
    assert not response.context["has_change_permission"]


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_nobody_adds_or_changes_rows_from_the_admin(client, staff, objects, model):
    """Writes go through the services on the site, where their rules apply."""
    client.force_login(staff)
    before = model.objects.count()

    added = client.post(admin_url(model, "add"), {})
    changed = client.post(admin_url(model, "change", objects[model].pk), {"title": "Changé", "name": "Changé"})

    assert added.status_code == 403
    assert changed.status_code == 403
    assert model.objects.count() == before
    assert not Community.objects.filter(name="Changé").exists()


@pytest.mark.django_db
def test_the_admin_is_for_staff_only(client, partner, objects):
    client.force_login(partner)

    response = client.get(admin_url(Community, "changelist"))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
