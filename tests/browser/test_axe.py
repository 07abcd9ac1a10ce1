"""axe-core (Deque's accessibility engine, vendored from npm: tests/browser/vendor) on every
researcher-facing page, in English and Japanese."""

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
# WCAG 2.x A and AA, plus 2.2's target size; what axe reports as a violation, not "review".
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
RUN = """tags => axe.run(document, {runOnly: {type: "tag", values: tags}}).then(result =>
  result.violations.map(v =>
    `${v.id}: ${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | ")}`))"""


def test_no_page_has_an_axe_violation(page, founding_site, site_pages):
    from tests.browser.test_layout import open_as

    found = {}
    for _name, path, language in site_pages:
        open_as(page, founding_site.url, path, language)
        # Evaluated through the browser's protocol, not as a <script> tag: the site's Content
        # Security Policy (rightly) refuses inline scripts, which this one would be.
        page.evaluate(AXE.read_text(encoding="utf-8"))
        violations = page.evaluate(RUN, TAGS)
        if violations:
            found[f"{path} ({language})"] = violations
    assert found == {}
