"""The stage timeline and the oil-share positions chart, as drawn in the browser."""

import re

import pytest
from playwright.sync_api import expect

from catalogue.models import Source
from negotiations.models import Event, Position, Stage

pytestmark = pytest.mark.browser


def test_timeline_draws_every_stage_as_a_band_that_leads_to_its_sources(page):
    page.goto("/stages/")
    timeline = page.get_by_role("group", name=re.compile("Timeline of stages and events"))
    expect(timeline).to_be_visible()
    bands = timeline.locator("rect.band")
    expect(bands).to_have_count(Stage.objects.count())
    chart = timeline.bounding_box()
    for band in bands.all():
        box = band.bounding_box()
        assert box["width"] > 0 and box["height"] > 20
        assert chart["x"] <= box["x"] and box["x"] + box["width"] <= chart["x"] + chart["width"]

    timeline.locator("a[href$='?stage=peking-final']").click()
    expect(page).to_have_url(re.compile(r"/sources/\?stage=peking-final$"))
    api = page.request.get("/api/v1/sources/?stage=peking-final").json()
    assert 0 < api["count"] < Source.objects.published().count()
    assert page.locator("#results-heading").inner_text() == f"{api['count']} sources"


def test_timeline_plots_every_event_listed_after_the_axis_starts(page):
    page.goto("/stages/")
    timeline = page.get_by_role("group", name=re.compile("Timeline of stages and events"))
    listed = page.locator("li[id^='event-']")
    published = Event.objects.published().count()
    expect(listed).to_have_count(published)
    earlier = int(re.search(r"\d+", timeline.locator("text.muted").text_content()).group())
    dots = timeline.locator("a[href^='#event-']")
    expect(dots).to_have_count(published - earlier)
    targets = dots.evaluate_all("links => links.map(a => a.getAttribute('href').slice(1))")
    shown = set(listed.evaluate_all("items => items.map(li => li.id)"))
    assert set(targets) <= shown

    dots.last.click()
    expect(page).to_have_url(re.compile(rf"#{targets[-1]}$"))
    expect(page.locator(f"#{targets[-1]}")).to_be_in_viewport()


def test_positions_chart_draws_one_line_per_party_with_points_leading_to_the_evidence(page):
    page.goto("/positions/")
    positions = Position.objects.filter(issue="north-sakhalin-oil-share")
    parties = positions.values("party").distinct().count()
    assert parties > 1
    chart = page.get_by_role("group", name=re.compile("Oil share offered or demanded"))
    expect(chart).to_be_visible()
    expect(chart.locator("path[class^='line-']")).to_have_count(parties)
    expect(page.locator(".legend li")).to_have_count(parties)
    rows = page.locator("table.results tbody tr")
    expect(rows).to_have_count(positions.count())
    dots = chart.locator("a[href^='#position-']")
    expect(dots).to_have_count(positions.count())
    for dot in chart.locator("circle").all():
        box = dot.bounding_box()
        assert box["width"] > 0 and box["height"] > 0

    dots.first.click()
    target = dots.first.get_attribute("href")
    expect(page).to_have_url(re.compile(rf"{target}$"))
    row = page.locator(target)
    expect(row).to_be_in_viewport()
    expect(row.locator("a[href^='/sources/']").first).to_be_visible()
