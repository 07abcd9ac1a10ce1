"""API v1 viewsets of the analysis. Events and claims are publishable: the public sees the
published ones; evidence is public when both its claim and its source are; conferences, stages,
strategies and positions have no status and are always visible (a position's draft sources are
left out of it for the public)."""

from core.api import ArchiveViewSet, SlugLookupMixin, slug_lookup_schema
from negotiations.filters import (
    ClaimFilter,
    ConferenceFilter,
    EventFilter,
    EvidenceFilter,
    PositionFilter,
    StageFilter,
    StrategyFilter,
)
from negotiations.models import Claim, Conference, Event, Evidence, Position, Stage, Strategy
from negotiations.serializers import (
    ClaimSerializer,
    ClaimWriteSerializer,
    ConferenceSerializer,
    ConferenceWriteSerializer,
    EventSerializer,
    EventWriteSerializer,
    EvidenceSerializer,
    EvidenceWriteSerializer,
    PositionSerializer,
    PositionWriteSerializer,
    StageSerializer,
    StageWriteSerializer,
    StrategySerializer,
    StrategyWriteSerializer,
)
from negotiations.source_links import (
    linked_source_ids,
    source_stage_links_refresh,
    source_stage_links_refresh_for,
)


class SourceLinksMixin:
    """Writes to claims, events, evidence and strategies change which sources support a stage
    or strategy: refresh the links of the sources linked before and after the write."""

    def _model(self):
        return self.get_queryset().model

    def create(self, request, *args, **kwargs):
        response = super().create(request, *args, **kwargs)
        source_stage_links_refresh_for(self._model(), [response.data["id"]])
        return response

    def update(self, request, *args, **kwargs):
        pk = self.get_object().pk
        before = linked_source_ids(self._model(), [pk])
        response = super().update(request, *args, **kwargs)
        source_stage_links_refresh_for(self._model(), [pk], before=before)
        return response

    def perform_destroy(self, instance):
        before = linked_source_ids(type(instance), [instance.pk])
        super().perform_destroy(instance)
        source_stage_links_refresh(before)


class ConferenceViewSet(ArchiveViewSet):
    """The four rounds of talks: Dairen, Changchun, Tokyo preliminary, Peking."""

    serializer_class = ConferenceSerializer
    write_serializer_class = ConferenceWriteSerializer
    filterset_class = ConferenceFilter

    def get_queryset(self):
        # Conference has no custom manager (models.py is not the API's to change): build the
        # named queryset directly.
        return self.stable(Conference.objects.for_detail())


@slug_lookup_schema("stage")
class StageViewSet(SlugLookupMixin, ArchiveViewSet):
    """Phases of a conference in the paper's periodisation, with their strategies."""

    serializer_class = StageSerializer
    write_serializer_class = StageWriteSerializer
    filterset_class = StageFilter

    def get_queryset(self):
        return self.stable(Stage.objects.for_detail())


@slug_lookup_schema("strategy")
class StrategyViewSet(SourceLinksMixin, SlugLookupMixin, ArchiveViewSet):
    """Soviet negotiating strategies and the stages the paper assigns them to."""

    serializer_class = StrategySerializer
    write_serializer_class = StrategyWriteSerializer
    filterset_class = StrategyFilter

    def get_queryset(self):
        return self.stable(Strategy.objects.for_detail())


class EventViewSet(SourceLinksMixin, ArchiveViewSet):
    """Events with their stage, actors, the sources documenting them and the claims about them."""

    serializer_class = EventSerializer
    write_serializer_class = EventWriteSerializer
    filterset_class = EventFilter

    def get_queryset(self):
        events = Event.objects.for_detail(public=self.public)
        return self.stable(events.published() if self.public else events)


class ClaimViewSet(SourceLinksMixin, ArchiveViewSet):
    """Claims of the secondary literature, each with its evidence down to the source."""

    serializer_class = ClaimSerializer
    write_serializer_class = ClaimWriteSerializer
    filterset_class = ClaimFilter

    def get_queryset(self):
        claims = Claim.objects.for_detail(public=self.public)
        return self.stable(claims.published() if self.public else claims)


class EvidenceViewSet(SourceLinksMixin, ArchiveViewSet):
    """Evidence rows: a source offered for a claim, with relation, locator and quotation."""

    serializer_class = EvidenceSerializer
    write_serializer_class = EvidenceWriteSerializer
    filterset_class = EvidenceFilter

    def get_queryset(self):
        evidence = Evidence.objects.for_detail()
        return self.stable(evidence.visible_to_public() if self.public else evidence)


class PositionViewSet(ArchiveViewSet):
    """Parties' stated positions on an issue (the North Sakhalin oil share), with sources."""

    serializer_class = PositionSerializer
    write_serializer_class = PositionWriteSerializer
    filterset_class = PositionFilter

    def get_queryset(self):
        return self.stable(Position.objects.for_detail(public=self.public))
