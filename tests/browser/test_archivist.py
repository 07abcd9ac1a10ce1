"""An archivist's errand in the admin: catalogue a Gaimushō file on the source form alone."""

import re

import pytest
from playwright.sync_api import expect

from catalogue.models import Source
from catalogue.services import archivist_create
from negotiations.models import Claim, Event

pytestmark = pytest.mark.browser

NUMBER = "2.5.1.106-4-8"


def log_in(page, path):
    archivist_create(username="archivist", password="pw-archivist")
    page.goto(f"/admin/login/?next={path}")
    page.get_by_label("Username").fill("archivist")
    page.get_by_label("Password").fill("pw-archivist")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(re.escape(path) + "$"))


def autocomplete(page, container, words: str, choice: str):
    """Pick `choice` in a select2 autocomplete inside `container` by typing `words`."""
    container.locator(".select2-selection").first.click()
    page.locator(".select2-container--open .select2-search__field").fill(words)
    option = page.locator(".select2-results__option", has_text=choice).first
    expect(option).to_be_visible()
    option.click()


def test_archivist_catalogues_links_and_publishes_a_file_from_the_source_form(page, new_context):
    event = Event.objects.published().order_by("pk").first()
    claim = Claim.objects.published().order_by("pk").first()
    log_in(page, "/admin/catalogue/source/add/")
    page.wait_for_load_state("load")
    # Screens the archivist goes through once on the source form: it, and what a save shows.
    screens = []
    page.on("load", lambda: screens.append(page.url))
    screens.append(page.url)

    autocomplete(page, page.locator(".field-series"), "gaimusho-kiroku", "")
    page.get_by_label("Number").fill(NUMBER)
    page.get_by_label("Kind").select_option("file")
    page.get_by_label("Title (original)").fill("日ソ国交回復交渉一件 第七巻")
    page.locator("input[name=languages][value=ja]").check()
    page.locator("#id_date").fill("大正13年12月5日")
    autocomplete(page, page.locator("#event_sources-0"), event.title, str(event))
    autocomplete(page, page.locator("#evidence-0"), claim.text[:12], str(claim)[:40])
    page.locator("#evidence-0 select[name='evidence-0-relation']").select_option("supports")
    page.locator("#evidence-0 input[name='evidence-0-locator']").fill("p. 12")
    page.get_by_role("button", name="Save and publish").click()

    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    assert len(screens) <= 2, screens
    source = Source.objects.get(number=NUMBER)
    assert source.status == "published"
    assert source.series.slug == "gaimusho-kiroku"
    assert (source.date_original, str(source.date_start)) == ("大正13年12月5日", "1924-12-05")

    # What the public sees: a reader who never logged in.
    reader = new_context().new_page()
    reader.goto(source.get_absolute_url())
    expect(reader.locator("h1")).to_have_text("日ソ国交回復交渉一件 第七巻")
    expect(reader.locator("body")).to_contain_text(event.title_en or event.title)
    expect(reader.locator(f"a[href='{claim.get_absolute_url()}']")).to_be_visible()
    expect(reader.locator("body")).to_contain_text("p. 12")
    reader.goto(claim.get_absolute_url())
    expect(reader.locator(f"a[href='{source.get_absolute_url()}']")).to_be_visible()
