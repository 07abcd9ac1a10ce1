"""The researchers' pages over HTTP: content, lenient filtering, drafts hidden."""

import pytest
from django.urls import reverse

from negotiations.source_links import source_stage_links_refresh
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


def test_claim_page_lists_the_secondary_literature_its_footnote_cites(client, db):
    citation = f.WorkCitationFactory(
        work__authors="Lensen, G. A.", work__year=1970, pages="104", footnote="II-1 n.19"
    )
    html = client.get(citation.claim.get_absolute_url()).content.decode()
    assert "Lensen, G. A." in html and "104" in html and "II-1 n.19" in html
