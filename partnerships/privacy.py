"""The health partners' part in a person's data (see ``ecosystem.personal_data``)."""

from ecosystem.models import Purpose, User

from .models import Application, Call, DiversityAnswers, Engagement, PartnerProfile
from .services import diversity_answers_erase, lived_experience_erase


def export(user: User) -> dict[str, list[dict]]:
    profile = PartnerProfile.objects.filter(user=user).select_related("region").first()
    answers = DiversityAnswers.objects.filter(user=user).first()
    return {
        "partner_profile": [
            {
                "partner_types": profile.partner_types,
                "region": profile.region.coded_name,
                "languages": profile.languages,
                "contact_channels": profile.contact_channels,
                "availability_hours": profile.availability_hours,
                "training": profile.training,
                "bio": profile.bio,
                "experience_themes": [theme.name for theme in profile.experience_themes.all()],
                "experience_words": profile.experience_words,
                "created_at": profile.created_at,
                "updated_at": profile.updated_at,
            }
        ]
        if profile
        else [],
        "diversity_answers": [
            {field: getattr(answers, field) for field, _choices, _label in DiversityAnswers.QUESTIONS}
        ]
        if answers
        else [],
        "engagements": [
            {
                "in": str(engagement.target),
                "level": engagement.level,
                "sphere": engagement.sphere,
                "governance_level": engagement.governance_level,
                "from_start": engagement.from_start,
                "started_on": engagement.started_on,
                "ended_on": engagement.ended_on,
                "hours": engagement.hours,
                "compensation": engagement.compensation,
                "outcome": engagement.outcome,
                "status": engagement.status,
            }
            for engagement in Engagement.objects.of_partner(user).select_related(
                "initiative", "community", "governance_body"
            )
        ],
        "applications": [
            {
                "call": application.call.title,
                "message": application.message,
                "status": application.status,
                "created_at": application.created_at,
            }
            for application in Application.objects.filter(applicant=user).select_related("call")
        ],
        "calls_opened": [
            {"title": call.title, "description": call.description, "created_at": call.created_at}
            for call in Call.objects.filter(created_by=user)
        ],
    }


def consent_withdrawn(user: User, purpose: str) -> None:
    """Withdrawing the diversity or lived-experience consent erases those answers at once."""
    if purpose == Purpose.DIVERSITY:
        diversity_answers_erase(user=user)
    elif purpose == Purpose.LIVED_EXPERIENCE:
        lived_experience_erase(user=user)
