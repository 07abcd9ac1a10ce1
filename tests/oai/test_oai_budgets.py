"""What each OAI-PMH verb costs in queries: the same with 5 or 50 published sources, and a
page of records whose metadata is cached costs no query of theirs."""

import re

import pytest
from lxml import etree

from tests import factories as f

pytestmark = pytest.mark.django_db

RECORD = "oai:kosho.example.org:source/{pk}"


def published_sources(count: int) -> list:
    sources = []
    for _ in range(count):
        link = f.SourceAgentFactory()
        f.AgentNameFactory(agent=link.agent, value="カラハン", language="ja")
        f.SourceDateFactory(source=link.source, role="received")
        f.SourceIdentifierFactory(source=link.source)
        sources.append(link.source)
    return sources


def verbs(sources) -> dict[str, dict]:
    return {
        "Identify": {"verb": "Identify"},
        "ListMetadataFormats": {"verb": "ListMetadataFormats"},
        "ListSets": {"verb": "ListSets"},
        "GetRecord": {
            "verb": "GetRecord",
            "metadataPrefix": "oai_dc",
            "identifier": RECORD.format(pk=sources[0].pk),
        },
        "ListIdentifiers": {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"},
        "ListRecords oai_dc": {"verb": "ListRecords", "metadataPrefix": "oai_dc"},
        "ListRecords mods": {"verb": "ListRecords", "metadataPrefix": "mods"},
        "ListRecords of a set": {
            "verb": "ListRecords",
            "metadataPrefix": "oai_dc",
            "set": f"series:{sources[0].series.slug}",
        },
    }


# Queries of each verb: the same whatever the number of sources.
BUDGETS = {
    # the earliest datestamp
    "Identify": 1,
    # formats need no query when no identifier is given
    "ListMetadataFormats": 0,
    # repositories; series
    "ListSets": 2,
    # the record (+series, repository, parent); languages; agent links (+agent); names; other
    # dates; identifiers; the series for its sets
    "GetRecord": 7,
    # count; the page's keys; the series for their sets
    "ListIdentifiers": 3,
    # count; the page's keys; the series for their sets; the records' stamps; records not
    # cached yet: the sources (+series, repository, parent); languages; agent links (+agent);
    # names; other dates; identifiers
    "ListRecords oai_dc": 10,
    "ListRecords mods": 10,
    # the set's series and those below it, then as above with the set's records cached
    "ListRecords of a set": 7,
}


@pytest.mark.parametrize("count", [5, 50])
@pytest.mark.parametrize("verb", sorted(BUDGETS))
def test_each_verb_costs_the_same_queries_for_few_or_many_sources(
    client, django_assert_num_queries, count, verb
):
    sources = published_sources(count)
    if verb == "ListRecords of a set":
        client.get("/oai", verbs(sources)["ListRecords oai_dc"])

    with django_assert_num_queries(BUDGETS[verb]):
        response = client.get("/oai", verbs(sources)[verb])

    assert response.status_code == 200
    assert b"<error" not in response.content


@pytest.mark.parametrize("prefix", ["oai_dc", "mods"])
def test_a_page_of_cached_records_reads_only_its_keys(
    client, settings, django_assert_num_queries, prefix
):
    published_sources(5)
    params = {"verb": "ListRecords", "metadataPrefix": prefix}
    first = client.get("/oai", params).content

    # count; the page's keys; the series for their sets; the records' stamps
    with django_assert_num_queries(4):
        cached = client.get("/oai", params).content

    settings.RECORD_CACHE_SECONDS = 0
    computed = client.get("/oai", params).content
    assert _list(cached) == _list(computed) == _list(first)
    assert len(etree.fromstring(cached).findall(".//{*}record")) == 5


def _list(content: bytes) -> bytes:
    """The answer without its responseDate (the second it was sent)."""
    return re.sub(rb"<responseDate>[^<]*</responseDate>", b"", content)
