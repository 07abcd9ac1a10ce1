"""The API v1 router: every app registers its viewsets here."""

from django.http import JsonResponse
from django.urls import re_path
from django.views.decorators.csrf import csrf_exempt
from rest_framework.routers import DefaultRouter

from catalogue.api import (
    AgentIdentifierViewSet,
    AgentViewSet,
    RepositoryViewSet,
    SeriesViewSet,
    SourceIdentifierViewSet,
    SourceRelationViewSet,
    WorkViewSet,
)
from negotiations.api import (
    ClaimViewSet,
    ConferenceViewSet,
    EventViewSet,
    EvidenceViewSet,
    PositionViewSet,
    StageViewSet,
    StrategyViewSet,
)
from research.api import SourceViewSet


@csrf_exempt  # a 404 whatever the method: no CSRF 403 (in HTML) for a path that does not exist
def not_found(request, *args, **kwargs):
    """Any other path under /api/v1/: a JSON 404 like every other API error."""
    return JsonResponse({"detail": "Not found.", "code": "not_found"}, status=404)


class Router(DefaultRouter):
    """The default router, with a JSON 404 for paths it does not know (an id with a dot in it,
    a misspelt resource) instead of Django's HTML page."""

    def get_urls(self):
        return [*super().get_urls(), re_path(r"^.*$", not_found, name="not-found")]


router = Router()
router.register("repositories", RepositoryViewSet, basename="repository")
router.register("series", SeriesViewSet, basename="series")
router.register("sources", SourceViewSet, basename="source")
router.register("source-identifiers", SourceIdentifierViewSet, basename="source-identifier")
router.register("source-relations", SourceRelationViewSet, basename="source-relation")
router.register("agents", AgentViewSet, basename="agent")
router.register("agent-identifiers", AgentIdentifierViewSet, basename="agent-identifier")
router.register("works", WorkViewSet, basename="work")
router.register("conferences", ConferenceViewSet, basename="conference")
router.register("stages", StageViewSet, basename="stage")
router.register("strategies", StrategyViewSet, basename="strategy")
router.register("events", EventViewSet, basename="event")
router.register("claims", ClaimViewSet, basename="claim")
router.register("evidence", EvidenceViewSet, basename="evidence")
router.register("positions", PositionViewSet, basename="position")
