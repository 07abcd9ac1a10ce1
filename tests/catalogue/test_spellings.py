"""Search in any spelling: romanisations, transliterations, kana with or without ー, places."""

import pytest

from catalogue.models import Agent, Source
from core.derived import derived_refresh
from core.text import build_search_text, normalise, spelling_variants
from tests import factories as f


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Yoshizawa Kenkichi", {"yosizawa"}),
        ("Ueda Sentarō", {"sentaro", "sentarou"}),
        ("Karakhan", {"karahan"}),
        ("Иоффе", {"ioffe", "joffe"}),
        ("Карахан", {"karakhan", "karahan"}),
        ("Чичерин", {"chicherin", "tchitcherine"}),
    ],
)
def test_names_get_the_spellings_readers_use(name, expected):
    assert expected <= set(spelling_variants(name))


def test_the_long_vowel_mark_is_folded_away():
    assert normalise("チチェーリン") == normalise("チチェリン")


def test_a_place_is_found_by_its_other_names():
    text = build_search_text(["樺太の油田"])
    assert all(normalise(name) in text for name in ("サハリン", "Sakhalin", "Сахалин"))
    assert "сахалин" not in build_search_text(["北京会議"])


API = {"sources": "/api/v1/sources/", "claims": "/api/v1/claims/", "events": "/api/v1/events/"}


def count(client, what, q):
    response = client.get(API[what], {"q": q})
    assert response.status_code == 200, response.content
    return response.json()["count"]


@pytest.mark.parametrize("what", sorted(API))
def test_joffe_in_any_script_or_scheme_finds_the_same(client, founding_data, db, what):
    counts = {q: count(client, what, q) for q in ("Joffe", "Ioffe", "ヨッフェ", "Иоффе")}
    assert len(set(counts.values())) == 1 and counts["Joffe"] > 0, counts


@pytest.mark.parametrize("what", sorted(API))
def test_karahan_is_karakhan(client, founding_data, db, what):
    assert count(client, what, "Karahan") == count(client, what, "Karakhan") > 0


def test_yosizawa_finds_yoshizawas_documents(client, founding_data, db):
    yoshizawa = Agent.objects.get(slug="yoshizawa-kenkichi")
    theirs = set(Source.objects.filter(agents=yoshizawa).values_list("pk", flat=True))
    response = client.get(API["sources"], {"q": "Yosizawa", "page_size": 100})
    found = {row["id"] for row in response.json()["results"]}
    assert theirs and theirs <= found


def test_sakhalin_in_kana_finds_what_karafuto_finds(client, founding_data, db):
    for what in API:
        assert count(client, what, "サハリン") >= count(client, what, "樺太") > 0, what


def test_a_claim_is_found_by_the_names_of_its_sources_agents(db):
    agent = f.AgentNameFactory(value="Карахан", language="ru", script="Cyrl").agent
    evidence = f.EvidenceFactory()
    f.SourceAgentFactory(source=evidence.source, agent=agent)
    derived_refresh([evidence.source])
    claim = type(evidence.claim).objects.get(pk=evidence.claim_id)
    assert "karahan" in claim.search_text
