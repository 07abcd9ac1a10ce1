"""Property-based run of the whole API against its own OpenAPI schema (schemathesis).

Select it with `-m schemathesis`, leave it out with `-m "not schemathesis"`. Bounded and
deterministic: a few examples per operation from a fixed seed (hypothesis `derandomize`), run
in-process against the real Django WSGI application on the test database. Checks: no 5xx, every
status code and content type documented, every body valid against its documented schema.

The stateful tests follow the schema's links (config/schema_links.py): create a record, read it,
change it with the ETag it answered as If-Match, delete it; anonymously and as an archivist. The
archivist's run then harvests the database it leaves behind over OAI-PMH and validates the
harvest against the OAI-PMH and oai_dc schemas.

KOSHO_SCHEMATHESIS_BIG=1 (set by CI) makes it the big run: more than 2,000 generated cases.
"""

import os
from pathlib import Path

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import RequestFactory
from hypothesis import HealthCheck, settings
from lxml import etree
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application
from research.oai import provider as oai
from tests import factories as f

# Hypothesis examples per operation and generation mode (valid and invalid data): with 74
# operations this is a few hundred requests in all; the big run makes it thousands.
BIG = os.environ.get("KOSHO_SCHEMATHESIS_BIG") == "1"
EXAMPLES = 20 if BIG else 8
WRITE_EXAMPLES = 10 if BIG else 4
# Stateful scenarios (each a chain of up to STEPS linked calls).
SCENARIOS = 60 if BIG else 6
STEPS = 12 if BIG else 6
# Calls made, per status class: the terminal summary reports them (tests/api/conftest.py).
CALLS: dict[str, int] = {}
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


def live_schema(max_examples: int, phases=("examples", "fuzzing")):
    catalogue_rows()
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    schema.config.generation.update(deterministic=True, max_examples=max_examples)
    # The coverage phase enumerates thousands of malformed write bodies (all answered 401 to an
    # anonymous client); the schema's examples and bounded fuzzing (valid and invalid data)
    # exercise every parameter at a fraction of the cost.
    schema.config.phases.update(phases=list(phases))
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
    count(case.call_and_validate(checks=CHECKS))


@pytest.mark.schemathesis
@writes.parametrize()
@settings(SETTINGS, max_examples=WRITE_EXAMPLES)
def test_archivists_writes_conform_to_the_schema(case, archivist_token):
    count(
        case.call_and_validate(checks=CHECKS, headers={"Authorization": f"Token {archivist_token}"})
    )


def count(response) -> None:
    key = f"{response.status_code // 100}xx"
    CALLS[key] = CALLS.get(key, 0) + 1


class CountingStateMachine:
    """Stateful runs with the same checks as above, counting the calls they make. Each scenario
    runs in a savepoint rolled back at its end, so every scenario starts from the same database
    (hypothesis replays a scenario to shrink it); before the rollback, the database the
    scenario leaves behind is harvested over OAI-PMH and the harvest validated."""

    calls = 0
    harvested = 0
    headers: dict = {}

    def setup(self):
        self.savepoint = transaction.atomic()
        self.savepoint.__enter__()

    def teardown(self):
        try:
            type(self).harvested += harvest_validates()
        finally:
            transaction.set_rollback(True)
            self.savepoint.__exit__(None, None, None)

    def get_call_kwargs(self, case):
        return {"headers": self.headers}

    def validate_response(self, response, case, additional_checks=None, **kwargs):
        type(self).calls += 1
        count(response)
        case.validate_response(response, checks=CHECKS, headers=self.headers)


def run_stateful(schema, headers: dict) -> tuple[int, int]:
    """(calls made, OAI records harvested at the ends of the scenarios)."""
    machine = type(
        "Machine", (CountingStateMachine, schema.as_state_machine()), {"headers": headers}
    )
    machine.run(
        settings=settings(
            SETTINGS, max_examples=SCENARIOS, stateful_step_count=STEPS, deadline=None
        )
    )
    return machine.calls, machine.harvested


OAI_SCHEMA = Path(__file__).parent.parent / "oai" / "schemas" / "harvest.xsd"


def harvest_validates() -> int:
    """Harvest every record over OAI-PMH, validating each page; returns how many records.
    The view is called directly: Django's test client would reconnect close_old_connections,
    which closes the test's connection on PostgreSQL at the next WSGI request."""
    xsd = etree.XMLSchema(etree.parse(str(OAI_SCHEMA)))
    params, records = {"verb": "ListRecords", "metadataPrefix": "oai_dc"}, 0
    while True:
        document = etree.fromstring(oai.endpoint(RequestFactory().get("/oai", params)).content)
        xsd.assertValid(document)
        records += len(document.findall(".//{http://www.openarchives.org/OAI/2.0/}record"))
        token = document.find(".//{http://www.openarchives.org/OAI/2.0/}resumptionToken")
        if token is None or not token.text:
            return records
        params = {"verb": "ListRecords", "resumptionToken": token.text}


@pytest.mark.schemathesis
def test_anonymous_stateful_links_never_fail(wsgi_keeps_the_test_connection):
    calls, harvested = run_stateful(live_schema(EXAMPLES, phases=["stateful"]), headers={})
    assert calls > 0 and harvested > 0


@pytest.mark.schemathesis
def test_archivists_stateful_links_never_fail_and_leave_a_valid_harvest(
    wsgi_keeps_the_test_connection, archivist_token
):
    calls, harvested = run_stateful(
        live_schema(WRITE_EXAMPLES, phases=["stateful"]),
        headers={"Authorization": f"Token {archivist_token}"},
    )

    assert calls > 0 and harvested > 0
