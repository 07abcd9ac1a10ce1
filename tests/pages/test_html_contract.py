"""Every page is valid HTML5 (html5lib's strict parser) and free of the accessibility faults
found in review: describedby targets that are not there, empty form actions, and links
inside an SVG that announces itself as one image."""

import html5lib
import pytest
from django.test import Client

from catalogue.models import Agent
from negotiations.models import Claim, Event
from research.services import FOUNDING_FIXTURE

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not FOUNDING_FIXTURE.exists(), reason="no founding fixture"),
]
XHTML = "{http://www.w3.org/1999/xhtml}"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def pages(founding_data, db):
    claim = Claim.objects.published().first()
    agent = Agent.objects.filter(source_agents__isnull=False).first()
    event = Event.objects.published().filter(event_sources__isnull=False).first()
    return [
        "/",
        "/sources/",
        "/sources/?stage=peking-final&language=ja&date_from=大正13年&ordering=-date",
        "/sources/?date_from=not-a-date&kind=nonsense",
        "/sources/34/",
        "/sources/1/",
        "/claims/",
        "/claims/?q=北樺太",
        f"/claims/{claim.pk}/",
        "/stages/",
        "/positions/",
        "/agents/",
        "/agents/?q=Karakhan",
        agent.get_absolute_url(),
        f"{agent.get_absolute_url()}?role=mentioned",
        f"/sources/?agent={agent.pk}&agent=2&q=Karakhan&series=ngb-t13-1",
        event.get_absolute_url(),
        "/chronology/",
        "/chronology/?side=soviet",
        "/abbreviations/",
    ]


def test_every_page_is_valid_html5(pages):
    client = Client()
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=True)
        parser.parse(response.content)  # raises on the first parse error
        assert parser.errors == [], (url, parser.errors[:3])


def test_pages_have_no_dangling_references_empty_actions_or_hidden_focus(pages):
    client = Client()
    for url in pages:
        document = html5lib.parse(client.get(url).content, treebuilder="etree")
        ids = {element.get("id") for element in document.iter() if element.get("id")}
        for element in document.iter():
            for attribute in ("aria-describedby", "aria-labelledby", "for"):
                for target in (element.get(attribute) or "").split():
                    assert target in ids, (url, attribute, target)
            if element.tag == f"{XHTML}form":
                assert element.get("action"), (url, "empty form action")
        for svg in document.iter(f"{SVG}svg"):
            links = list(svg.iter(f"{SVG}a"))
            # An image's content is presentational: links belong in a group, out of the tab
            # order (the legends carry them for the keyboard).
            assert not (links and svg.get("role") == "img"), (url, "links inside an SVG image")
            assert all(a.get("tabindex") == "-1" for a in links), (url, "SVG links in tab order")


def test_help_texts_are_rendered_where_the_filter_fields_point(founding_data, db):
    html = Client().get("/sources/?stage=peking-final").content.decode()

    document = html5lib.parse(html, treebuilder="etree")
    described = [e for e in document.iter() if e.get("aria-describedby")]
    assert described  # the date filters have help texts
    ids = {element.get("id") for element in document.iter() if element.get("id")}
    assert all(e.get("aria-describedby") in ids for e in described)


def test_facet_links_are_at_least_24_pixels_high():
    from django.contrib.staticfiles import finders

    css = open(finders.find("css/kosho.css"), encoding="utf-8").read()
    assert ".facet a { display: inline-flex; align-items: center; min-height: 24px; }" in css
