"""HTTP caching of anonymous reads: shared caches and browsers may keep a page or an API
response for a short while, and revalidate it with its ETag (a 304 answers an unchanged one).

Only responses that depend on nothing private are marked public: a request without a session
or an Authorization header, a 200 that sets no cookie, outside the admin. Django's
ConditionalGetMiddleware (before this one in MIDDLEWARE) adds the ETag from the content where
a view has not set one (a record's version-based ETag stays) and answers If-None-Match.
"""

from django.conf import settings
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers


class PublicReadCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and not response.cookies
            and not request.path.startswith(reverse("admin:index"))
            and "HTTP_AUTHORIZATION" not in request.META
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not response.has_header("Cache-Control")
        ):
            patch_cache_control(response, public=True, max_age=settings.HTTP_CACHE_MAX_AGE)
        patch_vary_headers(response, ("Cookie", "Authorization"))
        return response
