"""No lost edits through the API: a record's representation carries its `version`, its detail
answers with `ETag: "<version>"`, and a PUT or PATCH must send `If-Match` with the version it
was made from.

The check and the save happen in one transaction with the row locked (select_for_update on
PostgreSQL; on SQLite the IMMEDIATE transaction already serialises writers), so of two clients
that read version 3 and both write, one gets version 4 and the other a 412 with the current
version, never a silent overwrite.
"""

import re
from contextlib import contextmanager

from django.db import transaction
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError

_ETAG = re.compile(r'\s*(?:W/)?"(\d+)"\s*')


class PreconditionRequired(APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_code = "precondition_required"
    default_detail = (
        'Send If-Match with the ETag of the record you changed (If-Match: "3"), so that no one '
        "else's edit is overwritten. GET the record to learn its ETag."
    )


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "stale_version"

    def __init__(self, current: int):
        super().__init__(
            f"Someone else changed this record: it is now at version {current}. GET it again, "
            "re-apply your change and send the new ETag."
        )
        self.current = current


def etag(version: int) -> str:
    return f'"{version}"'


def expected_version(request) -> int:
    """The version named by the request's If-Match header: 428 without one, 400 if unreadable."""
    header = request.headers.get("If-Match")
    if header is None or not header.strip():
        raise PreconditionRequired()
    match = _ETAG.fullmatch(header)
    if match is None:
        raise ValidationError(
            {"If-Match": ['Give one ETag of the record, as its detail answered it: "3".']}
        )
    return int(match.group(1))


@contextmanager
def version_checked(view, request):
    """A transaction in which the record `view` addresses is locked and known to be at the
    version the request names; 412 otherwise."""
    expected = expected_version(request)
    with transaction.atomic():
        obj = view.get_object()
        current = (
            type(obj)
            .objects.select_for_update()
            .filter(pk=obj.pk)
            .values_list("version", flat=True)
            .get()
        )
        if current != expected:
            raise PreconditionFailed(current)
        yield


def with_etag(response, data):
    """Set the ETag of a single record's representation."""
    if isinstance(data, dict) and isinstance(data.get("version"), int):
        response["ETag"] = etag(data["version"])
    return response
