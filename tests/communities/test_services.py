"""The writes of the co-learning spaces, against the real database: who may do what, what is
refused with a message, and that a refusal writes nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from communities import services
from communities.emails import digest_unsubscribe_token
from communities.models import Community, Gathering, Harvest, Membership, Post, Registration, Resource, Thread
from ecosystem.exceptions import ApplicationError
from ecosystem.models import Notification
from initiatives.models import Learning
from initiatives.services import learning_publish
from tests.factories import InitiativeFactory, MembershipFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def _membership(community, user) -> Membership:
    return Membership.objects.get(community=community, user=user)


# --- Spaces ------------------------------------------------------------------------------------


def test_creating_a_space_makes_its_author_the_first_co_facilitator(outsider, montreal, isolation):
    community = services.community_create(
        by=outsider,
        name="Cercle d'apprentissage des aînés",
        kind=Community.Kind.LEARNING_CIRCLE,
        purpose="Apprendre ensemble à vieillir chez soi.",
        scope=Community.Scope.LOCAL,
        territories=[montreal],
        themes=[isolation],
    )

    assert community.slug == "cercle-dapprentissage-des-aines"
    assert "Prénoms, pas de titres" in community.charter
    assert "<strong>Prénoms, pas de titres.</strong>" in community.charter_html
    membership = _membership(community, outsider)
    assert membership.is_co_facilitator
    assert membership.joined_at is not None


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"territories": []}, "territories"),
        ({"name": ""}, "name"),
        ({"charter": "Règle <script>alert(1)</script>"}, "charter"),
        ({"founded_year": 2999}, "founded_year"),
        ({"kind": "secte"}, "kind"),
    ],
)
def test_a_space_with_bad_input_is_refused_and_nothing_is_saved(outsider, montreal, overrides, field):
    values = {
        "name": "Table locale",
        "kind": "concertation",
        "purpose": "Se concerter.",
        "scope": "local",
        "territories": [montreal],
        **overrides,
    }

    with pytest.raises(ValidationError) as error:
        services.community_create(by=outsider, **values)

    assert field in error.value.message_dict
    assert not Community.objects.exists()
    assert not Membership.objects.exists()


def test_a_slug_never_takes_a_reserved_path(outsider, montreal):
    community = services.community_create(
        by=outsider, name="Nouvelle", kind="practice", purpose="x", scope="local", territories=[montreal]
    )

    assert community.slug == "nouvelle-2"


def test_only_co_facilitators_and_staff_change_a_space(community, partner, facilitator, staff):
    with pytest.raises(PermissionDenied):
        services.community_update(community=community, by=partner, name="Pris par Amélie")

    services.community_update(community=community, by=facilitator, purpose="Nouvelle raison d'être.")
    services.community_update(community=community, by=staff, visibility="members")

    community.refresh_from_db()
    assert community.name == "Partenaires en santé de Montréal"
    assert community.purpose == "Nouvelle raison d'être."
    assert community.visibility == "members"


# --- Joining and leaving ----------------------------------------------------------------------


def test_joining_an_open_space_makes_an_active_member_at_once(open_community, outsider):
    membership = services.membership_join(community=open_community, by=outsider)

    assert membership.is_active
    assert membership.role == Membership.Role.MEMBER
    assert not Notification.objects.exists()


def test_asking_to_join_waits_for_a_co_facilitator_who_is_told(community, outsider, facilitator):
    membership = services.membership_join(community=community, by=outsider, message="Je suis proche aidant.")

    assert membership.is_pending
    assert membership.joined_at is None
    notification = Notification.objects.get()
    assert notification.recipient == facilitator
    assert notification.kind == Notification.Kind.JOIN_REQUEST
    assert notification.message == "Paul demande à se joindre à Partenaires en santé de Montréal."


def test_joining_twice_is_refused_and_nothing_is_duplicated(community, partner, organizer):
    with pytest.raises(ApplicationError, match="déjà membre"):
        services.membership_join(community=community, by=partner)
    with pytest.raises(ApplicationError, match="déjà"):
        services.membership_join(community=community, by=organizer)

    assert Membership.objects.filter(community=community).count() == 3
    assert not Notification.objects.exists()


def test_a_space_by_invitation_cannot_be_joined_by_asking(private_community, outsider):
    with pytest.raises(ApplicationError, match="sur invitation"):
        services.membership_join(community=private_community, by=outsider)

    assert not Membership.objects.filter(user=outsider).exists()


def test_an_invitation_is_accepted_by_joining(private_community, facilitator, outsider):
    invitation = services.membership_invite(community=private_community, by=facilitator, user=outsider)

    assert invitation.is_invitation
    assert Notification.objects.get(recipient=outsider).kind == Notification.Kind.INVITATION

    membership = services.membership_join(community=private_community, by=outsider)

    assert membership.pk == invitation.pk
    assert membership.is_active


def test_inviting_someone_whose_request_waits_approves_it(community, facilitator, organizer):
    membership = services.membership_invite(community=community, by=facilitator, user=organizer)

    assert membership.is_active
    assert membership.invited_by is None


def test_only_co_facilitators_invite(private_community, partner, outsider):
    with pytest.raises(PermissionDenied):
        services.membership_invite(community=private_community, by=partner, user=outsider)

    assert not Membership.objects.filter(user=outsider).exists()


def test_approving_a_request_activates_it_and_tells_the_person(community, facilitator, organizer):
    pending = _membership(community, organizer)

    services.membership_approve(membership=pending, by=facilitator)

    pending.refresh_from_db()
    assert pending.is_active
    assert Notification.objects.get(recipient=organizer).kind == Notification.Kind.JOIN_APPROVED


def test_a_member_cannot_approve_a_request(community, partner, organizer):
    pending = _membership(community, organizer)

    with pytest.raises(PermissionDenied):
        services.membership_approve(membership=pending, by=partner)

    pending.refresh_from_db()
    assert pending.is_pending


def test_an_invitation_is_not_approved_by_a_co_facilitator_in_the_person_s_place(
    private_community, facilitator, outsider
):
    invitation = services.membership_invite(community=private_community, by=facilitator, user=outsider)

    with pytest.raises(ApplicationError):
        services.membership_approve(membership=invitation, by=facilitator)

    invitation.refresh_from_db()
    assert invitation.is_pending


def test_a_declined_request_leaves_nothing_behind(community, facilitator, organizer):
    services.membership_decline(membership=_membership(community, organizer), by=facilitator)

    assert not Membership.objects.filter(user=organizer).exists()


def test_a_person_may_withdraw_their_own_request_but_not_someone_else_s(community, organizer, partner, outsider):
    services.membership_join(community=community, by=outsider)

    with pytest.raises(PermissionDenied):
        services.membership_decline(membership=_membership(community, outsider), by=partner)
    services.membership_decline(membership=_membership(community, organizer), by=organizer)

    assert Membership.objects.filter(user=outsider).exists()
    assert not Membership.objects.filter(user=organizer).exists()


def test_a_member_leaves_and_may_ask_again_later(community, partner, facilitator):
    membership = services.membership_leave(community=community, by=partner)

    assert membership.status == Membership.Status.LEFT
    assert membership.left_at is not None

    again = services.membership_join(community=community, by=partner)

    assert again.pk == membership.pk
    assert again.is_pending


def test_the_last_co_facilitator_cannot_leave(community, facilitator):
    with pytest.raises(ApplicationError, match="au moins une personne qui le co-anime"):
        services.membership_leave(community=community, by=facilitator)

    assert _membership(community, facilitator).is_co_facilitator


def test_the_last_co_facilitator_cannot_be_removed_or_demoted(community, facilitator, staff):
    own = _membership(community, facilitator)

    with pytest.raises(ApplicationError):
        services.membership_remove(membership=own, by=staff)
    with pytest.raises(ApplicationError):
        services.membership_set_role(membership=own, by=facilitator, role=Membership.Role.MEMBER)

    assert _membership(community, facilitator).is_co_facilitator


def test_a_co_facilitator_may_leave_once_another_is_named(community, facilitator, partner):
    services.membership_set_role(
        membership=_membership(community, partner), by=facilitator, role=Membership.Role.CO_FACILITATOR
    )

    services.membership_leave(community=community, by=facilitator)

    assert _membership(community, partner).is_co_facilitator
    assert _membership(community, facilitator).status == Membership.Status.LEFT


def test_a_removed_member_is_no_longer_active(community, facilitator, partner):
    services.membership_remove(membership=_membership(community, partner), by=facilitator)

    assert _membership(community, partner).status == Membership.Status.LEFT


# --- Digest preference and unsubscribe -----------------------------------------------------------


def test_the_digest_is_off_by_default_and_only_its_person_turns_it_on(community, partner, facilitator):
    membership = _membership(community, partner)
    assert membership.weekly_digest is False

    with pytest.raises(PermissionDenied):
        services.membership_set_digest(membership=membership, by=facilitator, weekly_digest=True)
    services.membership_set_digest(membership=membership, by=partner, weekly_digest=True)

    membership.refresh_from_db()
    assert membership.weekly_digest is True


def test_the_unsubscribe_link_turns_the_digest_off_without_signing_in(community, partner):
    membership = _membership(community, partner)
    services.membership_set_digest(membership=membership, by=partner, weekly_digest=True)

    services.membership_unsubscribe(token=digest_unsubscribe_token(membership))

    membership.refresh_from_db()
    assert membership.weekly_digest is False


def test_a_tampered_unsubscribe_link_is_refused(community, partner):
    membership = _membership(community, partner)
    token = digest_unsubscribe_token(membership)

    with pytest.raises(ApplicationError, match="pas valide"):
        services.membership_unsubscribe(token=token[:-2] + "xx")


# --- Gatherings --------------------------------------------------------------------------------


def _gathering_values(**overrides):
    starts = timezone.now() + datetime.timedelta(days=10)
    return {
        "title": "Forum du partenariat",
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=8),
        "format": Gathering.Format.HYBRID,
        "place": "Centre Saint-Pierre, Montréal",
        "link": "https://visio.exemple.test/forum",
        "agenda": "- Plénière\n- Ateliers",
        **overrides,
    }


def test_a_new_gathering_tells_the_active_members_but_not_the_pending_ones(community, facilitator, partner, organizer):
    gathering = services.gathering_create(community=community, by=facilitator, **_gathering_values())

    assert "<li>Plénière</li>" in gathering.agenda_html
    assert list(Notification.objects.values_list("recipient", flat=True)) == [partner.pk]


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"ends_at": timezone.now() + datetime.timedelta(days=9)}, "ends_at"),
        ({"format": "in_person", "place": ""}, "place"),
        ({"format": "virtual", "link": ""}, "link"),
        ({"agenda": "<script>alert(1)</script>"}, "agenda"),
        ({"link": "javascript:alert(1)"}, "link"),
    ],
)
def test_a_gathering_with_bad_input_is_refused_and_nothing_is_saved(community, facilitator, overrides, field):
    with pytest.raises(ValidationError) as error:
        services.gathering_create(community=community, by=facilitator, **_gathering_values(**overrides))

    assert field in error.value.message_dict
    assert not Gathering.objects.exists()
    assert not Notification.objects.exists()


def test_a_member_cannot_schedule_a_gathering(community, partner):
    with pytest.raises(PermissionDenied):
        services.gathering_create(community=community, by=partner, **_gathering_values())

    assert not Gathering.objects.exists()


def test_members_register_once_and_pending_members_not_at_all(gathering, partner, organizer):
    services.registration_create(gathering=gathering, by=partner)

    with pytest.raises(ApplicationError, match="déjà inscrit"):
        services.registration_create(gathering=gathering, by=partner)
    with pytest.raises(ApplicationError, match="attend encore"):
        services.registration_create(gathering=gathering, by=organizer)

    assert list(Registration.objects.values_list("user", flat=True)) == [partner.pk]


def test_registration_closes_once_a_gathering_is_over(past_gathering, partner):
    with pytest.raises(ApplicationError, match="terminée"):
        services.registration_create(gathering=past_gathering, by=partner)

    assert not Registration.objects.exists()


def test_attendance_marks_who_came_among_the_registered(past_gathering, facilitator, partner, outsider):
    Registration.objects.create(gathering=past_gathering, user=partner)
    Registration.objects.create(gathering=past_gathering, user=facilitator)

    services.attendance_record(gathering=past_gathering, by=facilitator, attended_user_ids=[partner.pk])

    attended = dict(Registration.objects.values_list("user", "attended"))
    assert attended == {partner.pk: True, facilitator.pk: False}

    with pytest.raises(ValidationError):
        services.attendance_record(gathering=past_gathering, by=facilitator, attended_user_ids=[outsider.pk])
    assert dict(Registration.objects.values_list("user", "attended")) == attended


def test_attendance_waits_for_the_gathering_to_start(gathering, facilitator):
    with pytest.raises(ApplicationError):
        services.attendance_record(gathering=gathering, by=facilitator, attended_user_ids=[])


# --- Harvest -------------------------------------------------------------------------------------


def _harvest(gathering, by, **overrides):
    values = {
        "title": "Les prénoms abaissent les barrières",
        "statement": "Se présenter par son prénom a libéré la parole des personnes partenaires.",
        "kind": Learning.Kind.SUCCESS_CONDITION,
        "knowledge_type": Learning.KnowledgeType.EXPERIENTIAL,
        **overrides,
    }
    return services.gathering_harvest(gathering=gathering, by=by, **values)


def test_a_harvested_learning_is_a_draft_filed_in_the_space_and_linked_to_the_gathering(
    past_gathering, facilitator, montreal, isolation
):
    learning = _harvest(past_gathering, facilitator)

    assert learning.status == Learning.Status.DRAFT
    assert learning.author == facilitator
    assert learning.territory == montreal
    assert list(learning.themes.all()) == [isolation]
    assert learning.harvest.gathering == past_gathering

    learning_publish(learning=learning, by=facilitator)

    learning.refresh_from_db()
    assert learning.is_published


def test_a_harvested_learning_follows_the_publication_rules(past_gathering, facilitator):
    learning = _harvest(past_gathering, facilitator, statement="Écrire à josee@exemple.test pour en savoir plus.")

    with pytest.raises(ValidationError):
        learning_publish(learning=learning, by=facilitator)

    learning.refresh_from_db()
    assert learning.status == Learning.Status.DRAFT


def test_a_harvest_may_be_linked_to_an_initiative_of_the_co_facilitator_s_team(past_gathering, facilitator, organizer):
    own = InitiativeFactory(title="Jardins de Limoilou", team=[facilitator])
    someone_elses = InitiativeFactory(title="Cuisines du Centre-Sud", team=[organizer])

    learning = _harvest(past_gathering, facilitator, initiative=own)
    assert learning.initiative == own

    with pytest.raises(PermissionDenied):
        _harvest(past_gathering, facilitator, initiative=someone_elses, title="Autre")
    assert Harvest.objects.count() == 1


def test_only_co_facilitators_harvest_and_only_after_the_gathering(past_gathering, gathering, partner, facilitator):
    with pytest.raises(PermissionDenied):
        _harvest(past_gathering, partner)
    with pytest.raises(ApplicationError):
        _harvest(gathering, facilitator)

    assert not Learning.objects.exists()


# --- Discussions -------------------------------------------------------------------------------


def test_a_thread_opens_with_its_first_message(community, partner):
    thread = services.thread_create(community=community, by=partner, title="Accueil", body="Comment **accueillir** ?")

    post = thread.posts.get()
    assert post.author == partner
    assert "<strong>accueillir</strong>" in post.body_html


def test_a_pending_member_or_an_outsider_cannot_post(community, thread, organizer, outsider):
    with pytest.raises(ApplicationError, match="attend encore"):
        services.post_create(thread=thread, by=organizer, body="Bonjour")
    with pytest.raises(ApplicationError, match="Joignez-vous"):
        services.thread_create(community=community, by=outsider, title="Hors sujet", body="Bonjour")

    assert Post.objects.count() == 1
    assert Thread.objects.count() == 1


def test_script_in_a_post_is_refused_and_nothing_is_saved(thread, partner):
    with pytest.raises(ValidationError) as error:
        services.post_create(thread=thread, by=partner, body="Voir <script>alert(1)</script>")

    assert "body" in error.value.message_dict
    assert thread.posts.count() == 1


def test_a_reply_tells_the_thread_s_author_and_moves_the_thread_up(thread, facilitator, partner):
    before = thread.last_activity_at

    services.post_create(thread=thread, by=facilitator, body="Avec un mot de bienvenue.")

    thread.refresh_from_db()
    assert thread.last_activity_at > before
    notification = Notification.objects.get()
    assert notification.recipient == partner
    assert notification.kind == Notification.Kind.THREAD_REPLY


def test_replying_to_one_s_own_thread_notifies_nobody(thread, partner):
    services.post_create(thread=thread, by=partner, body="Je précise ma question.")

    assert not Notification.objects.exists()


def test_an_edit_keeps_the_earlier_text_in_the_history(thread, partner, facilitator):
    post = thread.posts.get()

    services.post_update(post=post, by=partner, body="Question reformulée.")

    post.refresh_from_db()
    assert post.edited_at is not None
    assert [record.body for record in post.history.order_by("history_date")] == [
        "Qu'en pensez-vous ?",
        "Question reformulée.",
    ]
    with pytest.raises(PermissionDenied):
        services.post_update(post=post, by=facilitator, body="Réécrit par l'animation.")


def test_a_co_facilitator_hides_a_post_with_a_reason(thread, facilitator, partner):
    post = PostFactory(thread=thread, author=partner, body="Un message blessant.")

    with pytest.raises(ValidationError):
        services.post_hide(post=post, by=facilitator, reason="  ")
    with pytest.raises(PermissionDenied):
        services.post_hide(post=post, by=partner, reason="Je me cache")
    post.refresh_from_db()
    assert not post.is_hidden

    services.post_hide(post=post, by=facilitator, reason="Propos contraires à la charte.")

    post.refresh_from_db()
    assert post.is_hidden
    assert post.hidden_by == facilitator
    with pytest.raises(ApplicationError):
        services.post_update(post=post, by=partner, body="Nouvelle version")

    services.post_unhide(post=post, by=facilitator)
    post.refresh_from_db()
    assert not post.is_hidden and post.hidden_reason == ""


# --- Resources ---------------------------------------------------------------------------------


def _stored_files() -> list[str]:
    try:
        directories, _files = default_storage.listdir("resources")
    except FileNotFoundError:
        return []
    return [name for directory in directories for name in default_storage.listdir(f"resources/{directory}")[1]]


def test_a_member_shares_a_link(community, partner):
    resource = services.resource_create(
        community=community, by=partner, title="Rapport du forum", kind="report", link="https://exemple.test/r.pdf"
    )

    assert not resource.is_file
    assert resource.added_by == partner


def test_a_shared_file_is_typed_from_its_content_and_stored_under_a_name_nobody_chose(community, partner):
    upload = SimpleUploadedFile("Compte rendu (final).pdf", PDF, content_type="image/png")

    resource = services.resource_create(
        community=community, by=partner, title="Compte rendu", kind="report", file=upload
    )

    assert resource.content_type == "application/pdf"
    assert resource.file_name == "compte-rendu-final.pdf"
    assert resource.file_size == len(PDF)
    assert resource.file.name.startswith(f"resources/{community.pk}/")
    assert "compte" not in resource.file.name
    resource.file.delete(save=False)


@pytest.mark.parametrize(
    "upload, message",
    [
        (SimpleUploadedFile("rapport.pdf", b"MZ\x90\x00" + b"\x00" * 100), "Ce type de fichier"),
        (SimpleUploadedFile("page.pdf", b"<html><script>alert(1)</script></html>"), "Ce type de fichier"),
        (SimpleUploadedFile("gros.pdf", PDF + b"\x00" * (11 * 1024 * 1024)), "trop lourd"),
    ],
    ids=["executable renamed pdf", "html renamed pdf", "11 MB"],
)
def test_a_file_that_cannot_be_shared_is_refused_and_nothing_is_stored(community, partner, upload, message):
    with pytest.raises(ValidationError, match=message):
        services.resource_create(community=community, by=partner, title="Fichier", kind="guide", file=upload)

    assert not Resource.objects.exists()
    assert _stored_files() == []


def test_a_file_name_with_a_path_is_refused(community, partner):
    upload = SimpleUploadedFile("x.pdf", PDF)
    upload._name = "../../settings.pdf"  # what a hand-made request could claim; Django keeps basenames

    with pytest.raises(ValidationError, match="chemin"):
        services.resource_create(community=community, by=partner, title="Fichier", kind="guide", file=upload)

    assert not Resource.objects.exists()
    assert _stored_files() == []


def test_a_resource_is_a_link_or_a_file_never_both_nor_neither(community, partner):
    for extra in ({}, {"link": "https://exemple.test", "file": ContentFile(PNG, name="a.png")}):
        with pytest.raises(ValidationError, match="pas les deux"):
            services.resource_create(community=community, by=partner, title="R", kind="tool", **extra)

    assert not Resource.objects.exists()


def test_a_pending_member_cannot_share(community, organizer):
    with pytest.raises(ApplicationError):
        services.resource_create(community=community, by=organizer, title="R", kind="tool", link="https://x.test")

    assert not Resource.objects.exists()


def test_its_sharer_or_a_co_facilitator_deletes_a_resource_and_its_file(
    community, partner, facilitator, django_capture_on_commit_callbacks
):
    resource = services.resource_create(
        community=community, by=partner, title="Affiche", kind="tool", file=SimpleUploadedFile("affiche.png", PNG)
    )
    other = UserFactory()
    MembershipFactory(community=community, user=other)

    with pytest.raises(PermissionDenied):
        services.resource_delete(resource=resource, by=other)
    with django_capture_on_commit_callbacks(execute=True):
        services.resource_delete(resource=resource, by=facilitator)

    assert not Resource.objects.exists()
    assert _stored_files() == []
