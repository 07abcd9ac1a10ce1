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
from catalogue.identifiers import identifier_normalise
from catalogue.models import (
    Agent,
    AgentIdentifier,
    AgentName,
    Language,
    Repository,
    Series,
    Side,
    Source,
    SourceDate,
    SourceIdentifier,
    SourceRelation,
    Work,
)
from catalogue.services import source_dates_set
from core.models import date_columns
from core.serializers import DATE_FIELDS, ModelCleanMixin, PartialDateField, PartialDateWriteMixin


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


IDENTIFIER_FIELDS = ["type", "value", "note", "link", "digitised"]


class IdentifierSerializer(serializers.Serializer):
    """An identifier in another system and the link that opens what it names."""

    type = serializers.CharField(
        read_only=True, help_text="jacar, ngb, ndl, frus, url, wikidata, viaf, ndlna."
    )
    value = serializers.CharField(read_only=True)
    note = serializers.CharField(read_only=True)
    link = serializers.CharField(
        read_only=True, help_text="The page that opens it; empty where none is known."
    )
    digitised = serializers.BooleanField(
        read_only=True, help_text="Whether the link opens the document itself."
    )


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
    identifiers = IdentifierSerializer(many=True, read_only=True)

    class Meta(AgentRefSerializer.Meta):
        fields = [
            *AgentRefSerializer.Meta.fields,
            "version",
            "names",
            "note",
            "side",
            "identifiers",
        ]


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


class SourceDateSerializer(serializers.ModelSerializer):
    """One of a source's other dates: written, sent, received or published."""

    date_display = serializers.SerializerMethodField(
        help_text="The date and time as the reader's language writes them."
    )

    class Meta:
        model = SourceDate
        fields = ["role", *DATE_FIELDS, "time", "note"]

    @extend_schema_field(OpenApiTypes.STR)
    def get_date_display(self, row) -> str:
        return row.display()


class CitedSourceMixin(serializers.Serializer):
    """A source shown inside another record carries its English citation."""

    citation = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.STR)
    def get_citation(self, source) -> str:
        return citations.citation_en(source)


class SourceSummarySerializer(CitedSourceMixin, serializers.ModelSerializer):
    """A source as claims, events and positions show it: enough to cite and to follow."""

    series = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    date_display = serializers.CharField(read_only=True)

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
        fields = ["slug", "kind", "side", "note"]


class WorkWriteSerializer(ModelCleanMixin, serializers.ModelSerializer):
    language = serializers.SlugRelatedField(slug_field="code", queryset=Language.objects.all())

    class Meta:
        model = Work
        fields = WorkSerializer.Meta.fields[1:]


class SourceDateWriteSerializer(ModelCleanMixin, serializers.ModelSerializer):
    """A date of a source as an archivist types it: `{"role": "received", "date": "大正13年5月16日",
    "time": "09:40"}`."""

    date = PartialDateField(
        help_text="As for the source's own date: YYYY, YYYY-MM, YYYY-MM-DD, a range or "
        "Japanese era form (大正13年5月16日)."
    )
    # The row's source is the one being written, not yet known while the row is checked.
    clean_exclude = ("source",)

    class Meta:
        model = SourceDate
        fields = ["role", "date", "date_original", "time", "note"]

    def validate(self, attrs):
        parsed = attrs.pop("date", None)
        if not parsed:  # an empty text never reaches the parser
            raise serializers.ValidationError({"date": ["Give the date."]}, code="required")
        columns = date_columns(parsed)
        # The wording the date was typed in, unless the client sends it apart (an ISO date
        # with the document's "April 28—9:28 a.m.").
        if attrs.get("date_original"):
            columns["date_original"] = attrs["date_original"]
        attrs.update(columns)
        return super().validate(attrs)


class SourceWriteSerializer(PartialDateWriteMixin, ModelCleanMixin, serializers.ModelSerializer):
    """A source: agents (with their roles) are linked in the admin. `dates`, when sent,
    replaces the source's other dates."""

    series = serializers.SlugRelatedField(slug_field="slug", queryset=Series.objects.all())
    languages = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=Language.objects.all(), required=False
    )
    dates = SourceDateWriteSerializer(
        many=True,
        required=False,
        help_text="Its other dates (written, sent, received, published); when given, they "
        "replace the ones stored.",
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
            "dates",
        ]
        # Uniqueness (including the conditional series/number/pages rule) is checked by the
        # model's full_clean(), which knows the conditions DRF's together-validators ignore.
        validators = []
        extra_kwargs = {"number": {"required": False}, "pages": {"required": False}}

    def create(self, validated_data):
        dates = validated_data.pop("dates", None)
        source = super().create(validated_data)
        if dates is not None:
            source_dates_set(source=source, dates=dates)
        return source

    def update(self, instance, validated_data):
        dates = validated_data.pop("dates", None)
        source = super().update(instance, validated_data)
        if dates is not None:
            source_dates_set(source=source, dates=dates)
        return source


class IdentifierWriteMixin(ModelCleanMixin):
    def validate(self, attrs):
        attrs = super().validate(attrs)
        # Stored as the model's clean() writes it: a pasted URL cut down to the code.
        type = attrs.get("type", getattr(self.instance, "type", ""))
        if "value" in attrs or "type" in attrs:
            value = attrs.get("value", getattr(self.instance, "value", ""))
            attrs["value"] = identifier_normalise(type, value)
        return attrs


class SourceIdentifierSerializer(serializers.ModelSerializer):
    source = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = SourceIdentifier
        fields = ["id", "version", "source", *IDENTIFIER_FIELDS]


class SourceIdentifierWriteSerializer(IdentifierWriteMixin, serializers.ModelSerializer):
    source = serializers.PrimaryKeyRelatedField(queryset=Source.objects.all())

    class Meta:
        model = SourceIdentifier
        fields = ["source", "type", "value", "note"]
        validators = []  # full_clean() checks uniqueness with the model's message


class AgentIdentifierSerializer(serializers.ModelSerializer):
    agent = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = AgentIdentifier
        fields = ["id", "version", "agent", *IDENTIFIER_FIELDS]


class AgentIdentifierWriteSerializer(IdentifierWriteMixin, serializers.ModelSerializer):
    agent = serializers.PrimaryKeyRelatedField(queryset=Agent.objects.all())

    class Meta:
        model = AgentIdentifier
        fields = ["agent", "type", "value", "note"]
        validators = []


class RelatedSourceRefSerializer(CitedSourceMixin, serializers.ModelSerializer):
    """The source at the other end of a relation: enough to cite it and to open it."""

    series = SeriesRefSerializer(read_only=True)
    languages = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    digitised_url = serializers.SerializerMethodField()

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
            "languages",
            "citation",
            "digitised_url",
        ]

    @extend_schema_field(OpenApiTypes.STR)
    def get_digitised_url(self, source) -> str:
        return source.digitised_url()


class RelatedSourceSerializer(serializers.Serializer):
    """A relation read from one source's end (on that source's record)."""

    type = serializers.ChoiceField(
        choices=SourceRelation.Type.choices,
        allow_null=True,
        read_only=True,
        help_text="null for an edition reached through another (a chain of relations).",
    )
    label = serializers.CharField(read_only=True, help_text="The relation read from this end.")
    same_text = serializers.BooleanField(
        read_only=True, help_text="true: the same text; false: the other side's report."
    )
    side = serializers.ChoiceField(choices=Side.choices, allow_blank=True, read_only=True)
    note = serializers.CharField(read_only=True)
    source = RelatedSourceRefSerializer(read_only=True)


class SourceRelationSerializer(serializers.ModelSerializer):
    source = serializers.PrimaryKeyRelatedField(read_only=True)
    related = serializers.PrimaryKeyRelatedField(read_only=True)
    same_text = serializers.BooleanField(read_only=True)

    class Meta:
        model = SourceRelation
        fields = ["id", "version", "source", "type", "related", "same_text", "note"]


class SourceRelationWriteSerializer(ModelCleanMixin, serializers.ModelSerializer):
    source = serializers.PrimaryKeyRelatedField(queryset=Source.objects.all())
    related = serializers.PrimaryKeyRelatedField(queryset=Source.objects.all())

    class Meta:
        model = SourceRelation
        fields = ["source", "type", "related", "note"]
        validators = []
