"""The reader follows a record to the document: identifiers and the digitised original on the
source and agent pages, other editions and the other side's reports, each evidence's other
editions on the claim page, and the same in JSON-LD (read back with rdflib)."""

import html5lib
import pytest
import rdflib
from rdflib.namespace import RDF

from tests import factories as f

pytestmark = pytest.mark.django_db
SDO = rdflib.Namespace("https://schema.org/")
XHTML = "{http://www.w3.org/1999/xhtml}"
KARAKHAN_LETTER = 34  # ДВП VI-278
ITS_TRANSLATION = 17  # 外文 大正12年第1冊 322, the Japanese translation
CONCESSIONS_JAPAN, CONCESSIONS_SOVIET = 24, 38  # 外文 T13-1 423, ДВП VII-200
SINCLAIR_FRUS = 41  # FRUS 1923 vol. II, p. 798


def parsed(response):
    assert response.status_code == 200
    return html5lib.parse(response.content, treebuilder="etree", namespaceHTMLElements=False)


def section(document, heading_id):
    return next(s for s in document.iter("section") if s.get("aria-labelledby") == heading_id)


def hrefs(element):
    return [a.get("href") for a in element.iter("a")]


def test_a_source_page_lists_the_other_edition_from_both_ends(founding_data, client):
    original = parsed(client.get(f"/sources/{KARAKHAN_LETTER}/"))
    editions = section(original, "editions-heading")
    assert f"/sources/{ITS_TRANSLATION}/" in hrefs(editions)
    assert "translated in" in "".join(editions.itertext())
    assert "Japanese" in "".join(editions.itertext())

    translation = parsed(client.get(f"/sources/{ITS_TRANSLATION}/"))
    editions = section(translation, "editions-heading")
    assert f"/sources/{KARAKHAN_LETTER}/" in hrefs(editions)
    assert "translation of" in "".join(editions.itertext())
    assert "ДВП VI 278" in "".join(editions.itertext())


def test_a_source_page_lists_the_other_sides_report(founding_data, client):
    japanese = parsed(client.get(f"/sources/{CONCESSIONS_JAPAN}/"))
    reports = section(japanese, "reports-heading")
    assert f"/sources/{CONCESSIONS_SOVIET}/" in hrefs(reports)
    assert "Soviet" in "".join(reports.itertext())
    soviet = parsed(client.get(f"/sources/{CONCESSIONS_SOVIET}/"))
    assert f"/sources/{CONCESSIONS_JAPAN}/" in hrefs(section(soviet, "reports-heading"))


def test_the_claim_page_leads_from_each_evidence_to_its_other_editions(founding_data, client):
    claim = parsed(client.get("/claims/17/"))
    editions = [p for p in claim.iter("p") if p.get("class") == "editions"]
    linked = [href for p in editions for href in hrefs(p)]
    assert f"/sources/{ITS_TRANSLATION}/" in linked
    assert f"/sources/{KARAKHAN_LETTER}/" in linked


def test_a_source_page_links_the_digitised_original(founding_data, client):
    page = parsed(client.get(f"/sources/{SINCLAIR_FRUS}/"))
    digitised = [a for a in page.iter("a") if a.get("class") == "digitised"]
    assert [a.get("href") for a in digitised] == [
        "https://history.state.gov/historicaldocuments/frus1923v02"
    ]
    assert digitised[0].text == "View the document"


def test_a_jacar_code_opens_the_scan_from_the_page(client):
    source = f.SourceFactory()
    f.SourceIdentifierFactory(source=source, value="B03041045300")
    page = parsed(client.get(source.get_absolute_url()))
    links = hrefs(page)
    scan = "https://www.jacar.archives.go.jp/aj/meta/listPhoto?LANG=default&REFCODE=B03041045300"
    assert links.count(scan) == 2  # "View the document" and the identifier itself
    identifiers = next(ul for ul in page.iter("ul") if ul.get("class") == "identifiers")
    assert "JACAR reference code: B03041045300" in "".join(identifiers.itertext())


def test_an_agent_page_links_its_authority_records(client):
    agent = f.AgentFactory()
    f.AgentNameFactory(agent=agent)
    f.AgentIdentifierFactory(agent=agent, type="viaf", value="102333412")
    page = parsed(client.get(agent.get_absolute_url()))
    assert "https://viaf.org/viaf/102333412" in hrefs(page)


def test_jsonld_carries_identifiers_the_original_and_the_other_edition(client):
    source = f.SourceFactory()
    f.SourceIdentifierFactory(source=source, value="B03041045300")
    original = f.SourceFactory()
    f.SourceRelationFactory(source=source, related=original, type="translation")

    response = client.get(source.get_absolute_url(), headers={"accept": "application/ld+json"})
    graph = rdflib.Graph().parse(data=response.content, format="json-ld")
    subject = rdflib.URIRef(f"http://testserver{source.get_absolute_url()}")
    scan = "https://www.jacar.archives.go.jp/aj/meta/listPhoto?LANG=default&REFCODE=B03041045300"

    values = [
        v
        for v in graph.objects(subject, SDO.identifier)
        if (v, RDF.type, SDO.PropertyValue) in graph
    ]
    (jacar,) = values
    assert str(graph.value(jacar, SDO.propertyID)) == "jacar"
    assert str(graph.value(jacar, SDO.value)) == "B03041045300"
    assert graph.value(jacar, SDO.url) == rdflib.URIRef(scan)
    assert graph.value(subject, SDO.url) == rdflib.URIRef(scan)
    assert graph.value(subject, SDO.translationOfWork) == rdflib.URIRef(
        f"http://testserver{original.get_absolute_url()}"
    )


def test_jsonld_of_an_agent_says_it_is_the_same_as_its_wikidata_item(client):
    agent = f.AgentFactory()
    f.AgentNameFactory(agent=agent)
    f.AgentIdentifierFactory(agent=agent, value="Q42")
    response = client.get(f"/api/v1/agents/{agent.pk}/", headers={"accept": "application/ld+json"})
    graph = rdflib.Graph().parse(data=response.content, format="json-ld")
    subject = rdflib.URIRef(f"http://testserver/api/v1/agents/{agent.pk}/")
    assert rdflib.URIRef("http://www.wikidata.org/entity/Q42") in set(
        graph.objects(subject, SDO.sameAs)
    )
