"""The co-learning spaces' part in a person's data (see ``ecosystem.personal_data``)."""

from ecosystem.models import User

from .models import Membership, Post, Registration, Resource, Thread


def export(user: User) -> dict[str, list[dict]]:
    return {
        "memberships": [
            {
                "space": membership.community.name,
                "role": membership.role,
                "status": membership.status,
                "message": membership.message,
                "requested_at": membership.requested_at,
                "joined_at": membership.joined_at,
                "left_at": membership.left_at,
                "weekly_digest": membership.weekly_digest,
            }
            for membership in Membership.objects.filter(user=user).select_related("community").order_by("id")
        ],
        "registrations": [
            {
                "space": registration.gathering.community.name,
                "gathering": registration.gathering.title,
                "starts_at": registration.gathering.starts_at,
                "registered_at": registration.registered_at,
                "attended": registration.attended,
            }
            for registration in Registration.objects.filter(user=user)
            .select_related("gathering__community")
            .order_by("id")
        ],
        "threads": [
            {"space": thread.community.name, "title": thread.title, "created_at": thread.created_at}
            for thread in Thread.objects.filter(author=user).select_related("community").order_by("id")
        ],
        "posts": [
            {
                "space": post.thread.community.name,
                "thread": post.thread.title,
                "body": post.body,
                "created_at": post.created_at,
                "edited_at": post.edited_at,
                "hidden": post.is_hidden,
            }
            for post in Post.objects.filter(author=user).select_related("thread__community").order_by("id")
        ],
        "resources_shared": [
            {
                "space": resource.community.name,
                "title": resource.title,
                "kind": resource.kind,
                "description": resource.description,
                "link": resource.link,
                "file_name": resource.file_name,
                "created_at": resource.created_at,
            }
            for resource in Resource.objects.filter(added_by=user).select_related("community").order_by("id")
        ],
    }


def erase(user: User) -> None:
    """Posts stay, credited to "former member" through their foreign key; their change history
    stops pointing at the account too."""
    Post.history.filter(author_id=user.pk).update(author=None)
    Post.history.filter(hidden_by_id=user.pk).update(hidden_by=None)
