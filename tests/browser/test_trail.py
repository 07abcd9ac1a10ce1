"""From a name to the person, from an event to both sides' documents."""

import re

import pytest
from playwright.sync_api import expect

from negotiations.models import Event

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("name", ["ヨッフェ", "Иоффе", "Joffe", "Ioffe"])
def test_the_agent_page_is_reached_from_a_search_in_any_script(page, name):
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Agents").click()
    filters = page.locator("form.filters")
    filters.get_by_label("Words, in any script").fill(name)
    filters.get_by_role("button", name="Apply").click()
    page.locator("ol.agents").get_by_role("link").first.click()

    expect(page).to_have_url(re.compile(r"/agents/joffe-adolf/$"))
    expect(page.locator("dl.record")).to_contain_text("Иоффе")
    expect(page.locator("dl.record")).to_contain_text("ヨッフェ")
    expect(page.locator("ol.documents li a").first).to_be_visible()


def test_an_event_page_shows_both_sides_documents_in_columns(page):
    event = next(
        event
        for event in Event.objects.published().for_detail(public=True, sided=True)
        if {"japan", "soviet"} <= {link.side for link in event.event_sources.all()}
    )

    page.goto("/stages/")
    page.locator(f'a[href="{event.get_absolute_url()}"]').first.click()
    expect(page).to_have_url(re.compile(rf"/events/{event.pk}/$"))
    columns = page.locator(".sides section.side")
    expect(columns).to_have_count(3)
    japan = columns.filter(has=page.get_by_role("heading", name="Japan"))
    soviet = columns.filter(has=page.get_by_role("heading", name="Soviet"))
    expect(japan.locator("li a").first).to_be_visible()
    expect(soviet.locator("li a").first).to_be_visible()
    # Side by side on a desktop: the Soviet column starts level with the Japanese one, to its right.
    left, right = japan.bounding_box(), soviet.bounding_box()
    assert right["x"] > left["x"] and abs(right["y"] - left["y"]) < 2
