from django.utils import translation


class ApiLanguageMiddleware:
    """Programs choose the API's language with Accept-Language (or the language cookie).

    Unprefixed paths are French for people (the language lives in the URL), so LocaleMiddleware
    activates French for ``/api/…``; here the API follows what the caller asks for instead, so
    that error messages and page addresses come back in their language. French stays the default.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith("/api/"):
            return self.get_response(request)
        language = translation.get_language_from_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
