"""Benchmarks: they print figures and ratios against a baseline run in the same process.

Run with `make bench` (pytest -m benchmark -s). They assert only that the measured way and the
baseline give the same answer; speed is read from the printed figures, never asserted.
"""

import statistics
import time

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from catalogue.models import Agent, AgentName, Series, Source, SourceAgent
from core.derived import derived_refresh
from core.text import normalise
from tests.factories import RepositoryFactory

pytestmark = pytest.mark.benchmark

ROWS = 3000
NAMES = [
    ("ヨッフェ", "Иоффе", "Joffe"),
    ("カラハン", "Карахан", "Karakhan"),
    ("芳沢謙吉", "Ёсидзава", "Yoshizawa"),
]


def timed(fn, repeat=7):
    """Median wall time of `fn` in milliseconds, and its last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


@pytest.fixture
def catalogue_rows(db):
    series = Series.objects.create(
        repository=RepositoryFactory(), slug="bench", kind="volume", title="日本外交文書"
    )
    agents = []
    for i, names in enumerate(NAMES):
        agent = Agent.objects.create(slug=f"agent-{i}", kind="person")
        AgentName.objects.bulk_create(
            AgentName(agent=agent, value=v, language=lang, script=script, preferred=True)
            for v, lang, script in zip(
                names, ("ja", "ru", "en"), ("Jpan", "Cyrl", "Latn"), strict=True
            )
        )
        agents.append(agent)
    sources = Source.objects.bulk_create(
        Source(
            series=series,
            number=str(n),
            kind="telegram",
            title=f"電報 第{n}号",
            title_en=f"Telegram {n}",
            status="published",
        )
        for n in range(ROWS)
    )
    SourceAgent.objects.bulk_create(
        SourceAgent(source=s, agent=agents[n % len(agents)], role="author")
        for n, s in enumerate(sources)
    )
    Source.objects.all().refresh_search_text()


def test_benchmark_normalised_search_against_field_by_field_lookup(catalogue_rows):
    query = "Иоффе"

    def normalised():
        return set(Source.objects.search(query).values_list("pk", flat=True))

    def baseline():
        # What one would write without search_text: every field and every agent name, each
        # with a case-insensitive lookup (and still blind to ё/е and half-width kana).
        matches = Q()
        for field in ("title", "title_en", "title_romanized", "summary", "number"):
            matches |= Q(**{f"{field}__icontains": query})
        matches |= Q(agents__names__value__icontains=query)
        return set(Source.objects.filter(matches).values_list("pk", flat=True))

    fast_ms, fast = timed(normalised)
    slow_ms, slow = timed(baseline)
    assert fast == slow and len(fast) == ROWS // len(NAMES)
    print(
        f"\n[bench] search {ROWS} sources on {connection.vendor}: search_text {fast_ms:.1f} ms, "
        f"field-by-field baseline {slow_ms:.1f} ms, ratio {slow_ms / fast_ms:.1f}x"
    )
    assert normalise("ﾖｯﾌｪ") in Source.objects.search("ヨッフェ").first().search_text


def test_benchmark_list_page_prefetch_against_per_row_queries(catalogue_rows):
    def listed(qs):
        return [(s.series.title, [a.preferred_name("en") for a in s.agents.all()]) for s in qs]

    page = slice(0, 200)

    def bundled():
        with CaptureQueriesContext(connection) as captured:
            rows = listed(Source.objects.for_list()[page])
        return rows, len(captured)

    def per_row():
        with CaptureQueriesContext(connection) as captured:
            rows = listed(Source.objects.all()[page])
        return rows, len(captured)

    fast_ms, (fast, fast_queries) = timed(bundled, repeat=5)
    slow_ms, (slow, slow_queries) = timed(per_row, repeat=5)
    assert fast == slow
    print(
        f"\n[bench] 200-row list on {connection.vendor}: for_list() {fast_ms:.1f} ms in "
        f"{fast_queries} queries, per-row baseline {slow_ms:.1f} ms in {slow_queries} queries, "
        f"ratio {slow_ms / fast_ms:.1f}x"
    )


def test_benchmark_series_rename_refresh_against_saving_each_source(catalogue_rows):
    series = Series.objects.get(slug="bench")

    def refreshed():
        series.title = (
            "日本外交文書 大正十三年" if series.title == "日本外交文書" else "日本外交文書"
        )
        series.save()
        with CaptureQueriesContext(connection) as queries:
            derived_refresh([series])
        return len(queries), dict(Source.objects.values_list("pk", "search_text"))

    def baseline():
        # What a write path did by hand before: save every source of the series again.
        series.title = (
            "日本外交文書 大正十三年" if series.title == "日本外交文書" else "日本外交文書"
        )
        series.save()
        for source in Source.objects.filter(series=series):
            source.save(update_fields=["search_text"])
        return dict(Source.objects.values_list("pk", "search_text"))

    fast_ms, (query_count, fast) = timed(refreshed, repeat=2)
    slow_ms, slow = timed(baseline, repeat=2)
    assert fast == slow
    print(
        f"\n[bench] rename a series of {ROWS} sources on {connection.vendor}: derived_refresh "
        f"{fast_ms:.0f} ms in {query_count} queries, saving each source {slow_ms:.0f} ms, "
        f"ratio {slow_ms / fast_ms:.1f}x"
    )
