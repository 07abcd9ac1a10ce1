"""Drafts never leak: a reader who may not see drafts gets exactly the answers they would get if
the drafts did not exist, from every filter of every API list and page, and every count."""

import datetime
import re
from types import SimpleNamespace

import pytest
from django.db.models import Q
from django_filters import ChoiceFilter, ModelChoiceFilter

from catalogue.models import Source, SourceAgent
from config.api import router
from core.filters import PartialDateFilter, SearchFilter, StableOrderingFilter
from negotiations.filters import ClaimFilter
from negotiations.models import Claim, Event, EventSource, Evidence, PositionSource
from research.filters import SourceFilter
from tests import factories as f

pytestmark = pytest.mark.django_db

DAY = datetime.date
DATES = ["1923", "1923-06", "1924-10", "1924-11", "1925"]
ARCHIVIST_REQUEST = SimpleNamespace(user=SimpleNamespace(is_authenticated=True, is_superuser=True))
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


def world():
    """Published records, each linked to a draft that would change some answer if it leaked."""
    ja, ru = f.LanguageFactory(code="ja"), f.LanguageFactory(code="ru", name="Russian")
    published_stage, draft_only_stage = f.StageFactory(), f.StageFactory()
    published_strategy, draft_only_strategy = f.StrategyFactory(), f.StrategyFactory()
    published_strategy.stages.add(published_stage)
    draft_only_strategy.stages.add(draft_only_stage)
    agent = f.AgentNameFactory().agent
    june = {"date_start": DAY(1923, 6, 1), "date_end": DAY(1923, 6, 30), "date_precision": "month"}
    source = f.SourceFactory(languages=[ja], **june)
    event = f.EventFactory(stage=published_stage, **june)
    f.EventSourceFactory(event=event, source=source)
    claim = f.ClaimFactory()
    claim.stages.add(published_stage)
    claim.strategies.add(published_strategy)
    claim.events.add(event)
    f.EvidenceFactory(claim=claim, source=source)
    position = f.PositionFactory(stage=published_stage, **june)
    f.PositionSourceFactory(position=position, source=source)

    november = {"date_start": DAY(1924, 11, 5), "date_end": DAY(1924, 11, 5)}
    draft_source = f.SourceFactory(status="draft", languages=[ru], title="下書き", **november)
    f.SourceAgentFactory(source=draft_source, agent=agent)
    f.EvidenceFactory(claim=claim, source=draft_source)
    f.PositionSourceFactory(position=position, source=draft_source)
    draft_event = f.EventFactory(status="draft", stage=draft_only_stage)
    draft_event.actors.add(agent)
    f.EventSourceFactory(event=draft_event, source=source)
    claim.events.add(draft_event)
    draft_claim = f.ClaimFactory(status="draft")
    draft_claim.stages.add(draft_only_stage)
    draft_claim.strategies.add(draft_only_strategy)
    f.EvidenceFactory(claim=draft_claim, source=source)


def drafts_remove():
    draft = "draft"
    Evidence.objects.filter(Q(source__status=draft) | Q(claim__status=draft)).delete()
    EventSource.objects.filter(Q(source__status=draft) | Q(event__status=draft)).delete()
    PositionSource.objects.filter(source__status=draft).delete()
    SourceAgent.objects.filter(source__status=draft).delete()
    Claim.events.through.objects.filter(event__status=draft).delete()
    Claim.objects.filter(status=draft).delete()
    Event.objects.filter(status=draft).delete()
    Source.objects.filter(status=draft).delete()


def values_for(flt) -> list[str]:
    """Values of a filter that could reach a draft: every row it names, dates, words."""
    if isinstance(flt, PartialDateFilter):
        return DATES
    if isinstance(flt, StableOrderingFilter):
        return []
    if isinstance(flt, ModelChoiceFilter):
        queryset = flt.extra["queryset"]
        if callable(queryset):  # per request: ask as an archivist, to reach the drafts too
            queryset = queryset(ARCHIVIST_REQUEST)
        field = flt.extra.get("to_field_name") or "pk"
        return [str(value) for value in queryset.values_list(field, flat=True)]
    if isinstance(flt, ChoiceFilter):
        return [str(value) for value, _label in flt.extra["choices"]]
    if isinstance(flt, SearchFilter):
        return ["下書き", "会談", "telegram"]
    return ["true", "false", "north-sakhalin-oil-share", "1"]


def id_values(model) -> list[str]:
    return [str(pk) for pk in model._default_manager.values_list("pk", flat=True)]


def requests() -> list[tuple[str, dict]]:
    """Every API list and page with every filter and every value that might reach a draft."""
    wanted = []
    for prefix, viewset, _basename in router.registry:
        url = f"/api/v1/{prefix}/"
        wanted.append((url, {}))
        filterset = getattr(viewset, "filterset_class", None)
        for name, flt in filterset.base_filters.items() if filterset else []:
            for value in values_for(flt):
                wanted.append((url, {name: value}))
    wanted += [("/api/v1/sources/export/", {"format": "csv"})]
    for url, filterset in (("/sources/", SourceFilter), ("/claims/", ClaimFilter)):
        wanted.append((url, {}))
        for name, flt in filterset.base_filters.items():
            for value in values_for(flt):
                wanted.append((url, {name: value}))
    wanted += [("/", {}), ("/stages/", {}), ("/positions/", {})]
    wanted += [(f"/api/v1/sources/{pk}/", {}) for pk in id_values(Source)]
    wanted += [(f"/api/v1/claims/{pk}/", {}) for pk in id_values(Claim)]
    wanted += [(f"/api/v1/events/{pk}/", {}) for pk in id_values(Event)]
    wanted += [(f"/sources/{pk}/", {}) for pk in id_values(Source)]
    wanted += [(f"/claims/{pk}/", {}) for pk in id_values(Claim)]
    return wanted


def answers(client, wanted) -> dict:
    result = {}
    for url, params in wanted:
        response = client.get(url, params)
        body = b"".join(response) if response.streaming else response.content
        result[(url, tuple(params.items()))] = (response.status_code, CSRF.sub(b"", body))
    return result


def test_a_reader_cannot_tell_that_drafts_exist(client):
    world()
    wanted = requests()
    assert len(wanted) > 200  # every filter of every list was walked

    with_drafts = answers(client, wanted)
    drafts_remove()
    without_drafts = answers(client, wanted)

    leaks = [key for key, answer in with_drafts.items() if answer != without_drafts[key]]
    assert leaks == []
