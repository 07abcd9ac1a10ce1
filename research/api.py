"""API v1 for sources: the full record (with its events, claims and stages) under the same
filters as the /sources/ page, and citation export of one source or a filtered list."""

from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.decorators import action
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from catalogue.models import Source
from catalogue.querysets import source_relations_attach
from catalogue.serializers import SourceWriteSerializer
from core.api import ArchiveViewSet
from negotiations.source_links import sources_with_links
from research import exports
from research.exports import EXPORT_LIMIT
from research.filters import SourceFilter
from research.records import cached_records, records_cached, with_record_keys
from research.serializers import SourceDetailSerializer, SourceSerializer

# Citation export ---------------------------------------------------------------------------------


def _base_url(renderer_context) -> str:
    """Scheme and host of the request, so that exports link back to the record absolutely."""
    request = (renderer_context or {}).get("request")
    return request.build_absolute_uri("/") if request is not None else ""


class BibTeXRenderer(BaseRenderer):
    media_type = exports.MEDIA_TYPES["bib"]
    format = "bib"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        # A str (even an empty one: no sources matched) keeps DRF from dropping Content-Type.
        return exports.bibtex(data, _base_url(renderer_context))


class RISRenderer(BaseRenderer):
    media_type = exports.MEDIA_TYPES["ris"]
    format = "ris"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return exports.ris(data, _base_url(renderer_context))


class CSLJSONRenderer(JSONRenderer):
    media_type = exports.MEDIA_TYPES["json"]
    format = "json"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        items = exports.csl_json(data, _base_url(renderer_context))
        return super().render(items, accepted_media_type, renderer_context)


class BibTeXTextRenderer(BibTeXRenderer):
    """BibTeX as text/plain, for `Accept: text/plain` (shown in a browser, read as text by
    clients that know no BibTeX media type)."""

    media_type = "text/plain"


class RISTextRenderer(RISRenderer):
    media_type = "text/plain"


# The first renderer of a format is its default (`*/*`); text/plain only when asked for.
EXPORT_RENDERERS = [
    BibTeXRenderer,
    RISRenderer,
    CSLJSONRenderer,
    BibTeXTextRenderer,
    RISTextRenderer,
]
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
    (200, exports.MEDIA_TYPES["bib"]): OpenApiResponse(
        OpenApiTypes.STR,
        description="BibTeX: title in the original script, titleaddon with the romanised and "
        "English titles.",
        examples=[
            OpenApiExample(
                "BibTeX",
                "@incollection{ngb-t13-1-464,\n\ttitle = {芳沢公使ヨリ幣原外務大臣宛電報}, …}",
                media_type=exports.MEDIA_TYPES["bib"],
            )
        ],
    ),
    (200, exports.MEDIA_TYPES["ris"]): OpenApiResponse(
        OpenApiTypes.STR, description="RIS: TI the original title, TT the English one."
    ),
    # Before CSL-JSON: generated clients (openapi-python-client) read a response as the first
    # media type they know, and this one makes them hand over the text of every format rather
    # than decode BibTeX as JSON.
    (200, "text/plain"): OpenApiResponse(
        OpenApiTypes.STR,
        description="BibTeX or RIS (as `format` or the suffix says, BibTeX by default) as "
        "text/plain, for `Accept: text/plain`.",
    ),
    (200, exports.MEDIA_TYPES["json"]): OpenApiResponse(
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
        sources = Source.objects.published() if self.public else Source.objects.all()
        # The record shows neither the search text nor the archivist's note.
        sources = sources.defer("search_text", "note")
        return sources_with_links(sources, public=self.public)

    def get_serializer_class(self):
        if self.action == "retrieve":
            return SourceDetailSerializer
        return super().get_serializer_class()

    def list(self, request, *args, **kwargs):
        # Public pages find their rows with one narrow query and take each record from the
        # cache, computing only those not there (research.records).
        if not (self.public and records_cached()):
            return super().list(request, *args, **kwargs)
        page = self.paginate_queryset(with_record_keys(self.filter_queryset(self.get_queryset())))
        return self.get_paginated_response(cached_records(page, self._records))

    def _records(self, pks) -> dict[int, dict]:
        sources = self.get_queryset().filter(pk__in=pks).order_by()
        return {record["id"]: record for record in self.get_serializer(sources, many=True).data}

    def get_object(self):
        source = super().get_object()
        if self.action == "retrieve":
            # Its editions and the other side's reports, for the detail's two lists.
            source_relations_attach([source], public=self.public)
        return source

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
            # RFC 6266 (filename and filename*), never an RFC 2047-encoded header.
            headers={
                "Content-Disposition": content_disposition_header(
                    False, f"kosho-sources.{extension}"
                )
            },
        )

    @extend_schema(
        operation_id="sources_export_list",
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
        operation_id="sources_export_retrieve",
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
