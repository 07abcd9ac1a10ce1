"""/api/v1/ events, claims, positions, stages, strategies, evidence: filters and what each
record carries."""

import datetime

import pytest

from tests import factories as f

pytestmark = pytest.mark.django_db


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def day(y, m, d):
    return datetime.date(y, m, d)


@pytest.fixture
def stages():
    conference = f.ConferenceFactory(slug="peking", name_en="Peking conference")
    final = f.StageFactory(
        conference=conference,
        slug="peking-final",
        phase="final",
        date_start=day(1924, 12, 1),
        date_end=day(1925, 1, 20),
    )
    other = f.StageFactory(conference=conference, slug="peking-negotiation")
    strategy = f.StrategyFactory(slug="time-buying")
    strategy.stages.add(final)
    return final, other, strategy


def event_on(stage, start, end=None, **kwargs):
    return f.EventFactory(stage=stage, date_start=start, date_end=end or start, **kwargs)


def test_events_filter_by_stage_strategy_dates_and_q(api_client, stages):
    final, other, _ = stages
    in_final = event_on(final, day(1925, 1, 20), title_en="Signing of the Basic Convention")
    in_other = event_on(other, day(1924, 10, 6))
    outside = event_on(None, day(1923, 6, 28))
    url = "/api/v1/events/"

    assert ids(api_client.get(url, {"stage": "peking-final"})) == [in_final.pk]
    assert ids(api_client.get(url, {"strategy": "time-buying"})) == [in_final.pk]
    assert ids(api_client.get(url, {"date_from": "1924-10", "date_to": "1924-10"})) == [in_other.pk]
    assert ids(api_client.get(url, {"date_to": "1923"})) == [outside.pk]
    assert ids(api_client.get(url, {"q": "basic convention"})) == [in_final.pk]
    assert ids(api_client.get(url, {"ordering": "-date"})) == [in_final.pk, in_other.pk, outside.pk]


def test_events_filter_by_agent_and_source(api_client, stages):
    final, _, _ = stages
    event, other = event_on(final, day(1925, 1, 1)), event_on(final, day(1925, 1, 2))
    agent = f.AgentFactory()
    event.actors.add(agent)
    link = f.EventSourceFactory(event=other)

    assert ids(api_client.get("/api/v1/events/", {"agent": agent.pk})) == [event.pk]
    assert ids(api_client.get("/api/v1/events/", {"source": link.source.pk})) == [other.pk]


def test_claims_filter_by_stage_strategy_dates_and_q(api_client, stages):
    final, other, strategy = stages
    about_final = f.ClaimFactory(text_en="Karakhan delayed the signature")
    about_final.stages.add(final)
    tagged = f.ClaimFactory()
    tagged.strategies.add(strategy)
    dated_by_event = f.ClaimFactory()
    dated_by_event.events.add(event_on(other, day(1924, 6, 1)))
    dated_by_source = f.ClaimFactory()
    f.EvidenceFactory(
        claim=dated_by_source,
        source=f.SourceFactory(date_start=day(1923, 9, 1), date_end=day(1923, 9, 30)),
    )
    url = "/api/v1/claims/"

    assert ids(api_client.get(url, {"stage": "peking-final"})) == [about_final.pk]
    assert ids(api_client.get(url, {"strategy": "time-buying"})) == [tagged.pk]
    assert ids(api_client.get(url, {"q": "karakhan"})) == [about_final.pk]
    assert ids(api_client.get(url, {"date_from": "1924-06", "date_to": "1924-06"})) == [
        dated_by_event.pk
    ]
    assert ids(api_client.get(url, {"date_to": "1923-12"})) == [dated_by_source.pk]


def test_claim_date_range_needs_one_event_or_source_inside_it(api_client, stages):
    _, other, _ = stages
    claim = f.ClaimFactory()
    claim.events.add(event_on(other, day(1924, 5, 1)), event_on(other, day(1924, 11, 1)))

    assert (
        ids(api_client.get("/api/v1/claims/", {"date_from": "1924-07", "date_to": "1924-08"})) == []
    )


def test_claims_filter_by_work_event_and_source(api_client, stages):
    final, _, _ = stages
    claim, other = f.ClaimFactory(work=f.WorkFactory(slug="ozawa-1987")), f.ClaimFactory()
    event = event_on(final, day(1925, 1, 1))
    other.events.add(event)
    evidence = f.EvidenceFactory(claim=claim)
    url = "/api/v1/claims/"

    assert ids(api_client.get(url, {"work": "ozawa-1987"})) == [claim.pk]
    assert ids(api_client.get(url, {"event": event.pk})) == [other.pk]
    assert ids(api_client.get(url, {"source": evidence.source.pk})) == [claim.pk]


def test_a_claim_carries_its_evidence_down_to_the_locator(api_client, stages):
    final, _, strategy = stages
    claim = f.ClaimFactory(pages="93")
    claim.stages.add(final)
    claim.strategies.add(strategy)
    source = f.SourceFactory(number="464", title_en="Yoshizawa to Shidehara")
    f.EvidenceFactory(
        claim=claim,
        source=source,
        relation="supports",
        locator="付記一",
        footnote="II-2 n.27",
        quotation="利権問題ハ…",
        quotation_translation="The concession question…",
    )
    f.EvidenceFactory(claim=claim, source=f.SourceFactory(status="draft"))

    record = api_client.get(f"/api/v1/claims/{claim.pk}/").json()

    assert record["stages"] == ["peking-final"]
    assert record["strategies"] == ["time-buying"]
    assert record["work"]["slug"] == claim.work.slug
    assert len(record["evidence"]) == 1  # the draft source's evidence is not public
    evidence = record["evidence"][0]
    assert evidence["source"]["id"] == source.pk
    assert evidence["source"]["number"] == "464"
    assert "Yoshizawa to Shidehara" in evidence["source"]["citation"]
    assert (evidence["relation"], evidence["locator"], evidence["footnote"]) == (
        "supports",
        "付記一",
        "II-2 n.27",
    )
    assert evidence["quotation"] == "利権問題ハ…"
    assert evidence["quotation_translation"] == "The concession question…"


def test_a_stage_carries_its_conference_range_and_strategies(api_client, stages):
    record = api_client.get("/api/v1/stages/peking-final/").json()

    assert record["conference"]["slug"] == "peking"
    assert record["conference"]["name_en"] == "Peking conference"
    assert (record["date_start"], record["date_end"]) == ("1924-12-01", "1925-01-20")
    assert [s["slug"] for s in record["strategies"]] == ["time-buying"]
    assert record["phase"] == "final"


def test_stages_and_strategies_are_found_by_id_or_slug(api_client, stages):
    final, _, strategy = stages

    assert api_client.get(f"/api/v1/stages/{final.pk}/").json()["slug"] == "peking-final"
    assert api_client.get("/api/v1/strategies/time-buying/").json()["stages"] == ["peking-final"]
    assert api_client.get(f"/api/v1/strategies/{strategy.pk}/").json()["slug"] == "time-buying"


def test_series_and_repositories_are_found_by_id_or_slug(api_client):
    series = f.SeriesFactory(slug="ngb-t13-1", repository=f.RepositoryFactory(slug="gaimusho"))

    assert api_client.get("/api/v1/series/ngb-t13-1/").json()["id"] == series.pk
    assert api_client.get(f"/api/v1/series/{series.pk}/").json()["slug"] == "ngb-t13-1"
    assert api_client.get("/api/v1/repositories/gaimusho/").json()["id"] == series.repository.pk


def test_stage_and_strategy_lists_filter(api_client, stages):
    final, other, _ = stages

    assert ids(api_client.get("/api/v1/stages/", {"strategy": "time-buying"})) == [final.pk]
    assert sorted(ids(api_client.get("/api/v1/stages/", {"conference": "peking"}))) == sorted(
        [final.pk, other.pk]
    )
    assert ids(api_client.get("/api/v1/stages/", {"phase": "final"})) == [final.pk]
    assert len(ids(api_client.get("/api/v1/strategies/", {"stage": "peking-final"}))) == 1
    assert ids(api_client.get("/api/v1/strategies/", {"stage": "peking-negotiation"})) == []


def test_positions_filter_by_stage_strategy_dates_and_q(api_client, stages):
    final, other, _ = stages
    moscow = f.AgentNameFactory(value="Soviet government").agent
    agreed = f.PositionFactory(
        stage=final,
        date_start=day(1925, 1, 20),
        date_end=day(1925, 1, 20),
        agreed=True,
        value_low=50,
        value_high=50,
    )
    asked = f.PositionFactory(
        party=moscow,
        stage=other,
        statement_en="Moscow asks for 40 per cent",
        date_start=day(1924, 9, 1),
        date_end=day(1924, 9, 30),
        date_precision="month",
    )
    url = "/api/v1/positions/"

    assert ids(api_client.get(url, {"stage": "peking-final"})) == [agreed.pk]
    assert ids(api_client.get(url, {"strategy": "time-buying"})) == [agreed.pk]
    assert ids(api_client.get(url, {"date_to": "1924-09-15"})) == [asked.pk]
    assert ids(api_client.get(url, {"date_from": "1924-10"})) == [agreed.pk]
    assert ids(api_client.get(url, {"q": "moscow"})) == [asked.pk]
    assert ids(api_client.get(url, {"q": "soviet"})) == [asked.pk]
    assert ids(api_client.get(url, {"agreed": "true"})) == [agreed.pk]
    assert ids(api_client.get(url, {"party": moscow.pk})) == [asked.pk]
    record = api_client.get(f"{url}{agreed.pk}/").json()
    assert (record["value_low"], record["value_high"], record["stage"]) == (50, 50, "peking-final")


def test_a_position_shows_published_sources_only_to_the_public(api_client):
    position = f.PositionFactory()
    shown = f.PositionSourceFactory(position=position, locator="p. 12")
    f.PositionSourceFactory(position=position, source=f.SourceFactory(status="draft"))

    record = api_client.get(f"/api/v1/positions/{position.pk}/").json()

    assert [(s["source"]["id"], s["locator"]) for s in record["sources"]] == [
        (shown.source.pk, "p. 12")
    ]


def test_evidence_filters_and_public_visibility(api_client, stages):
    final, _, _ = stages
    shown = f.EvidenceFactory(relation="contradicts")
    shown.claim.stages.add(final)
    f.EvidenceFactory(source=f.SourceFactory(status="draft"))
    f.EvidenceFactory(claim=f.ClaimFactory(status="draft"))
    url = "/api/v1/evidence/"

    assert ids(api_client.get(url)) == [shown.pk]
    assert ids(api_client.get(url, {"stage": "peking-final"})) == [shown.pk]
    assert ids(api_client.get(url, {"relation": "contradicts"})) == [shown.pk]
    assert ids(api_client.get(url, {"claim": shown.claim.pk})) == [shown.pk]
    assert ids(api_client.get(url, {"source": shown.source.pk})) == [shown.pk]


def test_an_event_carries_stage_actors_sources_and_claims(api_client, stages):
    final, _, _ = stages
    event = event_on(final, day(1925, 1, 20))
    actor = f.AgentNameFactory(value="Karakhan").agent
    event.actors.add(actor)
    link = f.EventSourceFactory(event=event, locator="§3")
    claim = f.ClaimFactory()
    claim.events.add(event)
    f.ClaimFactory(status="draft").events.add(event)

    record = api_client.get(f"/api/v1/events/{event.pk}/").json()

    assert record["stage"]["slug"] == "peking-final"
    assert [a["name"] for a in record["actors"]] == ["Karakhan"]
    assert [(s["source"]["id"], s["locator"]) for s in record["sources"]] == [
        (link.source.pk, "§3")
    ]
    assert record["claims"] == [claim.pk]


def test_series_agents_and_works_filter(api_client):
    gaimusho = f.RepositoryFactory(slug="gaimusho")
    parent = f.SeriesFactory(slug="ngb", repository=gaimusho, kind="published_series")
    child = f.SeriesFactory(parent=parent, repository=gaimusho)
    f.SeriesFactory()
    joffe = f.AgentNameFactory(value="Joffe").agent
    joffe.save()  # names enter the search text when the agent is saved
    f.AgentFactory(kind="government")
    lensen = f.WorkFactory(authors="Lensen", title="Japanese Recognition of the USSR", kind="book")

    assert sorted(ids(api_client.get("/api/v1/series/", {"repository": "gaimusho"}))) == sorted(
        [parent.pk, child.pk]
    )
    assert ids(api_client.get("/api/v1/series/", {"parent": "ngb"})) == [child.pk]
    assert ids(api_client.get("/api/v1/series/", {"kind": "published_series"})) == [parent.pk]
    assert ids(api_client.get("/api/v1/agents/", {"q": "joffe"})) == [joffe.pk]
    assert ids(api_client.get("/api/v1/works/", {"q": "lensen"})) == [lensen.pk]
    assert ids(api_client.get("/api/v1/works/", {"kind": "book"})) == [lensen.pk]


def test_claim_carries_the_secondary_literature_it_cites(client, db):
    from tests.factories import WorkCitationFactory

    citation = WorkCitationFactory(pages="104", footnote="II-1 n.19")
    body = client.get(f"/api/v1/claims/{citation.claim.pk}/").json()
    assert body["literature"] == [
        {
            "work": {
                "id": citation.work.pk,
                "slug": citation.work.slug,
                "authors": citation.work.authors,
                "authors_romanized": citation.work.authors_romanized,
                "year": citation.work.year,
                "title": citation.work.title,
                "title_en": citation.work.title_en,
            },
            "pages": "104",
            "footnote": "II-1 n.19",
            "note": "",
        }
    ]
