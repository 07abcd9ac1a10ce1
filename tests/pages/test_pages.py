"""The researchers' pages over HTTP: content, lenient filtering, drafts hidden."""

import csv
import datetime
import io
import re
from html import unescape

import pytest
from django.conf import settings
from django.urls import reverse

from catalogue.models import Source
from negotiations.source_links import source_stage_links_refresh, sources_in_stage
from research import views as research_views
from research.views import SourceListView
from tests import factories as f


@pytest.fixture
def stage_with_sources(db):
    stage = f.StageFactory(slug="peking-final")
    claim = f.ClaimFactory(text="ソ連は政治的妥協を行った", text_en="The USSR compromised")
    claim.stages.add(stage)
    cited = f.EvidenceFactory(claim=claim, locator="286文書", footnote="II-3 n.29").source
    documented = f.EventSourceFactory(event__stage=stage).source
    other = f.SourceFactory(title="東京予備会議 会談記録")
    # Factories write rows directly; the stage links are derived from them.
    source_stage_links_refresh()
    return stage, claim, cited, documented, other


def test_home_page_links_to_every_section(client, stage_with_sources):
    response = client.get("/")
    assert response.status_code == 200
    for name in ("research:source-list", "research:claim-list", "research:stage-list"):
        assert reverse(name) in response.content.decode()


def test_sources_page_filters_by_stage_like_the_api(client, stage_with_sources):
    stage, _claim, cited, documented, other = stage_with_sources
    response = client.get("/sources/", {"stage": stage.slug})
    shown = set(response.context["sources"])
    assert shown == {cited, documented}
    api = client.get("/api/v1/sources/", {"stage": stage.slug}).json()
    assert api["count"] == response.context["paginator"].count == 2


def test_sources_page_finds_a_source_by_an_agents_name_in_another_script(client, db):
    link = f.SourceAgentFactory(agent__slug="joffe")
    f.AgentNameFactory(agent=link.agent, value="Иоффе", language="ru", script="Cyrl")
    f.AgentNameFactory(agent=link.agent, value="ヨッフェ", language="ja", script="Jpan")
    link.source.save()  # rebuilds its search text with the agent's names
    f.SourceFactory()
    for query in ("ヨッフェ", "Иоффе", "ﾖｯﾌｪ"):
        assert list(client.get("/sources/", {"q": query}).context["sources"]) == [link.source]


def test_facet_counts_say_how_many_results_each_link_gives(client, stage_with_sources):
    stage, *_ = stage_with_sources
    response = client.get("/sources/")
    facets = {facet.param: facet for facet in response.context["facets"]}
    stage_value = next(v for v in facets["stage"].values if v.value == stage.slug)
    followed = client.get(f"/sources/?{stage_value.query}")
    assert stage_value.count == followed.context["paginator"].count == 2


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"kind": "telegram"},
        {"kind": "telegram", "side": "japan"},
        {"repository": "gaimusho", "kind": "note"},
        {"series": "ngb", "side": "soviet", "language": "ja"},
        {"series": "ngb", "repository": "gaimusho", "kind": "telegram", "side": "japan"},
        {"stage": "peking-final", "kind": "note", "language": "ja"},
        {"q": "電報", "stage": "peking-final", "side": "soviet"},
    ],
)
def test_every_facet_count_is_what_its_link_gives_under_several_filters(client, db, filters):
    """Each facet is counted under the other active filters; the row facets (series,
    repository, kind, side) all come from one grouping read in Python, so any mix of them is
    checked against the lists their links give."""
    gaimusho = f.RepositoryFactory(slug="gaimusho")
    ngb = f.SeriesFactory(slug="ngb", repository=gaimusho)
    volume = f.SeriesFactory(slug="ngb-t13", repository=gaimusho, parent=ngb)
    dvp = f.SeriesFactory(slug="dvp", repository=f.RepositoryFactory(slug="mid"))
    ja, ru = f.LanguageFactory(code="ja"), f.LanguageFactory(code="ru")
    claim = f.ClaimFactory()
    claim.stages.add(f.StageFactory(slug="peking-final"))
    for n in range(24):
        source = f.SourceFactory(
            series=(ngb, volume, dvp)[n % 3],
            kind=("telegram", "note")[n % 2],
            side=("japan", "soviet", "")[n % 4 % 3],
            languages=[(ja, ru)[n % 5 % 2]],
        )
        if n % 3 != 1:
            f.EvidenceFactory(claim=claim, source=source)
    source_stage_links_refresh()
    response = client.get("/sources/", filters)
    # The list's count comes from the facets' grouping: checked against the filters' own query.
    assert response.context["paginator"].count == response.context["filter"].qs.count() > 0
    checked = 0
    for facet in response.context["facets"]:
        for value in facet.values:
            followed = client.get(f"/sources/?{value.query}").context["filter"].qs
            assert value.count == followed.count(), (facet.param, value.value)
            checked += 1
    assert checked >= 8


def test_unfiltered_facets_count_every_visible_source_and_no_draft(
    client, archivist_client, stage_with_sources
):
    """With no filter, the link facets count "every link but the hidden sources'": a draft
    source counts for archivists and not for the public, whatever it links to."""
    stage, *_ = stage_with_sources
    draft = f.EventSourceFactory(
        event__stage=stage, event__status="published", source__status="draft"
    ).source
    source_stage_links_refresh()

    def counts(reader):
        facets = {facet.param: facet for facet in reader.get("/sources/").context["facets"]}
        return {
            param: {value.value: value.count for value in facets[param].values}
            for param in ("stage", "language")
        }

    public, archivist = counts(client), counts(archivist_client)
    assert public["stage"][stage.slug] == 2
    assert archivist["stage"][stage.slug] == 3
    language = draft.languages.get().code
    assert archivist["language"][language] == public["language"].get(language, 0) + 1


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"date_from": "1924-13"}, "date_from"),
        ({"stage": "no-such-stage"}, "stage"),
        ({"agent": "abc"}, "agent"),
        ({"ordering": "colour"}, "ordering"),
        ({"language": "xx"}, "language"),
    ],
)
def test_unreadable_filter_shows_the_form_with_a_message(client, stage_with_sources, query, field):
    response = client.get("/sources/", query)
    assert response.status_code == 200
    assert response.context["filter"].errors[field]
    assert "could not be read" in response.content.decode()
    # The rest of the list is still shown: nothing else was filtered out.
    assert response.context["paginator"].count == 3


def test_unreadable_filter_is_left_out_but_the_others_still_apply(client, stage_with_sources):
    stage, *_ = stage_with_sources
    response = client.get("/sources/", {"stage": stage.slug, "date_from": "大正16年"})
    assert response.context["paginator"].count == 2
    assert "15th year" in str(response.context["filter"].errors["date_from"])


@pytest.mark.parametrize("page", ["abc", "999", "-1", "0"])
def test_any_page_number_shows_a_page(client, stage_with_sources, page):
    assert client.get("/sources/", {"page": page}).status_code == 200
    assert client.get("/claims/", {"page": page}).status_code == 200


def test_anonymous_readers_do_not_see_drafts(client, db):
    published = f.SourceFactory(status="published")
    draft = f.SourceFactory(status="draft")
    assert list(client.get("/sources/").context["sources"]) == [published]
    assert client.get(draft.get_absolute_url()).status_code == 404
    draft_claim = f.ClaimFactory(status="draft")
    assert client.get(draft_claim.get_absolute_url()).status_code == 404


def test_archivists_see_drafts_on_the_pages(archivist_client, db):
    draft = f.SourceFactory(status="draft")
    assert archivist_client.get(draft.get_absolute_url()).status_code == 200


def test_source_page_shows_citation_claims_events_and_stages(client, stage_with_sources):
    stage, claim, cited, _documented, _other = stage_with_sources
    response = client.get(cited.get_absolute_url())
    html = response.content.decode()
    assert response.context["citation"]
    assert claim.get_absolute_url() in html
    assert "286文書" in html and "II-3 n.29" in html
    assert response.context["stages"] == [stage]


def test_claim_page_groups_its_evidence_by_repository(client, db):
    claim = f.ClaimFactory()
    first = f.EvidenceFactory(claim=claim)
    second = f.EvidenceFactory(claim=claim)
    response = client.get(claim.get_absolute_url())
    repositories = [repository for repository, _rows in response.context["chain"]]
    assert set(repositories) == {first.source.series.repository, second.source.series.repository}
    html = response.content.decode()
    assert first.source.get_absolute_url() in html and second.source.get_absolute_url() in html


def test_stage_page_counts_the_sources_supporting_each_stage(client, stage_with_sources):
    stage, *_ = stage_with_sources
    response = client.get("/stages/")
    (shown,) = [s for s in response.context["stages"] if s.pk == stage.pk]
    assert shown.source_count == 2
    html = response.content.decode()
    assert "<svg" in html and f"/sources/?stage={stage.slug}" in html


def test_stage_page_lists_the_first_events_of_each_stage_and_links_to_the_rest(
    client, db, monkeypatch
):
    monkeypatch.setattr(research_views, "EVENTS_PER_STAGE", 2)
    stage = f.StageFactory(slug="peking-final")
    days = [datetime.date(1924, 5, d) for d in (3, 1, 2)]
    events = [f.EventFactory(stage=stage, date_start=d, date_end=d) for d in days]
    f.EventFactory(stage=None)
    f.EventFactory(stage=f.StageFactory(slug="tokyo-negotiation"))  # another stage: its own 2

    response = client.get("/stages/")

    (shown,) = [s for s in response.context["stages"] if s.pk == stage.pk]
    assert shown.event_list == [events[1], events[2]]
    assert shown.more_events == 1
    assert response.context["more_background"] == 0
    assert {mark.obj for mark in response.context["timeline"].marks} >= {events[1], events[2]}
    assert events[0] not in {mark.obj for mark in response.context["timeline"].marks}
    html = response.content.decode()
    assert f'href="/chronology/?stage={stage.slug}">1 more event in the chronology' in html


def test_positions_page_draws_one_line_per_party(client, db):
    soviet, japan = f.AgentFactory(slug="soviet"), f.AgentFactory(slug="japan")
    for party, value in ((soviet, 40), (soviet, 45), (japan, 60), (japan, 50)):
        f.PositionSourceFactory(
            position__party=party, position__value_low=value, position__value_high=value
        )
    response = client.get("/positions/")
    chart = response.context["chart"]
    assert sorted(len(series.points) for series in chart.series) == [2, 2]
    assert response.content.decode().count("<path") == 2


def test_csv_export_of_the_filtered_list(client, stage_with_sources):
    stage, *_ = stage_with_sources
    response = client.get("/sources/export.csv", {"stage": stage.slug})
    assert response["Content-Type"].startswith("text/csv")
    assert len(response.content.decode().strip().splitlines()) == 3  # header + 2 sources


def test_csv_export_holds_the_first_rows_up_to_the_limit_and_the_page_says_so(
    client, db, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(research_views, "EXPORT_LIMIT", 3)
    sources = [f.SourceFactory(date_start=d, date_end=d) for d in _days(5)]
    f.SourceDateFactory(source=sources[0], role="sent")

    with django_assert_max_num_queries(5):  # sources (+series); languages; dates; identifiers
        response = client.get("/sources/export.csv")

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [int(row["id"]) for row in rows] == [s.pk for s in sources[:3]]
    html = client.get("/sources/").content.decode()
    assert "(the first 3, in this order: narrow the filters for the rest)" in html
    assert (
        "narrow the filters"
        not in client.get("/sources/", {"q": sources[0].title}).content.decode()
    )


def _days(n):
    return [datetime.date(1924, 1, 1) + datetime.timedelta(days=k) for k in range(n)]


def test_claim_page_lists_the_secondary_literature_its_footnote_cites(client, db):
    citation = f.WorkCitationFactory(
        work__authors="Lensen, G. A.", work__year=1970, pages="104", footnote="II-1 n.19"
    )
    html = client.get(citation.claim.get_absolute_url()).content.decode()
    assert "Lensen, G. A." in html and "104" in html and "II-1 n.19" in html


def links(html: str, pattern: str) -> list[str]:
    """The hrefs of the page that match `pattern`, unescaped as a browser follows them."""
    return [unescape(href) for href in re.findall(rf'href="({pattern}[^"]*)"', html)]


def test_links_of_a_page_that_ignored_a_bad_filter_give_the_rows_it_shows(
    client, stage_with_sources, monkeypatch
):
    stage, *_ = stage_with_sources
    third = f.EventSourceFactory(event__stage=stage).source
    source_stage_links_refresh()  # factories bypass the write paths that keep the links
    monkeypatch.setattr(SourceListView, "paginate_by", 2)  # three rows: two pages
    query = {"stage": stage.slug, "date_from": "1924-13", "q": "", "agent": ""}

    # The empty ones are dropped by a redirect; the unreadable date stays, reported.
    response = client.get("/sources/", query, follow=True)
    assert response.redirect_chain == [(f"/sources/?stage={stage.slug}&date_from=1924-13", 302)]
    html = response.content.decode()
    expected = {s.pk for s in sources_in_stage(Source.objects.all(), stage, public=True)}
    assert third.pk in expected and len(expected) == 3
    assert response.context["paginator"].count == 3

    # The pager: the next page with the same filters, and nothing the page did not apply.
    (next_page,) = [unescape(h) for h in re.findall(r'href="([^"]*)" rel="next"', html)]
    assert next_page == f"?stage={stage.slug}&page=2"
    shown = {s.pk for s in response.context["sources"]}
    shown |= {s.pk for s in client.get("/sources/" + next_page).context["sources"]}
    assert shown == expected

    # The exports: the same rows as the page, not a 400 and not an empty file.
    (csv_link,) = links(html, "/sources/export.csv")
    assert csv_link == f"/sources/export.csv?stage={stage.slug}"
    exported = list(csv.DictReader(io.StringIO(client.get(csv_link).content.decode())))
    assert {int(row["id"]) for row in exported} == expected
    (json_link,) = links(html, "/api/v1/sources/export.json")
    response = client.get(json_link)
    assert response.status_code == 200
    assert len(response.json()) == 3
    for bibtex in links(html, "/api/v1/sources/export.bib"):
        assert client.get(bibtex).content.decode().count("@") == 3


def test_links_of_an_unfiltered_page_carry_no_query(client, stage_with_sources):
    response = client.get("/sources/", {"q": "", "date_to": ""}, follow=True)
    assert response.redirect_chain == [("/sources/", 302)]
    html = response.content.decode()
    assert links(html, "/sources/export.csv") == ["/sources/export.csv"]
    assert links(html, "/api/v1/sources/export.ris") == ["/api/v1/sources/export.ris"]


def test_a_japanese_reader_is_told_in_japanese_what_is_wrong_with_the_filters(client, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ja"
    response = client.get(
        "/sources/", {"date_from": "1924-13", "date_to": "大正16年", "stage": "nope"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "既存の段階のスラッグを入力してください（例：peking-final）。" in html
    assert "1924-13：13月という月はありません。" in html
    assert "大正16年はありません。大正は15年（1926年）で終わりました。" in html
    assert "日付は YYYY、YYYY-MM、YYYY-MM-DD" in html
    assert "there is no month" not in html and "Enter a date" not in html


def test_the_filter_form_shows_no_api_help_text_with_or_without_filters(client, db):
    # The help texts document API parameters ("Slug of a series"); readers see labels only.
    for query in ({}, {"kind": "telegram", "q": "Joffe"}):
        html = client.get("/sources/", query).content.decode()
        assert "Slug of a series" not in html and "Slug of a stage" not in html, query
        assert "Sources whose date range ends on or after this date." in html, query
