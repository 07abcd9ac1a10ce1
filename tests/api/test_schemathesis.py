"""Property-based run of the whole API against its own OpenAPI schema (schemathesis).

Select it with `-m schemathesis`, leave it out with `-m "not schemathesis"`. Bounded and
deterministic: a few examples per operation from a fixed seed (hypothesis `derandomize`), run
in-process against the real Django WSGI application on the test database. Checks: no 5xx, every
status code and content type documented, every body valid against its documented schema.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application
from tests import factories as f

# Hypothesis examples per operation and generation mode (valid and invalid data): with 74
# operations this is a few hundred requests in all.
EXAMPLES = 8
WRITE_EXAMPLES = 4
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def catalogue_rows():
    """A small catalogue, so that lists have rows and generated ids sometimes exist."""
    stage = f.StageFactory(slug="peking-final")
    strategy = f.StrategyFactory(slug="time-buying")
    strategy.stages.add(stage)
    for _ in range(3):
        source = f.SourceFactory()
        f.SourceAgentFactory(source=source, agent=f.AgentNameFactory().agent)
        evidence = f.EvidenceFactory(source=source)
        evidence.claim.stages.add(stage)
        f.EventSourceFactory(source=source, event=f.EventFactory(stage=stage))
        f.PositionSourceFactory(source=source)
    # Rows with the empty and null values a schema must allow for.
    f.SourceFactory(
        series=f.SeriesFactory(parent=f.SeriesFactory(), kind="record_group"),
        date_start=None,
        date_end=None,
        date_precision="",
    )
    f.EventFactory(stage=None)
    f.PositionFactory(stage=None)


def live_schema(max_examples: int):
    catalogue_rows()
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    schema.config.generation.update(deterministic=True, max_examples=max_examples)
    # The coverage phase enumerates thousands of malformed write bodies (all answered 401 to an
    # anonymous client); the schema's examples and bounded fuzzing (valid and invalid data)
    # exercise every parameter at a fraction of the cost.
    schema.config.phases.update(phases=["examples", "fuzzing"])
    return schema


@pytest.fixture
def wsgi_keeps_the_test_connection(db):
    """Requests through the WSGI handler end with `close_old_connections`, which on PostgreSQL
    would close the connection holding the test's transaction; Django's own test client
    disconnects it in the same way."""
    signals = (request_started, request_finished)
    for signal in signals:
        signal.disconnect(close_old_connections)
    yield
    for signal in signals:
        signal.connect(close_old_connections)


@pytest.fixture
def api_schema(wsgi_keeps_the_test_connection):
    """The live schema from /api/schema/, for an anonymous client."""
    return live_schema(EXAMPLES)


@pytest.fixture
def archivist_schema(wsgi_keeps_the_test_connection):
    """The same schema, for the write operations an archivist's token may call."""
    return live_schema(WRITE_EXAMPLES)


@pytest.fixture
def archivist_token(archivist):
    return Token.objects.create(user=archivist).key


schema = schemathesis.pytest.from_fixture("api_schema")
writes = schemathesis.pytest.from_fixture("archivist_schema").include(
    method=["POST", "PUT", "PATCH", "DELETE"]
)
SETTINGS = settings(
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.mark.schemathesis
@schema.parametrize()
@settings(SETTINGS, max_examples=EXAMPLES)
def test_api_conforms_to_its_schema(case):
    case.call_and_validate(checks=CHECKS)


@pytest.mark.schemathesis
@writes.parametrize()
@settings(SETTINGS, max_examples=WRITE_EXAMPLES)
def test_archivists_writes_conform_to_the_schema(case, archivist_token):
    case.call_and_validate(checks=CHECKS, headers={"Authorization": f"Token {archivist_token}"})
