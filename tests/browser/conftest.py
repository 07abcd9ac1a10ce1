"""Browser tests: Debian's Chromium driven by Playwright against the live Django app.

The founding data set is loaded into the test database before each test (about a second):
live_server needs a transactional database, which is flushed after every test.
"""

import os

import pytest
from django.db.models import Count

# Playwright's sync API runs an event loop in the main thread for the whole session; Django
# would otherwise refuse the ORM calls of test code and of pytest-django's flush from there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
# Root in a container needs --no-sandbox; the network flags keep Chromium off a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright's launch options, with Debian's Chromium (never a downloaded build)."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, live_server):
    """Pages open relative to the live server (`page.goto("/sources/")`), for an English reader
    whatever the machine's locale."""
    return {**browser_context_args, "base_url": live_server.url, "locale": "en-GB"}


@pytest.fixture
def founding_site(transactional_db, live_server):
    """The live site with the founding data set (47 sources, 76 events, 35 claims)."""
    from research.services import founding_data_load

    founding_data_load()
    return live_server


@pytest.fixture
def page(new_context, founding_site):
    """A desktop-width page (1280 px) on the site with the founding data."""
    return new_context(viewport=DESKTOP).new_page()


@pytest.fixture
def phone_page(new_context, founding_site):
    """A phone-width page (390 px, touch, mobile viewport) on the site with the founding data."""
    context = new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=1)
    return context.new_page()


@pytest.fixture
def site_pages(founding_site):
    """Every researcher-facing page as (screenshot name, path, reader's language)."""
    from catalogue.models import Source
    from negotiations.models import Claim

    # The records with the longest evidence chains: the fullest pages to look at.
    source = Source.objects.annotate(n=Count("evidence")).order_by("-n", "pk").first()
    claim = Claim.objects.annotate(n=Count("evidence")).order_by("-n", "pk").first()
    return [
        ("home", "/", "en"),
        ("sources", "/sources/?stage=peking-negotiation", "en"),
        ("source", source.get_absolute_url(), "en"),
        ("claims", "/claims/", "en"),
        ("claim", claim.get_absolute_url(), "en"),
        ("stages", "/stages/", "en"),
        ("positions", "/positions/", "en"),
        ("sources-ja", "/sources/?stage=peking-negotiation", "ja"),
    ]
