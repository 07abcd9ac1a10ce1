"""Every dc:date of a harvest of the founding data is W3CDTF, and the records still validate."""

import re

import pytest

from research.services import FOUNDING_FIXTURE
from tests.oai.test_oai import NS, oai

pytestmark = pytest.mark.skipif(not FOUNDING_FIXTURE.exists(), reason="no founding fixture")
# W3CDTF's date forms: YYYY, YYYY-MM, YYYY-MM-DD (no "~", no intervals).
W3CDTF = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")


def test_every_dc_date_of_a_harvest_is_w3cdtf(client, founding_data, db, settings):
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


MODS = {"mods": "http://www.loc.gov/mods/v3"}


def test_mods_records_validate_and_carry_what_dublin_core_cannot(
    client, founding_data, db, settings
):
    settings.OAI_PAGE_SIZE = 100

    formats = oai(client, verb="ListMetadataFormats")
    prefixes = [e.text for e in formats.iterfind(".//oai:metadataPrefix", NS)]
    document = oai(client, verb="ListRecords", metadataPrefix="mods")  # MODS 3.4 schema-checked

    assert prefixes == ["oai_dc", "mods"]
    records = document.findall(".//mods:mods", MODS)
    assert len(records) == 47
    dates = [d.text for d in document.iterfind(".//mods:dateCreated", MODS)]
    assert all(W3CDTF.match(value) for value in dates)
    letter = next(
        r
        for r in records
        if r.findtext("mods:titleInfo/mods:title", namespaces=MODS).startswith(
            "Письмо полномочного"
        )
    )
    # Name parts, the document's dates as a range, and the volume with its own publication.
    author = letter.find("mods:name", MODS)
    assert [p.text for p in author.iterfind("mods:namePart", MODS)] == ["Karakhan", "Lev"]
    assert author.findtext("mods:role/mods:roleTerm", namespaces=MODS) == "author"
    created = letter.findall("mods:originInfo/mods:dateCreated", MODS)
    assert [(d.get("point"), d.text, d.get("qualifier")) for d in created] == [
        ("start", "1923-09", "approximate"),
        ("end", "1923-12", "approximate"),
    ]
    host = letter.find("mods:relatedItem[@type='host']", MODS)
    assert host.findtext("mods:originInfo/mods:dateIssued", namespaces=MODS) == "1962"
    assert host.findtext("mods:originInfo/mods:publisher", namespaces=MODS) == "Госполитиздат"
    assert host.findtext("mods:part/mods:detail/mods:number", namespaces=MODS) == "278"
    # A document's other dates: dateOther typed by role (Yoshizawa's 請訓, sent 9 Jan 1925).
    request = next(
        r for r in records if "請訓" in r.findtext("mods:titleInfo/mods:title", namespaces=MODS)
    )
    sent = request.find("mods:originInfo/mods:dateOther[@type='sent']", MODS)
    assert (sent.text, sent.get("encoding")) == ("1925-01-09", "w3cdtf")
    archival = next(
        r for r in records if r.find("mods:location/mods:shelfLocator", MODS) is not None
    )
    assert (
        archival.findtext("mods:location/mods:physicalLocation", namespaces=MODS)
        == "外務省外交史料館"
    )


def test_mods_get_record_answers(client, founding_data, db):
    identifier = f"oai:{settings_identifier()}:source/34"

    document = oai(client, verb="GetRecord", metadataPrefix="mods", identifier=identifier)

    assert document.find(".//mods:mods", MODS) is not None


def settings_identifier() -> str:
    from django.conf import settings

    return settings.OAI_REPOSITORY_IDENTIFIER
