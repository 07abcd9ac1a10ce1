"""Every dc:date of a harvest of the founding data is W3CDTF, and the records still validate."""

import re

import pytest

from research.services import FOUNDING_FIXTURE, founding_data_load
from tests.oai.test_oai import NS, oai

pytestmark = pytest.mark.skipif(not FOUNDING_FIXTURE.exists(), reason="no founding fixture")
# W3CDTF's date forms: YYYY, YYYY-MM, YYYY-MM-DD (no "~", no intervals).
W3CDTF = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")


def test_every_dc_date_of_a_harvest_is_w3cdtf(client, db, settings):
    founding_data_load()
    settings.OAI_PAGE_SIZE = 100

    document = oai(client, verb="ListRecords", metadataPrefix="oai_dc")  # schema-checked

    records = document.findall(".//oai:record", NS)
    dates = [d.text for d in document.iterfind(".//dc:date", NS)]
    assert len(records) == 47
    assert dates and all(W3CDTF.match(value) for value in dates), dates
    # c. 1918 – 1923: the first and last year, and the circa said in words.
    file = next(
        r for r in records if r.findtext(".//dc:title", namespaces=NS) == "露国諸政治団体の請議"
    )
    assert [d.text for d in file.iterfind(".//dc:date", NS)] == ["1918", "1923"]
    descriptions = [d.text for d in file.iterfind(".//dc:description", NS)]
    assert any(text.startswith("Date approximate: c. 1918") for text in descriptions)
