"""Browser tests: Debian's Chromium driven by Playwright against the live Django app.

They run only where Chromium is installed (KOSHO_CHROMIUM names another binary); elsewhere they
are skipped with one line saying so, unless KOSHO_REQUIRE_BROWSER=1 (as in CI) makes that a
failure. tests/conftest.py orders them after every other test.

The founding data set is loaded into the test database before each test (about a second):
live_server needs a transactional database, which is flushed after every test.
"""

import os
from pathlib import Path

import pytest
from django.db.models import Count

CHROMIUM = Path(os.environ.get("KOSHO_CHROMIUM", "/usr/bin/chromium"))
REQUIRE_BROWSER = os.environ.get("KOSHO_REQUIRE_BROWSER", "") not in ("", "0")
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


def pytest_runtest_setup(item):
    """Skip (or, when required, fail) a browser test before any fixture of it is set up, so
    that Playwright starts nothing without a browser to drive. Raised from here, every skip
    reports this one place and reason: `-ra` prints a single line for all of them."""
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return
    missing = f"Chromium not found at {CHROMIUM}"
    if REQUIRE_BROWSER:
        pytest.fail(f"browser tests required (KOSHO_REQUIRE_BROWSER) but {missing}", pytrace=False)
    pytest.skip(
        f"browser tests skipped: {missing} — install it (apt-get install chromium) "
        "or point KOSHO_CHROMIUM at it to run them"
    )


@pytest.fixture(scope="session", autouse=True)
def orm_beside_playwright():
    """Let the ORM run while Playwright's event loop does, for the browser tests only.

    Playwright's sync API keeps an event loop running in the main thread from its start to the
    end of the session; Django refuses ORM calls there (the tests' own and pytest-django's
    flush) unless DJANGO_ALLOW_ASYNC_UNSAFE is set. Browser tests run last, so setting it at
    the first of them leaves every other test under Django's guard; set up before Playwright
    starts, this is torn down after it stops.
    """
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright's launch options, with Debian's Chromium (never a downloaded build)."""
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, live_server):
    """Pages open relative to the live server (`page.goto("/sources/")`), for an English reader
    whatever the machine's locale."""
    return {**browser_context_args, "base_url": live_server.url, "locale": "en-GB"}


@pytest.fixture
def founding_site(transactional_db, live_server):
    """The live site with the founding data set."""
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
        ("sources-ru", "/sources/?stage=peking-negotiation&language=ru", "ru"),
        ("chronology-ru", "/chronology/?side=soviet", "ru"),
    ]
