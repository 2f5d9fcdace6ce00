"""The project's URLs and a minimal Django view, the benchmark's reference (only in the
gunicorn process the loop benchmark starts)."""

from django.http import HttpResponse
from django.urls import path

from ecosystem import urls as project


def minimal(request):
    return HttpResponse("ok", content_type="text/plain")


# The project's patterns are used as they are (i18n_patterns cannot be included).
urlpatterns = [path("bench/minimal/", minimal), *project.urlpatterns]
