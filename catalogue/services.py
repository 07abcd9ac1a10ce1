from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

ARCHIVED_APPS = ("catalogue", "negotiations")


@transaction.atomic
def archivist_group_ensure() -> Group:
    """The archivists' group, with every permission on the catalogue's and analysis' records."""
    group, _ = Group.objects.get_or_create(name=settings.ARCHIVIST_GROUP)
    group.permissions.set(Permission.objects.filter(content_type__app_label__in=ARCHIVED_APPS))
    return group


@transaction.atomic
def archivist_create(*, username: str, password: str, email: str = "") -> tuple[object, bool]:
    """Create or reset a staff user in the archivists' group; returns (user, created)."""
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=username, defaults={"email": email, "is_staff": True}
    )
    user.is_staff = True
    user.set_password(password)
    user.save()
    user.groups.add(archivist_group_ensure())
    return user, created
