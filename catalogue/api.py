"""API v1 viewsets of the archive: repositories, series, agents and works. Sources, whose full
record joins the analysis, are served by research.api."""

from catalogue.filters import AgentFilter, RepositoryFilter, SeriesFilter, WorkFilter
from catalogue.models import Agent, Repository, Series, Work
from catalogue.serializers import (
    AgentSerializer,
    AgentWriteSerializer,
    RepositorySerializer,
    RepositoryWriteSerializer,
    SeriesSerializer,
    SeriesWriteSerializer,
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
        return self.stable(Agent.objects.for_list())


class WorkViewSet(ArchiveViewSet):
    """Secondary literature in which claims are made."""

    serializer_class = WorkSerializer
    write_serializer_class = WorkWriteSerializer
    filterset_class = WorkFilter

    def get_queryset(self):
        return self.stable(Work.objects.for_list())
