"""No search input can hold a worker: `q` is capped in words and characters (a 400 naming it),
and on PostgreSQL a read that needs too much database work is cancelled (a 503, never a 500)."""

import json
import time

import pytest
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse

from core.limits import ReadTimeoutMiddleware
from tests import factories as f

pytestmark = pytest.mark.django_db

MANY_WORDS = " ".join(f"word{i}" for i in range(300))
LONG_TEXT = "交" * 30000


@pytest.mark.parametrize("q", [MANY_WORDS, LONG_TEXT, " ".join("abcdefghijk")])
@pytest.mark.parametrize("url", ["/api/v1/sources/", "/api/v1/claims/", "/api/v1/agents/"])
def test_too_much_to_search_for_is_a_quick_400_naming_q(api_client, url, q):
    f.SourceFactory()
    started = time.perf_counter()
    response = api_client.get(url, {"q": q})
    assert time.perf_counter() - started < 1
    assert response.status_code == 400
    assert "at most 10 different words and 200 characters" in response.json()["q"][0]


def test_repeated_words_count_once(api_client):
    source = f.SourceFactory(title="北樺太石油利権ニ関スル件")
    response = api_client.get("/api/v1/sources/", {"q": " ".join(["石油"] * 50 + ["利権"] * 50)})
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [source.pk]


def test_ten_words_are_searched(api_client):
    words = [f"w{i}" for i in range(10)]
    source = f.SourceFactory(title=" ".join(words))
    response = api_client.get("/api/v1/sources/", {"q": " ".join(words)})
    assert [row["id"] for row in response.json()["results"]] == [source.pk]


def test_the_page_says_what_is_wrong_with_a_long_search_and_lists_the_rest(client):
    f.SourceFactory()
    started = time.perf_counter()
    response = client.get("/sources/", {"q": MANY_WORDS})
    assert time.perf_counter() - started < 1
    assert response.status_code == 200
    assert "at most 10 different words" in response.content.decode()


def test_admin_search_refuses_a_long_search_with_a_message(archivist_client):
    f.SourceFactory()
    url = reverse("admin:catalogue_source_changelist")
    response = archivist_client.get(url, {"q": MANY_WORDS})
    assert response.status_code == 200
    assert "at most 10 different words" in response.content.decode()


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
@pytest.mark.parametrize(("path", "kind"), [("/api/v1/sources/", "json"), ("/sources/", "text")])
def test_a_read_past_the_statement_timeout_answers_503(settings, path, kind):
    settings.DB_READ_TIMEOUT_MS = 50

    def slow_view(request):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(2)")

    middleware = ReadTimeoutMiddleware(slow_view)
    request = RequestFactory().get(path)
    started = time.perf_counter()
    try:
        slow_view_response = middleware(request)
    except Exception as error:  # noqa: BLE001 — what Django's handler would pass on
        slow_view_response = middleware.process_exception(request, error)
    assert time.perf_counter() - started < 1
    assert slow_view_response.status_code == 503
    assert slow_view_response["Retry-After"] == "60"
    body = slow_view_response.content.decode()
    assert "stopped" in (body if kind == "text" else json.loads(body)["detail"])


def _session_timeout() -> str:
    with connection.connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        return cursor.fetchone()[0]


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_the_read_timeout_is_set_once_per_connection_and_lifted_for_writes(
    settings, client, archivist_client
):
    settings.DB_READ_TIMEOUT_MS = 4000
    assert client.get("/api/v1/sources/").status_code == 200
    assert _session_timeout() == "4s"
    # Changed behind the middleware's back: a second read sends nothing, so it stays.
    with connection.connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 1234")
    assert client.get("/api/v1/sources/").status_code == 200
    assert _session_timeout() == "1234ms"
    # The admin (and every write) runs without a limit; the next read sets it again.
    assert archivist_client.get(reverse("admin:index")).status_code == 200
    assert _session_timeout() == "0"
    client.post("/api/v1/sources/", {})
    assert _session_timeout() == "0"
    assert client.get("/api/v1/sources/").status_code == 200
    assert _session_timeout() == "4s"
