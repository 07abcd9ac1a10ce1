"""Production settings: DEBUG off unless asked for, `check --deploy` silent in the production
environment, HSTS/CSP/nosniff/Referrer-Policy on responses, translated 404 and 500 pages, JSON
errors under /api/, and the liveness and readiness probes."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test import RequestFactory

from config import errors

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_SECRET_KEY": "kosho-test-production-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "DJANGO_ALLOWED_HOSTS": "kosho.example.org",
    "DJANGO_SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO",
}


def run_python(code: str, **environment) -> subprocess.CompletedProcess:
    """Run `code` with Django set up in a fresh interpreter, in the given environment (the
    settings read it at import, so it cannot be changed inside this process)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "OAI_")) or key == "DJANGO_SETTINGS_MODULE"
    }
    env.update(environment, DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_debug_is_off_when_the_environment_does_not_ask_for_it():
    result = run_python(
        "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    )
    assert result.stdout.strip() == "False", result.stderr


def test_debug_is_on_when_asked_for():
    result = run_python(
        "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)",
        DJANGO_DEBUG="1",
    )
    assert result.stdout.strip() == "True", result.stderr


def test_a_site_serving_named_hosts_needs_a_secret_key():
    result = run_python("import django; django.setup()", DJANGO_ALLOWED_HOSTS="kosho.example.org")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_check_deploy_is_silent_in_the_production_environment():
    result = run_python(
        "from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
        **PRODUCTION,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


HEADERS_PROBE = """
import json, django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
client = Client(HTTP_HOST="kosho.example.org")
secure = client.get("/livez", HTTP_X_FORWARDED_PROTO="https")
plain = client.get("/api/v1/")
probe = client.get("/livez")
print(json.dumps({
    "secure": dict(secure.headers), "secure_status": secure.status_code,
    "plain_status": plain.status_code, "plain_location": plain.get("Location"),
    "probe_status": probe.status_code,
}))
"""


def test_production_responses_carry_the_security_headers():
    result = run_python(HEADERS_PROBE, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    headers = answer["secure"]

    assert answer["secure_status"] == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "default-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    # Plain http is sent to https; the probes answer over plain http (they run inside).
    assert answer["plain_status"] == 301
    assert answer["plain_location"] == "https://kosho.example.org/api/v1/"
    assert answer["probe_status"] == 200


def test_pages_and_the_admin_are_served_under_the_content_security_policy(client, db):
    for url in ("/", "/sources/", "/admin/login/", "/api/docs/"):
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy, url
        assert "unsafe-inline" not in policy
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"


def test_the_api_docs_inline_code_carries_the_policy_nonce(client, db):
    response = client.get("/api/docs/")
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    page = response.content.decode()

    inline = re.findall(r"<(script|style)(?![^>]*\bsrc=)([^>]*)>", page)
    assert inline
    assert all(f'nonce="{nonce}"' in attributes for _tag, attributes in inline)


@pytest.mark.parametrize(
    ("language", "text"),
    [("en", "Page not found"), ("ja", "ページが見つかりません")],
)
def test_the_404_page_is_ours_and_translated(client, db, language, text):
    response = client.get("/no/such/page/", HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 404
    assert text in response.content.decode()
    assert "Kōshō" in response.content.decode()


@pytest.mark.parametrize(
    ("language", "text"),
    [("en", "Server error"), ("ja", "サーバーエラー")],
)
def test_the_500_page_is_ours_and_translated(language, text):
    from django.utils import translation

    request = RequestFactory().get("/sources/")
    with translation.override(language):
        response = errors.server_error(request)

    assert response.status_code == 500
    assert text in response.content.decode()


def test_an_api_server_error_is_json_with_a_code(client, db, monkeypatch):
    from research.api import SourceViewSet

    def broken(self, request, *args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(SourceViewSet, "list", broken)
    response = client.get("/api/v1/sources/")

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Server error.", "code": "server_error"}


def test_an_unknown_api_path_is_json(client, db):
    for url in ("/api/v1/nope/", "/api/v2/sources/", "/api/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.json()["code"] == "not_found", url


def test_liveness_needs_no_database(client):
    assert client.get("/livez").json() == {"status": "ok"}


def test_readiness_checks_the_database_and_migrations(client, db):
    for url in ("/readyz", "/healthz"):
        response = client.get(url)
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "database": "ok", "migrations": "applied"}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own write lock")
def test_sqlite_writers_wait_for_the_lock_instead_of_failing():
    from django.conf import settings

    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner settings")
def test_postgresql_connections_plan_without_jit_or_parallel_workers(db):
    """Both cost a web request more than they save, and random reads are priced for SSDs
    (docs/performance.md): set at connect."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone() == ("0",)
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone() == ("1.1",)


def test_a_random_page_cost_that_is_not_a_number_is_refused():
    result = run_python(
        "import django; django.setup()",
        DATABASE_URL="postgres://kosho@127.0.0.1/kosho",
        DJANGO_DB_RANDOM_PAGE_COST="1.1; DROP",
    )
    assert result.returncode != 0
    assert "DJANGO_DB_RANDOM_PAGE_COST must be a number" in result.stderr
