"""Bounds on the work of one read request, so that no query string can hold a worker.

Search input is capped where it is read (core.filters.search_words); what remains is bounded
on PostgreSQL by a statement timeout for reads (GET and HEAD outside the admin): a query that
runs longer is cancelled by the server and the request answers 503 with a sentence saying so,
never a 500. SQLite has no such timeout; there the input caps are the bound.
"""

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


def session_statement_timeout(milliseconds: int, using: str = DEFAULT_DB_ALIAS) -> int:
    """Make `milliseconds` (0: none) the statement timeout of the connection's session, and
    return the one it had. The value set is remembered on the connection, so a request that
    wants what the connection already has costs no round trip: a persistent connection serving
    reads is set once, not once per request. PostgreSQL only (elsewhere nothing is sent)."""
    connection = connections[using]
    if connection.vendor != "postgresql" or (not milliseconds and connection.connection is None):
        # No connection yet: a new one starts without a timeout, and a write need not connect.
        return 0
    connection.ensure_connection()
    raw = connection.connection
    # Remembered per driver connection: a new one (reconnect, health check) starts at the
    # server's default, 0.
    current = getattr(connection, "kosho_statement_timeout", (None, 0))
    previous = current[1] if current[0] is raw else 0
    milliseconds = int(milliseconds or 0)
    if milliseconds != previous:
        # The driver's own cursor: a session setting, not one of the request's queries
        # (budgets count what the views ask for). Inside a transaction that is later rolled
        # back the setting reverts, so it is remembered only when it stands on its own.
        with raw.cursor() as cursor:
            cursor.execute(f"SET statement_timeout = {milliseconds}")
        connection.kosho_statement_timeout = (
            (raw, milliseconds) if connection.get_autocommit() else (None, 0)
        )
    return previous


def is_statement_timeout(error: BaseException) -> bool:
    return isinstance(error, OperationalError) and (
        getattr(error.__cause__, "sqlstate", None) == QUERY_CANCELED
    )


class ReadTimeoutMiddleware:
    """Reads run under settings.DB_READ_TIMEOUT_MS; one that exceeds it answers 503."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Liveness must not even connect.
        if request.path == reverse("livez"):
            return self.get_response(request)
        # Writes and the admin are archivists' work, unbounded. The timeout stays on the
        # connection between requests (a persistent connection is set once, when its first read
        # comes, not per request); a write or admin request lifts it before its work, and
        # management commands never pass here, so they run without one.
        read = request.method in ("GET", "HEAD") and not request.path.startswith(
            reverse("admin:index")
        )
        if connections[DEFAULT_DB_ALIAS].vendor == "postgresql":
            session_statement_timeout(settings.DB_READ_TIMEOUT_MS if read else 0)
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
