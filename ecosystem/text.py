"""Text that people write: Markdown rendering with sanitizing, personal information
detection and accent-insensitive normalization for search."""

import re
import unicodedata
from dataclasses import dataclass

import nh3
from django.core.exceptions import ValidationError
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt

# CommonMark without raw HTML: a "<script>" typed in Markdown comes out as text.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})

ALLOWED_TAGS = {
    "a", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr", "li", "ol", "p", "pre", "strong", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}

# A link whose target runs code: refused when written, not only neutralized when shown.
_SCRIPT_TAG = re.compile(r"<\s*/?\s*script\b", re.IGNORECASE)
_SCRIPT_URL = re.compile(r"(?:java|vb)script\s*:|data\s*:\s*text/html", re.IGNORECASE)


def sanitize_html(html: str) -> SafeString:
    """The one HTML sanitizer (Ammonia through nh3): only the allowed tags, attributes and schemes."""
    return mark_safe(  # noqa: S308  (nh3 has just sanitized it)
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=ALLOWED_URL_SCHEMES,
            link_rel="noopener noreferrer nofollow",
        )
    )


def render_markdown(text: str) -> SafeString:
    """Markdown to sanitized HTML. Headings start at level 2: the page owns its <h1>."""
    html = _markdown.render(text or "")
    html = re.sub(r"<(/?)h1>", r"<\1h2>", html)
    return sanitize_html(html)


def find_unsafe_markup(text: str) -> list[str]:
    """The passages of ``text`` that try to run a script (a <script> tag, a javascript: URL)."""
    found = []
    for pattern in (_SCRIPT_TAG, _SCRIPT_URL):
        found.extend(_passage(text, match) for match in pattern.finditer(text or ""))
    return list(dict.fromkeys(found))  # an opening and a closing tag often share one passage


def check_markdown(text: str, *, field: str, max_bytes: int | None = None) -> SafeString:
    """Refuse ``text`` written into ``field`` if it is too long or tries to run a script;
    otherwise return it rendered and sanitized, ready to be stored."""
    if max_bytes is not None and len(text.encode("utf-8")) > max_bytes:
        raise ValidationError(
            {field: _("This text is too long: at most %(kb)d KB.") % {"kb": max_bytes // 1024}}, code="too_long"
        )
    unsafe = find_unsafe_markup(text)
    if unsafe:
        raise ValidationError(
            {
                field: _("This text cannot contain scripts or javascript: links. Remove: %(passages)s")
                % {"passages": " ; ".join(f"« {passage} »" for passage in unsafe)}
            },
            code="unsafe",
        )
    return render_markdown(text)


# --- Personal information ------------------------------------------------------------------

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# North American numbers: 514-555-0199, (514) 555 0199, +1 514.555.0199, 1 800 555-0199, 5145550199.
_PHONE = re.compile(r"(?<![\w-])(?:\+?1[\s.-]?)?(?:\(\d{3}\)|\d{3})[\s.-]?\d{3}[\s.-]?\d{4}(?![\w-])")
# Canadian postal codes: H2X 1Y4, h2x1y4, H2X-1Y4. (The letters D, F, I, O, Q, U never appear.)
_POSTAL_CODE = re.compile(
    r"(?<![\w])[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z][\s-]?\d[ABCEGHJ-NPRSTV-Z]\d(?![\w])", re.IGNORECASE
)


@dataclass(frozen=True)
class PersonalInformation:
    kind: str  # "email", "phone" or "postal_code"
    value: str
    passage: str


def find_personal_information(text: str) -> list[PersonalInformation]:
    """E-mail addresses, phone numbers and postal codes found in ``text``, with their passage."""
    text = text or ""
    found = []
    for kind, pattern in (("email", _EMAIL), ("phone", _PHONE), ("postal_code", _POSTAL_CODE)):
        for match in pattern.finditer(text):
            found.append(PersonalInformation(kind=kind, value=match.group(0), passage=_passage(text, match)))
    return found


def _passage(text: str, match: re.Match, *, around: int = 30) -> str:
    start, end = max(match.start() - around, 0), min(match.end() + around, len(text))
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return f"{prefix}{' '.join(text[start:end].split())}{suffix}"


# --- Search --------------------------------------------------------------------------------


def unaccent(value: str | None) -> str | None:
    """Lower-case ``value`` without diacritics ("Éducation" → "education")."""
    if value is None:
        return None
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()
