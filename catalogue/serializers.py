"""Serializers of the catalogue: what API consumers read and what archivists write.

Read serializers only touch what `for_detail()` loaded (select_related / prefetch_related), so a
page of 5 or 50 rows costs the same number of queries. Write serializers are separate, take
related records by slug (series, languages) or id, read dates as an archivist types them
(`"date": "大正13年10月6日"`), and run the model's own validation (`full_clean`) before saving,
so the API cannot store what the admin would refuse.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalogue import citations
from catalogue.models import Agent, AgentName, Language, Repository, Series, Source, Work
from core.serializers import ModelCleanMixin, PartialDateWriteMixin


class RepositoryRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Repository
        fields = ["id", "slug", "name", "name_en"]


class RepositorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Repository
        fields = ["id", "version", "slug", "name", "name_en", "name_romanized", "url"]


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
            "version",
            "slug",
            "kind",
            "title",
            "title_en",
            "title_romanized",
            "abbreviation",
            "year",
            "published",
            "volume",
            "editor",
            "publisher",
            "place",
            "publication_year",
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
        fields = [*AgentRefSerializer.Meta.fields, "version", "names", "note", "side"]


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
            "version",
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


# Writing -----------------------------------------------------------------------------------------


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
