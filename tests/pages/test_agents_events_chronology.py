"""Agent pages, event pages and the chronology: from a record to the documents around it."""

import datetime
import re

import pytest

from catalogue.models import Agent, Side, SourceAgent
from negotiations.source_links import source_stage_links_refresh
from research import chronology
from tests import factories as f


def day(n):
    return {
        "date_start": datetime.date(1924, 6, n),
        "date_end": datetime.date(1924, 6, n),
        "date_precision": "day",
    }


def named_agent(name, *, side="", **kwargs):
    agent = f.AgentFactory(side=side, **kwargs)
    f.AgentNameFactory(agent=agent, value=name)
    return agent


def test_agent_page_lists_names_documents_by_role_events_and_claims(client, db):
    joffe = named_agent("Joffe", side=Side.SOVIET)
    f.AgentNameFactory(
        agent=joffe, value="Иоффе", language="ru", script="Cyrl", transliteration="", preferred=True
    )
    wrote = f.SourceAgentFactory(agent=joffe, role=SourceAgent.Role.AUTHOR).source
    received = f.SourceAgentFactory(agent=joffe, role=SourceAgent.Role.RECIPIENT).source
    draft = f.SourceAgentFactory(agent=joffe, source__status="draft").source
    event = f.EventFactory(title_en="Joffe arrives in Tokyo")
    event.actors.add(joffe)
    via_source = f.EvidenceFactory(source=wrote).claim
    via_event = f.ClaimFactory(text_en="Joffe came to buy time")
    via_event.events.add(event)
    unrelated = f.ClaimFactory(text_en="Unrelated claim")

    html = client.get(f"/agents/{joffe.slug}/").content.decode()
    assert "Иоффе" in html and "Joffe" in html
    assert wrote.get_absolute_url() in html and received.get_absolute_url() in html
    assert draft.get_absolute_url() not in html
    assert event.get_absolute_url() in html
    assert via_source.get_absolute_url() in html and via_event.get_absolute_url() in html
    assert unrelated.get_absolute_url() not in html

    html = client.get(f"/agents/{joffe.slug}/?role=recipient").content.decode()
    assert received.get_absolute_url() in html and wrote.get_absolute_url() not in html


def test_agent_page_keeps_working_with_an_unreadable_role_and_page(client, db):
    agent = named_agent("Karakhan")
    source = f.SourceAgentFactory(agent=agent).source
    response = client.get(f"/agents/{agent.slug}/?role=king&page=x")
    assert response.status_code == 200
    html = response.content.decode()
    assert source.get_absolute_url() in html
    assert "errorlist" in html


def test_agent_page_pages_the_documents(client, db):
    agent = named_agent("Yoshizawa")
    for _ in range(27):
        f.SourceAgentFactory(agent=agent)
    first = client.get(f"/agents/{agent.slug}/").context
    last = client.get(f"/agents/{agent.slug}/?page=2").context
    assert (len(first["page_obj"]), len(last["page_obj"])) == (25, 2)


def test_unknown_agent_is_404(client, db):
    assert client.get("/agents/nobody/").status_code == 404


def test_agent_list_finds_agents_by_a_name_in_any_script_and_filters_by_kind(client, db):
    joffe = named_agent("Иоффе")
    government = named_agent("Soviet government", kind="government")
    Agent.objects.all().refresh_search_text()
    html = client.get("/agents/?q=иоффе").content.decode()
    assert joffe.get_absolute_url() in html and government.get_absolute_url() not in html
    html = client.get("/agents/?kind=government").content.decode()
    assert government.get_absolute_url() in html and joffe.get_absolute_url() not in html
    assert client.get("/agents/?kind=king").status_code == 200


def test_event_page_shows_sources_in_columns_by_side(client, db):
    yoshizawa = named_agent("Yoshizawa", side=Side.JAPAN)
    karakhan = named_agent("Karakhan", side=Side.SOVIET)
    event = f.EventFactory(title_en="The Peking talks begin")
    event.actors.add(yoshizawa, karakhan)
    japanese = f.SourceAgentFactory(agent=yoshizawa).source
    soviet = f.SourceAgentFactory(agent=karakhan).source
    # No author with a side: the repository speaks for it.
    american = f.SourceFactory(series__repository__side=Side.UNITED_STATES)
    for source in (japanese, soviet, american):
        f.EventSourceFactory(event=event, source=source)

    response = client.get(event.get_absolute_url())
    columns = {
        str(label): [link.source for link in links] for label, links in response.context["columns"]
    }
    assert columns == {"Japan": [japanese], "Soviet": [soviet], "Other": [american]}
    html = response.content.decode()
    assert yoshizawa.get_absolute_url() in html and karakhan.get_absolute_url() in html


def test_draft_event_is_404_for_readers(client, db):
    event = f.EventFactory(status="draft")
    assert client.get(event.get_absolute_url()).status_code == 404


def test_stage_page_links_its_events(client, db):
    event = f.EventFactory(stage=f.StageFactory())
    assert event.get_absolute_url() in client.get("/stages/").content.decode()


def test_chronology_groups_events_and_sources_by_day(client, db):
    event = f.EventFactory(title_en="Meeting", **day(3))
    same_day = f.SourceFactory(**day(3))
    later = f.SourceFactory(**day(9))
    f.SourceFactory(date_start=None, date_end=None, date_precision="")
    days = client.get("/chronology/").context["days"]
    assert [(d.date, evs, srcs) for d, evs, srcs in days] == [
        (datetime.date(1924, 6, 3), [event], [same_day]),
        (datetime.date(1924, 6, 9), [], [later]),
    ]


def test_a_chronology_heading_says_no_more_of_the_date_than_its_records_know(client, db):
    """A record dated "January 1923" starts on the 1st, but its heading is the month: a
    historian would otherwise read that something happened on 1 January."""
    month = {"date_start": datetime.date(1923, 1, 1), "date_end": datetime.date(1923, 1, 31)}
    year = {"date_start": datetime.date(1922, 1, 1), "date_end": datetime.date(1922, 12, 31)}
    f.EventFactory(title_en="Invitation", date_precision="month", **month)
    f.SourceFactory(date_precision="year", **year)
    f.SourceFactory(date_precision="", **{**month, "date_end": datetime.date(1923, 2, 28)})
    f.SourceFactory(**day(3))
    response = client.get("/chronology/")
    assert [(d.date.isoformat(), d.precision) for d, _e, _s in response.context["days"]] == [
        ("1922-01-01", "year"),
        ("1923-01-01", "month"),
        ("1924-06-03", "day"),
    ]
    headings = re.findall(r"<h3[^>]*>(.*?)</h3>", response.content.decode())
    assert headings == [
        '<time datetime="1922">1922</time>',
        '<time datetime="1923-01">January 1923</time>',
        '<time datetime="1924-06-03">June 3, 1924</time>',
    ]


def test_chronology_filters_by_stage_side_and_agent(client, db):
    stage = f.StageFactory()
    karakhan = named_agent("Karakhan", side=Side.SOVIET)
    yoshizawa = named_agent("Yoshizawa", side=Side.JAPAN)
    soviet_event = f.EventFactory(stage=stage, **day(2))
    soviet_event.actors.add(karakhan)
    japanese_event = f.EventFactory(**day(4))
    japanese_event.actors.add(yoshizawa)
    soviet_source = f.SourceAgentFactory(
        agent=karakhan,
        source__date_start=datetime.date(1924, 6, 5),
        source__date_end=datetime.date(1924, 6, 5),
    ).source
    f.EventSourceFactory(event=soviet_event, source=soviet_source)
    source_stage_links_refresh()  # factories bypass the write paths that keep the links

    def shown(query):
        days = client.get(f"/chronology/?{query}").context["days"]
        return {item for _day, events, sources in days for item in (*events, *sources)}

    assert shown("side=soviet") == {soviet_event, soviet_source}
    assert shown("side=japan") == {japanese_event}
    assert shown(f"stage={stage.slug}") == {soviet_event, soviet_source}
    assert shown(f"agent={yoshizawa.pk}") == {japanese_event}
    # What cannot be read is left out, the rest still applies.
    assert shown(f"agent=nobody&stage={stage.slug}") == {soviet_event, soviet_source}


def test_chronology_agent_filter_is_an_id_field_not_a_list_of_every_agent(client, db):
    """An archive names thousands of agents: the filter takes an id (the page's script
    suggests agents by name), the chip names the agent, and an unknown id is an error on the
    field while the other filters still apply."""
    karakhan = named_agent("Karakhan", side=Side.SOVIET)
    for n in range(5):
        named_agent(f"Bystander {n}")
    html = client.get("/chronology/").content.decode()
    assert '<select name="agent"' not in html
    assert "Bystander" not in html
    field = re.search(r'<input[^>]*name="agent"[^>]*>', html).group(0)
    assert 'inputmode="numeric"' in field and 'data-autocomplete="/api/v1/agents/"' in field

    response = client.get("/chronology/", {"agent": karakhan.pk})
    assert [chip.value for chip in response.context["chips"]] == ["Karakhan"]

    for unknown in ("999999", "nobody"):
        response = client.get("/chronology/", {"agent": unknown, "side": "soviet"})
        assert response.status_code == 200
        assert response.context["form"].errors["agent"] == [
            "Enter the id (a whole number) of an existing agent."
        ]
        assert [chip.value for chip in response.context["chips"]] == ["Soviet"]


def test_chronology_pages_days(client, db):
    for n in range(1, 28):
        f.SourceFactory(**day(n))
    assert len(client.get("/chronology/").context["days"]) == 25
    assert len(client.get("/chronology/?page=2").context["days"]) == 2
    assert len(client.get("/chronology/?page=99").context["days"]) == 2


def test_a_busy_day_shows_its_first_sources_and_links_to_the_rest(client, db, monkeypatch):
    monkeypatch.setattr(chronology, "SOURCES_PER_DAY", 2)
    stage = f.StageFactory(slug="peking-final")
    series = f.SeriesFactory()
    busy = [f.SourceFactory(**day(5), series=series, number=str(n)) for n in (3, 1, 2)]
    for source in busy:
        f.EventSourceFactory(event=f.EventFactory(stage=stage, **day(9)), source=source)
    quiet = f.SourceFactory(**day(6))
    source_stage_links_refresh()

    response = client.get("/chronology/", {"stage": stage.slug})

    rows = {
        heading.date.day: (heading, sources)
        for heading, _events, sources in response.context["days"]
    }
    heading, sources = rows[5]
    assert sources == [busy[1], busy[2]]  # in the order of the sources list
    assert heading.more_sources == 1
    assert 6 not in rows and quiet not in sources
    html = response.content.decode()
    link = "/sources/?date_from=1924-06-05&amp;date_to=1924-06-05&amp;stage=peking-final"
    assert f'1 more source: <a href="{link}">every source of this date in the sources list' in html
    # The link gives the day's sources under the same filter (and any dated only to its month
    # or year, whose range covers the day): the shown ones and the rest.
    listed = client.get(
        "/sources/", {"date_from": "1924-06-05", "date_to": "1924-06-05", "stage": stage.slug}
    )
    assert {s.pk for s in listed.context["sources"]} == {s.pk for s in busy}


def _fill(n, stage):
    for _ in range(n):
        agent = named_agent("Agent", side=Side.SOVIET)
        link = f.SourceAgentFactory(agent=agent)
        event = f.EventFactory(
            stage=stage, date_start=link.source.date_start, date_end=link.source.date_end
        )
        event.actors.add(agent)
        f.EventSourceFactory(event=event, source=link.source)
        f.EvidenceFactory(source=link.source)


@pytest.mark.parametrize(
    "url, budget",
    [
        # count; page of agents; their names
        ("/agents/", 3),
        # count of days; page of days (a UNION); events (+stage); actors; names; the first
        # sources of each day (+series); sources counted by day; the stage select
        ("/chronology/?side=soviet", 8),
    ],
)
def test_list_pages_query_budget_does_not_grow_with_rows(
    client, db, django_assert_max_num_queries, url, budget
):
    stage = f.StageFactory()
    _fill(2, stage)
    with django_assert_max_num_queries(budget):
        client.get(url)
    _fill(30, stage)
    with django_assert_max_num_queries(budget):
        assert client.get(url).status_code == 200


def test_agent_and_event_pages_query_budget_does_not_grow_with_links(
    client, db, django_assert_max_num_queries
):
    agent = named_agent("Karakhan", side=Side.SOVIET)
    event = f.EventFactory()

    def link_more(n):
        for _ in range(n):
            source = f.SourceAgentFactory(agent=agent).source
            f.EventSourceFactory(event=event, source=source)
            f.EvidenceFactory(source=source).claim.events.add(event)
            f.EventFactory().actors.add(agent)

    link_more(2)
    # agent; names; identifiers; count of documents; page of documents (+source, series,
    # repository); roles; events (+stage); claims (+work); their stages; their strategies
    agent_budget = 10
    # event (+stage); actors; names; sources (+series, repository, side); claims
    event_budget = 5
    with django_assert_max_num_queries(agent_budget):
        client.get(agent.get_absolute_url())
    with django_assert_max_num_queries(event_budget):
        client.get(event.get_absolute_url())
    link_more(30)
    with django_assert_max_num_queries(agent_budget):
        assert client.get(agent.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(event_budget):
        assert client.get(event.get_absolute_url()).status_code == 200


def test_a_claim_page_is_titled_by_its_claim(client, db):
    claim = f.ClaimFactory(text_en="The Soviet side played for time in Peking")
    html = client.get(claim.get_absolute_url()).content.decode()
    assert "<title>The Soviet side played for time in Peking · Kōshō" in html


def test_a_facet_value_with_no_source_is_not_a_link(client, db):
    stage = f.StageFactory(slug="empty-stage")
    f.SourceFactory()
    html = client.get("/sources/").content.decode()
    assert "?stage=empty-stage" not in html
    assert stage.name_en in html or stage.name in html


def test_series_abbreviations_have_a_tooltip_and_a_legend(client, db):
    source = f.SourceFactory(series__abbreviation="ДВП", series__title_en="Documents of Soviet FP")
    html = client.get("/sources/").content.decode()
    assert '<abbr title="Documents of Soviet FP">ДВП</abbr>' in html
    legend = client.get("/abbreviations/").content.decode()
    assert "ДВП" in legend and source.series.title in legend


def test_a_chronology_filter_error_is_where_its_field_points(client, db):
    """The error list of an unreadable filter carries the id its field's aria-describedby
    names, as on the other filtered pages (the chronology shares their form template)."""
    html = client.get("/chronology/", {"side": "martian"}).content.decode()
    assert 'aria-describedby="id_side_error"' in html
    assert 'id="id_side_error"' in html
