"""The filtered pages (sources, claims, agents, chronology, an agent's documents): applied
filters as removable chips, one control per filter, no `---------`, no empty parameters."""

import re
from html import unescape
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.conf import settings

from catalogue.models import Agent

FILTERED = ["/sources/", "/claims/", "/agents/", "/chronology/", "/agents/joffe-adolf/"]


def chips(html: str) -> list[tuple[str, str]]:
    """(accessible name, href) of each chip of the page."""
    return [
        (unescape(name), unescape(href))
        for href, name in re.findall(r'<a class="chip" href="([^"]*)" aria-label="([^"]*)"', html)
    ]


def clear_all(html: str) -> str:
    (href,) = re.findall(r'<a class="clear-all" href="([^"]*)"', html)
    return unescape(href)


def query(url: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(url).query, keep_blank_values=True)


def test_each_applied_filter_is_a_chip_linking_to_the_page_without_it(client, founding_data, db):
    joffe, karakhan = (Agent.objects.get(slug=s) for s in ("joffe-adolf", "karakhan-lev"))
    url = (
        f"/sources/?q=Karakhan&language=ja&agent={joffe.pk}&agent={karakhan.pk}"
        "&date_from=1923&ordering=-date&page=1"
    )
    html = client.get(url).content.decode()
    found = dict(chips(html))
    others = [("ordering", "-date")]
    assert query(found["Remove filter: Words, in any script: “Karakhan”"]) == [
        ("language", "ja"),
        ("agent", str(joffe.pk)),
        ("agent", str(karakhan.pk)),
        ("date_from", "1923"),
        *others,
    ]
    assert query(found["Remove filter: Language: Japanese"]) == [
        ("q", "Karakhan"),
        ("agent", str(joffe.pk)),
        ("agent", str(karakhan.pk)),
        ("date_from", "1923"),
        *others,
    ]
    # One chip per agent, named as the reader knows them, each removing only that agent.
    assert query(found["Remove filter: Agents: Adolph Joffe"]) == [
        ("q", "Karakhan"),
        ("language", "ja"),
        ("agent", str(karakhan.pk)),
        ("date_from", "1923"),
        *others,
    ]
    assert "Remove filter: Agents: Lev Karakhan" in found
    assert query(found["Remove filter: Dated from: 1923"]) == [
        ("q", "Karakhan"),
        ("language", "ja"),
        ("agent", str(joffe.pk)),
        ("agent", str(karakhan.pk)),
        *others,
    ]
    # The sort order is no filter: no chip, and "clear all" keeps it.
    assert len(found) == 5
    assert clear_all(html) == "/sources/?ordering=-date"


def test_a_chip_names_its_filter_in_the_readers_language(client, founding_data, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ja"
    html = client.get("/sources/?stage=peking-final").content.decode()
    assert [name for name, _href in chips(html)] == ["条件を解除：裏付ける段階：北京会議 最終段階"]
    assert clear_all(html) == "/sources/"


@pytest.mark.parametrize(
    ("url", "name", "rest"),
    [
        ("/claims/?stage=peking-final&q=oil", "Remove filter: Stage: ", [("q", "oil")]),
        ("/agents/?kind=person&side=soviet", "Remove filter: Kind: person", [("side", "soviet")]),
        (
            "/chronology/?side=japan&stage=peking-final",
            "Remove filter: Side: Japan",
            [("stage", "peking-final")],
        ),
        ("/agents/joffe-adolf/?role=mentioned", "Remove filter: Role: mentioned", []),
    ],
)
def test_every_filtered_page_shows_its_chips(client, founding_data, db, url, name, rest):
    html = client.get(url).content.decode()
    ((href,),) = [[h] for n, h in chips(html) if n.startswith(name)]
    assert query(href) == rest
    assert urlsplit(href).path == urlsplit(url).path
    assert clear_all(html) == urlsplit(url).path


def test_an_unfiltered_page_has_no_chips(client, founding_data, db):
    assert 'class="chips"' not in client.get("/sources/").content.decode()


def test_facets_are_the_only_control_of_their_filters(client, founding_data, db):
    html = client.get("/sources/?series=ngb-t12-1&language=ja").content.decode()
    start = html.index('<form class="filters"')
    form = html[start : html.index("</form>", start)]
    for name in ("series", "repository", "kind", "side", "language", "stage", "strategy"):
        assert f'<select name="{name}"' not in form, name
        assert form.count(f'href="?{name}=') + form.count(f"&amp;{name}=") > 0, name
    # A selected facet rides along the form's Apply as a hidden field.
    assert '<input type="hidden" name="series" value="ngb-t12-1">' in form
    assert '<input type="hidden" name="language" value="ja">' in form


def test_a_facet_value_is_a_link_only_if_it_leads_to_results(client, founding_data, db):
    html = client.get("/sources/?series=ngb-t12-1").content.decode()
    facets = re.findall(r"<li>(.*?)</li>", html[html.index('<ul class="facet">') :])
    zero = [li for li in facets if li.endswith('<span class="count">0</span>')]
    assert zero, "in one series, most series and stages have no source"
    assert all("<a " not in li for li in zero)
    selected = [li for li in facets if 'aria-current="true"' in li]
    assert len(selected) == 1 and "<a " not in selected[0]
    links = [li for li in facets if "<a " in li]
    assert links and all(not li.endswith('"count">0</span>') for li in links)


@pytest.mark.parametrize("path", FILTERED)
def test_no_select_offers_dashes(client, founding_data, db, path):
    html = client.get(path).content.decode()
    assert "---------" not in html
    assert re.search(r'<option value=""( selected)?>(Any|Default order)</option>', html)


@pytest.mark.parametrize("path", FILTERED)
def test_empty_parameters_are_redirected_to_the_clean_url(client, founding_data, db, path):
    response = client.get(path + "?q=&stage=&side=japan&agent=&page=")
    assert response.status_code == 302
    assert response["Location"] == path + "?side=japan"
    assert client.get(path + "?q=&side=")["Location"] == path


def test_a_repeated_parameter_keeps_its_filled_values(client, founding_data, db):
    response = client.get("/sources/?agent=1&agent=&agent=2&q=")
    assert response["Location"] == "/sources/?agent=1&agent=2"


def test_facet_and_pager_links_carry_no_empty_or_dropped_parameter(client, founding_data, db):
    html = client.get("/sources/?agent=1&agent=10&ordering=date").content.decode()
    hrefs = [unescape(h) for h in re.findall(r'href="(\?[^"]*)"', html)]
    assert hrefs
    for href in hrefs:
        pairs = query(href)
        assert all(value for _name, value in pairs), href
        # Both agents stay in every link (a facet link used to keep only the last).
        assert ("agent", "1") in pairs and ("agent", "10") in pairs, href


def test_rows_with_the_same_title_show_their_document_number(client, founding_data, db):
    html = client.get("/sources/?series=ngb-t12-1&ordering=series").content.decode()
    for number in ("283", "284", "285", "287", "288", "289", "291"):
        assert f"(document {number})</span></a>" in html, number
    # A title no other row shares keeps its plain link.
    assert "(document 286)" not in html


@pytest.mark.parametrize("path", ["/sources/", "/claims/"])
def test_date_fields_say_what_they_select_in_the_readers_language(client, db, path):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    html = client.get(path).content.decode()
    assert 'id="id_date_from_helptext">' in html
    assert "заканчивается в эту дату или позже." in html
    assert "whose date range" not in html
