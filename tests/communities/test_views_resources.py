"""What a space shares: the list with its filters, sharing a link or a file (and the files
refused), the resource's page, the download and removal. Who may open which page is in the
permission matrix."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from communities.models import Resource
from tests.factories import ResourceFactory, ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
EXECUTABLE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64 + b"This program cannot be run"
)


@pytest.fixture
def storage(settings, tmp_path) -> Path:
    """Uploaded files land in a directory of their own, to see what is left in it."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _stored_files(storage: Path) -> list[Path]:
    return [path for path in storage.rglob("*") if path.is_file()]


def _page(response) -> str:
    return response.content.decode()


def _messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def _create_url(community) -> str:
    return reverse("communities:resource-create", kwargs={"slug": community.slug})


def _url(name: str, resource: Resource) -> str:
    return reverse(f"communities:{name}", kwargs={"slug": resource.community.slug, "pk": resource.pk})


def _data(**overrides) -> dict:
    data = {"title": "Guide d’accueil des partenaires", "kind": "guide", "description": "", "themes": [], "link": ""}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def _multipart(fields: dict, *, file_name: str, content: bytes) -> tuple[bytes, str]:
    """A form body sent as a browser would not: the file's name exactly as given, path included."""
    boundary = "----frontiere-de-test"
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{file_name}"\r\n'
        f"Content-Type: application/pdf\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


# --- List --------------------------------------------------------------------------------------


def test_the_list_shows_each_resource_with_its_kind_themes_and_sharer(client, community, partner, isolation):
    resource = ResourceFactory(
        community=community, title="Boîte à outils du partenariat", kind="tool", added_by=partner
    )
    resource.themes.set([isolation])

    response = client.get(reverse("communities:resources", kwargs={"slug": community.slug}))

    page = _page(response)
    assert response.status_code == 200
    assert f'href="{resource.get_absolute_url()}"' in page
    assert "Boîte à outils du partenariat" in page
    assert "Outil" in page
    assert "Isolement social" in page
    assert "Amélie" in page
    assert partner.email not in page
    assert "1 ressource" in page


def test_the_list_filters_by_kind_and_theme(client, community, isolation):
    food = ThemeFactory(name_fr="Alimentation locale", slug="alimentation-locale")
    guide = ResourceFactory(community=community, title="Guide de l’isolement", kind="guide")
    guide.themes.set([isolation])
    video = ResourceFactory(community=community, title="Vidéo des jardins", kind="video")
    video.themes.set([food])
    url = reverse("communities:resources", kwargs={"slug": community.slug})

    by_kind = _page(client.get(f"{url}?kind=video"))
    by_theme = _page(client.get(f"{url}?theme=isolement-social"))
    unknown = client.get(f"{url}?theme=inconnu")

    assert "Vidéo des jardins" in by_kind
    assert "Guide de l’isolement" not in by_kind
    assert "Guide de l’isolement" in by_theme
    assert "Vidéo des jardins" not in by_theme
    assert unknown.status_code == 200
    assert "Ces filtres n’ont pas pu être appliqués" in _page(unknown)
    assert "Guide de l’isolement" not in _page(unknown)
    assert 'name="community"' not in by_kind  # the page is the space's own


def test_the_list_is_paginated_and_answers_htmx_with_its_results_only(client, community):
    ResourceFactory.create_batch(21, community=community)
    url = reverse("communities:resources", kwargs={"slug": community.slug})

    second = _page(client.get(f"{url}?page=2"))
    partial = client.get(url, HTTP_HX_REQUEST="true")

    assert "Page 2 sur 2" in second
    assert second.count('class="card"') == 1
    assert _page(partial).lstrip().startswith('<section id="results"')
    assert "HX-Request" in partial["Vary"]


def test_sharing_is_offered_to_active_members_only(client, community, partner, organizer):
    url = reverse("communities:resources", kwargs={"slug": community.slug})

    client.force_login(organizer)
    pending_page = _page(client.get(url))
    client.force_login(partner)
    member_page = _page(client.get(url))

    assert _create_url(community) not in pending_page
    assert _create_url(community) in member_page


def test_the_resource_list_reads_in_english_under_en(client, community):
    ResourceFactory(community=community, kind="boundary_object")
    with translation.override("en"):
        url = reverse("communities:resources", kwargs={"slug": community.slug})

    page = _page(client.get(url))

    assert "Resources of Partenaires en santé de Montréal" in page
    assert "Boundary object" in page
    assert "1 resource" in page


# --- Sharing -----------------------------------------------------------------------------------


def test_a_member_shares_a_link(client, community, partner, isolation, storage):
    client.force_login(partner)

    form_page = _page(client.get(_create_url(community)))
    response = client.post(
        _create_url(community), _data(link="https://exemple.test/guide", themes=[isolation.pk], description="À lire.")
    )

    resource = Resource.objects.get()
    detail = _page(client.get(resource.get_absolute_url()))
    assert 'enctype="multipart/form-data"' in form_page
    assert response.status_code == 302
    assert response["Location"] == resource.get_absolute_url()
    assert resource.added_by == partner
    assert list(resource.themes.all()) == [isolation]
    assert 'href="https://exemple.test/guide" rel="noopener noreferrer nofollow"' in detail
    assert _url("resource-download", resource) not in detail
    assert client.get(_url("resource-download", resource)).status_code == 404  # a link has nothing to download
    assert _stored_files(storage) == []


def test_a_member_shares_a_file_that_is_downloaded_under_its_name_and_detected_type(
    client, community, partner, storage
):
    client.force_login(partner)

    response = client.post(
        _create_url(community),
        _data(file=SimpleUploadedFile("Rapport annuel 2024.pdf", PDF, content_type="application/octet-stream")),
    )

    resource = Resource.objects.get()
    detail = _page(client.get(resource.get_absolute_url()))
    client.logout()
    download = client.get(_url("resource-download", resource))
    assert response.status_code == 302
    assert resource.content_type == "application/pdf"
    assert resource.file_name == "rapport-annuel-2024.pdf"
    [stored] = _stored_files(storage)
    assert stored.parent == storage / "resources" / str(community.pk)
    assert stored.read_bytes() == PDF
    assert _url("resource-download", resource) in detail
    assert "rapport-annuel-2024.pdf" in detail
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="rapport-annuel-2024.pdf"'
    assert "private" in download["Cache-Control"]
    assert b"".join(download.streaming_content) == PDF


def test_an_image_is_recognised_from_its_content_whatever_its_name(client, community, partner, storage):
    client.force_login(partner)

    client.post(_create_url(community), _data(kind="boundary_object", file=SimpleUploadedFile("schema.pdf", PNG)))

    resource = Resource.objects.get()
    assert resource.content_type == "image/png"
    assert resource.file_name == "schema.png"


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            lambda: SimpleUploadedFile("guide.pdf", EXECUTABLE),
            "Ce type de fichier ne peut pas être partagé. Acceptés : PDF, Word (DOCX), Excel (XLSX), PNG, JPEG.",
        ),
        (
            lambda: SimpleUploadedFile("gros.pdf", PDF + b"0" * (11 * 1024 * 1024)),
            "Le fichier est trop lourd (11,0 Mo) : 10 Mo au maximum.",
        ),
        (
            lambda: SimpleUploadedFile("vide.pdf", b""),
            "Le fichier soumis est vide.",
        ),
    ],
    ids=["executable-renamed-pdf", "eleven-megabytes", "empty"],
)
def test_a_file_that_cannot_be_shared_is_refused_in_french_and_nothing_is_kept(
    client, community, partner, storage, upload, message
):
    client.force_login(partner)

    response = client.post(_create_url(community), _data(file=upload()))

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [message]
    assert message in _page(response)
    assert not Resource.objects.exists()
    assert _stored_files(storage) == []


def test_both_a_link_and_a_file_or_neither_are_refused(client, community, partner, storage):
    client.force_login(partner)

    both = client.post(
        _create_url(community), _data(link="https://exemple.test/guide", file=SimpleUploadedFile("guide.pdf", PDF))
    )
    neither = client.post(_create_url(community), _data())

    assert both.status_code == 200
    assert both.context["form"].errors["link"] == ["Donnez un lien ou un fichier, pas les deux."]
    assert neither.status_code == 200
    assert neither.context["form"].errors["link"] == ["Donnez un lien, ou choisissez un fichier à partager."]
    assert not Resource.objects.exists()
    assert _stored_files(storage) == []


def test_a_file_name_with_a_path_never_leads_outside_the_storage(client, community, partner, storage):
    """Django's request parser keeps only the last part of an uploaded file's name, so the
    service's refusal of a path guards other callers; here an executable is still refused and
    an allowed file is kept under a random name inside the storage, offered under its base name."""
    client.force_login(partner)
    fields = {"title": "Guide", "kind": "guide", "link": ""}

    body, content_type = _multipart(fields, file_name="../../../etc/evil.pdf", content=EXECUTABLE)
    refused = client.post(_create_url(community), body, content_type=content_type)
    assert not Resource.objects.exists()
    assert _stored_files(storage) == []

    body, content_type = _multipart(fields, file_name="..\\..\\rapport.pdf", content=PDF)
    kept = client.post(_create_url(community), body, content_type=content_type)

    assert refused.status_code == 200
    assert "Ce type de fichier ne peut pas être partagé." in _page(refused)
    assert kept.status_code == 302
    resource = Resource.objects.get()
    assert resource.file_name == "rapport.pdf"
    [stored] = _stored_files(storage)
    assert stored.parent == storage / "resources" / str(community.pk)
    assert ".." not in resource.file.name


@pytest.mark.parametrize(
    ("viewer", "message"),
    [
        ("organizer", "Votre adhésion attend encore d’être approuvée : vous ne pouvez pas encore participer."),
        ("outsider", "Seuls les membres de l’espace peuvent faire cela. Joignez-vous d’abord à l’espace."),
    ],
)
def test_a_pending_member_or_an_outsider_cannot_share(client, community, storage, request, viewer, message):
    client.force_login(request.getfixturevalue(viewer))

    form_page = _page(client.get(_create_url(community)))
    response = client.post(_create_url(community), _data(file=SimpleUploadedFile("guide.pdf", PDF)), follow=True)

    assert 'type="file"' not in form_page
    assert response.status_code == 200
    assert _messages(response) == [message]
    assert not Resource.objects.exists()
    assert _stored_files(storage) == []


def test_a_visitor_is_sent_to_sign_in_to_share(client, community):
    response = client.get(_create_url(community))

    assert response.status_code == 302
    assert "next=" in response["Location"]


# --- Reading and downloading -------------------------------------------------------------------


def test_a_members_only_space_s_files_are_downloaded_by_its_members_only(
    client, private_community, partner, outsider, storage
):
    client.force_login(partner)
    client.post(_create_url(private_community), _data(file=SimpleUploadedFile("fiche.pdf", PDF)))
    resource = Resource.objects.get()

    member_download = client.get(_url("resource-download", resource))
    client.force_login(outsider)
    outsider_detail = client.get(_url("resource-detail", resource))
    outsider_download = client.get(_url("resource-download", resource))
    client.logout()
    visitor_download = client.get(_url("resource-download", resource))

    assert member_download.status_code == 200
    assert outsider_detail.status_code == 404
    assert outsider_download.status_code == 404
    assert visitor_download.status_code == 404


def test_a_file_missing_from_the_storage_answers_404_rather_than_an_error(client, community, partner, storage):
    client.force_login(partner)
    client.post(_create_url(community), _data(file=SimpleUploadedFile("fiche.pdf", PDF)))
    resource = Resource.objects.get()
    for path in _stored_files(storage):
        path.unlink()

    assert client.get(_url("resource-download", resource)).status_code == 404


# --- Removing ----------------------------------------------------------------------------------


def test_its_sharer_removes_a_resource_and_its_file(
    client, community, partner, storage, django_capture_on_commit_callbacks
):
    client.force_login(partner)
    client.post(_create_url(community), _data(file=SimpleUploadedFile("fiche.pdf", PDF)))
    resource = Resource.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("resource-delete", resource), follow=True)

    assert response.redirect_chain[-1][0] == reverse("communities:resources", kwargs={"slug": community.slug})
    assert "La ressource est retirée." in _messages(response)
    assert not Resource.objects.exists()
    assert _stored_files(storage) == []


def test_a_co_facilitator_removes_someone_else_s_resource(client, community, partner, facilitator):
    resource = ResourceFactory(community=community, added_by=partner)
    client.force_login(facilitator)

    assert "Retirer la ressource" in _page(client.get(resource.get_absolute_url()))
    client.post(_url("resource-delete", resource))

    assert not Resource.objects.exists()


def test_another_member_cannot_remove_a_resource(client, community, partner, facilitator):
    resource = ResourceFactory(community=community, added_by=facilitator)
    client.force_login(partner)

    page = _page(client.get(resource.get_absolute_url()))
    response = client.post(_url("resource-delete", resource))

    assert "Retirer la ressource" not in page
    assert response.status_code == 404
    assert Resource.objects.filter(pk=resource.pk).exists()


def test_removing_is_an_action_by_post(client, community, partner):
    resource = ResourceFactory(community=community, added_by=partner)
    client.force_login(partner)

    assert client.get(_url("resource-delete", resource)).status_code == 405
    assert Resource.objects.exists()


# --- Query counts ------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 50])
def test_the_resource_list_runs_the_same_queries_for_1_or_50_rows(
    client, community, partner, isolation, django_assert_num_queries, rows
):
    for _ in range(rows):
        ResourceFactory(community=community, added_by=UserFactory()).themes.set([isolation])
    client.force_login(partner)

    # session, user, the space (4 with its prefetches), the person's membership; the filter
    # form's themes, the count of resources, their page (with the space and sharer) and their
    # themes; the header's unread notifications.
    with django_assert_num_queries(12):
        response = client.get(reverse("communities:resources", kwargs={"slug": community.slug}))

    assert len(response.context["page"].object_list) == min(rows, 20)


def test_uploaded_files_have_no_public_address_even_in_development(settings):
    """Only the download view, which checks who may read the space, serves a shared file."""
    import importlib

    from django.urls import Resolver404, get_resolver

    import ecosystem.urls

    settings.DEBUG = True
    development_urls = importlib.reload(ecosystem.urls)
    try:
        with pytest.raises(Resolver404):
            get_resolver(development_urls).resolve("/media/resources/1/0123456789abcdef.pdf")
    finally:
        settings.DEBUG = False
        importlib.reload(ecosystem.urls)
