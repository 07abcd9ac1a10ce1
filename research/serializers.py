"""The full source record of the API: the archive's fields plus the events and claims it is
linked to and the stages it supports (which the analysis knows, not the archive)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalogue import citations
from catalogue.models import Side, Source
from catalogue.serializers import (
    IdentifierSerializer,
    RelatedSourceSerializer,
    RepositoryRefSerializer,
    SeriesRefSerializer,
    SourceAgentSerializer,
    SourceDateSerializer,
)
from core.serializers import DATE_FIELDS
from negotiations.source_links import supported_stages


class SourceSerializer(serializers.ModelSerializer):
    """A full source record: everything a consumer needs without a second request."""

    series = SeriesRefSerializer(read_only=True)
    repository = RepositoryRefSerializer(source="series.repository", read_only=True)
    languages = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    agents = SourceAgentSerializer(source="source_agents", many=True, read_only=True)
    date_display = serializers.CharField(read_only=True)
    dates = SourceDateSerializer(
        many=True,
        read_only=True,
        help_text="Its other dates (written, sent, received, published), in time order; the "
        "source's own date above is the one lists are ordered and filtered by.",
    )
    side = serializers.ChoiceField(
        choices=Side.choices,
        read_only=True,
        allow_blank=True,
        help_text="The side it speaks for: its first author's, else its repository's; blank "
        "when neither is known.",
    )
    citation = serializers.SerializerMethodField(
        help_text="Chicago-like citation in English, the original-script title kept."
    )
    citation_ja = serializers.SerializerMethodField(
        help_text="The customary Japanese citation (『日本外交文書』大正十三年第一冊、四六四文書), "
        "or null for sources not cited in Japanese."
    )
    # One nested serializer for the whole list (a method field built one per row).
    identifiers = IdentifierSerializer(
        source="identifier_list",
        many=True,
        read_only=True,
        help_text="Its identifiers in other systems (JACAR, NDL, FRUS, 外文 volume and page…), "
        "each with the link that opens it; the FRUS document of `external_id` among them.",
    )
    digitised_url = serializers.SerializerMethodField(
        help_text="Where the original can be read: the first identifier that opens the "
        "document, else `url`; empty where none is known."
    )
    events = serializers.SerializerMethodField(help_text="Ids of the events it documents.")
    claims = serializers.SerializerMethodField(help_text="Ids of the claims it is evidence for.")
    stages = serializers.SerializerMethodField(
        help_text="Slugs of the stages it supports (through those claims and events)."
    )

    class Meta:
        model = Source
        fields = [
            "id",
            "version",
            "series",
            "repository",
            "number",
            "pages",
            "kind",
            "title",
            "title_en",
            "title_romanized",
            "languages",
            *DATE_FIELDS,
            "dates",
            "agents",
            "side",
            "summary",
            "external_id",
            "url",
            "identifiers",
            "digitised_url",
            "status",
            "citation",
            "citation_ja",
            "events",
            "claims",
            "stages",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(OpenApiTypes.STR)
    def get_citation(self, source) -> str:
        return citations.citation_en(source)

    @extend_schema_field({"type": "string", "nullable": True})
    def get_citation_ja(self, source) -> str | None:
        return citations.citation_ja(source) or None

    @extend_schema_field(OpenApiTypes.STR)
    def get_digitised_url(self, source) -> str:
        return source.digitised_url()

    @extend_schema_field({"type": "array", "items": {"type": "integer"}})
    def get_events(self, source) -> list[int]:
        return [event.pk for event in source.linked_events]

    @extend_schema_field({"type": "array", "items": {"type": "integer"}})
    def get_claims(self, source) -> list[int]:
        return sorted({claim.pk for claim in source.linked_claims})

    @extend_schema_field({"type": "array", "items": {"type": "string"}})
    def get_stages(self, source) -> list[str]:
        return [stage.slug for stage in supported_stages(source)]


class SourceDetailSerializer(SourceSerializer):
    """One source's record: the list's fields plus its related sources."""

    editions = serializers.SerializerMethodField(
        help_text="The same text elsewhere: editions, translations, drafts, excerpts, with the "
        "relation read from this source's end."
    )
    other_side_reports = serializers.SerializerMethodField(
        help_text="Reports of the same meeting or event from another side."
    )

    class Meta(SourceSerializer.Meta):
        fields = [*SourceSerializer.Meta.fields, "editions", "other_side_reports"]

    @extend_schema_field(RelatedSourceSerializer(many=True))
    def get_editions(self, source) -> list[dict]:
        return RelatedSourceSerializer(source.editions(), many=True).data

    @extend_schema_field(RelatedSourceSerializer(many=True))
    def get_other_side_reports(self, source) -> list[dict]:
        return RelatedSourceSerializer(source.other_side_reports(), many=True).data
