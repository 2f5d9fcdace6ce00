"""The browser pages for initiatives and learnings: wiring, forms, bad input, htmx, CSV and
query counts. Who may open which page is in test_permissions_pages.py."""

import csv
import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from initiatives.models import Initiative, InitiativePartner, Learning, PhaseChange
from tests.factories import InitiativeFactory, LearningFactory, OrganizationFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def _page(response) -> str:
    return response.content.decode()


def _csv_rows(response) -> list[list[str]]:
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content.removeprefix("\ufeff"))))


def _initiative_data(territories, /, **overrides) -> dict:
    data = {
        "title": "Marche du midi",
        "summary": "Des aînés marchent ensemble chaque midi dans le quartier.",
        "description": "Départ **devant la bibliothèque**.",
        "kind": "community",
        "phase": "idea",
        "action_type": "prevention",
        "lead_organization": "",
        "territories": [territory.pk for territory in territories],
        "themes": [],
        "populations": [],
        "start_date": "2025-03-01",
        "end_date": "2025-12-15",
        "visibility": "public",
    }
    data.update(overrides)
    return data


def _update_data(initiative: Initiative, **overrides) -> dict:
    data = _initiative_data(
        initiative.territories.all(),
        title=initiative.title,
        summary=initiative.summary,
        description=initiative.description,
        kind=initiative.kind,
        action_type=initiative.action_type,
        start_date="",
        end_date="",
        visibility=initiative.visibility,
        themes=[theme.pk for theme in initiative.themes.all()],
        version=initiative.version,
    )
    del data["phase"]
    data.update(overrides)
    return data


def _learning_data(**overrides) -> dict:
    data = {
        "title": "Le bouche-à-oreille attire plus que les affiches",
        "statement": "Les participants sont venus parce qu’un voisin les avait invités.",
        "kind": "success_condition",
        "knowledge_type": "experiential",
        "transfer_conditions": "Avoir quelques personnes bien connues dans le quartier.",
        "territory": "",
        "licence": "CC-BY-NC-4.0",
    }
    data.update(overrides)
    return data


# --- Initiative list ---------------------------------------------------------------------------


def test_the_list_shows_each_initiative_with_its_facts(client, public_initiative, members_initiative):
    organization = OrganizationFactory(name="Carrefour alimentaire Centre-Sud")
    Initiative.objects.filter(pk=public_initiative.pk).update(lead_organization=organization)

    response = client.get(reverse("initiatives:list"))

    page = _page(response)
    assert response.status_code == 200
    assert "<h1>Initiatives</h1>" in page
    assert f'href="{public_initiative.get_absolute_url()}"' in page
    assert "Cuisines collectives du Centre-Sud" in page
    assert "Expérimentation" in page  # phase
    assert "Initiative communautaire" in page  # kind
    assert "Montréal" in page
    assert "Isolement social" in page
    assert "Carrefour alimentaire Centre-Sud" in page
    assert "1 initiative" in page
    assert "Table des aînés" not in page  # members only: the visitor is not signed in


def test_the_filter_form_is_a_labelled_get_form_with_a_submit_button(client, public_initiative):
    page = _page(client.get(reverse("initiatives:list")))

    assert 'method="get"' in page
    assert '<label for="id_territory">Territoire</label>' in page
    assert '<label for="id_q">Recherche</label>' in page
    assert '<button type="submit" class="button">Filtrer</button>' in page
    assert 'hx-get="/initiatives/"' in page
    assert 'hx-target="#results"' in page
    assert 'hx-push-url="true"' in page


def test_the_list_filters_by_territory_theme_phase_kind_population_and_words(
    client, public_initiative, capitale_nationale, isolation
):
    food = ThemeFactory(name_fr="Alimentation locale", slug="alimentation-locale")
    other = InitiativeFactory(
        title="Potager scolaire de Limoilou",
        territories=[capitale_nationale],
        themes=[food],
        phase="idea",
        kind="pilot",
    )
    from initiatives.models import PriorityPopulation

    elders = PriorityPopulation.objects.get(slug="aines-vivant-seuls")
    public_initiative.populations.set([elders])

    expectations = {
        "territory=03": other,
        "theme=alimentation-locale": other,
        "phase=idea": other,
        "kind=pilot": other,
        "population=aines-vivant-seuls": public_initiative,
        "q=potager": other,
        "territory=06&theme=isolement-social": public_initiative,
    }
    for query, expected in expectations.items():
        page = _page(client.get(f"{reverse('initiatives:list')}?{query}"))
        unexpected = public_initiative if expected == other else other
        assert expected.title in page, query
        assert unexpected.title not in page, query


def test_an_unknown_territory_or_theme_in_the_filters_is_explained_in_french(client, public_initiative):
    for query in ("territory=99", "theme=theme-inconnu"):
        response = client.get(f"{reverse('initiatives:list')}?{query}")

        page = _page(response)
        assert response.status_code == 200
        assert "Sélectionnez un choix valide" in page
        assert "Ces filtres n’ont pas pu être appliqués" in page
        assert public_initiative.title not in page


def test_the_pages_keep_the_filters_and_say_where_you_are(client, montreal):
    InitiativeFactory.create_batch(45, territories=[montreal], phase="evaluation")
    InitiativeFactory(title="Hors filtre", phase="idea")

    response = client.get(f"{reverse('initiatives:list')}?phase=evaluation&page=2")

    page = _page(response)
    assert "45 initiatives" in page
    assert "Page 2 sur 3" in page
    assert page.count('class="card"') == 20
    assert 'href="/initiatives/?phase=evaluation&amp;page=2" aria-current="page"' in page
    assert 'href="/initiatives/?phase=evaluation&amp;page=3" rel="next"' in page
    assert 'href="/initiatives/?phase=evaluation&amp;page=1" rel="prev"' in page
    assert "Hors filtre" not in page


def test_an_out_of_range_or_garbled_page_number_shows_a_page_rather_than_an_error(client, public_initiative):
    for page_number in ("999", "abc", "-1"):
        response = client.get(f"{reverse('initiatives:list')}?page={page_number}")

        assert response.status_code == 200
        assert public_initiative.title in _page(response)


def test_an_htmx_request_gets_only_the_results_region(client, public_initiative):
    response = client.get(f"{reverse('initiatives:list')}?q=cuisines", HTTP_HX_REQUEST="true")

    page = _page(response)
    assert response.status_code == 200
    assert page.lstrip().startswith('<section id="results"')
    assert public_initiative.title in page
    assert "<html" not in page
    assert "<form" not in page  # the filter form stays as it is in the browser
    assert "HX-Request" in response["Vary"]


def test_htmx_restoring_its_history_gets_the_whole_page(client, public_initiative):
    response = client.get(reverse("initiatives:list"), HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")

    assert "<html" in _page(response)


def test_the_list_links_to_the_csv_export_with_the_same_filters(client, public_initiative):
    page = _page(client.get(f"{reverse('initiatives:list')}?territory=06&page=1"))

    assert 'href="/initiatives.csv?territory=06"' in page
    assert "Télécharger en CSV" in page


def test_the_list_is_in_english_under_en(client, public_initiative):
    response = client.get("/en/initiatives/")

    page = _page(response)
    assert '<button type="submit" class="button">Filter</button>' in page
    assert "1 initiative" in page
    assert 'href="/en/initiatives/cuisines-collectives-du-centre-sud/"' in page
    assert "Download as CSV" in page


@pytest.mark.parametrize(
    ("french", "english"),
    [
        (
            "/initiatives/cuisines-collectives-du-centre-sud/modifier/",
            "/en/initiatives/cuisines-collectives-du-centre-sud/edit/",
        ),
        (
            "/initiatives/cuisines-collectives-du-centre-sud/historique/",
            "/en/initiatives/cuisines-collectives-du-centre-sud/history/",
        ),
        (
            "/initiatives/cuisines-collectives-du-centre-sud/apprentissages/nouveau/",
            "/en/initiatives/cuisines-collectives-du-centre-sud/learnings/new/",
        ),
        ("/initiatives/nouvelle/", "/en/initiatives/new/"),
        ("/apprentissages/?kind=obstacle", "/en/learnings/?kind=obstacle"),
    ],
)
def test_the_paths_are_translated_and_the_language_switch_follows(
    client, organizer, public_initiative, french, english
):
    client.force_login(organizer)

    response = client.get(french)

    assert response.status_code == 200
    assert response.context["other_language"]["url"] == english
    assert client.get(english).context["other_language"]["url"] == french


# --- CSV exports -------------------------------------------------------------------------------


def test_the_initiative_export_is_utf8_csv_with_a_bom_and_translated_headers(client, public_initiative, isolation):
    Initiative.objects.filter(pk=public_initiative.pk).update(
        start_date=datetime.date(2024, 9, 1), action_type="determinants"
    )

    response = client.get(reverse("initiatives:export"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    header, *rows = _csv_rows(response)
    assert header[:3] == ["Titre", "Adresse", "Résumé"]
    assert "Territoires" in header
    assert len(rows) == 1
    row = dict(zip(header, rows[0], strict=True))
    assert row["Titre"] == "Cuisines collectives du Centre-Sud"
    assert row["Adresse"] == "http://testserver/initiatives/cuisines-collectives-du-centre-sud/"
    assert row["Phase"] == "Expérimentation"
    assert row["Territoires"] == "06 Montréal"
    assert row["Thèmes"] == "Isolement social"
    assert row["Date de début"] == "2024-09-01"
    assert row["Type d’action"] == "Déterminants sociaux et environnementaux"


def test_the_initiative_export_applies_the_list_filters(client, public_initiative, other_organizer):
    _header, *rows = _csv_rows(client.get(f"{reverse('initiatives:export')}?territory=03"))

    assert [row[0] for row in rows] == ["Jardins partagés de Limoilou"]


def test_the_export_with_an_unknown_filter_sends_back_to_the_list_that_explains(client, public_initiative):
    response = client.get(f"{reverse('initiatives:export')}?territory=99")

    assert response.status_code == 302
    assert response["Location"] == "/initiatives/?territory=99"


def test_exported_cells_cannot_run_as_spreadsheet_formulas(client, montreal):
    InitiativeFactory(title='=HYPERLINK("http://exemple.test")', territories=[montreal])

    _header, *rows = _csv_rows(client.get(reverse("initiatives:export")))

    assert rows[0][0] == '\'=HYPERLINK("http://exemple.test")'


def test_the_learning_export_has_a_bom_translated_headers_and_the_licence(client, published_learning):
    header, *rows = _csv_rows(client.get(reverse("initiatives:learnings-export")))

    row = dict(zip(header, rows[0], strict=True))
    assert row["Titre"] == "La confiance précède la participation"
    assert row["Type de savoir"] == "Expérientiel"
    assert row["Territoire"] == "06 Montréal"
    assert row["Initiative"] == "Cuisines collectives du Centre-Sud"
    assert row["Licence"] == "Creative Commons Attribution – Pas d’utilisation commerciale 4.0"
    assert row["Adresse"] == f"http://testserver{published_learning.get_absolute_url()}"


# --- Initiative page ---------------------------------------------------------------------------


def test_the_initiative_page_shows_its_facts_phases_partners_and_learnings(
    client, public_initiative, published_learning, draft_learning
):
    organization = OrganizationFactory(name="CIUSSS du Centre-Sud")
    InitiativePartner.objects.create(initiative=public_initiative, organization=organization, role="scientific")
    PhaseChange.objects.create(
        initiative=public_initiative, phase="idea", changed_on=datetime.date(2024, 1, 15), note="Premier café"
    )
    PhaseChange.objects.create(
        initiative=public_initiative, phase="experimentation", changed_on=datetime.date(2024, 6, 3)
    )

    response = client.get(public_initiative.get_absolute_url())

    page = _page(response)
    assert response.status_code == 200
    assert "<h1>Cuisines collectives du Centre-Sud</h1>" in page
    assert "<strong>ensemble</strong>" in page  # the Markdown description
    assert "15 janvier 2024" in page and "Premier café" in page
    assert "3 juin 2024" in page
    assert "CIUSSS du Centre-Sud — Collaboration scientifique" in page
    assert published_learning.title in page
    assert draft_learning.title not in page  # drafts are for the team
    assert "Déjà essayé ailleurs ?" in page
    assert "Modifier" not in page  # a visitor changes nothing
    assert 'name="phase-phase"' not in page


def test_the_team_sees_drafts_labelled_and_the_forms_to_run_the_initiative(
    client, organizer, public_initiative, draft_learning
):
    client.force_login(organizer)

    page = _page(client.get(public_initiative.get_absolute_url()))

    assert draft_learning.title in page
    assert '<span class="badge badge--draft">Brouillon</span>' in page
    for link in ("update", "history", "learning-create"):
        assert f'href="{reverse(f"initiatives:{link}", args=[public_initiative.slug])}"' in page
    assert f'action="{reverse("initiatives:phase", args=[public_initiative.slug])}"' in page
    assert f'action="{reverse("initiatives:partner-add", args=[public_initiative.slug])}"' in page
    assert f'action="{reverse("initiatives:team-add", args=[public_initiative.slug])}"' in page
    assert f'value="{timezone.localdate():%Y-%m-%d}"' in page  # the phase change date defaults to today
    assert 'value="experimentation"' not in page.split('name="phase-phase"')[1].split("</select>")[0]


def test_the_description_is_sanitized_again_when_shown(client, public_initiative):
    # As if a row had been written around the service (an import, an old sanitizer).
    Initiative.objects.filter(pk=public_initiative.pk).update(
        description_html='<p>Bonjour</p><script>alert(1)</script><a href="javascript:alert(1)">lien</a>'
    )

    page = _page(client.get(public_initiative.get_absolute_url()))

    assert "<p>Bonjour</p>" in page
    assert "<script>alert(1)</script>" not in page
    assert "javascript:" not in page


def test_the_page_shows_learnings_tried_elsewhere(client, public_initiative, isolation, other_organizer):
    limoilou = Initiative.objects.get(title="Jardins partagés de Limoilou")
    LearningFactory(initiative=limoilou, title="Un repas partagé brise la glace", themes=[isolation])

    page = _page(client.get(public_initiative.get_absolute_url()))

    assert "Un repas partagé brise la glace" in page


def test_a_members_initiative_shows_its_visibility(client, outsider, members_initiative):
    client.force_login(outsider)

    page = _page(client.get(members_initiative.get_absolute_url()))

    assert '<span class="badge badge--restricted">Visible par : Membres connectés</span>' in page


# --- Create and edit ---------------------------------------------------------------------------


def test_an_organizer_creates_an_initiative_and_joins_its_team(client, organizer, montreal, isolation):
    client.force_login(organizer)

    response = client.post(
        reverse("initiatives:create"), _initiative_data([montreal], themes=[isolation.pk], phase="startup")
    )

    initiative = Initiative.objects.get(title="Marche du midi")
    assert response.status_code == 302
    assert response["Location"] == initiative.get_absolute_url()
    assert list(initiative.team.all()) == [organizer]
    assert list(initiative.themes.all()) == [isolation]
    assert initiative.phase == "startup"
    assert initiative.phase_changes.get().phase == "startup"
    assert "<strong>devant la bibliothèque</strong>" in initiative.description_html
    followed = _page(client.get(response["Location"]))
    assert "L’initiative est enregistrée." in followed


def test_the_create_form_marks_required_fields_and_lists_territories_in_code_order(client, organizer):
    client.force_login(organizer)

    page = _page(client.get(reverse("initiatives:create")))

    assert "<h1>Nouvelle initiative</h1>" in page
    assert "(obligatoire)" in page
    assert 'maxlength="500"' in page
    assert 'type="date"' in page
    assert page.index("01 – Bas-Saint-Laurent") < page.index("06 – Montréal") < page.index("18 – Terres-Cries")
    assert 'name="version"' not in page


def test_the_edit_form_saves_changes_with_the_version_seen(client, organizer, public_initiative):
    client.force_login(organizer)
    url = reverse("initiatives:update", args=[public_initiative.slug])
    assert 'name="version" value="1"' in _page(client.get(url))

    response = client.post(url, _update_data(public_initiative, title="Cuisines collectives du Centre-Sud (2e saison)"))

    public_initiative.refresh_from_db()
    assert response.status_code == 302
    assert public_initiative.title == "Cuisines collectives du Centre-Sud (2e saison)"
    assert public_initiative.version == 2
    assert 'name="phase"' not in _page(client.get(url))  # the phase moves through its own form


def test_a_stale_edit_form_is_refused_with_a_french_message_and_nothing_saved(client, organizer, public_initiative):
    client.force_login(organizer)
    stale = _update_data(public_initiative, title="Ma version")
    client.post(
        reverse("initiatives:update", args=[public_initiative.slug]),
        _update_data(public_initiative, title="Version de ma collègue"),
    )

    response = client.post(reverse("initiatives:update", args=[public_initiative.slug]), stale)

    public_initiative.refresh_from_db()
    page = _page(response)
    assert response.status_code == 200
    assert "Une autre personne a enregistré une modification depuis que vous avez ouvert" in page
    assert page.index("error-summary") < page.index('name="title"')
    assert public_initiative.title == "Version de ma collègue"
    assert public_initiative.version == 2


BAD_INITIATIVE_INPUT = {
    "end date before start date": (
        {"start_date": "2025-06-01", "end_date": "2025-05-31"},
        "La date de fin ne peut pas précéder la date de début.",
    ),
    "empty summary": ({"summary": "   "}, "Ce champ est obligatoire."),
    "summary over 500 characters": ({"summary": "a" * 501}, "au plus 500 caractères"),
    "unknown territory": ({"territories": ["999999"]}, "Sélectionnez un choix valide. 999999 n’en fait pas partie."),
    "garbled territory": ({"territories": ["pas-un-nombre"]}, "n’est pas une valeur correcte"),
    "unknown theme": ({"themes": ["999999"]}, "Sélectionnez un choix valide. 999999 n’en fait pas partie."),
    "no territory": ({"territories": []}, "Ce champ est obligatoire."),
    "description over 50 KB": ({"description": "é" * 26_000}, "Ce texte est trop long : 50 Ko au maximum."),
    "script in the description": (
        {"description": "Voir <script>alert(1)</script>"},
        "Ce texte ne peut pas contenir de scripts ni de liens javascript:.",
    ),
    "javascript: link in the description": ({"description": "[clic](javascript:alert(1))"}, "javascript:"),
    "unknown kind": ({"kind": "fusée"}, "Sélectionnez un choix valide"),
}


@pytest.mark.parametrize("case", BAD_INITIATIVE_INPUT, ids=list(BAD_INITIATIVE_INPUT))
def test_bad_input_on_create_is_explained_in_french_and_nothing_is_saved(client, organizer, montreal, case):
    overrides, message = BAD_INITIATIVE_INPUT[case]
    client.force_login(organizer)

    response = client.post(reverse("initiatives:create"), _initiative_data([montreal], **overrides))

    page = _page(response)
    assert response.status_code == 200
    assert "Veuillez corriger ce qui suit" in page
    assert message.replace("<", "&lt;") in page
    assert not Initiative.objects.exists()
    assert not PhaseChange.objects.exists()


@pytest.mark.parametrize("case", BAD_INITIATIVE_INPUT, ids=list(BAD_INITIATIVE_INPUT))
def test_bad_input_on_edit_is_explained_in_french_and_nothing_is_saved(client, organizer, public_initiative, case):
    overrides, message = BAD_INITIATIVE_INPUT[case]
    client.force_login(organizer)
    before = Initiative.objects.values().get(pk=public_initiative.pk)
    territories_before = set(public_initiative.territories.all())

    response = client.post(
        reverse("initiatives:update", args=[public_initiative.slug]), _update_data(public_initiative, **overrides)
    )

    assert response.status_code == 200
    assert message.replace("<", "&lt;") in _page(response)
    assert Initiative.objects.values().get(pk=public_initiative.pk) == before
    assert set(public_initiative.territories.all()) == territories_before


def test_editing_someone_elses_initiative_is_404_and_changes_nothing(client, other_organizer, public_initiative):
    client.force_login(other_organizer)
    before = Initiative.objects.values().get(pk=public_initiative.pk)

    response = client.post(
        reverse("initiatives:update", args=[public_initiative.slug]), _update_data(public_initiative, title="Piraté")
    )

    assert response.status_code == 404
    assert Initiative.objects.values().get(pk=public_initiative.pk) == before


# --- History -----------------------------------------------------------------------------------


def test_the_history_says_when_who_and_which_fields_changed(client, organizer, montreal):
    client.force_login(organizer)
    client.post(reverse("initiatives:create"), _initiative_data([montreal]))
    initiative = Initiative.objects.get()
    client.post(
        reverse("initiatives:update", args=[initiative.slug]),
        _update_data(initiative, summary="Un nouveau résumé en mots simples.", visibility="members"),
    )

    response = client.get(reverse("initiatives:history", args=[initiative.slug]))

    page = _page(response)
    assert response.status_code == 200
    assert "Historique de « Marche du midi »" in page
    assert page.count("<td>Karim</td>") == 2
    assert "A créé l’initiative" in page
    assert re.search(r"\d{4}, \d{2}\xa0h\xa0\d{2}</time>", page)  # Québec time: 14 h 05
    assert "résumé en langage clair" in page and "visibilité" in page
    assert "version" not in page.split("<tbody>")[1]


def test_the_history_pages_by_50_and_the_last_row_of_a_page_still_says_what_changed(client, organizer, montreal):
    from initiatives import services

    initiative = services.initiative_create(
        by=organizer, title="Marche du midi", summary="Un résumé.", kind="community", territories=[montreal]
    )
    for number in range(1, 52):
        initiative = services.initiative_update(initiative=initiative, by=organizer, title=f"Marche du midi {number}")
    client.force_login(organizer)
    url = reverse("initiatives:history", args=[initiative.slug])

    first = _page(client.get(url)).split("<tbody>")[1]
    second = _page(client.get(f"{url}?page=2")).split("<tbody>")[1]

    assert first.count("<tr>") == 50
    assert first.count("<td>Titre</td>") == 50  # the 50th is compared with the first row of page 2
    assert second.count("<tr>") == 2
    assert "<td>Titre</td>" in second and "A créé l’initiative" in second


# --- Phase, partners, team ---------------------------------------------------------------------


def test_the_team_moves_the_initiative_to_a_dated_phase(client, organizer, public_initiative):
    client.force_login(organizer)

    response = client.post(
        reverse("initiatives:phase", args=[public_initiative.slug]),
        {"phase-phase": "evaluation", "phase-changed_on": "2025-02-10", "phase-note": "Bilan du premier hiver"},
    )

    public_initiative.refresh_from_db()
    assert response.status_code == 302
    assert public_initiative.phase == "evaluation"
    change = public_initiative.phase_changes.get()
    assert (change.changed_on, change.note, change.changed_by) == (
        datetime.date(2025, 2, 10),
        "Bilan du premier hiver",
        organizer,
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"phase-phase": "evaluation", "phase-changed_on": "2999-01-01"}, "ne peut pas être dans le futur"),
        ({"phase-phase": "experimentation", "phase-changed_on": "2025-01-01"}, "Sélectionnez un choix valide"),
        ({"phase-phase": "evaluation", "phase-changed_on": "pas une date"}, "Saisissez une date valide"),
    ],
    ids=["future date", "current phase", "garbled date"],
)
def test_a_refused_phase_change_is_explained_and_nothing_is_recorded(
    client, organizer, public_initiative, data, message
):
    client.force_login(organizer)

    response = client.post(reverse("initiatives:phase", args=[public_initiative.slug]), data)

    public_initiative.refresh_from_db()
    assert response.status_code == 200
    assert message in _page(response)
    assert public_initiative.phase == "experimentation"
    assert not PhaseChange.objects.exists()


def test_the_team_adds_and_removes_a_partner_organization(client, organizer, public_initiative):
    organization = OrganizationFactory(name="Université de Montréal")
    client.force_login(organizer)
    url = reverse("initiatives:partner-add", args=[public_initiative.slug])

    response = client.post(url, {"partner-organization": organization.pk, "partner-role": "scientific"})

    partner = InitiativePartner.objects.get()
    assert response.status_code == 302
    assert (partner.organization, partner.role) == (organization, "scientific")

    again = client.post(url, {"partner-organization": organization.pk, "partner-role": "scientific"})

    assert again.status_code == 200
    assert "Cet organisme a déjà ce rôle dans l’initiative." in _page(again)
    assert InitiativePartner.objects.count() == 1

    removed = client.post(reverse("initiatives:partner-remove", args=[public_initiative.slug, partner.pk]))

    assert removed.status_code == 302
    assert not InitiativePartner.objects.exists()


def test_a_partner_of_another_initiative_cannot_be_removed_through_this_one(
    client, organizer, public_initiative, members_initiative
):
    partner = InitiativePartner.objects.create(
        initiative=members_initiative, organization=OrganizationFactory(), role="funder"
    )
    client.force_login(organizer)

    response = client.post(reverse("initiatives:partner-remove", args=[public_initiative.slug, partner.pk]))

    assert response.status_code == 404
    assert InitiativePartner.objects.filter(pk=partner.pk).exists()


def test_the_team_adds_a_member_by_the_email_of_their_account_and_removes_them(
    client, organizer, partner, public_initiative
):
    client.force_login(organizer)

    response = client.post(
        reverse("initiatives:team-add", args=[public_initiative.slug]), {"team-email": "AMELIE.partenaire@exemple.test"}
    )

    assert response.status_code == 302
    assert set(public_initiative.team.all()) == {organizer, partner}

    removed = client.post(reverse("initiatives:team-remove", args=[public_initiative.slug, partner.pk]))

    assert removed.status_code == 302
    assert set(public_initiative.team.all()) == {organizer}


def test_an_email_without_an_account_is_explained_and_nobody_is_added(client, organizer, public_initiative):
    client.force_login(organizer)

    response = client.post(
        reverse("initiatives:team-add", args=[public_initiative.slug]), {"team-email": "personne@ailleurs.test"}
    )

    assert response.status_code == 200
    assert "Aucun compte n’utilise cette adresse courriel." in _page(response)
    assert list(public_initiative.team.all()) == [organizer]


def test_the_last_team_member_cannot_be_removed(client, organizer, public_initiative):
    client.force_login(organizer)

    response = client.post(reverse("initiatives:team-remove", args=[public_initiative.slug, organizer.pk]), follow=True)

    assert "Une initiative garde au moins une personne dans son équipe." in _page(response)
    assert list(public_initiative.team.all()) == [organizer]


def test_post_only_actions_refuse_get(client, organizer, public_initiative):
    client.force_login(organizer)

    for name in ("phase", "partner-add", "team-add"):
        assert client.get(reverse(f"initiatives:{name}", args=[public_initiative.slug])).status_code == 405


def test_post_actions_need_the_csrf_token(organizer, public_initiative):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(organizer)

    response = client.post(
        reverse("initiatives:phase", args=[public_initiative.slug]),
        {"phase-phase": "evaluation", "phase-changed_on": "2025-01-01"},
    )

    assert response.status_code == 403
    assert not PhaseChange.objects.exists()


# --- Learnings feed ----------------------------------------------------------------------------


def test_the_feed_shows_each_learning_with_its_facts(client, published_learning, draft_learning):
    response = client.get(reverse("initiatives:learnings"))

    page = _page(response)
    assert response.status_code == 200
    assert "<h1>Apprentissages</h1>" in page
    assert f'href="{published_learning.get_absolute_url()}"' in page
    assert "Les aînés reviennent quand une personne les accueille" in page
    assert "Condition de succès" in page
    assert "Expérientiel" in page
    assert "Montréal" in page
    assert f'href="{published_learning.initiative.get_absolute_url()}"' in page
    assert "1 apprentissage" in page
    assert draft_learning.title not in page


def test_the_feed_filters_by_knowledge_type_and_territory(client, published_learning, capitale_nationale):
    scientific = LearningFactory(
        title="Une revue de littérature le confirme",
        knowledge_type="scientific",
        initiative=InitiativeFactory(territories=[capitale_nationale]),
    )

    by_type = _page(client.get(f"{reverse('initiatives:learnings')}?knowledge_type=scientific"))
    by_territory = _page(client.get(f"{reverse('initiatives:learnings')}?territory=06"))

    assert scientific.title in by_type and published_learning.title not in by_type
    assert published_learning.title in by_territory and scientific.title not in by_territory


def test_the_feed_explains_an_unknown_theme(client, published_learning):
    response = client.get(f"{reverse('initiatives:learnings')}?theme=inconnu&knowledge_type=magique")

    page = _page(response)
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in page
    assert published_learning.title not in page


def test_the_feed_answers_htmx_with_its_results_region(client, published_learning):
    response = client.get(reverse("initiatives:learnings"), HTTP_HX_REQUEST="true")

    page = _page(response)
    assert page.lstrip().startswith('<section id="results"')
    assert published_learning.title in page
    assert "<html" not in page


def test_the_feed_links_to_its_export_with_the_filters(client, published_learning):
    page = _page(client.get(f"{reverse('initiatives:learnings')}?kind=obstacle"))

    assert 'href="/apprentissages.csv?kind=obstacle"' in page


# --- Learning page -----------------------------------------------------------------------------


def test_the_learning_page_shows_the_whole_learning_and_its_licence(client, published_learning):
    Learning.objects.filter(pk=published_learning.pk).update(transfer_conditions="Un local accessible à pied.")

    response = client.get(published_learning.get_absolute_url())

    page = _page(response)
    assert response.status_code == 200
    assert "<h1>La confiance précède la participation</h1>" in page
    assert "Un local accessible à pied." in page
    assert "Isolement social" in page
    assert "06 Montréal" in page
    assert "Karim" in page
    assert 'href="https://creativecommons.org/licenses/by-nc/4.0/deed.fr"' in page
    assert f'href="{published_learning.initiative.get_absolute_url()}"' in page
    assert "Déjà essayé ailleurs ?" in page
    assert "Publier" not in page


def test_a_learning_whose_author_left_is_credited_to_a_former_member(client, published_learning):
    Learning.objects.filter(pk=published_learning.pk).update(author=None)

    page = _page(client.get(published_learning.get_absolute_url()))

    assert "ancien·ne membre" in page


def test_the_english_learning_page_links_the_english_licence_deed(client, published_learning):
    page = _page(client.get(f"/en/learnings/{published_learning.pk}/"))

    assert 'href="https://creativecommons.org/licenses/by-nc/4.0/deed.en"' in page


def test_the_learning_page_shows_similar_learnings_from_other_territories(
    client, published_learning, isolation, other_organizer
):
    limoilou = Initiative.objects.get(title="Jardins partagés de Limoilou")
    LearningFactory(initiative=limoilou, title="Un repas partagé brise la glace", themes=[isolation])

    page = _page(client.get(published_learning.get_absolute_url()))

    assert "Un repas partagé brise la glace" in page


def test_the_author_sees_the_edit_link_and_publish_button_of_a_draft(client, organizer, draft_learning):
    client.force_login(organizer)

    page = _page(client.get(draft_learning.get_absolute_url()))

    assert f'href="{reverse("initiatives:learning-update", args=[draft_learning.pk])}"' in page
    assert f'action="{reverse("initiatives:learning-publish", args=[draft_learning.pk])}"' in page
    assert "Brouillon" in page


# --- Learning create, edit, publish ------------------------------------------------------------


def test_the_learning_form_starts_from_the_initiatives_themes_and_first_territory(
    client, organizer, public_initiative, isolation, montreal
):
    client.force_login(organizer)

    response = client.get(reverse("initiatives:learning-create", args=[public_initiative.slug]))

    form = response.context["form"]
    assert form["themes"].value() == [isolation.pk]
    assert form["territory"].value() == montreal.pk
    assert "Enregistrer et publier" in _page(response)


def test_the_team_writes_a_learning_as_a_draft(client, organizer, public_initiative, isolation, montreal):
    client.force_login(organizer)

    response = client.post(
        reverse("initiatives:learning-create", args=[public_initiative.slug]),
        _learning_data(themes=[isolation.pk], territory=montreal.pk),
    )

    learning = Learning.objects.get()
    assert response.status_code == 302
    assert response["Location"] == learning.get_absolute_url()
    assert (learning.status, learning.author, learning.initiative) == ("draft", organizer, public_initiative)
    assert list(learning.themes.all()) == [isolation]


def test_save_and_publish_publishes_a_clean_learning(client, organizer, public_initiative):
    client.force_login(organizer)

    client.post(
        reverse("initiatives:learning-create", args=[public_initiative.slug]), {**_learning_data(), "publish": "1"}
    )

    learning = Learning.objects.get()
    assert learning.status == "published"
    assert learning.published_at is not None


def test_save_and_publish_with_an_email_keeps_the_draft_and_says_why(client, organizer, public_initiative):
    client.force_login(organizer)

    response = client.post(
        reverse("initiatives:learning-create", args=[public_initiative.slug]),
        {**_learning_data(statement="Écrivez à lucie.tremblay@exemple.test pour vous inscrire."), "publish": "1"},
        follow=True,
    )

    learning = Learning.objects.get()
    page = _page(response)
    assert learning.status == "draft"
    assert response.redirect_chain[-1][0] == reverse("initiatives:learning-update", args=[learning.pk])
    assert "L’apprentissage n’a pas été publié." in page
    assert "Retirez l’adresse courriel avant de publier" in page
    assert "lucie.tremblay@exemple.test" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "Ce champ est obligatoire."),
        ({"statement": "x" * 5001}, "au plus 5000 caractères"),
        ({"themes": ["999999"]}, "Sélectionnez un choix valide. 999999 n’en fait pas partie."),
        ({"territory": "999999"}, "Sélectionnez un choix valide"),
        ({"licence": "tous-droits-reserves"}, "Sélectionnez un choix valide"),
    ],
    ids=["empty title", "overlong statement", "unknown theme", "unknown territory", "unknown licence"],
)
def test_bad_learning_input_is_explained_and_nothing_is_saved(client, organizer, public_initiative, overrides, message):
    client.force_login(organizer)

    response = client.post(
        reverse("initiatives:learning-create", args=[public_initiative.slug]), _learning_data(**overrides)
    )

    assert response.status_code == 200
    assert message in _page(response)
    assert not Learning.objects.exists()


def test_the_author_edits_a_learning_with_the_version_seen(client, organizer, draft_learning):
    client.force_login(organizer)
    url = reverse("initiatives:learning-update", args=[draft_learning.pk])
    assert 'name="version" value="1"' in _page(client.get(url))

    response = client.post(url, _learning_data(title="Un titre plus clair", version=1))

    draft_learning.refresh_from_db()
    assert response.status_code == 302
    assert (draft_learning.title, draft_learning.version, draft_learning.status) == ("Un titre plus clair", 2, "draft")


def test_a_stale_learning_form_is_refused_and_nothing_saved(client, organizer, draft_learning):
    client.force_login(organizer)
    url = reverse("initiatives:learning-update", args=[draft_learning.pk])
    client.post(url, _learning_data(title="Version de ma collègue", version=1))

    response = client.post(url, _learning_data(title="Ma version", version=1))

    draft_learning.refresh_from_db()
    assert response.status_code == 200
    assert "Une autre personne a enregistré une modification depuis que vous avez ouvert" in _page(response)
    assert draft_learning.title == "Version de ma collègue"


def test_a_phone_number_added_to_a_published_learning_is_refused(client, organizer, published_learning):
    client.force_login(organizer)
    before = Learning.objects.values().get(pk=published_learning.pk)

    response = client.post(
        reverse("initiatives:learning-update", args=[published_learning.pk]),
        _learning_data(statement="Appelez Lucie au 514-555-0199.", version=published_learning.version),
    )

    assert response.status_code == 200
    assert "Retirez le numéro de téléphone avant de publier" in _page(response)
    assert Learning.objects.values().get(pk=published_learning.pk) == before


def test_the_author_publishes_a_draft(client, organizer, draft_learning):
    client.force_login(organizer)

    response = client.post(reverse("initiatives:learning-publish", args=[draft_learning.pk]), follow=True)

    draft_learning.refresh_from_db()
    assert draft_learning.status == "published"
    assert "L’apprentissage est publié." in _page(response)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Écrire à lucie.tremblay@exemple.test", "Retirez l’adresse courriel avant de publier"),
        ("Son numéro : (514) 555-0199", "Retirez le numéro de téléphone avant de publier"),
    ],
    ids=["email", "phone"],
)
def test_publishing_a_draft_with_personal_information_is_refused_with_the_passages(
    client, organizer, draft_learning, text, message
):
    Learning.objects.filter(pk=draft_learning.pk).update(transfer_conditions=text)
    client.force_login(organizer)

    response = client.post(reverse("initiatives:learning-publish", args=[draft_learning.pk]), follow=True)

    draft_learning.refresh_from_db()
    page = _page(response)
    assert draft_learning.status == "draft"
    assert draft_learning.published_at is None
    assert "L’apprentissage n’a pas été publié." in page
    assert message in page
    assert "Conditions pour le transférer ailleurs" in page  # which field holds it


# --- Query counts ------------------------------------------------------------------------------


@pytest.fixture
def signed_in(client, organizer):
    client.force_login(organizer)
    return client


def _initiatives(count: int, montreal, isolation) -> None:
    organization = OrganizationFactory()
    for _ in range(count):
        InitiativeFactory(territories=[montreal], themes=[isolation], lead_organization=organization)


@pytest.mark.parametrize("rows", [1, 50])
def test_the_initiative_list_runs_the_same_queries_for_1_or_50_rows(
    signed_in, django_assert_num_queries, montreal, isolation, rows
):
    _initiatives(rows, montreal, isolation)

    # session, user, the menu's unread notifications, count, the filter form's territories, themes
    # and populations, the page of initiatives (with their lead organization), then their
    # territories, themes, populations.
    with django_assert_num_queries(11):
        response = signed_in.get(reverse("initiatives:list"))

    assert response.status_code == 200


@pytest.mark.parametrize("rows", [1, 50])
def test_the_initiative_export_runs_the_same_queries_for_1_or_50_rows(
    signed_in, django_assert_num_queries, montreal, isolation, rows
):
    _initiatives(rows, montreal, isolation)

    # session, user, the initiatives (with their lead organization), their territories, themes, populations.
    with django_assert_num_queries(6):
        _header, *lines = _csv_rows(signed_in.get(reverse("initiatives:export")))

    assert len(lines) == rows


def _learnings(count: int, isolation) -> None:
    initiative = InitiativeFactory()
    for _ in range(count):
        LearningFactory(initiative=initiative, themes=[isolation])


@pytest.mark.parametrize("rows", [1, 50])
def test_the_learning_feed_runs_the_same_queries_for_1_or_50_rows(
    signed_in, django_assert_num_queries, isolation, rows
):
    _learnings(rows, isolation)

    # session, user, the menu's unread notifications, count, the filter form's territories, themes
    # and populations, the page of learnings (with initiative, territory, author), then their themes.
    with django_assert_num_queries(9):
        response = signed_in.get(reverse("initiatives:learnings"))

    assert response.status_code == 200


@pytest.mark.parametrize("rows", [1, 50])
def test_the_learning_export_runs_the_same_queries_for_1_or_50_rows(
    signed_in, django_assert_num_queries, isolation, rows
):
    _learnings(rows, isolation)

    # session, user, the learnings (with initiative, territory, author), their themes.
    with django_assert_num_queries(4):
        _header, *lines = _csv_rows(signed_in.get(reverse("initiatives:learnings-export")))

    assert len(lines) == rows
