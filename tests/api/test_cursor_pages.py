"""Cursor mode of the API lists: deep pages cost what the first does, in id order, and a bad
cursor is a 400 naming it."""

import pytest

from config.pagination import _cursor_encode
from core.paginator import EstimatedCountPaginator
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_following_next_walks_every_source_once_in_id_order(api_client):
    sources = [f.SourceFactory() for _ in range(7)]
    seen, url = [], "/api/v1/sources/?cursor=&page_size=3"
    while url:
        body = api_client.get(url).json()
        assert "count" not in body
        seen += [row["id"] for row in body["results"]]
        url = body["next"]
    assert seen == sorted(source.pk for source in sources)


def test_cursor_pages_keep_the_filters(api_client):
    ja = [f.SourceFactory(languages=[f.LanguageFactory(code="ja")]) for _ in range(3)]
    f.SourceFactory(languages=[f.LanguageFactory(code="ru")])
    body = api_client.get("/api/v1/sources/", {"cursor": "", "language": "ja"}).json()
    assert [row["id"] for row in body["results"]] == [source.pk for source in ja]


def test_cursor_mode_costs_the_same_at_any_depth(api_client, django_assert_num_queries):
    sources = [f.SourceAgentFactory().source for _ in range(6)]
    deep = _cursor_encode(sources[3].pk)
    # ids of the page; their record stamps; records not cached yet: the sources (+series,
    # repository); languages; agent links; names; other dates; identifiers; events; claims;
    # stage links — no count
    with django_assert_num_queries(11):
        assert api_client.get("/api/v1/sources/", {"cursor": deep}).status_code == 200


@pytest.mark.parametrize("cursor", ["zzz", _cursor_encode(1)[:-2] + "!!", "aWQ6eA"])
def test_a_bad_cursor_is_a_400_naming_it(api_client, cursor):
    response = api_client.get("/api/v1/sources/", {"cursor": cursor})
    assert response.status_code == 400
    assert "cursor" in response.json()


def test_cursor_and_ordering_together_are_a_400(api_client):
    response = api_client.get("/api/v1/sources/", {"cursor": "", "ordering": "title"})
    assert response.status_code == 400
    assert "ordering" in response.json()


def test_page_numbers_still_work(api_client):
    sources = [f.SourceFactory() for _ in range(3)]
    body = api_client.get("/api/v1/sources/", {"page": 2, "page_size": 2}).json()
    assert body["count"] == 3
    assert len(body["results"]) == 1 and body["results"][0]["id"] in {s.pk for s in sources}


def test_counts_past_the_limit_are_flagged_as_estimates(db):
    from catalogue.models import Source

    for _ in range(4):
        f.SourceFactory()
    exact = EstimatedCountPaginator(Source.objects.all(), 2)
    exact.exact_limit = 10
    assert (exact.count, exact.estimated) == (4, False)
    capped = EstimatedCountPaginator(Source.objects.all(), 2)
    capped.exact_limit = 2
    assert capped.count >= 3 and capped.estimated
