"""Bounds on the work of one read request, so that no query string can hold a worker.

Search input is capped where it is read (core.filters.search_words); what remains is bounded
on PostgreSQL by a statement timeout for reads (GET and HEAD outside the admin): a query that
runs longer is cancelled by the server and the request answers 503 with a sentence saying so,
never a 500. SQLite has no such timeout; there the input caps are the bound.
"""

from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections
from django.http import HttpResponse, JsonResponse
from django.urls import reverse

# SQLSTATE of a statement the server cancelled (statement_timeout).
QUERY_CANCELED = "57014"
TIMEOUT_DETAIL = (
    "The request needed more database work than one request may use, and was stopped. "
    "Narrow the search or the filters, or use a cursor to page deep into a list."
)


@contextmanager
def statement_timeout(milliseconds: int, using: str = DEFAULT_DB_ALIAS):
    """Cancel any statement on `using` that runs longer than `milliseconds` (PostgreSQL)."""
    connection = connections[using]
    if connection.vendor != "postgresql" or not milliseconds:
        yield
        return
    connection.ensure_connection()
    # The driver's own cursor: a session setting, not one of the request's queries (budgets
    # count what the views ask for).
    with connection.connection.cursor() as cursor:
        cursor.execute(f"SET statement_timeout = {int(milliseconds)}")
    try:
        yield
    finally:
        raw = connection.connection
        # After an error inside a transaction the rollback undoes the SET anyway.
        if raw is not None and not raw.closed and raw.info.transaction_status != 3:
            with raw.cursor() as cursor:
                cursor.execute("RESET statement_timeout")


def is_statement_timeout(error: BaseException) -> bool:
    return isinstance(error, OperationalError) and (
        getattr(error.__cause__, "sqlstate", None) == QUERY_CANCELED
    )


class ReadTimeoutMiddleware:
    """Reads run under settings.DB_READ_TIMEOUT_MS; one that exceeds it answers 503."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Writes and the admin are archivists' work, unbounded; liveness must not even connect.
        if (
            request.method not in ("GET", "HEAD")
            or request.path.startswith(reverse("admin:index"))
            or request.path == reverse("livez")
        ):
            return self.get_response(request)
        with statement_timeout(settings.DB_READ_TIMEOUT_MS):
            return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_statement_timeout(exception):
            return None
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": TIMEOUT_DETAIL}, status=503)
        else:
            response = HttpResponse(TIMEOUT_DETAIL, status=503, content_type="text/plain")
        response["Retry-After"] = "60"
        return response
