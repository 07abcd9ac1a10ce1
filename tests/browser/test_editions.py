"""From a claim to the document itself: the evidence and its typed locator, the source, the
same text in another series, and the link that opens the digitised original."""

import re

import pytest
from playwright.sync_api import expect

from catalogue.models import SourceIdentifier

pytestmark = pytest.mark.browser

CLAIM = 17  # Ozawa II-1 n.21: Karakhan and Chicherin press Gotō to resume the talks
KARAKHAN_LETTER = 34  # ДВП VI-278
ITS_TRANSLATION = 17  # 外文 大正12年第1冊 322, its Japanese translation (the paper says so)
SCAN = "https://www.jacar.archives.go.jp/aj/meta/listPhoto?LANG=default&REFCODE=B03041045300"


def test_a_reader_follows_a_claim_to_another_edition_and_its_digitised_original(page):
    # The founding data records no scan of 外文 T12-1 322 (none is known to us): this walk
    # gives it one, so that the last step has a link to look at.
    SourceIdentifier.objects.create(source_id=ITS_TRANSLATION, type="jacar", value="B03041045300")

    page.goto(f"/claims/{CLAIM}/")
    # The evidence row, found by its typed locator as the paper cites it: document VI-278.
    evidence = page.locator("ol.chain > li").filter(has_text="doc. VI-278")
    expect(evidence).to_have_count(1)
    source_link = evidence.locator("> a").first
    expect(source_link).to_have_attribute("href", f"/sources/{KARAKHAN_LETTER}/")
    source_link.click()

    expect(page).to_have_url(re.compile(rf"/sources/{KARAKHAN_LETTER}/$"))
    editions = page.get_by_role("region", name="Other editions of this text")
    expect(editions).to_contain_text("translated in")
    editions.get_by_role("link", name=re.compile("外文 大正12年第1冊 322")).click()

    expect(page).to_have_url(re.compile(rf"/sources/{ITS_TRANSLATION}/$"))
    original = page.locator("dl.record").get_by_role("link", name="View the document")
    expect(original).to_have_attribute("href", SCAN)
    # And back: the translation names the Russian text it translates.
    back = page.get_by_role("region", name="Other editions of this text")
    expect(back).to_contain_text("translation of")
    expect(back.get_by_role("link", name=re.compile("ДВП VI 278"))).to_be_visible()
