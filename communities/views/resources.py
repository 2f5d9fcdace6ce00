"""What a space shares: links and files (objets frontières). Files are served only as downloads,
to the people who may read inside the space. Each view resolves the space and the resource
through a selector (404 for what the person may not see), calls one service, and redirects."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from ecosystem.exceptions import ApplicationError
from ecosystem.forms import add_service_errors
from ecosystem.pages import list_page, paginate

from .. import selectors, services
from ..filters import ResourceFilter
from ..forms import ResourceForm
from ..models import Community, Resource


def _filtered(request: HttpRequest, queryset: QuerySet[Resource]) -> tuple[ResourceFilter, QuerySet[Resource]]:
    """The ResourceFilter bound to the query string, without its space filter (the page is the
    space's own). Invalid filters list nothing, and the form says why."""
    filterset = ResourceFilter(request.GET or None, queryset=queryset, request=request)
    del filterset.filters["community"]
    results = queryset.none() if filterset.is_bound and not filterset.is_valid() else filterset.qs
    return filterset, results


@vary_on_headers("HX-Request")
def resource_list(request: HttpRequest, slug: str) -> HttpResponse:
    community = selectors.community_get_readable(user=request.user, slug=slug)
    filterset, results = _filtered(request, selectors.resource_list(user=request.user, community=community))
    page, page_range = paginate(request, results)
    context = {
        "community": community,
        "filter": filterset,
        "page": page,
        "page_range": page_range,
        "can_take_part": community.is_active_member,
    }
    return list_page(request, "communities/resource_list.html", context)


@login_required
def resource_create(request: HttpRequest, slug: str) -> HttpResponse:
    community = selectors.community_get_readable(user=request.user, slug=slug)
    form = ResourceForm(request.POST, request.FILES) if request.method == "POST" else ResourceForm()
    if request.method == "POST" and form.is_valid():
        try:
            resource = services.resource_create(community=community, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("communities:resource-create", slug=community.slug)
        else:
            messages.success(request, _("The resource is shared with the space."))
            return redirect(resource)
    context = {"community": community, "form": form, "can_take_part": community.is_active_member}
    return render(request, "communities/resource_form.html", context)


def _can_delete(request: HttpRequest, community: Community, resource: Resource) -> bool:
    return request.user.is_authenticated and (resource.added_by_id == request.user.pk or community.can_facilitate)


def resource_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    community = selectors.community_get_readable(user=request.user, slug=slug)
    resource = selectors.resource_get(user=request.user, community=community, pk=pk)
    context = {"community": community, "resource": resource, "can_delete": _can_delete(request, community, resource)}
    return render(request, "communities/resource_detail.html", context)


def resource_download(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    community = selectors.community_get_readable(user=request.user, slug=slug)
    resource = selectors.resource_get(user=request.user, community=community, pk=pk)
    if not resource.is_file:
        raise Http404
    try:
        file = resource.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        file, as_attachment=True, filename=resource.file_name, content_type=resource.content_type or None
    )
    # What members-only spaces share must not be kept by a shared cache.
    patch_cache_control(response, private=True)
    return response


@login_required
@require_POST
def resource_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    community = selectors.community_get_readable(user=request.user, slug=slug)
    resource = selectors.resource_get(user=request.user, community=community, pk=pk)
    if not _can_delete(request, community, resource):
        raise Http404
    services.resource_delete(resource=resource, by=request.user)
    messages.success(request, _("The resource is removed."))
    return redirect("communities:resources", slug=community.slug)
