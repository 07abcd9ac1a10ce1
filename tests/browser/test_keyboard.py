"""The pages with the keyboard alone: skip link, Tab to the search box, Enter to search."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def tab_to(page, element_id: str, *, limit: int = 25) -> int:
    """Press Tab until the element has focus; how many presses it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == element_id:
            return presses
    raise AssertionError(f"#{element_id} not reached in {limit} presses of Tab")


def test_first_tab_shows_the_skip_link_which_moves_focus_to_the_content(page):
    page.goto("/sources/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    page.keyboard.press("Tab")  # the next stop is inside the content, not the header
    assert page.evaluate("document.activeElement.closest('main') !== null")


@pytest.mark.parametrize(("path", "box"), [("/", "home-q"), ("/sources/", "id_q")])
def test_tab_reaches_the_search_box_and_enter_shows_the_results(page, path, box):
    page.goto(path)
    tab_to(page, box)
    focused = page.locator(f"#{box}")
    expect(focused).to_be_focused()
    outline = focused.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"  # the focus is visible

    page.keyboard.type("Иоффе")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/sources/\?.*q=%D0%98%D0%BE%D1%84%D1%84%D0%B5"))
    count = page.request.get("/api/v1/sources/?q=Иоффе").json()["count"]
    assert count > 0
    expect(page.locator("#results-heading")).to_have_text(f"{count} sources")
    expect(page.locator("table.results tbody a")).to_have_count(count)
