"""The text of each consent purpose, with its version.

Changing what a purpose covers means a new text with a higher ``version``: consents given to an
older version stop counting (nothing is processed for that purpose any more) and the person is
asked again. A typo fix that changes nothing keeps the version.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import Purpose


@dataclass(frozen=True)
class ConsentText:
    version: int
    title: Promise
    text: Promise
    withdrawal: Promise  # what withdrawing does, said next to the button


CONSENT_TEXTS: dict[str, ConsentText] = {
    Purpose.DIRECTORY: ConsentText(
        version=1,
        title=_("Be listed in the partner directory"),
        text=_(
            "Your display name, partner types, region, languages and short bio appear in the partner "
            "directory, which only signed-in people can read. Your e-mail address never appears there."
        ),
        withdrawal=_("You leave the directory at once."),
    ),
    Purpose.CONTACT: ConsentText(
        version=1,
        title=_("Be contacted for calls for partners"),
        text=_(
            "We show you the calls for partners that fit your profile, and the organizers of a call may "
            "see your profile among the suggested partners and invite you to apply. They write to you "
            "through the platform; they never see your e-mail address."
        ),
        withdrawal=_("Organizers stop seeing you among suggested partners. Your applications stay."),
    ),
    Purpose.DIVERSITY: ConsentText(
        version=1,
        title=_("Answer the diversity questions"),
        text=_(
            "Your answers (age group, gender, Indigenous identity, and so on) are optional and each one "
            "offers “prefer not to answer”. They are kept apart from your profile, never shown to anyone "
            "but you, and only counted in totals where groups of fewer than 5 people are hidden. They help "
            "organizers see who is missing around the table."
        ),
        withdrawal=_("Your diversity answers are deleted at once."),
    ),
    Purpose.LIVED_EXPERIENCE: ConsentText(
        version=1,
        title=_("Share your lived experience"),
        text=_(
            "Your experiential domains and the words you choose to describe your lived experience (for "
            "example a health condition or caring for a loved one) are health information. They are shown "
            "only to the organizers of the initiatives, spaces and calls you take part in, to match you "
            "with calls that need your experience."
        ),
        withdrawal=_("Your lived experience is deleted at once."),
    ),
    Purpose.DIGESTS: ConsentText(
        version=1,
        title=_("Receive e-mail digests"),
        text=_(
            "Once a week at most, an e-mail with what is new in the co-learning spaces whose digest you "
            "asked for. Each e-mail has a link to stop it."
        ),
        withdrawal=_("No digest is sent to you any more."),
    ),
}

# Québec's private-sector privacy act (s. 4.1): the personal information of a child under 14 is
# not collected without a parent's or tutor's consent. The platform has no tutor workflow, so
# people under 14 cannot register, and an age band "under 14" is refused wherever it is sent.
UNDER_14 = "under_14"
UNDER_14_MESSAGE = _(
    "People under 14 cannot have an account: in Québec, the law requires the consent of a parent "
    "or tutor to collect the personal information of a child under 14. An adult can take part on "
    "the child's behalf."
)
