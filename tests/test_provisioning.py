"""`migrate` alone gives a working site: the language rows and the archivists' group with its
permissions come from migrations, and `create_archivist` adds an archivist."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.base import CommandError

from catalogue.models import Language
from core.permissions import is_archivist

pytestmark = pytest.mark.django_db


def test_migrate_alone_gives_the_languages_of_the_founding_data():
    assert dict(Language.objects.values_list("code", "name")) == {
        "en": "English",
        "ja": "Japanese",
        "ru": "Russian",
        "zh": "Chinese",
    }
    assert Language.objects.get(code="ja").name_ja == "日本語"


def test_migrate_alone_gives_the_archivists_group_with_every_record_permission():
    group = Group.objects.get(name=settings.ARCHIVIST_GROUP)
    wanted = Permission.objects.filter(content_type__app_label__in=["catalogue", "negotiations"])

    assert wanted.count() > 40
    assert set(group.permissions.all()) == set(wanted)
    assert group.permissions.filter(codename="change_source").exists()
    assert group.permissions.filter(codename="add_evidence").exists()


def test_create_archivist_makes_a_staff_member_of_the_group(monkeypatch, django_user_model):
    monkeypatch.setenv("KOSHO_ARCHIVIST_PASSWORD", "a-long-archive-password-1924")

    call_command("create_archivist", "yoshizawa", "--email", "y@example.org")

    user = django_user_model.objects.get(username="yoshizawa")
    assert user.is_staff and not user.is_superuser
    assert user.check_password("a-long-archive-password-1924")
    assert is_archivist(user)
    assert user.has_perm("catalogue.change_source")


def test_create_archivist_refuses_a_weak_password(monkeypatch, django_user_model):
    monkeypatch.setenv("KOSHO_ARCHIVIST_PASSWORD", "1234")

    with pytest.raises(CommandError, match="too short"):
        call_command("create_archivist", "weak")

    assert not django_user_model.objects.filter(username="weak").exists()
