"""The API speaks English to every client."""

from django.utils import translation

API_PREFIX = "/api/"  # config/urls.py mounts the API, its schema and its docs here


class ApiInEnglishMiddleware:
    """Activates English for the API, after LocaleMiddleware chose the reader's language.

    Pages follow the reader (the `django_language` cookie, Accept-Language); the API is a
    contract, so its messages stay English whatever a client's Accept-Language says, and a
    client that must act on an error reads its stable `code` (config/exceptions.py).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(API_PREFIX):
            translation.activate("en")
            request.LANGUAGE_CODE = "en"
        return self.get_response(request)
