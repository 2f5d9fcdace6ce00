"""How the dashboard writes its figures: a count from a snapshot ("< 5" when it was suppressed,
stored as ``null``) and the facts every figure carries (period, source, date of calculation).

    {% load loop_dashboard %}
    {{ snapshot.figures.initiatives.total|count }}          1 234  ·  < 5
    {% figure_facts period=period.label source=source computed_at=snapshot.computed_at %}
"""

from django import template

from ecosystem.figures import count_text

register = template.Library()


@register.filter
def count(value) -> str:
    return count_text(value)


@register.inclusion_tag("loop/dashboard/_figure_facts.html")
def figure_facts(*, period: str, source: str, computed_at, provisional: bool = False) -> dict:
    """The period, source and "calculated on" date written under every figure."""
    return {"period": period, "source": source, "computed_at": computed_at, "provisional": provisional}
