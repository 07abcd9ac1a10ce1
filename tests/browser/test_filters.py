"""Applied filters as chips that remove them, and filter forms that write clean URLs, with and
without the page's script."""

import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def query_of(url: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(url).query, keep_blank_values=True)


def redirects(page) -> list[int]:
    statuses: list[int] = []
    page.on("response", lambda r: statuses.append(r.status) if 300 <= r.status < 400 else None)
    return statuses


def test_apply_sends_only_the_filled_fields(page):
    seen = redirects(page)
    page.goto("/sources/")
    form = page.locator("form.filters")
    form.get_by_label("Words, in any script").fill("ヨッフェ")
    form.get_by_label("Dated from").fill("1923")
    form.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(r"\?q="))
    assert query_of(page.url) == [("q", "ヨッフェ"), ("date_from", "1923")]
    # The script left the empty fields out: the server had nothing to redirect.
    assert seen == []


@pytest.mark.parametrize("path", ["/sources/", "/claims/", "/agents/", "/chronology/"])
def test_without_the_script_apply_lands_on_the_clean_url(new_context, founding_site, path):
    page = new_context(java_script_enabled=False).new_page()
    seen = redirects(page)
    page.goto(path)
    page.locator("form.filters").get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(rf"{re.escape(path)}$"))
    assert seen == [302]


def test_a_chip_removes_its_filter_and_keeps_the_others(page):
    page.goto("/sources/?q=Karakhan&language=ja&ordering=-date")
    chips = page.locator(".chips")
    chip = chips.get_by_role("link", name="Remove filter: Language: Japanese")
    expect(chip).to_be_visible()
    chip.click()
    expect(page).to_have_url(re.compile(r"/sources/\?"))
    assert query_of(page.url) == [("q", "Karakhan"), ("ordering", "-date")]
    expect(chips.get_by_role("link", name=re.compile("Language"))).to_have_count(0)

    chips.get_by_role("link", name="Clear all filters").click()
    assert query_of(page.url) == [("ordering", "-date")]
    expect(page.locator(".chips")).to_have_count(0)


def test_a_facet_then_its_chip_round_trip_to_the_unfiltered_page(page):
    page.goto("/sources/")
    total = page.locator("#results-heading").inner_text()
    page.locator("ul.facet a[href*='series=']").first.click()
    selected = page.locator("ul.facet [aria-current='true']")
    expect(selected).to_have_count(1)
    expect(page.locator("#results-heading")).not_to_have_text(total)
    chip = page.locator(".chips").get_by_role("link", name=re.compile("^Remove filter: Series: "))
    chip.click()
    expect(page).to_have_url(re.compile(r"/sources/$"))
    expect(page.locator("#results-heading")).to_have_text(total)
