"""Who may see what: one answer to "is this reader an archivist", used by the pages, the API
and the querysets alike."""

from django.conf import settings
from rest_framework import permissions


def is_archivist(user) -> bool:
    """Whether `user` may read drafts and write: a superuser or a member of the archivists'
    group (remembered on the user object, so one request asks the database once)."""
    if user is None or not user.is_authenticated:
        return False
    if not hasattr(user, "_kosho_archivist"):
        user._kosho_archivist = (
            user.is_superuser or user.groups.filter(name=settings.ARCHIVIST_GROUP).exists()
        )
    return user._kosho_archivist


def is_public(request) -> bool:
    """Whether this request sees published records only (anyone but archivists)."""
    return not is_archivist(getattr(request, "user", None))


class IsArchivistOrReadOnly(permissions.BasePermission):
    """Anyone may read; archivists (the group) and superusers may write."""

    message = "Only archivists may change records."

    def has_permission(self, request, view):
        return request.method in permissions.SAFE_METHODS or is_archivist(request.user)
