"""The "Health partners" block that the pages of lower apps (an initiative's page, a space's
facilitation page) show to their organizers. A template tag rather than a view change, so that
``initiatives`` and ``communities`` never import this app (see ARCHITECTURE.md)."""

from django import template

from .. import selectors
from ..models import Target

register = template.Library()


@register.inclusion_tag("partnerships/_partners_block.html")
def partners_block(target) -> dict:
    """The engagements on ``target`` with their partners' display names, and the links to record
    one or to open a call. Include it only for the organizers of ``target``: one query."""
    return {
        "target": target,
        # The query-string name of the target on the "record an engagement" and "open a call" pages.
        "parameter": Target.field_for(target),
        "engagements": list(selectors.engagements_on(target=target)),
    }
