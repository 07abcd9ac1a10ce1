"""A researcher's errands on the pages: search across scripts, filter, follow evidence, switch
language."""

import re

import pytest
from playwright.sync_api import expect

from catalogue.models import Source

pytestmark = pytest.mark.browser


def search_sources(page, words: str) -> set[str]:
    """Search the sources page with its form; the paths of the sources listed."""
    page.goto("/sources/")
    filters = page.locator("form.filters")
    filters.get_by_label("Words, in any script").fill(words)
    filters.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(r"[?&]q="))
    return set(
        page.locator("table.results tbody a").evaluate_all("links => links.map(a => a.pathname)")
    )


def test_searching_joffe_in_katakana_or_cyrillic_finds_the_same_documents(page):
    katakana = search_sources(page, "ヨッフェ")
    cyrillic = search_sources(page, "Иоффе")
    api = page.request.get("/api/v1/sources/?q=Joffe&page_size=100").json()
    joffe = {
        f"/sources/{pk}/"
        for pk in Source.objects.published().search("joffe").values_list("pk", flat=True)
    }
    assert joffe
    assert katakana == cyrillic == joffe
    assert {f"/sources/{source['id']}/" for source in api["results"]} == joffe
    expect(page.locator("#results-heading")).to_have_text(f"{len(joffe)} sources")


@pytest.mark.parametrize(
    ("stage", "language"),
    [
        ("peking-final", "ja"),
        ("peking-preparatory", "ru"),
        ("tokyo-preparatory", "en"),
        ("tokyo-negotiation", "ru"),
    ],
)
def test_stage_and_language_filters_give_the_count_the_api_gives(page, stage, language):
    # The facets are the controls of these filters: links, each to the page narrowed by it.
    page.goto("/sources/")
    page.locator(f"ul.facet a[href*='stage={stage}']").click()
    expect(page).to_have_url(re.compile(rf"stage={stage}"))
    api = page.request.get(f"/api/v1/sources/?stage={stage}&language={language}").json()
    language_link = page.locator(f"ul.facet a[href*='language={language}']")
    if api["count"] == 0:
        # A value that would list nothing is shown, but is no link.
        expect(language_link).to_have_count(0)
        return
    language_link.click()
    expect(page).to_have_url(re.compile(rf"stage={stage}"))
    expect(page).to_have_url(re.compile(rf"language={language}"))

    heading = page.locator("#results-heading").inner_text()
    assert int(heading.split()[0]) == api["count"]
    links = page.locator("table.results tbody a")
    expect(links).to_have_count(min(api["count"], 25))


def test_a_claims_evidence_leads_to_the_source_page_which_links_back(page):
    page.goto("/")
    page.get_by_role("link", name="All claims").click()
    expect(page).to_have_url(re.compile(r"/claims/$"))
    page.locator("ol.chain > li > a").first.click()
    expect(page).to_have_url(re.compile(r"/claims/\d+/$"))
    claim_path = page.evaluate("location.pathname")
    expect(page.get_by_role("heading", name="Evidence chain")).to_be_visible()

    evidence = page.locator("ol.chain a[href^='/sources/']").first
    cited = evidence.inner_text()
    evidence.click()
    expect(page).to_have_url(re.compile(r"/sources/\d+/$"))
    # The chain names a source by its citation, "<series> <number>: <title>".
    assert cited.endswith(page.locator("h1").inner_text())
    expect(page.locator(f"ol.chain a[href='{claim_path}']").first).to_be_visible()


def test_switching_language_shows_the_same_page_in_japanese_and_back(page):
    page.goto("/stages/")
    heading = page.locator("#h-peking-final")
    expect(heading).to_contain_text("Peking talks: final stage")

    switcher = page.locator("form.language")
    switcher.get_by_label("Language").select_option("ja")
    switcher.get_by_role("button").click()
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    expect(page).to_have_url(re.compile(r"/stages/$"))
    expect(heading).to_contain_text("北京会議 最終段階")
    expect(switcher.locator("select")).to_have_value("ja")

    page.goto("/sources/")  # the choice holds for the next page
    expect(page.locator("html")).to_have_attribute("lang", "ja")

    switcher.locator("select").select_option("en")
    switcher.get_by_role("button").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/sources/$"))


def test_switching_to_russian_shows_the_interface_in_russian_and_keeps_the_filters(page):
    page.goto("/sources/?stage=peking-final")
    switcher = page.locator("form.language")
    switcher.get_by_label("Language").select_option("ru")
    switcher.get_by_role("button").click()
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page).to_have_url(re.compile(r"/sources/\?stage=peking-final$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Источники")
    expect(page.locator("#results-heading")).to_have_text(re.compile(r"^\d+ источник(а|ов)?$"))
    chip = page.get_by_role("link", name=re.compile("^Снять фильтр: Подтверждаемый этап: "))
    chip.click()
    expect(page).to_have_url(re.compile(r"/sources/$"))
    expect(switcher.locator("select")).to_have_value("ru")


def test_the_agent_filter_suggests_agents_by_name_and_filters_by_the_chosen_id(page):
    page.goto("/sources/")
    agent = page.locator("form.filters").get_by_label("Agent")
    agent.press_sequentially("Иоффе")
    options = page.locator(f"datalist#{agent.get_attribute('id')}-choices option")
    expect(options.first).to_be_attached()
    joffe = page.request.get("/api/v1/agents/?q=Иоффе").json()["results"][0]
    assert options.first.get_attribute("value") == str(joffe["id"])
    agent.fill(str(joffe["id"]))
    page.locator("form.filters").get_by_role("button", name="Apply").click()
    api = page.request.get(f"/api/v1/sources/?agent={joffe['id']}").json()
    expect(page.locator("#results-heading")).to_have_text(f"{api['count']} sources")
