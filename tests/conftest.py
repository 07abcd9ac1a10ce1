import pytest
from django.test import Client


@pytest.fixture
def archivist(db):
    """A staff user in the archivists' group (not a superuser)."""
    from catalogue.services import archivist_create

    user, _ = archivist_create(username="archivist", password="pw-archivist")
    return user


@pytest.fixture
def archivist_client(archivist):
    client = Client()
    client.force_login(archivist)
    return client


@pytest.fixture
def second_archivist_client(db):
    from catalogue.services import archivist_create

    user, _ = archivist_create(username="colleague", password="pw-colleague")
    client = Client()
    client.force_login(user)
    return client
