"""Every page at desktop and phone width: screenshots to look at, no sideways scrolling at
390 px, a label for every form control."""

from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).parent / "screenshots"

# The innermost elements that stick out past the viewport or spill their content over it,
# outside the charts (which scroll inside their own figure): what to fix when a page is too wide.
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const wide = el => el.getBoundingClientRect().right > width + 0.5
    || (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === "visible"
        && el.getBoundingClientRect().left + el.scrollWidth > width + 0.5);
  const flagged = [...document.body.querySelectorAll("*")]
    .filter(el => !el.closest(".chart") && wide(el));
  const classes = el => typeof el.className === "string" && el.className.trim()
    ? "." + el.className.trim().split(/\\s+/).join(".") : "";
  const describe = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + classes(el);
  return flagged.filter(el => !flagged.some(other => other !== el && el.contains(other)))
    .map(el => describe(el) + " " + JSON.stringify(el.textContent.trim().slice(0, 40)))
    .slice(0, 8);
}"""

# Form controls a person cannot identify: no <label for>, wrapping label, aria-label or
# aria-labelledby with text; buttons without text; labels pointing at no control.
UNLABELLED = """() => {
  const text = el => !!el && el.textContent.trim() !== "";
  const attribute = (el, name) => (el.getAttribute(name) || "").trim();
  const labelledBy = c => attribute(c, "aria-labelledby").split(/\\s+/)
    .some(id => id && text(document.getElementById(id)));
  const labelled = c => [...c.labels].some(text) || attribute(c, "aria-label") || labelledBy(c);
  const controls = [...document.querySelectorAll("input, select, textarea")]
    .filter(c => !["hidden", "submit", "button", "reset"].includes(c.type) && !labelled(c));
  const buttons = [...document.querySelectorAll("button, input[type=submit], input[type=button]")]
    .filter(b => !text(b) && !attribute(b, "aria-label"))
    .filter(b => !(b.tagName === "INPUT" && b.value.trim()));
  const dangling = [...document.querySelectorAll("label[for]")]
    .filter(l => !document.getElementById(l.htmlFor));
  return [...controls, ...buttons, ...dangling].map(el => el.outerHTML.slice(0, 160));
}"""


def open_as(page, site_url: str, path: str, language: str):
    """Open `path` as a reader of `language` (the cookie the language switcher sets)."""
    cookie = {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": site_url}
    page.context.add_cookies([cookie])
    return page.goto(path)


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_every_page_renders_with_its_stylesheet_and_is_saved_as_a_screenshot(
    request, founding_site, site_pages, width
):
    page = request.getfixturevalue("page" if width == "desktop" else "phone_page")
    failed = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    SCREENSHOTS.mkdir(exist_ok=True)
    for name, path, language in site_pages:
        response = open_as(page, founding_site.url, path, language)
        assert response.status == 200, path
        assert page.locator("html").get_attribute("lang") == language
        assert page.locator("h1").is_visible(), path
        # The stylesheet applied: the header's accent rule is drawn.
        border = page.locator("header.site").evaluate("h => getComputedStyle(h).borderBottomWidth")
        assert border == "3px", path
        page.screenshot(path=SCREENSHOTS / f"{name}-{width}.png", full_page=True)
    assert failed == []
    assert errors == []


def test_no_page_scrolls_sideways_at_phone_width(phone_page, founding_site, site_pages):
    too_wide = {}
    for _name, path, language in site_pages:
        open_as(phone_page, founding_site.url, path, language)
        scroll_width = phone_page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > 390:
            too_wide[f"{path} ({language})"] = (scroll_width, phone_page.evaluate(OVERFLOWING))
    assert too_wide == {}


def test_every_form_control_has_a_label(page, founding_site, site_pages):
    unlabelled = {}
    for _name, path, language in site_pages:
        open_as(page, founding_site.url, path, language)
        if found := page.evaluate(UNLABELLED):
            unlabelled[f"{path} ({language})"] = found
    assert unlabelled == {}


def test_form_controls_are_big_enough_to_tap_at_phone_width(phone_page, founding_site, site_pages):
    # WCAG 2.5.8: a target at least 24 by 24 CSS pixels.
    small = {}
    for _name, path, language in site_pages:
        open_as(phone_page, founding_site.url, path, language)
        sizes = phone_page.locator("input:visible, select:visible, button:visible").evaluate_all(
            "els => els.map(el => [el.outerHTML.slice(0, 80), el.getBoundingClientRect()])"
            ".filter(([_, box]) => box.width < 24 || box.height < 24)"
            ".map(([html, box]) => `${html} ${Math.round(box.width)}x${Math.round(box.height)}`)"
        )
        if sizes:
            small[f"{path} ({language})"] = sizes
    assert small == {}


def test_facet_links_are_at_least_24_pixels_high(page, founding_site):
    # WCAG 2.5.8 for the facet values, which sit in lists too tight for the spacing exception.
    page.goto("/sources/")
    heights = page.locator("ul.facet a:visible").evaluate_all(
        "links => links.map(a => a.getBoundingClientRect().height)"
    )
    assert heights and min(heights) >= 24
