"""The suite's own arrangements: browser tests without Chromium, and Django's guard outside them."""

import asyncio
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import SynchronousOnlyOperation

from catalogue.models import Source
from tests.conftest import ASYNC_UNSAFE_FROM_CALLER

ROOT = Path(__file__).resolve().parent.parent
BROWSER_FILE = "tests/browser/test_charts.py"  # three tests
PLAIN_TEST = "tests/catalogue/test_search.py::test_normalise_turns_control_characters_into_spaces"


def run_pytest(tmp_path, **environ) -> subprocess.CompletedProcess:
    """pytest in a fresh process on three browser tests and one plain test, with Chromium
    looked for at a path where there is none."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("KOSHO_")}
    env |= {"KOSHO_CHROMIUM": str(tmp_path / "no-chromium"), **environ}
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-ra"]
    return subprocess.run(
        [*command, BROWSER_FILE, PLAIN_TEST],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_without_chromium_browser_tests_are_skipped_with_one_line_saying_how_to_run_them(
    tmp_path,
):
    result = run_pytest(tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    skipped = [line for line in result.stdout.splitlines() if line.startswith("SKIPPED")]
    reason = (
        f"browser tests skipped: Chromium not found at {tmp_path / 'no-chromium'} — install it "
        "(apt-get install chromium) or point KOSHO_CHROMIUM at it to run them"
    )
    assert len(skipped) == 1
    assert re.fullmatch(
        rf"SKIPPED \[3\] tests/browser/conftest\.py:\d+: {re.escape(reason)}", skipped[0]
    )
    assert re.search(r"^1 passed, 3 skipped in ", result.stdout, re.MULTILINE)


def test_when_browser_tests_are_required_a_missing_chromium_fails_the_run(tmp_path):
    result = run_pytest(tmp_path, KOSHO_REQUIRE_BROWSER="1")

    assert result.returncode == 1, result.stdout + result.stderr
    errors = [line for line in result.stdout.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 3 and all(BROWSER_FILE in line for line in errors)
    assert "browser tests required (KOSHO_REQUIRE_BROWSER) but Chromium not found at" in (
        result.stdout
    )
    assert re.search(r"^1 passed, 3 errors in ", result.stdout, re.MULTILINE)


@pytest.mark.skipif(ASYNC_UNSAFE_FROM_CALLER, reason="DJANGO_ALLOW_ASYNC_UNSAFE set by the caller")
def test_outside_browser_tests_django_refuses_orm_calls_from_an_event_loop(db):
    async def count_sources():
        return Source.objects.count()

    with pytest.raises(SynchronousOnlyOperation):
        asyncio.run(count_sources())
