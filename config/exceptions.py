"""API errors: the exception handler and how the OpenAPI schema documents what it returns.

Every error body is JSON: a 400 maps each bad parameter or field to a list of messages
(`{"date_from": ["Enter a date as YYYY, YYYY-MM or YYYY-MM-DD…"]}`) and adds `errors`, the same
errors as a list of `{"field", "code", "message"}` so that a client can act on the stable `code`
(`date_month_out_of_range`) rather than on the English message; every other error is
`{"detail": "…", "code": "…"}`, a server error included. A write that the database refuses
because other records still refer to the row (PROTECT) or because it would break a constraint
answers 409 instead of a 500. A stale If-Match answers 412 with the record's current `version`.
"""

import logging

from django.conf import settings
from django.db import DataError, IntegrityError
from django.db.models import ProtectedError, RestrictedError
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.api import ArchiveViewSet
from core.preconditions import PreconditionFailed, etag

logger = logging.getLogger("django.request")


ERROR_ITEM = {
    "type": "object",
    "required": ["field", "code", "message"],
    "properties": {
        "field": {
            "type": "string",
            "description": "The parameter or field; a nested one as `names.0.value`.",
        },
        "code": {
            "type": "string",
            "description": "Stable and machine-readable, e.g. date_month_out_of_range, "
            "invalid_choice, page_out_of_range (listed in docs/api.md).",
        },
        "message": {"type": "string", "description": "What is expected, in English."},
    },
}
VALIDATION_ERROR = {
    "type": "object",
    "description": "Each bad parameter or field, with what is expected; `errors` lists the same "
    "errors with a machine-readable code each.",
    "properties": {"errors": {"type": "array", "items": ERROR_ITEM}},
    "additionalProperties": {
        "anyOf": [
            {"type": "array", "items": {"type": "string"}},
            {"type": "string"},
            {"type": "object"},
        ]
    },
    "example": {
        "date_from": [
            "Enter a date as YYYY, YYYY-MM or YYYY-MM-DD (or 大正13年12月5日). "
            "1924-13: there is no month 13."
        ],
        "errors": [
            {
                "field": "date_from",
                "code": "date_month_out_of_range",
                "message": "Enter a date as YYYY, YYYY-MM or YYYY-MM-DD (or 大正13年12月5日). "
                "1924-13: there is no month 13.",
            }
        ],
    },
}
DETAIL_ERROR = {
    "type": "object",
    "required": ["detail", "code"],
    "properties": {
        "detail": {"type": "string"},
        "code": {"type": "string", "description": "What went wrong, for programs: not_found…"},
    },
}
STALE_ERROR = {
    "type": "object",
    "required": ["detail", "code", "version"],
    "properties": {
        "detail": {"type": "string"},
        "code": {"type": "string", "enum": ["stale_version"]},
        "version": {"type": "integer", "description": "The record's current version."},
    },
}
ERROR_RESPONSES = {
    "400": OpenApiResponse(
        VALIDATION_ERROR,
        description="A parameter or field is invalid; the body names each one.",
        examples=[
            OpenApiExample("Bad date", VALIDATION_ERROR["example"]),
            OpenApiExample(
                "Page out of range",
                {
                    "page": ["Enter a page number from 1 to 3 (or 'last')."],
                    "errors": [
                        {
                            "field": "page",
                            "code": "page_out_of_range",
                            "message": "Enter a page number from 1 to 3 (or 'last').",
                        }
                    ],
                },
            ),
        ],
    ),
    "401": OpenApiResponse(DETAIL_ERROR, description="Writing needs a token or a session."),
    "403": OpenApiResponse(DETAIL_ERROR, description="Only archivists may write."),
    "404": OpenApiResponse(DETAIL_ERROR, description="No such record (or not published)."),
    "406": OpenApiResponse(
        DETAIL_ERROR, description="The Accept header asks for no format served."
    ),
    "409": OpenApiResponse(
        DETAIL_ERROR, description="Other records still refer to this one, or a constraint holds."
    ),
    "412": OpenApiResponse(
        STALE_ERROR,
        description="The record changed since the version named in If-Match; the body and the "
        "ETag give its current version.",
    ),
    "415": OpenApiResponse(DETAIL_ERROR, description="The request body's media type is not read."),
    "428": OpenApiResponse(
        DETAIL_ERROR, description="A PUT or PATCH must send If-Match with the record's ETag."
    ),
    "429": OpenApiResponse(
        DETAIL_ERROR, description="Too many requests; Retry-After says how many seconds to wait."
    ),
    "500": OpenApiResponse(DETAIL_ERROR, description="A server error (reported to the team)."),
}
IF_MATCH = OpenApiParameter(
    "If-Match",
    {"type": "string", "pattern": r'^(W/)?"[0-9]+"$'},
    OpenApiParameter.HEADER,
    required=True,
    description='The ETag of the record as you read it (`"3"`): a stale one is refused with 412.',
)
ETAG = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=["200", "201", "412"],
    description='The record\'s version as an entity tag (`"3"`), for If-Match.',
)
RETRY_AFTER = OpenApiParameter(
    "Retry-After",
    OpenApiTypes.INT,
    OpenApiParameter.HEADER,
    response=["429"],
    description="Seconds to wait before the next request.",
)
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def exception_handler(exc, context):
    """DRF's handler, plus the coded `errors` list on a 400, 409 for writes the database refuses,
    412 with the current version, a `code` in every other error body and a JSON 500."""
    if isinstance(exc, ProtectedError | RestrictedError):
        names = sorted({str(obj._meta.verbose_name) for obj in exc.protected_objects})
        detail = "Other records still refer to this one: " + ", ".join(names) + "."
        return _error(detail, "protected", status.HTTP_409_CONFLICT)
    if isinstance(exc, DataError):
        # A value the database cannot store (serializers refuse the known cases first).
        detail = "The request contains a value the database cannot store."
        return _error(detail, "unstorable_value", status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, IntegrityError):
        detail = "The change conflicts with existing records."
        return _error(detail, "conflict", status.HTTP_409_CONFLICT)
    response = drf_exception_handler(exc, context)
    if response is None:
        if settings.DEBUG:
            return None  # Django's debug page, with the traceback
        request = context.get("request")
        logger.error(
            "Internal Server Error: %s",
            getattr(request, "path", "?"),
            exc_info=exc,
            extra={"status_code": 500, "request": getattr(request, "_request", None)},
        )
        return _error("Server error.", "server_error", status.HTTP_500_INTERNAL_SERVER_ERROR)
    if isinstance(exc, ValidationError) and isinstance(response.data, dict):
        # Added beside the per-parameter lists, which clients already read, not instead.
        response.data["errors"] = list(_coded(exc.detail))
    if isinstance(response.data, dict) and set(response.data) == {"detail"}:
        detail = getattr(exc, "detail", None)
        code = getattr(detail, "code", None) or getattr(exc, "default_code", None)
        response.data["code"] = code or _STATUS_CODES.get(response.status_code, "error")
    if isinstance(exc, PreconditionFailed):
        response.data["version"] = exc.current
        response["ETag"] = etag(exc.current)
    return response


_STATUS_CODES = {404: "not_found", 403: "permission_denied"}


def _error(detail: str, code: str, status_code: int) -> Response:
    return Response({"detail": detail, "code": code}, status=status_code)


def _coded(detail, field: str = ""):
    """Each message of a ValidationError's detail with its code and the path to its field."""
    if isinstance(detail, dict):
        for name, value in detail.items():
            yield from _coded(value, f"{field}.{name}" if field else str(name))
    elif isinstance(detail, list):
        for index, item in enumerate(detail):
            if isinstance(item, dict | list):
                yield from _coded(item, f"{field}.{index}")
            else:
                yield from _coded(item, field)
    else:
        code = getattr(detail, "code", None) or "invalid"
        yield {"field": field or "non_field_errors", "code": code, "message": str(detail)}


class AutoSchema(SpectacularAutoSchema):
    """Documents the error responses every operation can give, and uses a viewset's write
    serializer for request bodies while responses show the read representation."""

    def get_request_serializer(self):
        write = getattr(self.view, "write_serializer_class", None)
        if write is not None and self.method in {"POST", "PUT", "PATCH"}:
            return write
        return super().get_request_serializer()

    def get_response_serializers(self):
        if getattr(self.view, "write_serializer_class", None) is not None:
            if self.method in {"POST", "PUT", "PATCH"}:
                return self.view.serializer_class  # writes answer with the read representation
        return super().get_response_serializers()

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if not isinstance(self.view, ArchiveViewSet):
            return parameters
        action = getattr(self.view, "action", None)
        if action in ("update", "partial_update"):
            parameters = [*parameters, IF_MATCH]
        if action in ("retrieve", "create", "update", "partial_update"):
            parameters = [*parameters, ETAG]
        return [*parameters, RETRY_AFTER]

    def get_auth(self):
        auths = super().get_auth()
        if self.method in SAFE_METHODS and {} not in auths:
            # Reading is open (IsArchivistOrReadOnly): a token or session is optional, and
            # shows an archivist's drafts too.
            auths.append({})
        return auths

    def get_filter_backends(self):
        if getattr(self.view, "action", None) in getattr(self.view, "filtered_actions", ()):
            return getattr(self.view, "filter_backends", [])
        return super().get_filter_backends()

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        codes = ["400", "406", "429", "500"]
        if "{" in self.path:
            codes.append("404")
        if self.method in WRITE_METHODS:
            codes += ["401", "403", "409"]
            if self.method != "DELETE":
                codes.append("415")
            if self.method in ("PUT", "PATCH"):
                codes += ["412", "428"]
        for code in codes:
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    ERROR_RESPONSES[code], code, media_types=["application/json"]
                )
        return dict(sorted(responses.items()))


ERROR_COMPONENTS = {
    "ValidationError": VALIDATION_ERROR,
    "Error": DETAIL_ERROR,
    "StaleVersionError": STALE_ERROR,
}


def error_components(result, generator, request, public):
    """The error bodies as named components, referred to from every operation: one `Error`
    type for a client to catch, not a copy per operation and status (a drf-spectacular
    postprocessing hook)."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    for name, schema in ERROR_COMPONENTS.items():
        components[name] = schema
    for item in result.get("paths", {}).values():
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            for response in operation.get("responses", {}).values():
                media = response.get("content", {}).get("application/json")
                for name, schema in ERROR_COMPONENTS.items():
                    if media is not None and media.get("schema") == schema:
                        media["schema"] = {"$ref": f"#/components/schemas/{name}"}
    return result
