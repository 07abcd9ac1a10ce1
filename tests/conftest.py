import os

import pytest
from django.db import transaction
from django.test import Client

# Whether whoever started pytest set it: only then may a test outside tests/browser see it.
ASYNC_UNSAFE_FROM_CALLER = "DJANGO_ALLOW_ASYNC_UNSAFE" in os.environ


def pytest_collection_modifyitems(config, items):
    """Browser tests last: from their first to the end of the session Playwright's event loop
    runs and DJANGO_ALLOW_ASYNC_UNSAFE is set (tests/browser/conftest.py), which no other
    test should run under. The sort is stable, so pytest-django's order holds otherwise."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(scope="module")
def founding_data(django_db_setup, django_db_blocker):
    """The founding data set, loaded once for a module's read-only tests (a load takes a
    second or two) inside a transaction rolled back after the module's last test. Each test
    still takes `db`, whose savepoint undoes anything it writes; a test whose point is to
    write loads its own copy instead."""
    from research.services import founding_data_load

    with django_db_blocker.unblock(), transaction.atomic():
        founding_data_load()
        # Between the module's tests the database is closed again, as for any test without `db`.
        with django_db_blocker.block():
            yield
        transaction.set_rollback(True)


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


@pytest.fixture(autouse=True)
def fresh_record_cache():
    """Each test starts without cached API records: its sources' ids and stamps may repeat
    another test's, whose writes were rolled back."""
    from django.conf import settings
    from django.core.cache import caches

    caches[settings.RECORD_CACHE_ALIAS].clear()


@pytest.fixture(autouse=True)
def no_response_cache(settings):
    """The server's response cache off: a test writes and reads in one transaction that never
    commits, so the data version (changed at commit) would not move between them.
    tests/test_response_cache.py turns it on over committed writes."""
    settings.RESPONSE_CACHE_SECONDS = 0


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
