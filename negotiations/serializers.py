"""Serializers of the analysis: conferences, stages, strategies, events, claims, evidence and
positions, each carrying what a consumer needs to follow it without a second request (a claim
its evidence down to the source and locator, a stage its conference, range and strategies).

Like the catalogue's, read serializers only touch what `for_detail()` prefetched, and write
serializers take related records by slug or id and run the model's validation.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalogue.models import Agent, Source, Work
from catalogue.serializers import AgentRefSerializer, SourceSummarySerializer, WorkRefSerializer
from core.serializers import DATE_FIELDS, ModelCleanMixin, PartialDateWriteMixin
from negotiations.locators import LocatorType
from negotiations.models import (
    Claim,
    Conference,
    Event,
    Evidence,
    Position,
    Stage,
    Strategy,
    WorkCitation,
)

SLUGS = {"type": "array", "items": {"type": "string"}}
IDS = {"type": "array", "items": {"type": "integer"}}


class ConferenceRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Conference
        fields = ["id", "slug", "name", "name_en"]


class StageRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Stage
        fields = ["id", "slug", "phase", "name", "name_en"]


class StrategyRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Strategy
        fields = ["id", "slug", "name", "name_en"]


class ConferenceSerializer(serializers.ModelSerializer):
    date_display = serializers.CharField(read_only=True)
    stages = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Conference
        fields = [
            "id",
            "version",
            "slug",
            "name",
            "name_en",
            "place",
            "parties",
            "description",
            "description_en",
            "order",
            *DATE_FIELDS,
            "stages",
        ]


class StageSerializer(serializers.ModelSerializer):
    conference = ConferenceRefSerializer(read_only=True)
    strategies = StrategyRefSerializer(many=True, read_only=True)
    date_display = serializers.CharField(read_only=True)

    class Meta:
        model = Stage
        fields = [
            "id",
            "version",
            "slug",
            "phase",
            "name",
            "name_en",
            "description",
            "description_en",
            "order",
            *DATE_FIELDS,
            "conference",
            "strategies",
        ]


class StrategySerializer(serializers.ModelSerializer):
    stages = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Strategy
        fields = [
            "id",
            "version",
            "slug",
            "name",
            "name_en",
            "definition",
            "definition_en",
            "order",
            "stages",
        ]


class LinkedSourceSerializer(serializers.Serializer):
    """A source linked to an event or a position, with where in it."""

    source = SourceSummarySerializer(read_only=True)
    locator = serializers.CharField(read_only=True)


class EventSourceSerializer(LinkedSourceSerializer):
    locator_type = serializers.ChoiceField(
        choices=LocatorType.choices,
        read_only=True,
        allow_blank=True,
        help_text="What `locator` counts: page, document, annex, date, paragraph, footnote, "
        "other; blank when the link names no place.",
    )
    note = serializers.CharField(read_only=True)


class EventSerializer(serializers.ModelSerializer):
    stage = StageRefSerializer(read_only=True, allow_null=True)
    actors = AgentRefSerializer(many=True, read_only=True)
    sources = EventSourceSerializer(source="event_sources", many=True, read_only=True)
    claims = serializers.SerializerMethodField(help_text="Ids of the claims about this event.")
    date_display = serializers.CharField(read_only=True)

    class Meta:
        model = Event
        fields = [
            "id",
            "version",
            "title",
            "title_en",
            "description",
            *DATE_FIELDS,
            "stage",
            "actors",
            "sources",
            "claims",
            "status",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(IDS)
    def get_claims(self, event) -> list[int]:
        return [claim.pk for claim in event.linked_claims]


class ClaimEvidenceSerializer(serializers.ModelSerializer):
    """One piece of evidence inside a claim: the source and exactly where."""

    source = SourceSummarySerializer(read_only=True)

    class Meta:
        model = Evidence
        fields = [
            "id",
            "source",
            "relation",
            "locator_type",
            "locator",
            "footnote",
            "quotation",
            "quotation_translation",
            "note",
        ]


class EvidenceSerializer(ClaimEvidenceSerializer):
    class Meta(ClaimEvidenceSerializer.Meta):
        fields = ["id", "version", "claim", *ClaimEvidenceSerializer.Meta.fields[1:], "order"]


class WorkCitationSerializer(serializers.ModelSerializer):
    """Secondary literature a claim's footnote cites, with the pages."""

    work = WorkRefSerializer(read_only=True)

    class Meta:
        model = WorkCitation
        fields = ["work", "pages", "footnote", "note"]


class ClaimSerializer(serializers.ModelSerializer):
    work = WorkRefSerializer(read_only=True)
    stages = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    strategies = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    events = serializers.SerializerMethodField(help_text="Ids of the events the claim is about.")
    evidence = ClaimEvidenceSerializer(many=True, read_only=True)
    literature = WorkCitationSerializer(source="work_citations", many=True, read_only=True)

    class Meta:
        model = Claim
        fields = [
            "id",
            "version",
            "work",
            "pages",
            "text",
            "text_en",
            "stages",
            "strategies",
            "events",
            "evidence",
            "literature",
            "status",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(IDS)
    def get_events(self, claim) -> list[int]:
        return [event.pk for event in claim.linked_events]


class PositionSerializer(serializers.ModelSerializer):
    party = AgentRefSerializer(read_only=True)
    stage = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    value_low = serializers.DecimalField(max_digits=6, decimal_places=2, coerce_to_string=False)
    value_high = serializers.DecimalField(max_digits=6, decimal_places=2, coerce_to_string=False)
    sources = LinkedSourceSerializer(source="position_sources", many=True, read_only=True)
    date_display = serializers.CharField(read_only=True)

    class Meta:
        model = Position
        fields = [
            "id",
            "version",
            "issue",
            "party",
            "stage",
            "value_low",
            "value_high",
            "unit",
            "statement",
            "statement_en",
            "agreed",
            *DATE_FIELDS,
            "sources",
        ]


# Writing -----------------------------------------------------------------------------------------


def _slugs(model, **kwargs):
    return serializers.SlugRelatedField(slug_field="slug", queryset=model.objects.all(), **kwargs)


class ConferenceWriteSerializer(
    PartialDateWriteMixin, ModelCleanMixin, serializers.ModelSerializer
):
    class Meta:
        model = Conference
        fields = [
            "slug",
            "name",
            "name_en",
            "place",
            "parties",
            "description",
            "description_en",
            "order",
            "date",
        ]


class StageWriteSerializer(PartialDateWriteMixin, ModelCleanMixin, serializers.ModelSerializer):
    conference = _slugs(Conference)

    class Meta:
        model = Stage
        fields = [
            "slug",
            "conference",
            "phase",
            "name",
            "name_en",
            "description",
            "description_en",
            "order",
            "date",
        ]


class StrategyWriteSerializer(ModelCleanMixin, serializers.ModelSerializer):
    stages = _slugs(Stage, many=True, required=False)

    class Meta:
        model = Strategy
        fields = ["slug", "name", "name_en", "definition", "definition_en", "order", "stages"]


class EventWriteSerializer(PartialDateWriteMixin, ModelCleanMixin, serializers.ModelSerializer):
    """An event; the sources documenting it are linked in the admin (with their locators)."""

    stage = _slugs(Stage, required=False, allow_null=True)
    actors = serializers.PrimaryKeyRelatedField(
        queryset=Agent.objects.all(), many=True, required=False
    )

    class Meta:
        model = Event
        fields = ["title", "title_en", "description", "date", "stage", "actors", "status"]


class ClaimWriteSerializer(ModelCleanMixin, serializers.ModelSerializer):
    """A claim; its evidence is written through /evidence/."""

    work = _slugs(Work)
    stages = _slugs(Stage, many=True, required=False)
    strategies = _slugs(Strategy, many=True, required=False)
    events = serializers.PrimaryKeyRelatedField(
        queryset=Event.objects.all(), many=True, required=False
    )

    class Meta:
        model = Claim
        fields = ["work", "pages", "text", "text_en", "stages", "strategies", "events", "status"]


class EvidenceWriteSerializer(ModelCleanMixin, serializers.ModelSerializer):
    claim = serializers.PrimaryKeyRelatedField(queryset=Claim.objects.all())
    source = serializers.PrimaryKeyRelatedField(queryset=Source.objects.all())

    class Meta:
        model = Evidence
        fields = [
            "claim",
            "source",
            "relation",
            "locator_type",
            "locator",
            "footnote",
            "quotation",
            "quotation_translation",
            "note",
            "order",
        ]
        validators = []  # full_clean() checks (claim, source, locator) with the model's message


class PositionWriteSerializer(PartialDateWriteMixin, ModelCleanMixin, serializers.ModelSerializer):
    """A position; its sources are linked in the admin (with their locators)."""

    party = serializers.PrimaryKeyRelatedField(queryset=Agent.objects.all())
    stage = _slugs(Stage, required=False, allow_null=True)

    class Meta:
        model = Position
        fields = [
            "issue",
            "party",
            "stage",
            "value_low",
            "value_high",
            "unit",
            "statement",
            "statement_en",
            "agreed",
            "date",
        ]
