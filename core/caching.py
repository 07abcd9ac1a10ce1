"""HTTP caching of anonymous reads: shared caches and browsers may keep a page or an API
response for a short while, and revalidate it with its ETag (a 304 answers an unchanged one).

Only responses that depend on nothing private are marked public: a request without a session
or an Authorization header, a 200 that sets no cookie, outside the admin. Django's
ConditionalGetMiddleware (before this one in MIDDLEWARE) adds the ETag from the content where
a view has not set one (a record's version-based ETag stays) and answers If-None-Match.
"""

from django.conf import settings
from django.core.cache import caches
from django.urls import reverse
from django.utils.cache import (
    get_cache_key,
    get_max_age,
    learn_cache_key,
    patch_cache_control,
    patch_vary_headers,
)

from core.changes import data_version


def is_anonymous_read(request) -> bool:
    """Whether a GET carries no credentials (no session, no Authorization header), so that
    its answer depends on nothing private."""
    return (
        request.method in ("GET", "HEAD")
        and "HTTP_AUTHORIZATION" not in request.META
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


class PublicReadCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 200
            and not response.cookies
            and is_anonymous_read(request)
            and not request.path.startswith(reverse("admin:index"))
            and not response.has_header("Cache-Control")
        ):
            patch_cache_control(response, public=True, max_age=settings.HTTP_CACHE_MAX_AGE)
        patch_vary_headers(response, ("Cookie", "Authorization"))
        return response


class ResponseCacheMiddleware:
    """Anonymous reads answered from the server's cache while the data have not changed.

    The answers under RESPONSE_CACHE_PATHS (API, OAI-PMH) that `PublicReadCacheMiddleware`
    marks public are kept under a key of the URL, the headers they vary on (Django's
    `learn_cache_key`) and the data version (`core.changes`): any write to the catalogue
    changes the version, so no cached answer outlives the data it was built from. Signed-in
    requests and pages that set a cookie are never cached. A cached answer costs one query (the
    version) instead of the view's work; it is not counted against the API's rate limit, which
    protects that work.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.RESPONSE_CACHE_SECONDS
        if (
            not seconds
            # Only what can be cached is looked up: a probe (/livez) must not need the database.
            or not request.path.startswith(settings.RESPONSE_CACHE_PATHS)
            or not is_anonymous_read(request)
            or (version := data_version()) is None
        ):
            return self.get_response(request)
        cache, prefix = caches[settings.RESPONSE_CACHE_ALIAS], f"data-{version}"
        key = get_cache_key(request, prefix, "GET", cache=cache)
        if key is not None and (cached := cache.get(key)) is not None:
            return cached
        response = self.get_response(request)
        # No longer than anyone else may keep it (max-age=0: not at all): an OAI-PMH answer
        # carries its own date and its resumption token's expiry.
        max_age = get_max_age(response)
        if max_age is not None:
            seconds = min(seconds, max_age)
        if (
            seconds
            and request.method == "GET"
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "public" in response.get("Cache-Control", "")
        ):
            key = learn_cache_key(request, response, seconds, prefix, cache=cache)
            cache.set(key, response, seconds)
        return response
