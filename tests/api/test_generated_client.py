"""A client generated from the OpenAPI document, used exactly as generated, against a live server
with the founding data: list with filters, page (by number and by cursor), fetch, export.

The client is what docs/api.md tells users to run (openapi-python-client, generated once per
session, about five seconds); a schema that made it fail, skip an operation or parse a response
wrongly fails here. Every typed answer is compared with the JSON the server sent, so a field the
models drop or mistype shows up, and every operation the schema lists is exercised, so resources
added later are covered without a new test.
"""

import importlib
import json
import os
import pkgutil
import subprocess
import sys
import types
import typing
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from django.core.management import call_command

# openapi-python-client and ruff (which it runs on what it writes) sit beside the interpreter.
GENERATOR = Path(sys.executable).with_name("openapi-python-client")
PACKAGE = "kosho_generated_client"


@pytest.fixture(scope="session")
def generated(tmp_path_factory):
    """The generated package, imported (never edited)."""
    root = tmp_path_factory.mktemp("generated-client")
    schema = root / "schema.yaml"
    call_command("spectacular", "--file", str(schema))
    path = os.pathsep.join([str(GENERATOR.parent), os.environ.get("PATH", "")])
    command = [
        str(GENERATOR),
        "generate",
        "--path",
        str(schema),
        "--output-path",
        str(root / PACKAGE),
        "--meta",
        "none",
        "--fail-on-warning",
    ]
    run = subprocess.run(
        command, capture_output=True, text=True, env={**os.environ, "PATH": path}, timeout=300
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Warning" not in run.stdout + run.stderr, run.stdout + run.stderr
    sys.path.insert(0, str(root))
    try:
        package = importlib.import_module(PACKAGE)
        api = importlib.import_module(f"{PACKAGE}.api")
        endpoints = {}
        for info in pkgutil.walk_packages(api.__path__, f"{PACKAGE}.api."):
            module = importlib.import_module(info.name)
            if hasattr(module, "sync_detailed"):
                endpoints[info.name.rsplit(".", 1)[1]] = module
        yield types.SimpleNamespace(package=package, endpoints=endpoints)
    finally:
        sys.path.remove(str(root))
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
            del sys.modules[name]


@pytest.fixture
def founding(transactional_db):
    """The founding data, committed: the live server reads it on its own connection (and
    pytest-django flushes the database after every test that uses live_server)."""
    from research.services import founding_data_load

    founding_data_load()


@pytest.fixture
def client(generated, live_server):
    """An anonymous reader: reading needs no token. Closed after the test, so that no
    kept-alive connection outlives the live server."""
    with generated.package.Client(
        base_url=live_server.url, raise_on_unexpected_status=True
    ) as client:
        yield client


@pytest.fixture
def raw(live_server):
    """Plain HTTP beside the generated client: what the server says, untyped."""
    with httpx.Client(base_url=live_server.url) as http:
        yield http


def endpoint(generated, operation):
    """The generated module of an operation, found whatever tag it was filed under."""
    matches = [m for name, m in generated.endpoints.items() if name.endswith(operation)]
    assert len(matches) == 1, (operation, sorted(generated.endpoints))
    return matches[0]


def argument_type(function, name):
    """The type a generated function takes for a parameter, without `| Unset`."""
    hint = typing.get_type_hints(function)[name]
    return next(t for t in typing.get_args(hint) if t.__name__ != "Unset")


def call(module, **kwargs):
    """Call through the generated function; the parsed model and the raw body it came from."""
    response = module.sync_detailed(**kwargs)
    assert response.status_code == 200, (module.__name__, kwargs, response.content[:300])
    return response.parsed, response.content


def typed_equals_json(parsed, content):
    """The typed model, written back, is the JSON the server sent: nothing dropped or changed."""
    assert parsed.to_dict() == json.loads(content)


def list_ids(generated, client, **filters):
    """Ids of the sources a filtered list holds, through the generated client, every page."""
    sources_list = endpoint(generated, "sources_list")
    ids, page = [], 1
    while True:
        parsed, content = call(sources_list, client=client, page=page, page_size=10, **filters)
        typed_equals_json(parsed, content)
        ids += [row.id for row in parsed.results]
        if not parsed.next_:
            return ids
        page += 1


def test_the_client_generates_without_warnings_and_covers_every_operation(generated):
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    operations = {
        operation["operationId"]
        for item in schema["paths"].values()
        for method, operation in item.items()
        if method in ("get", "post", "put", "patch", "delete")
    }

    assert {name.removeprefix("v1_") for name in generated.endpoints} == {
        name.removeprefix("v1_") for name in operations
    }


def test_every_list_and_record_parses_into_the_generated_models(generated, client, raw, founding):
    lists = [name for name in generated.endpoints if name.endswith("_list")]
    lists = [name for name in lists if "export" not in name]

    assert len(lists) >= 10
    for name in lists:
        parsed, content = call(generated.endpoints[name], client=client, page_size=100)
        typed_equals_json(parsed, content)
        resource = urlsplit(generated.endpoints[name]._get_kwargs()["url"]).path
        assert parsed.count == raw.get(resource).json()["count"], name
        assert parsed.count == len(parsed.results) or parsed.next_, name
        retrieve = generated.endpoints.get(name.removesuffix("_list") + "_retrieve")
        for row in parsed.results[:2] if retrieve else []:
            response = retrieve.sync_detailed(row.id, client=client)
            record, record_content = response.parsed, response.content
            typed_equals_json(record, record_content)
            assert record.to_dict() == raw.get(f"{resource}{row.id}/").json()


def test_source_filters_select_through_the_client_what_they_select_in_json(
    generated, client, raw, founding
):
    everything = raw.get("/api/v1/sources/", params={"page_size": 100}).json()["results"]
    japanese = [s for s in everything if "ja" in s["languages"]]
    staged = next(s for s in everything if s["stages"])
    agents = sorted({a["id"] for s in everything for a in s["agents"]})[:2]
    dated = sorted(s["date_start"] for s in everything if s["date_start"])
    sources_list = endpoint(generated, "sources_list").sync_detailed
    ordering = argument_type(sources_list, "ordering").__args__[0]
    kind = argument_type(sources_list, "kind")

    assert japanese and len(agents) == 2 and dated
    assert argument_type(sources_list, "agent") == list[int]
    assert list_ids(generated, client) == [s["id"] for s in everything]
    assert list_ids(generated, client, language="ja") == [s["id"] for s in japanese]
    by_stage = list_ids(generated, client, stage=staged["stages"][0])
    assert staged["id"] in by_stage
    assert all(staged["stages"][0] in s["stages"] for s in everything if s["id"] in set(by_stage))
    # Several agents: the parameter repeated, as the server reads it.
    by_agents = raw.get(
        "/api/v1/sources/", params=[("agent", a) for a in agents] + [("page_size", 100)]
    ).json()
    assert list_ids(generated, client, agent=agents) == [s["id"] for s in by_agents["results"]]
    assert by_agents["count"] > 0
    date_range = {"date_from": dated[0][:7], "date_to": dated[len(dated) // 2][:7]}
    in_range = raw.get("/api/v1/sources/", params={**date_range, "page_size": 100}).json()
    assert 0 < in_range["count"] < len(everything)
    assert list_ids(generated, client, **date_range) == [s["id"] for s in in_range["results"]]
    words = staged["title"].split()[0]
    assert staged["id"] in list_ids(generated, client, q=words)
    newest_first = list_ids(generated, client, ordering=[ordering("-date"), ordering("title")])
    expected = raw.get("/api/v1/sources/", params={"ordering": "-date,title", "page_size": 100})
    assert newest_first == [s["id"] for s in expected.json()["results"]]
    telegrams = [s["id"] for s in everything if s["kind"] == "telegram"]
    assert list_ids(generated, client, kind=kind("telegram")) == telegrams


def test_cursor_pages_through_the_client_hold_every_source_once(generated, client, raw, founding):
    sources_list = endpoint(generated, "sources_list")
    ids, cursor = [], ""
    while cursor is not None:
        parsed, content = call(sources_list, client=client, cursor=cursor, page_size=4)
        typed_equals_json(parsed, content)
        ids += [row.id for row in parsed.results]
        cursor = parse_qs(urlsplit(parsed.next_).query)["cursor"][0] if parsed.next_ else None

    everything = raw.get("/api/v1/sources/", params={"page_size": 100}).json()
    assert ids == sorted(ids) == sorted(s["id"] for s in everything["results"])
    assert len(ids) == everything["count"] > 4


def test_exports_reach_the_client_as_text_in_each_format(generated, client, raw, founding):
    export_list = endpoint(generated, "sources_export_list")
    export_one = endpoint(generated, "sources_export_retrieve")
    export_format = argument_type(export_list.sync_detailed, "format_")
    everything = raw.get("/api/v1/sources/", params={"page_size": 100}).json()["results"]
    stage = next(s for s in everything if s["stages"])["stages"][0]
    in_stage = raw.get("/api/v1/sources/", params={"stage": stage, "page_size": 100}).json()

    for suffix in ("bib", "ris", "json"):
        response = export_list.sync_detailed(
            client=client, format_=export_format(suffix), stage=stage
        )
        expected = raw.get(f"/api/v1/sources/export.{suffix}", params={"stage": stage})
        assert response.status_code == 200
        assert isinstance(response.parsed, str | bytes), suffix
        text = response.parsed if isinstance(response.parsed, str) else response.parsed.decode()
        assert text == expected.text
        source = in_stage["results"][0]
        one = export_one.sync_detailed(source["id"], client=client, format_=export_format(suffix))
        one_text = one.parsed if isinstance(one.parsed, str) else one.parsed.decode()
        assert one_text == raw.get(f"/api/v1/sources/{source['id']}/export.{suffix}").text
        assert f"sources/{source['id']}/" in one_text

    csl = export_list.sync(client=client, format_=export_format("json"), stage=stage)
    items = json.loads(csl)
    assert len(items) == in_stage["count"]
    assert [item["title"] for item in items] == [s["title"] for s in in_stage["results"]]


def test_errors_parse_into_the_shared_error_models(generated, client):
    sources_list = endpoint(generated, "sources_list")
    sources_retrieve = endpoint(generated, "sources_retrieve")

    bad_date = sources_list.sync_detailed(client=client, date_from="1924-13")
    missing = sources_retrieve.sync_detailed(999999, client=client)

    assert bad_date.status_code == 400
    assert isinstance(bad_date.parsed, generated.package.models.ValidationError)
    assert [(e.field, e.code) for e in bad_date.parsed.errors] == [
        ("date_from", "date_month_out_of_range")
    ]
    assert missing.status_code == 404
    assert isinstance(missing.parsed, generated.package.models.Error)
    assert missing.parsed.code == "not_found"
