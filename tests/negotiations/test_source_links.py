"""The maintained source→stage and source→strategy links: the refresh follows the rule, and
every write path that changes claims, evidence, events or strategies keeps them current."""

import datetime

import pytest
import tablib
from django.urls import reverse
from rest_framework.test import APIClient

from catalogue.models import Source
from core.derived import derived_refresh
from negotiations.models import Evidence, SourceStage, SourceStrategy
from negotiations.resources import EvidenceResource
from negotiations.source_links import (
    source_stage_links_refresh,
    stage_and_strategy_counts,
    stage_counts,
    strategy_counts,
)
from tests import factories as f
from tests.admin_forms import form_data


@pytest.fixture
def archivist_api_client(archivist):
    client = APIClient()
    client.force_authenticate(archivist)
    return client


def stage_links():
    return set(SourceStage.objects.values_list("source_id", "stage__slug", "public"))


def strategy_links():
    return set(SourceStrategy.objects.values_list("source_id", "strategy__slug", "public"))


def test_refresh_links_sources_through_claims_and_events_and_marks_public_ones(db):
    stage = f.StageFactory(slug="peking-final")
    strategy = f.StrategyFactory(slug="time-buying")
    strategy.stages.add(stage)
    cited, documented, draft_only = f.SourceFactory(), f.SourceFactory(), f.SourceFactory()
    claim = f.ClaimFactory(status="published")
    claim.stages.add(stage)
    f.EvidenceFactory(claim=claim, source=cited)
    f.EventSourceFactory(event=f.EventFactory(stage=stage, status="published"), source=documented)
    f.EventSourceFactory(event=f.EventFactory(stage=stage, status="draft"), source=draft_only)

    source_stage_links_refresh()

    assert stage_links() == {
        (cited.pk, "peking-final", True),
        (documented.pk, "peking-final", True),
        (draft_only.pk, "peking-final", False),
    }
    # The claim is not tagged with the strategy; the events are in a stage it is assigned to.
    assert strategy_links() == {
        (documented.pk, "time-buying", True),
        (draft_only.pk, "time-buying", False),
    }


def test_refresh_of_some_sources_leaves_the_others_alone(db):
    stage = f.StageFactory()
    one, two = f.EventSourceFactory(event__stage=stage), f.EventSourceFactory(event__stage=stage)
    source_stage_links_refresh([one.source_id])
    assert set(SourceStage.objects.values_list("source_id", flat=True)) == {one.source_id}
    one.delete()
    source_stage_links_refresh([one.source_id, two.source_id])
    assert set(SourceStage.objects.values_list("source_id", flat=True)) == {two.source_id}


def test_admin_claim_save_with_inline_evidence_links_the_source(archivist_client):
    stage = f.StageFactory(slug="peking-final")
    claim = f.ClaimFactory(status="published")
    source = f.SourceFactory()
    url = reverse("admin:negotiations_claim_change", args=[claim.pk])
    data = form_data(
        archivist_client.get(url),
        "claim_form",
        stages=[str(stage.pk)],
        **{"evidence-0-source": str(source.pk), "evidence-0-relation": "supports"},
    )
    assert archivist_client.post(url, data).status_code == 302
    assert stage_links() == {(source.pk, "peking-final", True)}


def test_admin_unpublishing_a_claim_takes_its_sources_out_of_the_public_links(archivist_client):
    stage = f.StageFactory(slug="peking-final")
    claim = f.ClaimFactory(status="published")
    claim.stages.add(stage)
    source = f.EvidenceFactory(claim=claim).source
    source_stage_links_refresh()
    response = archivist_client.post(
        reverse("admin:negotiations_claim_changelist"),
        {"action": "unpublish", "_selected_action": [claim.pk]},
    )
    assert response.status_code == 302
    assert stage_links() == {(source.pk, "peking-final", False)}


def test_admin_deleting_evidence_unlinks_its_source(archivist_client):
    claim = f.ClaimFactory(status="published")
    claim.stages.add(f.StageFactory())
    evidence = f.EvidenceFactory(claim=claim)
    source_stage_links_refresh()
    assert stage_links()
    url = reverse("admin:negotiations_evidence_delete", args=[evidence.pk])
    assert archivist_client.post(url, {"post": "yes"}).status_code == 302
    assert stage_links() == set()


def test_admin_assigning_a_strategy_to_a_stage_links_the_stages_sources(archivist_client):
    stage = f.StageFactory()
    source = f.EventSourceFactory(event__stage=stage, event__status="published").source
    strategy = f.StrategyFactory(slug="linkage")
    url = reverse("admin:negotiations_strategy_change", args=[strategy.pk])
    data = form_data(archivist_client.get(url), "strategy_form", stages=[str(stage.pk)])
    assert archivist_client.post(url, data).status_code == 302
    assert strategy_links() == {(source.pk, "linkage", True)}


def test_api_evidence_create_and_move_relink_old_and_new_sources(archivist_api_client):
    stage = f.StageFactory(slug="peking-final")
    claim = f.ClaimFactory(status="published")
    claim.stages.add(stage)
    first, second = f.SourceFactory(), f.SourceFactory()
    response = archivist_api_client.post(
        "/api/v1/evidence/", {"claim": claim.pk, "source": first.pk}, format="json"
    )
    assert response.status_code == 201, response.content
    assert stage_links() == {(first.pk, "peking-final", True)}
    evidence = Evidence.objects.get()
    response = archivist_api_client.patch(
        f"/api/v1/evidence/{evidence.pk}/",
        {"source": second.pk},
        format="json",
        headers={"If-Match": f'"{evidence.version}"'},
    )
    assert response.status_code == 200, response.content
    assert stage_links() == {(second.pk, "peking-final", True)}


def test_api_publishing_an_event_makes_its_sources_public_links(archivist_api_client):
    stage = f.StageFactory(slug="peking-final")
    link = f.EventSourceFactory(event__stage=stage, event__status="draft")
    source_stage_links_refresh()
    response = archivist_api_client.patch(
        f"/api/v1/events/{link.event_id}/",
        {"status": "published"},
        format="json",
        headers={"If-Match": f'"{link.event.version}"'},
    )
    assert response.status_code == 200, response.content
    assert stage_links() == {(link.source_id, "peking-final", True)}


def test_csv_import_of_evidence_links_its_sources(db):
    stage = f.StageFactory(slug="peking-final")
    claim = f.ClaimFactory(status="published")
    claim.stages.add(stage)
    source = f.SourceFactory()
    dataset = tablib.Dataset(headers=["claim", "source", "relation"])
    dataset.append([claim.pk, source.pk, "supports"])
    result = EvidenceResource().import_data(dataset)
    assert not result.has_errors() and not result.has_validation_errors()
    assert stage_links() == {(source.pk, "peking-final", True)}


def link_dates():
    return {
        *SourceStage.objects.values_list("source_id", "date_start"),
        *SourceStrategy.objects.values_list("source_id", "date_start"),
    }


def test_links_keep_their_sources_date_through_an_api_edit(archivist_api_client):
    stage = f.StageFactory(slug="peking-final")
    f.StrategyFactory(slug="linkage").stages.add(stage)
    link = f.EventSourceFactory(event__stage=stage, event__status="published")
    source_stage_links_refresh()
    assert link_dates() == {(link.source_id, datetime.date(1924, 10, 6))}
    url = f"/api/v1/sources/{link.source_id}/"

    response = archivist_api_client.patch(
        url,
        {"date": "大正14年1月20日"},
        format="json",
        headers={"If-Match": archivist_api_client.get(url)["ETag"]},
    )

    assert response.status_code == 200, response.content
    assert link_dates() == {(link.source_id, datetime.date(1925, 1, 20))}


def test_links_keep_their_sources_date_through_an_admin_edit(archivist_client):
    stage = f.StageFactory(slug="peking-final")
    link = f.EventSourceFactory(event__stage=stage, event__status="published")
    source_stage_links_refresh()
    url = reverse("admin:catalogue_source_change", args=[link.source_id])

    data = form_data(archivist_client.get(url), "source_form", date="1925")

    assert archivist_client.post(url, data).status_code == 302
    assert link_dates() == {(link.source_id, datetime.date(1925, 1, 1))}


def test_a_source_losing_or_gaining_its_date_takes_its_links_with_it(db):
    link = f.EventSourceFactory(event__stage=f.StageFactory(), event__status="published")
    source_stage_links_refresh()
    Source.objects.filter(pk=link.source_id).update(date_start=None, date_end=None)

    derived_refresh(Source, [link.source_id])
    assert link_dates() == {(link.source_id, None)}

    day = datetime.date(1923, 9, 1)
    Source.objects.filter(pk=link.source_id).update(date_start=day, date_end=day)
    derived_refresh(Source, [link.source_id])
    assert link_dates() == {(link.source_id, day)}


@pytest.mark.parametrize("public", [True, False])
def test_stages_and_strategies_counted_together_are_what_each_count_gives(db, public):
    """The facets count stages and strategies in one query when both count over the same
    sources: the same figures as the two counts apart, over chosen sources, over all but the
    hidden ones, over all (nothing hidden) and over none."""
    stages = [f.StageFactory(), f.StageFactory()]
    strategy = f.StrategyFactory()
    strategy.stages.add(stages[1])
    sources = [f.SourceFactory(status="draft" if n == 4 else "published") for n in range(6)]
    for n, source in enumerate(sources):
        claim = f.ClaimFactory(status="draft" if n == 2 else "published")
        claim.stages.add(stages[n % 2])
        f.EvidenceFactory(claim=claim, source=source)
        if n % 3 == 0:
            f.EventSourceFactory(event=f.EventFactory(stage=stages[1]), source=source)
    source_stage_links_refresh()
    chosen = Source.objects.filter(pk__in=[s.pk for s in sources[1:5]])
    hidden = Source.objects.exclude(status="published")
    for over in (
        {"sources": chosen},
        {"hidden": hidden},
        {"hidden": Source.objects.none()},
        {"sources": Source.objects.none()},
    ):
        together = stage_and_strategy_counts(public=public, **over)
        apart = (stage_counts(public=public, **over), strategy_counts(public=public, **over))
        assert together == apart, over
    assert any(stage_and_strategy_counts(public=public, sources=chosen))
