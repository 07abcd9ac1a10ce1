import io
import re
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client

from catalogue.models import Agent, AgentName, Source
from negotiations.models import Claim, Event, EventSource, Evidence
from research.corpus import CorpusExists, corpus_generate, corpus_prefix, corpus_sources
from tests import factories as f

N = 400
# The seed of the corpus the read-only tests share (generated once for the module).
SHARED = 2


@pytest.fixture(scope="module")
def shared_corpus(django_db_setup, django_db_blocker):
    """A corpus of N sources for the tests that only read it, rolled back after the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        corpus_generate(sources=N, seed=SHARED)
        with django_db_blocker.block():
            yield
        transaction.set_rollback(True)


def snapshot(seed: int) -> dict:
    """The generated rows of one seed by their natural keys (primary keys and times differ)."""
    sources = corpus_sources(seed).order_by("external_id")
    prefix = corpus_prefix(seed)
    claims = {
        pk: n
        for n, pk in enumerate(
            Claim.objects.filter(pk__in=Evidence.objects.filter(source__in=sources).values("claim"))
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    }
    return {
        "sources": list(
            sources.values_list(
                "external_id",
                "series__slug",
                "number",
                "pages",
                "kind",
                "title",
                "title_en",
                "title_romanized",
                "summary",
                "date_start",
                "date_end",
                "date_precision",
                "date_approximate",
                "date_original",
                "status",
                "search_text",
            )
        ),
        "agents": sorted(
            AgentName.objects.filter(agent__slug__startswith=prefix).values_list(
                "agent__slug", "value", "language", "script", "transliteration", "preferred"
            )
        ),
        "links": sorted(
            sources.values_list(
                "external_id",
                "source_agents__agent__slug",
                "source_agents__role",
                "languages__code",
            )
        ),
        "events": sorted(
            EventSource.objects.filter(source__in=sources).values_list(
                "event__title", "event__date_start", "event__stage__slug", "source__external_id"
            )
        ),
        "evidence": sorted(
            (claims[claim], external_id, relation, locator)
            for claim, external_id, relation, locator in Evidence.objects.filter(
                source__in=sources
            ).values_list("claim", "source__external_id", "relation", "locator")
        ),
    }


def test_same_seed_writes_the_same_rows_and_another_seed_others(db):
    with transaction.atomic():
        corpus_generate(sources=N, seed=7)
        first = snapshot(7)
        transaction.set_rollback(True)
    corpus_generate(sources=N, seed=7)
    assert snapshot(7) == first
    corpus_generate(sources=N, seed=8)
    other = snapshot(8)
    assert len(other["sources"]) == N
    assert [row[5] for row in other["sources"]] != [row[5] for row in first["sources"]]


def test_corpus_has_the_catalogues_proportions(db):
    report = corpus_generate(sources=1000, seed=1)
    sources = corpus_sources(1)
    assert report.counts["sources"] == sources.count() == 1000
    assert Agent.objects.filter(slug__startswith="corpus1-").count() == 30
    assert report.counts["events"] == 20 and report.counts["claims"] == 10
    # evidence on 30 % of the sources, one row each; every source has 2–3 agents
    assert Evidence.objects.filter(source__in=sources).values("source").distinct().count() == 300
    per_source = Counter(sources.values_list("source_agents__source", flat=True))
    assert set(per_source.values()) <= {2, 3} and len(per_source) == 1000
    assert Source.objects.filter(pk__in=sources, languages__isnull=True).count() == 0
    # events are documented by sources and placed in the stage their date falls in
    assert EventSource.objects.filter(source__in=sources).count() >= 2 * 20
    for event in Event.objects.filter(event_sources__source__in=sources).distinct():
        assert event.stage is None or event.stage.covers(event.date_start, event.date_end)


def test_sources_mix_scripts_partial_dates_and_era_originals(shared_corpus, db):
    sources = corpus_sources(SHARED)
    titles = " ".join(sources.values_list("title", flat=True))
    assert re.search(r"[\u4e00-\u9fff]", titles) and re.search(r"[\u30a0-\u30ff]", titles)
    assert re.search(r"[а-я]", titles) and re.search(r"[a-z]", titles)
    precisions = set(sources.values_list("date_precision", flat=True))
    assert {"day", "month", "year"} <= precisions
    originals = list(sources.values_list("date_original", flat=True))
    assert any(re.fullmatch(r"大正\d+年\d+月", o) for o in originals)
    assert sources.filter(date_approximate=True).exists()
    assert {
        d.year for d in sources.exclude(date_start=None).values_list("date_start", flat=True)
    } <= set(range(1918, 1927))
    scripts = Counter(
        AgentName.objects.filter(agent__slug__startswith=f"corpus{SHARED}-").values_list(
            "script", flat=True
        )
    )
    assert {"Jpan", "Cyrl", "Latn"} <= set(scripts)


def test_search_text_is_what_the_refresh_service_would_write(shared_corpus, db):
    assert corpus_sources(SHARED).refresh_search_text() == 0
    assert corpus_sources(SHARED).refresh_side() == 0
    assert corpus_sources(SHARED).exclude(side="").exists()
    assert corpus_sources(SHARED).refresh_language_codes() == 0
    assert not corpus_sources(SHARED).filter(language_codes="").exists()
    assert Agent.objects.filter(slug__startswith=f"corpus{SHARED}-").refresh_search_text() == 0
    assert Event.objects.all().refresh_search_text() == 0
    assert Claim.objects.all().refresh_search_text() == 0
    # agents' names in other scripts are searchable on their sources
    source = corpus_sources(SHARED).first()
    agent = source.agents.first()
    assert set(corpus_sources(SHARED).search(agent.preferred_name("ru"))) >= {source}


def test_corpus_is_mostly_published_with_history(shared_corpus, db):
    sources = corpus_sources(SHARED)
    drafts = sources.filter(status="draft").count()
    assert 0 < drafts < N * 0.1
    assert Source.history.filter(external_id__startswith=f"corpus{SHARED}/").count() == N
    published = Client().get("/api/v1/sources/", {"q": f"corpus{SHARED}"}).json()["count"]
    assert published == N - drafts


def test_ordinary_writes_work_after_the_corpus(db):
    corpus_generate(sources=50, seed=5)
    source = f.SourceFactory()
    assert source.pk > corpus_sources(5).order_by("-pk").first().pk


def test_a_seed_is_written_once(db):
    corpus_generate(sources=20, seed=6)
    with pytest.raises(CorpusExists):
        corpus_generate(sources=20, seed=6)
    with pytest.raises(CommandError, match="seed 6"):
        call_command("generate_corpus", "--sources", "20", "--seed", "6")


def test_command_prints_progress_and_summary(db):
    out = io.StringIO()
    call_command("generate_corpus", "--sources", "30", "--seed", "9", stdout=out)
    assert "sources: 30/30" in out.getvalue()
    assert "Corpus (seed 9)" in out.getvalue() and "30 sources" in out.getvalue()
    with pytest.raises(CommandError, match="--sources"):
        call_command("generate_corpus", "--sources", "0")
