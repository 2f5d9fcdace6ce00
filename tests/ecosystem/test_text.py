"""Markdown rendering, sanitizing and personal information detection."""

import pytest

from ecosystem.text import (
    find_personal_information,
    find_unsafe_markup,
    render_markdown,
    sanitize_html,
    unaccent,
)


def test_markdown_renders_emphasis_lists_and_links():
    html = render_markdown("Nous **cuisinons** :\n\n- le mardi\n- le jeudi\n\n[Site](https://exemple.org)")

    assert "<strong>cuisinons</strong>" in html
    assert "<li>le mardi</li>" in html
    assert '<a href="https://exemple.org" rel="noopener noreferrer nofollow">Site</a>' in html


def test_markdown_escapes_raw_html_instead_of_rendering_it():
    html = render_markdown('<script>alert("x")</script><img src=x onerror=alert(1)>')

    assert "<script" not in html
    assert "<img" not in html
    assert "&lt;script&gt;" in html


def test_markdown_drops_javascript_links():
    html = render_markdown("[clic](javascript:alert(1))")

    assert "<a" not in html
    assert "href" not in html


def test_top_level_headings_become_level_two():
    assert render_markdown("# Titre").strip() == "<h2>Titre</h2>"


def test_sanitize_removes_what_is_not_allowed():
    html = sanitize_html(
        '<p onclick="x()">Texte</p><iframe src="https://exemple.org"></iframe><a href="javascript:x()">a</a>'
    )

    assert html == '<p>Texte</p><a rel="noopener noreferrer nofollow">a</a>'


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "< SCRIPT src=x>",
        "[a](javascript:alert(1))",
        "[a](JavaScript :x)",
        "data:text/html,x",
    ],
)
def test_unsafe_markup_is_found(text):
    assert find_unsafe_markup(text)


def test_plain_text_about_scripts_is_not_unsafe():
    assert find_unsafe_markup("Nous avons écrit un script d'entrevue en javascript et en français.") == []


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("Écrivez à marie.tremblay@exemple.qc.ca pour vous inscrire.", "email", "marie.tremblay@exemple.qc.ca"),
        ("Appelez le 514-555-0199 le matin.", "phone", "514-555-0199"),
        ("Appelez le (418) 555 0199.", "phone", "(418) 555 0199"),
        ("Ligne sans frais : 1 800 555-0199.", "phone", "1 800 555-0199"),
        ("Ou +1 819.555.0199.", "phone", "+1 819.555.0199"),
        ("Le local est au H2X 1Y4, au rez-de-chaussée.", "postal_code", "H2X 1Y4"),
        ("Code postal g1r4p5.", "postal_code", "g1r4p5"),
    ],
)
def test_personal_information_is_found_with_its_passage(text, kind, value):
    [found] = find_personal_information(text)

    assert (found.kind, found.value) == (kind, value)
    assert value in found.passage


def test_figures_dates_and_years_are_not_personal_information():
    text = "En 2025, 325 participants (92 %) ; 57 % d'aînés ; du 6 mai au 13 juin ; 1 200 lignes ; budget de 150 000 $."

    assert find_personal_information(text) == []


def test_long_passages_are_cut_around_the_match():
    text = "a" * 100 + " 514-555-0199 " + "b" * 100

    [found] = find_personal_information(text)

    assert found.passage.startswith("…") and found.passage.endswith("…")
    assert len(found.passage) < 80


def test_unaccent_lowercases_and_strips_diacritics():
    assert unaccent("Éducation à l'ÉCOLE, Œuvre") == "education a l'ecole, œuvre"
    assert unaccent(None) is None


def test_a_script_element_is_reported_once():
    assert find_unsafe_markup("Bonjour <script>alert(1)</script>") == ["Bonjour <script>alert(1)</script>"]
