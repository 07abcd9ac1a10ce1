"""API v1 viewsets of the catalogue, and the pieces every viewset of the API shares.

Reading is open to everyone: anonymous users (and logged-in users outside the archivists'
group) see published sources only, and only the published events and claims linked to them.
Writing needs a token or a session of an archivist (a member of settings.ARCHIVIST_GROUP) or a
superuser. Querysets come from `for_detail()`, so lists cost a fixed number of queries.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from catalogue import citations
from catalogue.filters import (
    AgentFilter,
    RepositoryFilter,
    SeriesFilter,
    SourceFilter,
    WorkFilter,
    is_public,
)
from catalogue.models import Agent, Repository, Series, Source, Work
from catalogue.querysets import can_see_drafts
from catalogue.serializers import (
    AgentSerializer,
    AgentWriteSerializer,
    RepositorySerializer,
    RepositoryWriteSerializer,
    SeriesSerializer,
    SeriesWriteSerializer,
    SourceSerializer,
    SourceWriteSerializer,
    WorkSerializer,
    WorkWriteSerializer,
)

# A filtered export holds at most this many sources (in list order); narrow the filter for more.
EXPORT_LIMIT = 2000


class IsArchivistOrReadOnly(permissions.BasePermission):
    """Anyone may read; archivists (the group) and superusers may write."""

    message = "Only archivists may change records."

    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or can_see_drafts(request.user)


class ArchiveViewSet(viewsets.ModelViewSet):
    """What every API v1 viewset shares: permissions, read-after-write, stable ordering and a
    400 (not a 404) for an unknown `?format=`.

    `serializer_class` is the read representation, also returned by create and update;
    `write_serializer_class` validates what archivists send.
    """

    permission_classes = [IsArchivistOrReadOnly]
    write_serializer_class = None
    # Actions besides `list` that take the FilterSet's parameters (documented in the schema).
    filtered_actions: tuple[str, ...] = ()

    @cached_property
    def public(self) -> bool:
        """Whether this request sees published records only."""
        return is_public(self.request)

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return self.write_serializer_class
        return self.serializer_class

    def stable(self, queryset):
        """The model's default ordering with pk last, so pages neither overlap nor skip."""
        return queryset.order_by(*queryset.model._meta.ordering, "pk")

    def read_representation(self, instance) -> dict:
        fresh = self.get_queryset().get(pk=instance.pk)
        return self.serializer_class(fresh, context=self.get_serializer_context()).data

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        instance = serializer.save()
        return Response(self.read_representation(instance), status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        instance = serializer.save()
        return Response(self.read_representation(instance))

    def perform_content_negotiation(self, request, force=False):
        try:
            return super().perform_content_negotiation(request, force=force)
        except Http404:
            # An unknown `.xyz` suffix is an unknown URL (404); an unknown `?format=` is a bad
            # parameter.
            if self.format_kwarg or "format" not in request.query_params:
                raise
            formats = [renderer.format for renderer in self.get_renderers()]
            raise ValidationError(
                {"format": [f"Enter one of: {', '.join(dict.fromkeys(formats))}."]}
            ) from None


class SlugLookupMixin:
    """Detail URLs take an id (`/series/12/`) or a slug (`/series/ngb-t13-1/`)."""

    lookup_url_kwarg = "id_or_slug"

    def get_object(self):
        queryset = self.filter_queryset(self.get_queryset())
        value = self.kwargs[self.lookup_url_kwarg]
        lookup = {"pk": value} if value.isascii() and value.isdigit() else {"slug": value}
        obj = get_object_or_404(queryset, **lookup)
        self.check_object_permissions(self.request, obj)
        return obj


ID_OR_SLUG = OpenApiParameter(
    "id_or_slug",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="The record's id (12) or its slug (ngb-t13-1).",
)


def slug_lookup_schema(noun: str):
    """Document the id-or-slug path parameter on every detail operation."""
    detail = extend_schema(parameters=[ID_OR_SLUG])
    return extend_schema_view(
        retrieve=extend_schema(parameters=[ID_OR_SLUG], summary=f"Read one {noun}"),
        update=detail,
        partial_update=detail,
        destroy=detail,
    )


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


# Citation export ---------------------------------------------------------------------------------


class BibTeXRenderer(BaseRenderer):
    media_type = citations.MEDIA_TYPES["bib"]
    format = "bib"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        # A str (even an empty one: no sources matched) keeps DRF from dropping Content-Type.
        return citations.bibtex(data)


class RISRenderer(BaseRenderer):
    media_type = citations.MEDIA_TYPES["ris"]
    format = "ris"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return citations.ris(data)


class CSLJSONRenderer(JSONRenderer):
    media_type = citations.MEDIA_TYPES["json"]
    format = "json"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return super().render(citations.csl_json(data), accepted_media_type, renderer_context)


EXPORT_RENDERERS = [BibTeXRenderer, RISRenderer, CSLJSONRenderer]
EXPORT_ACTIONS = ("export", "export_one")
EXPORT_FORMAT = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    enum=["bib", "ris", "json"],
    description="bib = BibTeX, ris = RIS, json = CSL-JSON. The same as the URL suffix "
    "(export.bib, export.ris, export.json); without either, the Accept header decides and "
    "BibTeX is the default.",
)
CSL_ITEM = {
    "type": "object",
    "required": ["id", "type", "title"],
    "properties": {
        "id": {"type": "string"},
        "type": {"type": "string"},
        "title": {"type": "string"},
    },
    "additionalProperties": True,
}
EXPORT_RESPONSES = {
    (200, citations.MEDIA_TYPES["bib"]): OpenApiResponse(
        OpenApiTypes.STR,
        description="BibTeX: title in the original script, titleaddon with the romanised and "
        "English titles.",
        examples=[
            OpenApiExample(
                "BibTeX",
                "@incollection{ngb-t13-1-464,\n\ttitle = {芳沢公使ヨリ幣原外務大臣宛電報}, …}",
                media_type=citations.MEDIA_TYPES["bib"],
            )
        ],
    ),
    (200, citations.MEDIA_TYPES["ris"]): OpenApiResponse(
        OpenApiTypes.STR, description="RIS: TI the original title, TT the English one."
    ),
    (200, citations.MEDIA_TYPES["json"]): OpenApiResponse(
        {"type": "array", "items": CSL_ITEM},
        description="CSL-JSON items, for citeproc and citation managers.",
    ),
}


class SourceViewSet(ArchiveViewSet):
    """Primary sources, with the same filters as the /sources/ page."""

    serializer_class = SourceSerializer
    write_serializer_class = SourceWriteSerializer
    filterset_class = SourceFilter
    filtered_actions = ("export",)

    def get_queryset(self):
        sources = Source.objects.for_detail(public=self.public)
        return sources.published() if self.public else sources

    def finalize_response(self, request, response, *args, **kwargs):
        renderer = getattr(request, "accepted_renderer", None)
        exporting = renderer is None or isinstance(renderer, tuple(EXPORT_RENDERERS))
        if exporting and not isinstance(response.data, list):
            # What an export URL answers besides citations (a 400, a 404, a 405 for another
            # method, OPTIONS metadata, a bad ?format= found before any renderer was chosen) is
            # JSON like everywhere else in the API, not BibTeX.
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)

    def _export(self, sources) -> Response:
        extension = self.request.accepted_renderer.format
        return Response(
            sources,
            headers={"Content-Disposition": f'inline; filename="kosho-sources.{extension}"'},
        )

    @extend_schema(
        operation_id="v1_sources_export_list",
        summary="Export the filtered sources as citations",
        description="Every source the filters select (in list order, at most "
        f"{EXPORT_LIMIT}), as BibTeX, RIS or CSL-JSON. Also at /api/v1/sources/export.bib, "
        "export.ris and export.json.",
        parameters=[EXPORT_FORMAT],
        responses=EXPORT_RESPONSES,
    )
    @action(detail=False, renderer_classes=EXPORT_RENDERERS, pagination_class=None)
    def export(self, request, *args, **kwargs):
        return self._export(list(self.filter_queryset(self.get_queryset())[:EXPORT_LIMIT]))

    @extend_schema(
        operation_id="v1_sources_export_retrieve",
        summary="Export one source as a citation",
        description="Also at /api/v1/sources/{id}/export.bib, export.ris and export.json.",
        parameters=[EXPORT_FORMAT],
        responses=EXPORT_RESPONSES,
    )
    @action(
        detail=True,
        url_path="export",
        url_name="export-one",
        renderer_classes=EXPORT_RENDERERS,
        pagination_class=None,
    )
    def export_one(self, request, *args, **kwargs):
        return self._export([self.get_object()])
