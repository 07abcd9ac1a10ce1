import sys

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests import factories as f


@pytest.fixture
def api_client(db):
    """An anonymous API client."""
    return APIClient()


@pytest.fixture
def archivist_api_client(archivist):
    """An archivist authenticated with a token, as scripts and notebooks do it."""
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=archivist)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def reader_api_client(db):
    """A logged-in user who is not an archivist (and not staff)."""
    client = APIClient()
    client.force_authenticate(f.UserFactory())
    return client


def pytest_configure(config):
    # Registered here, beside the tests that use it (pyproject.toml lists the suite-wide ones).
    config.addinivalue_line(
        "markers", "schemathesis: property-based run of the API against its OpenAPI schema"
    )


def pytest_terminal_summary(terminalreporter):
    """How many requests the schemathesis runs made, by status class (0 5xx is the point)."""
    module = sys.modules.get("tests.api.test_schemathesis")
    if module is not None and module.CALLS:
        total = sum(module.CALLS.values())
        by_class = ", ".join(f"{key}: {n}" for key, n in sorted(module.CALLS.items()))
        terminalreporter.write_line(f"schemathesis: {total} calls ({by_class})")
