"""API v1 viewsets of the archive: repositories, series, agents and works. Sources, whose full
record joins the analysis, are served by research.api."""

from catalogue.filters import (
    AgentFilter,
    AgentIdentifierFilter,
    RepositoryFilter,
    SeriesFilter,
    SourceIdentifierFilter,
    SourceRelationFilter,
    WorkFilter,
)
from catalogue.models import (
    Agent,
    AgentIdentifier,
    Repository,
    Series,
    SourceIdentifier,
    SourceRelation,
    Work,
)
from catalogue.serializers import (
    AgentIdentifierSerializer,
    AgentIdentifierWriteSerializer,
    AgentSerializer,
    AgentWriteSerializer,
    RepositorySerializer,
    RepositoryWriteSerializer,
    SeriesSerializer,
    SeriesWriteSerializer,
    SourceIdentifierSerializer,
    SourceIdentifierWriteSerializer,
    SourceRelationSerializer,
    SourceRelationWriteSerializer,
    WorkSerializer,
    WorkWriteSerializer,
)
from core.api import ArchiveViewSet, SlugLookupMixin, slug_lookup_schema


@slug_lookup_schema("repository")
class RepositoryViewSet(SlugLookupMixin, ArchiveViewSet):
    """Holding institutions and publishers: 外務省外交史料館, МИД СССР, Office of the Historian."""

    serializer_class = RepositorySerializer
    write_serializer_class = RepositoryWriteSerializer
    filterset_class = RepositoryFilter

    def get_queryset(self):
        return self.stable(Repository.objects.all())


@slug_lookup_schema("series")
class SeriesViewSet(SlugLookupMixin, ArchiveViewSet):
    """Collections inside a repository: record groups, published volumes, newspapers."""

    serializer_class = SeriesSerializer
    write_serializer_class = SeriesWriteSerializer
    filterset_class = SeriesFilter

    def get_queryset(self):
        return self.stable(Series.objects.select_related("repository", "parent"))


class AgentViewSet(ArchiveViewSet):
    """People, organisations and governments, with their names in every script."""

    serializer_class = AgentSerializer
    write_serializer_class = AgentWriteSerializer
    filterset_class = AgentFilter

    def get_queryset(self):
        return self.stable(Agent.objects.for_detail())


class WorkViewSet(ArchiveViewSet):
    """Secondary literature in which claims are made."""

    serializer_class = WorkSerializer
    write_serializer_class = WorkWriteSerializer
    filterset_class = WorkFilter

    def get_queryset(self):
        return self.stable(Work.objects.for_list())


class SourceIdentifierViewSet(ArchiveViewSet):
    """Identifiers of sources in other systems (JACAR reference code, NDL pid, FRUS document,
    外文 volume and page, a digitised copy's URL), each with the link that opens the original.
    A value is checked against its type's form; a pasted URL is cut down to the code."""

    serializer_class = SourceIdentifierSerializer
    write_serializer_class = SourceIdentifierWriteSerializer
    filterset_class = SourceIdentifierFilter

    def get_queryset(self):
        rows = SourceIdentifier.objects.all()
        return self.stable(rows.filter(source__status="published") if self.public else rows)


class AgentIdentifierViewSet(ArchiveViewSet):
    """Identifiers of agents in authority files: Wikidata, VIAF, NDL name authority."""

    serializer_class = AgentIdentifierSerializer
    write_serializer_class = AgentIdentifierWriteSerializer
    filterset_class = AgentIdentifierFilter

    def get_queryset(self):
        return self.stable(AgentIdentifier.objects.all())


class SourceRelationViewSet(ArchiveViewSet):
    """Sources that are the same text (`source` is an edition, translation, draft or excerpt
    of `related`) or report the same meeting from the other side. One row per pair; filter by
    `source` to get a source's relations from both ends."""

    serializer_class = SourceRelationSerializer
    write_serializer_class = SourceRelationWriteSerializer
    filterset_class = SourceRelationFilter

    def get_queryset(self):
        rows = SourceRelation.objects.all()
        if self.public:
            rows = rows.filter(source__status="published", related__status="published")
        return self.stable(rows)
