"""Serializers of the catalogue: what API consumers read and what archivists write.

Read serializers only touch what `for_detail()` loaded (select_related / prefetch_related), so a
page of 5 or 50 rows costs the same number of queries. Write serializers are separate, take
related records by slug (series, languages) or id, read dates as an archivist types them
(`"date": "大正13年10月6日"`), and run the model's own validation (`full_clean`) before saving,
so the API cannot store what the admin would refuse.
"""

import copy

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalogue import citations
from catalogue.dates import DateParseError, parse_partial_date
from catalogue.fields import date_columns
from catalogue.models import Agent, AgentName, Language, Repository, Series, Source, Work

DATE_FIELDS = [
    "date_start",
    "date_end",
    "date_precision",
    "date_approximate",
    "date_original",
    "date_display",
]


class RepositoryRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Repository
        fields = ["id", "slug", "name", "name_en"]


class RepositorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Repository
        fields = ["id", "slug", "name", "name_en", "name_romanized", "url"]


class SeriesRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Series
        fields = ["id", "slug", "title", "title_en", "abbreviation"]


class SeriesSerializer(serializers.ModelSerializer):
    repository = RepositoryRefSerializer(read_only=True)
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = Series
        fields = [
            "id",
            "slug",
            "kind",
            "title",
            "title_en",
            "title_romanized",
            "abbreviation",
            "year",
            "published",
            "order",
            "repository",
            "parent",
        ]


class AgentNameSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgentName
        fields = ["value", "language", "script", "transliteration", "preferred"]


class AgentRefSerializer(serializers.ModelSerializer):
    """An agent as other records show it: preferred name overall and in each language."""

    name = serializers.SerializerMethodField()
    preferred_names = serializers.SerializerMethodField()

    class Meta:
        model = Agent
        fields = ["id", "slug", "kind", "name", "preferred_names"]

    @extend_schema_field(OpenApiTypes.STR)
    def get_name(self, agent) -> str:
        return agent.preferred_name("en")

    @extend_schema_field(
        {
            "type": "object",
            "additionalProperties": {"type": "string"},
            "example": {"en": "Joffe", "ja": "ヨッフェ", "ru": "Иоффе"},
        }
    )
    def get_preferred_names(self, agent) -> dict:
        return {name.language: name.value for name in agent.names.all() if name.preferred}


class AgentSerializer(AgentRefSerializer):
    names = AgentNameSerializer(many=True, read_only=True)

    class Meta(AgentRefSerializer.Meta):
        fields = [*AgentRefSerializer.Meta.fields, "names", "note"]


class WorkRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Work
        fields = ["id", "slug", "authors", "authors_romanized", "year", "title", "title_en"]


class WorkSerializer(serializers.ModelSerializer):
    language = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Work
        fields = [
            "id",
            "slug",
            "kind",
            "authors",
            "authors_romanized",
            "title",
            "title_en",
            "title_romanized",
            "container_title",
            "volume",
            "pages",
            "publisher",
            "place",
            "year",
            "language",
            "url",
        ]


class SourceAgentSerializer(serializers.Serializer):
    """An agent of a source with the part they play in it."""

    id = serializers.IntegerField(source="agent.id", read_only=True)
    slug = serializers.CharField(source="agent.slug", read_only=True)
    kind = serializers.CharField(source="agent.kind", read_only=True)
    name = serializers.CharField(source="agent.preferred_name", read_only=True)
    preferred_names = serializers.SerializerMethodField()
    role = serializers.ChoiceField(choices=["author", "recipient", "mentioned"], read_only=True)

    @extend_schema_field(
        {"type": "object", "additionalProperties": {"type": "string"}, "example": {"en": "Joffe"}}
    )
    def get_preferred_names(self, link) -> dict:
        return {name.language: name.value for name in link.agent.names.all() if name.preferred}


class SourceSummarySerializer(serializers.ModelSerializer):
    """A source as claims, events and positions show it: enough to cite and to follow."""

    series = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    date_display = serializers.CharField(read_only=True)
    citation = serializers.SerializerMethodField()

    class Meta:
        model = Source
        fields = [
            "id",
            "series",
            "number",
            "pages",
            "kind",
            "title",
            "title_en",
            "date_display",
            "citation",
        ]

    @extend_schema_field(OpenApiTypes.STR)
    def get_citation(self, source) -> str:
        return citations.citation_en(source)


class SourceSerializer(serializers.ModelSerializer):
    """A full source record: everything a consumer needs without a second request."""

    series = SeriesRefSerializer(read_only=True)
    repository = RepositoryRefSerializer(source="series.repository", read_only=True)
    languages = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    agents = SourceAgentSerializer(source="source_agents", many=True, read_only=True)
    date_display = serializers.CharField(read_only=True)
    citation = serializers.SerializerMethodField(
        help_text="Chicago-like citation in English, the original-script title kept."
    )
    citation_ja = serializers.SerializerMethodField(
        help_text="The customary Japanese citation (『日本外交文書』大正十三年第一冊、四六四文書), "
        "or null for sources not cited in Japanese."
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
            "agents",
            "summary",
            "external_id",
            "url",
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

    @extend_schema_field({"type": "array", "items": {"type": "integer"}})
    def get_events(self, source) -> list[int]:
        return [event.pk for event in source.linked_events]

    @extend_schema_field({"type": "array", "items": {"type": "integer"}})
    def get_claims(self, source) -> list[int]:
        return sorted({claim.pk for claim in source.linked_claims})

    @extend_schema_field({"type": "array", "items": {"type": "string"}})
    def get_stages(self, source) -> list[str]:
        return [stage.slug for stage in source.supported_stages()]


# Writing -----------------------------------------------------------------------------------------


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    return False


class ModelCleanMixin:
    """Run the model's `full_clean()` (field rules, `clean()`, constraints) on what would be
    saved, and report its errors as a 400 on the fields they concern."""

    def to_internal_value(self, data):
        # PostgreSQL refuses NUL characters even in a lookup (a slug or code of a related
        # record), before DRF's own validators could answer: refuse them first, per field.
        if hasattr(data, "items"):
            pairs = data.lists() if hasattr(data, "lists") else data.items()  # form data: all
            bad = {
                name: ["Null characters are not allowed."]
                for name, value in pairs
                if name in self.fields and _has_nul(value)
            }
            if bad:
                raise serializers.ValidationError(bad)
        return super().to_internal_value(data)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        many = {f.name for f in model._meta.many_to_many}
        candidate = copy.copy(self.instance) if self.instance is not None else model()
        for name, value in attrs.items():
            if name not in many:
                setattr(candidate, name, value)
        try:
            candidate.full_clean(exclude=[*many, "search_text", "version"])
        except DjangoValidationError as error:
            raise serializers.ValidationError(serializers.as_serializer_error(error)) from error
        return attrs


class PartialDateWriteMixin(serializers.Serializer):
    """`date`: one field read by the catalogue's date parser into start, end and precision."""

    date = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        help_text="The date as YYYY, YYYY-MM, YYYY-MM-DD, a range (1924-05/1924-11) or in "
        "Japanese era form (大正13年10月6日); empty clears it.",
    )

    def validate_date(self, value):
        if not value.strip():
            return None
        try:
            return parse_partial_date(value)
        except DateParseError as error:
            raise serializers.ValidationError(str(error)) from error

    def validate(self, attrs):
        if "date" in attrs:
            attrs.update(date_columns(attrs.pop("date")))
        return super().validate(attrs)


class RepositoryWriteSerializer(ModelCleanMixin, serializers.ModelSerializer):
    class Meta:
        model = Repository
        fields = ["slug", "name", "name_en", "name_romanized", "url"]


class SeriesWriteSerializer(ModelCleanMixin, serializers.ModelSerializer):
    repository = serializers.SlugRelatedField(slug_field="slug", queryset=Repository.objects.all())
    parent = serializers.SlugRelatedField(
        slug_field="slug", queryset=Series.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = Series
        fields = SeriesSerializer.Meta.fields[1:]  # all but the id, which the server assigns


class AgentWriteSerializer(ModelCleanMixin, serializers.ModelSerializer):
    """Agents' names are entered in the admin, where the scripts can be checked side by side."""

    class Meta:
        model = Agent
        fields = ["slug", "kind", "note"]


class WorkWriteSerializer(ModelCleanMixin, serializers.ModelSerializer):
    language = serializers.SlugRelatedField(slug_field="code", queryset=Language.objects.all())

    class Meta:
        model = Work
        fields = WorkSerializer.Meta.fields[1:]


class SourceWriteSerializer(PartialDateWriteMixin, ModelCleanMixin, serializers.ModelSerializer):
    """A source: agents (with their roles) are linked in the admin."""

    series = serializers.SlugRelatedField(slug_field="slug", queryset=Series.objects.all())
    languages = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=Language.objects.all(), required=False
    )

    class Meta:
        model = Source
        fields = [
            "series",
            "number",
            "pages",
            "kind",
            "title",
            "title_en",
            "title_romanized",
            "languages",
            "date",
            "summary",
            "external_id",
            "url",
            "note",
            "status",
        ]
        # Uniqueness (including the conditional series/number/pages rule) is checked by the
        # model's full_clean(), which knows the conditions DRF's together-validators ignore.
        validators = []
        extra_kwargs = {"number": {"required": False}, "pages": {"required": False}}
