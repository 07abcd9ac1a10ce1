"""Source and claim pages readable by reference managers and search engines (citation_* meta
tags, embedded JSON-LD, alternate links), JSON-LD through content negotiation on the pages and
the API, the published @context and the linked-data dump, all read back with rdflib."""

import io
import json

import html5lib
import pytest
import rdflib
from django.core.management import call_command
from rdflib.namespace import RDF

from catalogue.models import Repository, Series
from negotiations.models import Claim, Event
from research.services import FOUNDING_FIXTURE

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not FOUNDING_FIXTURE.exists(), reason="no founding fixture"),
]
SDO = rdflib.Namespace("https://schema.org/")
RICO = rdflib.Namespace("https://www.ica.org/standards/RiC/ontology#")
XHTML = "{http://www.w3.org/1999/xhtml}"
KARAKHAN_LETTER = 34  # ДВП VI, no. 278: Karakhan to Gotō, autumn 1923, printed 1962


@pytest.fixture
def founding(founding_data, db):
    """The founding data, loaded once for the module: these tests only read pages."""


def head_of(html: bytes):
    document = html5lib.parse(html, treebuilder="etree")
    return document.find(f"{XHTML}head")


def test_a_source_page_says_what_the_api_says(founding, client):
    page = client.get(f"/sources/{KARAKHAN_LETTER}/")
    head = head_of(page.content)
    meta = [(m.get("name"), m.get("content")) for m in head.iter(f"{XHTML}meta") if m.get("name")]
    script = next(s for s in head.iter(f"{XHTML}script") if s.get("type") == "application/ld+json")
    graph = rdflib.Graph().parse(data=script.text, format="json-ld")
    record = client.get(f"/api/v1/sources/{KARAKHAN_LETTER}/").json()
    (item,) = client.get(f"/api/v1/sources/{KARAKHAN_LETTER}/export.json").json()
    subject = rdflib.URIRef(f"http://testserver/sources/{KARAKHAN_LETTER}/")

    # Title: the API's record, the citation_* tags and the JSON-LD agree.
    assert dict(meta)["citation_title"] == record["title"] == str(graph.value(subject, SDO.name))
    # Authors, family name first as the CSL export has them.
    authors = [value for name, value in meta if name == "citation_author"]
    assert authors == [f"{a['family']}, {a['given']}" for a in item["author"]]
    (author,) = graph.objects(subject, SDO.author)
    assert (str(graph.value(author, SDO.familyName)), str(graph.value(author, SDO.givenName))) == (
        item["author"][0]["family"],
        item["author"][0]["given"],
    )
    # The document's date (a range of months), not the volume's year of publication.
    assert dict(meta)["citation_date"] == "1923/09"  # Highwire dates are single: the start
    assert str(graph.value(subject, SDO.temporalCoverage)) == "1923-09/1923-12"
    assert item["original-date"]["date-parts"] == [[1923, 9], [1923, 12]]
    assert dict(meta)["citation_publication_date"] == "1962"
    # The container.
    container = graph.value(subject, SDO.isPartOf)
    assert dict(meta)["citation_inbook_title"] == item["container-title"]
    assert str(graph.value(container, SDO.name)) == item["container-title"]
    assert record["series"]["title"] == item["container-title"]
    # Links to the other forms, each of which answers.
    links = {link.get("type"): link.get("href") for link in head.iter(f"{XHTML}link")}
    for media_type in (
        "application/x-bibtex",
        "application/x-research-info-systems",
        "application/vnd.citationstyles.csl+json",
        "application/ld+json",
    ):
        response = client.get(links[media_type])
        assert response.status_code == 200
        assert response["Content-Type"].startswith(media_type)


def test_a_source_page_carries_coins_for_tools_that_read_no_meta_tags(founding, client):
    from urllib.parse import parse_qs

    page = client.get(f"/sources/{KARAKHAN_LETTER}/")
    document = html5lib.parse(page.content, treebuilder="etree")
    (span,) = [e for e in document.iter(f"{XHTML}span") if e.get("class") == "Z3988"]
    fields = parse_qs(span.get("title"))

    assert fields["rft.genre"] == ["bookitem"]
    assert (fields["rft.aulast"], fields["rft.aufirst"]) == (["Karakhan"], ["Lev"])
    assert fields["rft.date"] == ["1923-09/1923-12"]
    assert fields["rft.pub"] == ["Госполитиздат"]


def test_a_source_page_asked_for_jsonld_answers_jsonld(founding, client):
    response = client.get(f"/sources/{KARAKHAN_LETTER}/", HTTP_ACCEPT="application/ld+json")

    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    assert "Accept" in response["Vary"]
    graph = rdflib.Graph().parse(data=response.content, format="json-ld")
    subject = rdflib.URIRef(f"http://testserver/sources/{KARAKHAN_LETTER}/")
    assert (subject, RDF.type, RICO.Record) in graph
    assert (subject, RDF.type, SDO.CreativeWork) in graph
    assert graph.value(subject, RICO.isOrWasIncludedIn) == rdflib.URIRef(
        "http://testserver/api/v1/series/dvp-06/"
    )
    # A browser's Accept still gets the page.
    page = client.get(f"/sources/{KARAKHAN_LETTER}/", HTTP_ACCEPT="text/html,*/*;q=0.8")
    assert page["Content-Type"].startswith("text/html")


def test_an_archival_file_is_an_archive_component_held_by_its_archive(founding, client):
    response = client.get("/sources/1/", HTTP_ACCEPT="application/ld+json")

    graph = rdflib.Graph().parse(data=response.content, format="json-ld")
    subject = rdflib.URIRef("http://testserver/sources/1/")
    assert (subject, RDF.type, SDO.ArchiveComponent) in graph
    archive = graph.value(subject, SDO.holdingArchive)
    assert archive == rdflib.URIRef("http://testserver/api/v1/repositories/gaimusho-shiryokan/")


def test_a_claim_page_carries_its_claim_as_jsonld(founding, client):
    claim = Claim.objects.published().first()

    page = client.get(f"/claims/{claim.pk}/")
    negotiated = client.get(f"/claims/{claim.pk}/", HTTP_ACCEPT="application/ld+json")

    script = next(
        s
        for s in head_of(page.content).iter(f"{XHTML}script")
        if s.get("type") == "application/ld+json"
    )
    for text in (script.text, negotiated.content):
        graph = rdflib.Graph().parse(data=text, format="json-ld")
        subject = rdflib.URIRef(f"http://testserver/claims/{claim.pk}/")
        assert (subject, RDF.type, SDO.Claim) in graph
        assert list(graph.objects(subject, RICO.isEvidencedBy))


@pytest.mark.parametrize(
    "kind", ["sources", "series", "repositories", "agents", "events", "claims"]
)
def test_the_api_answers_jsonld_for_every_kind_of_record(founding, client, kind):
    model = {"series": Series, "repositories": Repository, "events": Event, "claims": Claim}
    listing = client.get(f"/api/v1/{kind}/", HTTP_ACCEPT="application/ld+json")
    assert listing.status_code == 200
    assert listing["Content-Type"] == "application/ld+json; charset=utf-8"
    graph = rdflib.Graph().parse(data=listing.content, format="json-ld")
    assert len(set(graph.subjects(RDF.type, None))) >= 2

    first = model[kind].objects.first() if kind in model else None
    key = getattr(first, "slug", None) if kind in ("series", "repositories") else None
    detail_id = key or (first.pk if first else 1)
    detail = client.get(f"/api/v1/{kind}/{detail_id}/", HTTP_ACCEPT="application/ld+json")
    assert detail.status_code == 200
    graph = rdflib.Graph().parse(data=detail.content, format="json-ld")
    assert len(graph) > 3


def test_a_missing_record_asked_for_jsonld_is_a_json_404(founding, client):
    response = client.get("/api/v1/agents/99999/", HTTP_ACCEPT="application/ld+json")

    assert response.status_code == 404
    assert "detail" in json.loads(response.content)


def test_the_context_is_published(client, db):
    response = client.get("/ns/context.jsonld")

    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    assert response.json()["@context"]["@vocab"] == "https://schema.org/"


@pytest.mark.parametrize("format", ["nt", "jsonld"])
def test_the_linked_data_dump_parses(founding, format):
    out = io.StringIO()

    call_command(
        "dump_linked_data", "--format", format, "--base-url", "https://kosho.example/", stdout=out
    )

    graph = rdflib.Graph().parse(data=out.getvalue(), format="nt" if format == "nt" else "json-ld")
    records = set(graph.subjects(RDF.type, RICO.Record))
    assert len([r for r in records if "/sources/" in str(r)]) == 47
    assert set(graph.subjects(RDF.type, SDO.ArchiveOrganization))
    assert set(graph.subjects(RDF.type, SDO.Person))
