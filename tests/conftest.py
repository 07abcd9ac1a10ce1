import pytest
from django.test import Client


@pytest.fixture(autouse=True)
def generous_throttles(settings):
    """API tests send hundreds of requests a minute from one address: rates that no test trips
    by accident (tests/api/test_throttling.py lowers them to see the 429), and fresh counts."""
    from django.core.cache import cache

    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute", "user": "100000/minute"},
    }
    cache.clear()


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
