from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def licence_deed_url(code: str) -> str:
    """The Creative Commons deed of a licence code such as "CC-BY-NC-4.0", in the reader's language."""
    *terms, version = code.lower().split("-")
    if terms[:1] == ["cc"]:
        terms = terms[1:]
    language = "en" if (get_language() or "").startswith("en") else "fr"
    return f"https://creativecommons.org/licenses/{'-'.join(terms)}/{version}/deed.{language}"
