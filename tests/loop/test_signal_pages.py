"""The strategic watch in the browser: posting a signal, its page, triage by co-facilitators and
staff, and the public board (filters, counts by RSS × kind with "< 5", the tile-grid map of the
18 RSS and the list). A new signal is read by its author and those who triage only; the board
shows reviewed signals and never names their authors."""

import re

import pytest
from django.urls import reverse

from ecosystem.models import Territory
from loop.models import Signal
from tests.factories import (
    CommunityFactory,
    InitiativeFactory,
    MembershipFactory,
    SignalFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SUPPRESSED = "&lt; 5"  # "< 5" as the HTML writes it


def _page(response) -> str:
    return response.content.decode()


def _board(**query) -> str:
    url = reverse("loop:signal-board")
    if query:
        from django.utils.http import urlencode

        url = f"{url}?{urlencode(query)}"
    return url


@pytest.fixture
def co_facilitator(facilitator):
    MembershipFactory(user=facilitator, role="co_facilitator")
    return facilitator


@pytest.fixture
def new_signal(partner, montreal):
    return SignalFactory(
        submitted_by=partner,
        title="Transport vers les rendez-vous",
        description="Les familles de Montréal-Nord attendent un transport adapté.",
    )


def test_the_paths_are_french():
    assert reverse("loop:signal-board") == "/veille/"
    assert reverse("loop:signal-create") == "/veille/nouveau/"
    assert reverse("loop:signal-triage", args=[3]) == "/veille/3/tri/"


# --- Posting -------------------------------------------------------------------------------------


def _post_data(place, **changes) -> dict:
    data = {
        "kind": "practice",
        "title": "Une clinique mobile",
        "territory": place.pk if place else "",
        "description": "Une clinique mobile passe chaque semaine dans les rangs.",
    }
    data.update(changes)
    return data


def test_a_member_posts_a_signal_and_sees_it_with_a_note(client, partner, capitale, theme):
    client.force_login(partner)

    response = client.post(reverse("loop:signal-create"), _post_data(capitale, themes=[theme.pk]), follow=True)

    signal = Signal.objects.get()
    assert (signal.kind, signal.status, signal.territory, signal.submitted_by) == ("practice", "new", capitale, partner)
    assert list(signal.themes.all()) == [theme]
    assert response.redirect_chain == [(reverse("loop:signal-detail", args=[signal.pk]), 302)]
    page = _page(response)
    assert "Une clinique mobile" in page and "Nouveau" in page
    assert "votre signalement est envoyé" in page
    assert "Ce signalement n’a pas encore été examiné" in page
    assert "Amélie" in page  # the author sees their own name


def test_the_form_lists_kinds_territories_and_themes(client, partner, theme):
    client.force_login(partner)

    page = _page(client.get(reverse("loop:signal-create")))

    assert "Pratique innovante" in page and "Occasion de collaboration" in page
    assert "06 – Montréal" in page and "Transport" in page
    assert "(obligatoire)" in page


def test_a_signal_without_territory_is_refused_with_the_services_message(client, partner):
    client.force_login(partner)

    response = client.post(reverse("loop:signal-create"), _post_data(None))

    assert response.status_code == 200
    assert "Choisissez le territoire où cela a été observé." in _page(response)
    assert not Signal.objects.exists()


def test_an_empty_form_lists_every_missing_field_the_territory_too(client, partner):
    client.force_login(partner)

    response = client.post(reverse("loop:signal-create"), {})

    page = _page(response)
    assert response.status_code == 200
    # each in the summary and beside its field: kind, title and description, and the territory
    assert page.count("Ce champ est obligatoire.") == 3 * 2
    assert page.count("Choisissez le territoire où cela a été observé.") == 2
    assert not Signal.objects.exists()


@pytest.mark.parametrize("kind", ["rumour", ""])
def test_a_signal_of_an_unknown_kind_is_refused(client, partner, montreal, kind):
    client.force_login(partner)

    response = client.post(reverse("loop:signal-create"), _post_data(montreal, kind=kind))

    assert response.status_code == 200
    assert "error-summary" in _page(response)
    assert not Signal.objects.exists()


def test_an_unknown_territory_or_theme_is_refused_without_error_500(client, partner):
    client.force_login(partner)

    response = client.post(reverse("loop:signal-create"), _post_data(None, territory="999999", themes=["abc"]))

    assert response.status_code == 200
    assert not Signal.objects.exists()


def test_a_visitor_is_sent_to_sign_in(client, montreal):
    for method in (client.get, client.post):
        response = method(reverse("loop:signal-create"), _post_data(montreal))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    assert not Signal.objects.exists()


# --- A signal's page -----------------------------------------------------------------------------


def test_a_new_signal_answers_404_to_visitors_and_other_members(client, new_signal, outsider):
    url = reverse("loop:signal-detail", args=[new_signal.pk])
    assert client.get(url).status_code == 404
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_a_new_signal_is_shown_to_its_author_and_to_those_who_triage(client, new_signal, partner, co_facilitator):
    url = reverse("loop:signal-detail", args=[new_signal.pk])
    client.force_login(partner)
    author_page = _page(client.get(url))
    assert "Transport vers les rendez-vous" in author_page
    assert reverse("loop:signal-triage", args=[new_signal.pk]) not in author_page

    client.force_login(co_facilitator)
    triager_page = _page(client.get(url))
    assert "Amélie" in triager_page
    assert reverse("loop:signal-triage", args=[new_signal.pk]) in triager_page


def test_a_reviewed_signal_is_public_without_its_authors_name(client, partner, outsider):
    space = CommunityFactory(name="Cercle des proches aidants")
    signal = SignalFactory(submitted_by=partner, status="linked", community=space, triage_note="Repris au cercle.")
    url = reverse("loop:signal-detail", args=[signal.pk])

    page = _page(client.get(url))

    assert "Cercle des proches aidants" in page and space.get_absolute_url() in page
    assert "Repris au cercle." in page
    assert "Amélie" not in page and "Signalé par" not in page
    client.force_login(outsider)
    assert "Amélie" not in _page(client.get(url))


def test_a_linked_team_only_initiative_is_not_named_to_visitors(client, organizer):
    initiative = InitiativeFactory(title="Projet confidentiel", visibility="team", team=[organizer])
    signal = SignalFactory(status="linked", initiative=initiative)
    url = reverse("loop:signal-detail", args=[signal.pk])

    assert "Projet confidentiel" not in _page(client.get(url))
    client.force_login(organizer)
    assert "Projet confidentiel" in _page(client.get(url))


def test_an_unknown_signal_answers_404(client):
    assert client.get(reverse("loop:signal-detail", args=[999999])).status_code == 404


# --- Triage --------------------------------------------------------------------------------------


def test_triage_pages_answer_404_to_those_who_do_not_triage(client, new_signal, partner, outsider):
    for user in (partner, outsider):
        client.force_login(user)
        assert client.get(reverse("loop:signal-triage-list")).status_code == 404
        assert client.get(reverse("loop:signal-triage", args=[new_signal.pk])).status_code == 404
        response = client.post(reverse("loop:signal-triage", args=[new_signal.pk]), {"status": "handled"})
        assert response.status_code == 404
    new_signal.refresh_from_db()
    assert new_signal.status == "new" and new_signal.triaged_by is None


def test_a_visitor_is_sent_to_sign_in_from_triage(client, new_signal):
    response = client.get(reverse("loop:signal-triage-list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_the_triage_list_puts_new_signals_first_with_their_authors(client, co_facilitator, new_signal):
    handled = SignalFactory(status="handled", title="Déjà traité")
    client.force_login(co_facilitator)

    response = client.get(reverse("loop:signal-triage-list"))

    page = _page(response)
    assert list(response.context["page"].object_list) == [new_signal, handled]
    assert page.index("Transport vers les rendez-vous") < page.index("Déjà traité")
    assert "Amélie" in page


def test_the_triage_list_filters_by_status_kind_and_region(client, co_facilitator, new_signal, capitale):
    in_capitale = SignalFactory(status="in_review", kind="issue", territory=capitale)
    client.force_login(co_facilitator)

    def listed(**query):
        url = f"{reverse('loop:signal-triage-list')}?{'&'.join(f'{k}={v}' for k, v in query.items())}"
        return list(client.get(url).context["page"].object_list)

    assert listed(status="new") == [new_signal]
    assert listed(kind="issue") == [in_capitale]
    assert listed(region="03") == [in_capitale]
    assert listed(region="06") == [new_signal]


@pytest.mark.parametrize("triager", ["co_facilitator", "staff"])
def test_a_signal_moves_from_new_to_under_review_to_handled(client, new_signal, request, triager):
    user = request.getfixturevalue(triager)
    client.force_login(user)
    url = reverse("loop:signal-triage", args=[new_signal.pk])

    assert "Transport vers les rendez-vous" in _page(client.get(url))
    response = client.post(url, {"status": "in_review", "note": "À discuter au prochain cercle."})
    assert response.status_code == 302 and response["Location"] == reverse("loop:signal-triage-list")
    new_signal.refresh_from_db()
    assert (new_signal.status, new_signal.triage_note, new_signal.triaged_by) == (
        "in_review",
        "À discuter au prochain cercle.",
        user,
    )

    client.post(url, {"status": "handled", "note": "Transmis au CISSS."})
    new_signal.refresh_from_db()
    assert new_signal.status == "handled"


def test_linked_without_a_target_is_refused_and_nothing_changes(client, co_facilitator, new_signal):
    client.force_login(co_facilitator)

    response = client.post(
        reverse("loop:signal-triage", args=[new_signal.pk]), {"status": "linked", "note": "Lié à rien"}
    )

    assert response.status_code == 200
    assert "Choisissez l’initiative ou l’espace de co-apprentissage" in _page(response)
    new_signal.refresh_from_db()
    assert (new_signal.status, new_signal.triage_note, new_signal.triaged_by) == ("new", "", None)


def test_a_signal_is_linked_to_a_space_or_a_readable_initiative(client, co_facilitator, new_signal, organizer):
    space = CommunityFactory()
    initiative = InitiativeFactory()
    hidden = InitiativeFactory(visibility="team", team=[organizer])
    client.force_login(co_facilitator)
    url = reverse("loop:signal-triage", args=[new_signal.pk])

    refused = client.post(url, {"status": "linked", "initiative": hidden.pk})
    assert refused.status_code == 200
    new_signal.refresh_from_db()
    assert new_signal.status == "new"

    client.post(url, {"status": "linked", "initiative": initiative.pk, "community": space.pk})
    new_signal.refresh_from_db()
    assert (new_signal.status, new_signal.initiative, new_signal.community) == ("linked", initiative, space)

    detail = _page(client.get(reverse("loop:signal-detail", args=[new_signal.pk])))
    assert initiative.title in detail and space.name in detail


def test_an_unknown_status_is_refused(client, co_facilitator, new_signal):
    client.force_login(co_facilitator)

    response = client.post(reverse("loop:signal-triage", args=[new_signal.pk]), {"status": "archived"})

    assert response.status_code == 200
    new_signal.refresh_from_db()
    assert new_signal.status == "new"


# --- The public board ----------------------------------------------------------------------------


def _counts_row(page: str, code: str) -> list[str]:
    """The cells of the board table's row of the RSS ``code``."""
    match = re.search(rf'<th scope="row">{code} [^<]*</th>(.*?)</tr>', page, re.S)
    assert match, code
    return re.findall(r'<td class="number">([^<]*)</td>', match.group(1))


def test_the_board_is_public_and_lists_reviewed_signals_without_authors(client, new_signal, partner):
    SignalFactory(submitted_by=partner, status="handled", title="Halte-répit en région")

    response = client.get(_board())

    page = _page(response)
    assert response.status_code == 200
    assert "Halte-répit en région" in page
    assert "Transport vers les rendez-vous" not in page  # new: not yet public
    assert "Amélie" not in page
    assert reverse("loop:signal-create") in page


def test_the_board_counts_by_region_and_kind_with_small_counts_suppressed(client, montreal, capitale, quebec):
    for _ in range(5):
        SignalFactory(kind="need", territory=montreal, status="in_review")
    for _ in range(2):
        SignalFactory(kind="issue", territory=capitale, status="handled")
    SignalFactory(kind="issue", territory=capitale, status="new")  # not counted

    page = _page(client.get(_board()))

    # The 2 issues are hidden; Québec's 7 − 5 needs would give them back, so the 5 needs are
    # hidden too, in Québec's row and then in Montréal's column and row total.
    assert _counts_row(page, "06") == [SUPPRESSED, "0", "0", "0", SUPPRESSED]
    assert _counts_row(page, "03") == ["0", SUPPRESSED, "0", "0", SUPPRESSED]
    assert _counts_row(page, "01") == ["0", "0", "0", "0", "0"]
    total = re.search(r"Total pour le Québec</th>(.*?)</tr>", page, re.S).group(1)
    assert re.findall(r'<td class="number">([^<]*)</td>', total) == [SUPPRESSED, SUPPRESSED, "0", "0", "7"]


def test_the_board_shows_counts_when_no_cell_is_small(client, montreal, capitale):
    for _ in range(5):
        SignalFactory(kind="need", territory=montreal, status="in_review")
    for _ in range(6):
        SignalFactory(kind="issue", territory=capitale, status="handled")

    page = _page(client.get(_board()))

    assert _counts_row(page, "06") == ["5", "0", "0", "0", "5"]
    assert _counts_row(page, "03") == ["0", "6", "0", "0", "6"]
    total = re.search(r"Total pour le Québec</th>(.*?)</tr>", page, re.S).group(1)
    assert re.findall(r'<td class="number">([^<]*)</td>', total) == ["5", "6", "0", "0", "11"]


def test_the_map_has_the_18_regions_in_code_order_each_a_link(client, montreal):
    for _ in range(6):
        SignalFactory(territory=montreal, status="handled")

    page = _page(client.get(_board()))

    svg = re.search(r"<svg class=\"tile-map__svg\".*?</svg>", page, re.S).group(0)
    codes = re.findall(r'data-code="(\d\d)"', svg)
    assert codes == [f"{code:02d}" for code in range(1, 19)]
    assert svg.count("<title>") == 18 and svg.count("<rect") == 18
    assert 'href="/veille/?region=06"' in svg
    assert "06 Montréal : 6 signalements examinés" in svg
    assert "03 Capitale-Nationale : 0 signalements examinés" in svg
    assert "style=" not in svg and "<script" not in svg


def test_the_map_writes_small_counts_as_suppressed(client, capitale):
    SignalFactory(territory=capitale, status="handled")

    svg = re.search(r"<svg class=\"tile-map__svg\".*?</svg>", _page(client.get(_board())), re.S).group(0)

    assert f"03 Capitale-Nationale : {SUPPRESSED} signalements examinés" in svg
    assert '<text class="tile-map__figure"' in svg


def test_the_board_filters_by_kind_status_region_and_theme(client, montreal, capitale):
    theme = ThemeFactory(slug="soins-a-domicile", name_fr="Soins à domicile")
    need = SignalFactory(kind="need", territory=montreal, status="handled", title="Besoin A", themes=[theme])
    issue = SignalFactory(kind="issue", territory=capitale, status="in_review", title="Enjeu B")

    def listed(**query):
        return list(client.get(_board(**query)).context["page"].object_list)

    assert listed(kind="need") == [need]
    assert listed(status="in_review") == [issue]
    assert listed(region="03") == [issue]
    assert listed(theme="soins-a-domicile") == [need]
    assert set(listed()) == {need, issue}


def test_a_region_filter_keeps_every_tile_and_marks_the_chosen_one(client, montreal, capitale):
    SignalFactory(kind="need", territory=montreal, status="handled")
    SignalFactory(kind="issue", territory=capitale, status="handled")

    response = client.get(_board(region="03", kind="issue"))

    page = _page(response)
    assert list(response.context["page"].object_list) == [Signal.objects.get(kind="issue")]
    assert "Signalements en 03 Capitale-Nationale" in page
    assert re.search(r'data-code="03"[^>]*aria-current="true"', page)
    assert 'href="/veille/?kind=issue&amp;region=06"' in page
    assert _counts_row(page, "06") == ["0", "0", "0", "0", "0"]  # kind=issue in every region
    assert _counts_row(page, "03")[-1] == SUPPRESSED


@pytest.mark.parametrize("query", [{"region": "99"}, {"status": "new"}, {"kind": "rumour"}, {"theme": "nope"}])
def test_an_unknown_filter_says_so_and_lists_nothing(client, montreal, query):
    SignalFactory(territory=montreal, status="handled")

    response = client.get(_board(**query))

    assert response.status_code == 200
    assert "notice--error" in _page(response)
    assert list(response.context["page"].object_list) == []


def test_htmx_gets_the_results_region_only(client, montreal):
    SignalFactory(territory=montreal, status="handled", title="Signal partiel")

    response = client.get(_board(kind="need"), headers={"HX-Request": "true"})

    page = _page(response)
    assert page.lstrip().startswith('<div id="results"')
    assert "Signal partiel" in page and "tile-map__svg" in page


@pytest.mark.parametrize("rows", [1, 30])
def test_the_board_runs_the_same_queries_for_1_or_many_signals(client, django_assert_num_queries, rows):
    theme = ThemeFactory()
    regions = list(Territory.objects.regions())
    for index in range(rows):
        SignalFactory(territory=regions[index % 18], status="handled", themes=[theme], submitted_by=UserFactory())

    # the 18 RSS and one aggregate for the table and the map; the count and the page of signals
    # with their territory; their themes; the filter form's regions and themes.
    with django_assert_num_queries(7):
        response = client.get(_board())

    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(rows, 20)


@pytest.mark.parametrize("rows", [1, 30])
def test_the_filtered_board_runs_the_same_queries_for_1_or_many_signals(client, django_assert_num_queries, rows):
    theme = ThemeFactory(slug="logement")
    for _ in range(rows):
        SignalFactory(status="handled", themes=[theme])

    # the chosen region and theme checked; the 18 RSS and one aggregate; the count and the page of
    # signals; their themes; the filter form's regions and themes.
    with django_assert_num_queries(9):
        response = client.get(_board(region="06", theme="logement"))

    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(rows, 20)


@pytest.mark.parametrize("rows", [1, 30])
def test_the_triage_list_runs_the_same_queries_for_1_or_many_signals(
    client, co_facilitator, django_assert_num_queries, rows
):
    for _ in range(rows):
        SignalFactory(submitted_by=UserFactory())
    client.force_login(co_facilitator)

    # session, user; whether the person triages; the count and the page of signals with their
    # territory and author; their themes; the filter form's regions and themes; the menu's
    # unread notifications.
    with django_assert_num_queries(9):
        response = client.get(reverse("loop:signal-triage-list"))

    assert response.status_code == 200


def test_the_board_offers_triage_to_those_who_triage_only(client, co_facilitator, outsider):
    triage = reverse("loop:signal-triage-list")
    assert triage not in _page(client.get(_board()))
    client.force_login(outsider)
    assert triage not in _page(client.get(_board()))
    client.force_login(co_facilitator)
    assert triage in _page(client.get(_board()))


def test_the_board_reads_in_english_under_en(client, montreal):
    from django.utils import translation

    SignalFactory(territory=montreal, status="handled", kind="practice", title="Mobile clinic")
    with translation.override("en"):
        url = reverse("loop:signal-board")

    page = _page(client.get(url))

    assert url == "/en/watch/"
    assert "Strategic watch" in page and "Innovative practice" in page and "Mobile clinic" in page
    assert "06 Montréal: 1 reviewed signals" not in page and f"06 Montréal: {SUPPRESSED} reviewed signals" in page


def test_the_map_leaves_out_a_region_it_cannot_place():
    from django.template import Context, Template

    from loop.templatetags.loop_maps import MapTile

    tiles = [
        MapTile(code="06", name="Montréal", figure="7", url="/veille/?region=06"),
        MapTile("99", "Ailleurs", "0", "/"),
    ]
    svg = Template('{% load loop_maps %}{% rss_tile_map tiles caption="Carte" %}').render(Context({"tiles": tiles}))

    assert svg.count("<rect") == 1 and 'data-code="06"' in svg and "Ailleurs" not in svg
    assert 'aria-labelledby="tile-map-caption"' in svg and "Carte" in svg
