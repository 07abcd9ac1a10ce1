"""What every API v1 viewset shares: permissions, read-after-write, stable ordering, id-or-slug
lookups and a 400 (not a 404) for an unknown `?format=`.

Reading is open to everyone: anonymous users (and logged-in users outside the archivists'
group) see published records only. Writing needs a token or a session of an archivist (a member
of settings.ARCHIVIST_GROUP) or a superuser.
"""

from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from simple_history.utils import update_change_reason

from core.derived import derived_deleting, derived_refresh, derived_snapshot
from core.permissions import IsArchivistOrReadOnly, is_public
from core.preconditions import version_checked, with_etag

# simple_history's change reason column.
CHANGE_REASON_LENGTH = 100


class ArchiveViewSet(viewsets.ModelViewSet):
    """What every API v1 viewset shares: permissions, read-after-write, stable ordering and a
    400 (not a 404) for an unknown `?format=`.

    `serializer_class` is the read representation, also returned by create and update;
    `write_serializer_class` validates what archivists send. Every write refreshes the derived
    data (search text) that reads the record, once its many-to-many rows are set.
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

    def change_reason(self) -> str:
        """The optional `change_reason` of a write, recorded on the history row it makes."""
        data = self.request.data
        reason = data.get("change_reason", "") if hasattr(data, "get") else ""
        if reason is None:
            return ""
        if not isinstance(reason, str) or len(reason) > CHANGE_REASON_LENGTH or "\x00" in reason:
            raise ValidationError(
                {"change_reason": [f"Enter a text of at most {CHANGE_REASON_LENGTH} characters."]},
                code="change_reason_invalid",
            )
        return reason.strip()

    def record_change_reason(self, instance, reason: str) -> None:
        if reason and hasattr(instance, "history"):
            update_change_reason(instance, reason)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        reason = self.change_reason()
        with transaction.atomic():
            instance = serializer.save()
            self.record_change_reason(instance, reason)
            derived_refresh([instance])
        return Response(self.read_representation(instance), status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        reason = self.change_reason()
        with version_checked(self, request):  # 428 without If-Match, 412 when stale
            serializer = self.get_serializer(self.get_object(), data=request.data, partial=partial)
            serializer.is_valid(raise_exception=True)
            # What reads the record before the write (an evidence row may get another source).
            before = derived_snapshot([serializer.instance])
            instance = serializer.save()
            self.record_change_reason(instance, reason)
            derived_refresh([instance], before=before)
        return Response(self.read_representation(instance))

    def perform_destroy(self, instance):
        with derived_deleting([instance]):
            super().perform_destroy(instance)

    def finalize_response(self, request, response, *args, **kwargs):
        if self.action in ("retrieve", "create", "update", "partial_update"):
            with_etag(response, getattr(response, "data", None))
        # Linked data describes records as they are read; an error or the answer to a write
        # is plain JSON whatever the client asked for.
        renderer = getattr(request, "accepted_renderer", None)
        linked = renderer is not None and renderer.media_type == "application/ld+json"
        if linked and (response.status_code >= 400 or self.action not in ("list", "retrieve")):
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)

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
                {"format": [f"Enter one of: {', '.join(dict.fromkeys(formats))}."]},
                code="format_unknown",
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
