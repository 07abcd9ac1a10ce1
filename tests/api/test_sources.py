"""/api/v1/sources/: every filter over HTTP, the stage and strategy rules, and what a source
record carries."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from catalogue.models import Source
from negotiations.source_links import source_stage_links_refresh
from research.filters import SourceFilter
from tests import factories as f

pytestmark = pytest.mark.django_db

URL = "/api/v1/sources/"


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def day(y, m, d):
    return datetime.date(y, m, d)


def dated(start, end, precision="day", **kwargs):
    return f.SourceFactory(date_start=start, date_end=end, date_precision=precision, **kwargs)


@pytest.fixture
def stages():
    """Two stages of one conference; the final one with the strategy `time-buying`."""
    conference = f.ConferenceFactory(slug="peking")
    final = f.StageFactory(conference=conference, slug="peking-final", phase="final")
    other = f.StageFactory(conference=conference, slug="peking-negotiation", phase="negotiation")
    strategy = f.StrategyFactory(slug="time-buying")
    strategy.stages.add(final)
    return final, other, strategy


def cited_for(source, *, stages=(), strategies=(), status="published"):
    claim = f.ClaimFactory(status=status)
    claim.stages.add(*stages)
    claim.strategies.add(*strategies)
    f.EvidenceFactory(claim=claim, source=source)
    # Factories write rows directly; the stage and strategy links are derived from them.
    source_stage_links_refresh([source.pk])
    return claim


def documenting(source, *, stage, status="published"):
    event = f.EventFactory(stage=stage, status=status)
    f.EventSourceFactory(event=event, source=source)
    source_stage_links_refresh([source.pk])
    return event


def test_stage_filter_includes_sources_cited_for_the_stage_and_documenting_its_events(
    api_client, stages
):
    final, other, _ = stages
    via_claim, via_event = f.SourceFactory(), f.SourceFactory()
    cited_for(via_claim, stages=[final])
    documenting(via_event, stage=final)

    assert sorted(ids(api_client.get(URL, {"stage": "peking-final"}))) == sorted(
        [via_claim.pk, via_event.pk]
    )


def test_stage_filter_excludes_sources_of_other_stages(api_client, stages):
    final, other, _ = stages
    cited = f.SourceFactory()
    cited_for(cited, stages=[final])
    elsewhere, unlinked = f.SourceFactory(), f.SourceFactory()
    cited_for(elsewhere, stages=[other])
    documenting(elsewhere, stage=other)

    found = ids(api_client.get(URL, {"stage": "peking-final"}))

    assert found == [cited.pk]
    assert elsewhere.pk not in found and unlinked.pk not in found


def test_stage_filter_lists_a_source_once_however_many_links_it_has(api_client, stages):
    final, _, _ = stages
    source = f.SourceFactory()
    cited_for(source, stages=[final])
    cited_for(source, stages=[final])
    documenting(source, stage=final)

    assert ids(api_client.get(URL, {"stage": "peking-final"})) == [source.pk]


def test_stage_filter_ignores_draft_claims_and_events_for_the_public(
    api_client, archivist_api_client, stages
):
    final, _, _ = stages
    source = f.SourceFactory()
    cited_for(source, stages=[final], status="draft")
    documenting(source, stage=final, status="draft")

    assert ids(api_client.get(URL, {"stage": "peking-final"})) == []
    assert ids(archivist_api_client.get(URL, {"stage": "peking-final"})) == [source.pk]


def test_strategy_filter_follows_tagged_claims_and_the_stages_the_strategy_is_assigned_to(
    api_client, stages
):
    final, other, strategy = stages
    tagged, in_assigned_stage, elsewhere = f.SourceFactory(), f.SourceFactory(), f.SourceFactory()
    cited_for(tagged, stages=[other], strategies=[strategy])
    documenting(in_assigned_stage, stage=final)
    documenting(elsewhere, stage=other)
    cited_for(elsewhere, stages=[other])

    found = ids(api_client.get(URL, {"strategy": "time-buying"}))

    assert sorted(found) == sorted([tagged.pk, in_assigned_stage.pk])


def test_series_filter_includes_child_series(api_client):
    parent = f.SeriesFactory(slug="ngb-t13")
    child = f.SeriesFactory(slug="ngb-t13-1", parent=parent, repository=parent.repository)
    grandchild = f.SeriesFactory(slug="ngb-t13-1-a", parent=child, repository=parent.repository)
    in_parent, in_child, in_grandchild = (
        f.SourceFactory(series=s) for s in (parent, child, grandchild)
    )
    f.SourceFactory()

    assert sorted(ids(api_client.get(URL, {"series": "ngb-t13"}))) == sorted(
        [in_parent.pk, in_child.pk, in_grandchild.pk]
    )
    assert ids(api_client.get(URL, {"series": "ngb-t13-1-a"})) == [in_grandchild.pk]


def test_repository_filter(api_client):
    series = f.SeriesFactory(repository=f.RepositoryFactory(slug="gaimusho"))
    held = f.SourceFactory(series=series)
    f.SourceFactory()

    assert ids(api_client.get(URL, {"repository": "gaimusho"})) == [held.pk]


def test_number_filter_matches_the_whole_number(api_client):
    wanted = f.SourceFactory(number="464")
    f.SourceFactory(number="1464")
    classified = f.SourceFactory(number="2.5.1.106-4-7")

    assert ids(api_client.get(URL, {"number": "464"})) == [wanted.pk]
    assert ids(api_client.get(URL, {"number": "2.5.1.106-4-7"})) == [classified.pk]


def test_kind_filter(api_client):
    minutes = f.SourceFactory(kind="minutes")
    f.SourceFactory(kind="telegram")

    assert ids(api_client.get(URL, {"kind": "minutes"})) == [minutes.pk]


def test_language_filter(api_client):
    russian = f.LanguageFactory(code="ru", name="Russian", name_ja="ロシア語")
    ja = f.SourceFactory()
    ru = f.SourceFactory(languages=[russian])
    both = f.SourceFactory(languages=[russian, f.LanguageFactory()])

    assert sorted(ids(api_client.get(URL, {"language": "ru"}))) == sorted([ru.pk, both.pk])
    assert sorted(ids(api_client.get(URL, {"language": "ja"}))) == sorted([ja.pk, both.pk])


def test_date_filters_keep_every_source_whose_range_overlaps(api_client):
    september = dated(day(1923, 9, 1), day(1923, 9, 30), "month")
    whole_1924 = dated(day(1924, 1, 1), day(1924, 12, 31), "year")
    october_6 = dated(day(1924, 10, 6), day(1924, 10, 6))
    january_1925 = dated(day(1925, 1, 20), day(1925, 1, 20))
    undated = f.SourceFactory(date_start=None, date_end=None, date_precision="")

    def found(**params):
        return sorted(ids(api_client.get(URL, params)))

    assert found(date_from="1924-10") == sorted([whole_1924.pk, october_6.pk, january_1925.pk])
    assert found(date_to="1923") == [september.pk]
    assert found(date_from="1924-10-07", date_to="1924-12") == [whole_1924.pk]
    assert found(date_from="1923-09-30", date_to="1923-09-30") == [september.pk]
    assert found(date_from="大正13年10月6日", date_to="1924-10-06") == sorted(
        [whole_1924.pk, october_6.pk]
    )
    assert undated.pk not in found(date_from="1900")


def test_event_claim_and_agent_filters(api_client, stages):
    final, _, _ = stages
    documenting_source, cited, written = f.SourceFactory(), f.SourceFactory(), f.SourceFactory()
    event = documenting(documenting_source, stage=final)
    claim = cited_for(cited)
    f.EvidenceFactory(claim=claim, source=cited)  # a second locator: still listed once
    link = f.SourceAgentFactory(source=written)
    f.SourceAgentFactory(source=written, agent=link.agent, role="recipient")

    assert ids(api_client.get(URL, {"event": event.pk})) == [documenting_source.pk]
    assert ids(api_client.get(URL, {"claim": claim.pk})) == [cited.pk]
    assert ids(api_client.get(URL, {"agent": link.agent.pk})) == [written.pk]


def test_q_searches_titles_numbers_and_agent_names_in_any_script(api_client):
    agent = f.AgentNameFactory(value="ヨッフェ", language="ja", script="Jpan").agent
    f.AgentNameFactory(agent=agent, value="Иоффе", language="ru", script="Cyrl")
    by_joffe = f.SourceFactory(title="覚書")
    f.SourceAgentFactory(source=by_joffe, agent=agent)
    by_number = f.SourceFactory(number="585", title="Note")
    by_number.save()  # search text includes agents only once they are linked
    by_joffe.save()

    assert ids(api_client.get(URL, {"q": "иоффе"})) == [by_joffe.pk]
    assert ids(api_client.get(URL, {"q": "ヨッフエ"})) == [by_joffe.pk]
    assert ids(api_client.get(URL, {"q": "585"})) == [by_number.pk]


def test_ordering_by_date_title_and_series_ends_with_id(api_client):
    a = f.SourceFactory(
        title="B",
        date_start=day(1924, 1, 1),
        date_end=day(1924, 1, 1),
        series=f.SeriesFactory(slug="b-series"),
    )
    b = f.SourceFactory(
        title="A",
        date_start=day(1925, 1, 1),
        date_end=day(1925, 1, 1),
        series=f.SeriesFactory(slug="a-series"),
    )
    c = f.SourceFactory(
        title="A", date_start=day(1924, 1, 1), date_end=day(1924, 1, 1), series=b.series
    )

    assert ids(api_client.get(URL, {"ordering": "date"})) == [a.pk, c.pk, b.pk]
    assert ids(api_client.get(URL, {"ordering": "-date"})) == [b.pk, a.pk, c.pk]
    assert ids(api_client.get(URL, {"ordering": "title"})) == [b.pk, c.pk, a.pk]
    assert ids(api_client.get(URL, {"ordering": "series,-date"})) == [b.pk, c.pk, a.pk]


def test_pages_of_equal_dates_neither_overlap_nor_skip(api_client):
    created = [f.SourceFactory().pk for _ in range(7)]

    pages = [
        ids(api_client.get(URL, {"page": n, "page_size": 3, "ordering": "date"})) for n in (1, 2, 3)
    ]

    assert [pk for page in pages for pk in page] == sorted(created)


def test_filters_combine(api_client, stages):
    final, _, _ = stages
    russian = f.LanguageFactory(code="ru", name="Russian")
    ja_source, ru_source = f.SourceFactory(), f.SourceFactory(languages=[russian])
    cited_for(ja_source, stages=[final])
    cited_for(ru_source, stages=[final])

    assert ids(api_client.get(URL, {"stage": "peking-final", "language": "ja"})) == [ja_source.pk]


def test_a_source_carries_what_a_consumer_needs_without_a_second_request(api_client, stages):
    final, other, _ = stages
    repository = f.RepositoryFactory(slug="gaimusho", name="外務省", name_en="Foreign Ministry")
    series = f.SeriesFactory(
        slug="ngb-t13-1", title="日本外交文書 大正13年 第1冊", repository=repository
    )
    source = f.SourceFactory(
        series=series,
        number="464",
        pages="798–800",
        title="芳沢公使ヨリ幣原外務大臣宛電報",
        title_en="Yoshizawa to Shidehara",
        title_romanized="Yoshizawa kōshi yori",
        date_original="大正13年10月6日",
        external_id="ngb-t13-1/464",
    )
    author = f.AgentNameFactory(value="Yoshizawa Kenkichi").agent
    f.AgentNameFactory(agent=author, value="芳沢謙吉", language="ja", script="Jpan")
    f.SourceAgentFactory(source=source, agent=author, role="author")
    claim = cited_for(source, stages=[final])
    event = documenting(source, stage=other)
    documenting(source, stage=other, status="draft")

    record = api_client.get(f"{URL}{source.pk}/").json()

    assert record["series"] == {
        "id": series.pk,
        "slug": "ngb-t13-1",
        "title": "日本外交文書 大正13年 第1冊",
        "title_en": "",
        "abbreviation": "外文",
    }
    assert record["repository"]["slug"] == "gaimusho"
    assert record["repository"]["name"] == "外務省"
    assert (record["number"], record["pages"]) == ("464", "798–800")
    assert (record["date_start"], record["date_end"], record["date_precision"]) == (
        "1924-10-06",
        "1924-10-06",
        "day",
    )
    assert record["date_original"] == "大正13年10月6日"
    assert (record["title"], record["title_en"], record["title_romanized"]) == (
        "芳沢公使ヨリ幣原外務大臣宛電報",
        "Yoshizawa to Shidehara",
        "Yoshizawa kōshi yori",
    )
    assert record["languages"] == ["ja"]
    assert record["agents"] == [
        {
            "id": author.pk,
            "slug": author.slug,
            "kind": "person",
            "name": "Yoshizawa Kenkichi",
            "preferred_names": {"en": "Yoshizawa Kenkichi", "ja": "芳沢謙吉"},
            "role": "author",
        }
    ]
    assert record["external_id"] == "ngb-t13-1/464"
    assert "Yoshizawa to Shidehara" in record["citation"]
    assert "doc. 464" in record["citation"]
    assert record["citation_ja"] == "『日本外交文書』大正十三年第一冊、四六四文書"
    assert record["events"] == [event.pk]  # the draft event is not shown
    assert record["claims"] == [claim.pk]
    assert record["stages"] == ["peking-final", "peking-negotiation"]  # equal order: slug


def test_stages_of_a_source_follow_stage_order(api_client):
    early = f.StageFactory(slug="tokyo-preparatory", order=1)
    late = f.StageFactory(slug="peking-final", order=5)
    source = f.SourceFactory()
    cited_for(source, stages=[late])
    documenting(source, stage=early)

    assert api_client.get(f"{URL}{source.pk}/").json()["stages"] == [
        "tokyo-preparatory",
        "peking-final",
    ]


@pytest.mark.parametrize("ordering", [None, "date", "-date", "-date,title", "title"])
def test_stage_and_strategy_lists_keep_the_order_of_the_unfiltered_list(
    api_client, client, stages, ordering
):
    # The filtered list reads the date from the link rows (a better plan): the rows and their
    # order must be those of the whole list, undated sources and ties between series included.
    final, other, strategy = stages
    sources = [
        dated(day(1924, 5, 1), day(1924, 5, 1), title="b"),
        dated(None, None, precision="", title="a"),
        dated(day(1923, 9, 1), day(1923, 9, 30), precision="month", title="c"),
        dated(day(1924, 5, 1), day(1924, 5, 1), title="a"),
        dated(day(1925, 1, 20), day(1925, 1, 20), title="d"),
    ]
    for source in sources[:4]:
        cited_for(source, stages=[final], strategies=[strategy])
    cited_for(sources[4], stages=[other])
    query = {"ordering": ordering} if ordering else {}
    whole = [pk for pk in ids(api_client.get(URL, query)) if pk != sources[4].pk]

    for param in ({"stage": "peking-final"}, {"strategy": "time-buying"}):
        assert ids(api_client.get(URL, {**query, **param})) == whole
        page = client.get("/sources/", {**query, **param})
        assert [source.pk for source in page.context["sources"]] == whole


def test_a_stage_list_reads_the_date_from_the_link_rows(rf, stages):
    request = rf.get(URL, {"stage": "peking-final"})
    request.user = AnonymousUser()
    filterset = SourceFilter(request.GET, queryset=Source.objects.all(), request=request)
    assert 'ORDER BY "negotiations_sourcestage"."date_start"' in str(filterset.qs.query)
