"""Citation export (BibTeX, RIS, CSL-JSON) and the formatted citations of catalogue.citations."""

import datetime
import json
import warnings

import bibtexparser
import pytest
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON

from catalogue import citations
from negotiations.source_links import source_stage_links_refresh
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def ngb_document():
    """日本外交文書 大正13年第1冊, document 464, by Yoshizawa."""
    gaimusho = f.RepositoryFactory(slug="gaimusho", name="外務省", name_en="Foreign Ministry")
    series = f.SeriesFactory(
        slug="ngb-t13-1",
        title="日本外交文書 大正13年 第1冊",
        title_romanized="Nihon gaikō bunsho, Taishō 13, vol. 1",
        repository=gaimusho,
        year=1924,
        volume="大正13年第1冊",
        editor="外務省",
        publisher="外務省",
        place="東京",
    )
    source = f.SourceFactory(
        series=series,
        number="464",
        pages="798–800",
        title="芳沢公使ヨリ幣原外務大臣宛電報",
        title_en="Yoshizawa to Shidehara",
        title_romanized="Yoshizawa kōshi yori Shidehara gaimu daijin ate denpō",
        date_original="大正13年10月6日",
    )
    author = f.AgentNameFactory(value="Yoshizawa Kenkichi").agent
    f.AgentNameFactory(agent=author, value="芳沢謙吉", language="ja", script="Jpan")
    f.SourceAgentFactory(source=source, agent=author)
    return source


@pytest.fixture
def dvp_document():
    """ДВП т. VII: a Russian document with a month-precise date."""
    russian = f.LanguageFactory(code="ru", name="Russian")
    series = f.SeriesFactory(
        slug="dvp-07",
        title="Документы внешней политики СССР, т. VII",
        title_en="Documents of Soviet Foreign Policy, vol. 7",
        abbreviation="ДВП",
        volume="VII",
        publisher="Госполитиздат",
        place="Москва",
        publication_year=1963,
    )
    return f.SourceFactory(
        series=series,
        number="12",
        pages="45",
        title="Нота Карахана Иосидзаве",
        title_en="Karakhan's note to Yoshizawa",
        languages=[russian],
        date_start=datetime.date(1924, 11, 1),
        date_end=datetime.date(1924, 11, 30),
        date_precision="month",
    )


def stage_sources(ngb_document, dvp_document):
    stage = f.StageFactory(slug="peking-final")
    claim = f.ClaimFactory()
    claim.stages.add(stage)
    f.EvidenceFactory(claim=claim, source=ngb_document)
    f.EvidenceFactory(claim=claim, source=dvp_document)
    source_stage_links_refresh()  # factories bypass the write paths that keep the links
    return f.SourceFactory(title="他の段階の文書")


def test_bibtex_export_of_a_filtered_list_parses_and_keeps_the_original_script(
    api_client, ngb_document, dvp_document
):
    elsewhere = stage_sources(ngb_document, dvp_document)

    response = api_client.get("/api/v1/sources/export.bib", {"stage": "peking-final"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    library = bibtexparser.parse_string(response.content.decode())
    assert library.failed_blocks == []
    entries = {entry.key: entry for entry in library.entries}
    assert set(entries) == {"ngb-t13-1-464", "dvp-07-12"}
    ngb = entries["ngb-t13-1-464"]
    assert ngb.entry_type == "incollection"
    assert ngb["title"] == "芳沢公使ヨリ幣原外務大臣宛電報"
    assert ngb["titleaddon"] == (
        "Yoshizawa kōshi yori Shidehara gaimu daijin ate denpō [Yoshizawa to Shidehara]"
    )
    assert ngb["booktitle"] == "日本外交文書 大正13年 第1冊"
    # The volume is in the title already, so it is not repeated in `volume`.
    assert (ngb["editor"], ngb["location"]) == ("{外務省}", "東京")
    assert "volume" not in ngb.fields_dict
    # The document's date, not the volume's (whose year of publication is not recorded).
    assert (ngb["pages"], ngb["origdate"]) == ("798--800", "1924-10-06")
    assert "date" not in ngb.fields_dict
    assert (ngb["author"], ngb["type"]) == ("Yoshizawa, Kenkichi", "telegram")
    assert ngb["note"].startswith("Doc. 464; ")
    assert "Date as written: 大正13年10月6日" in ngb["note"]
    assert ngb["langid"] == "japanese"
    dvp = entries["dvp-07-12"]
    assert dvp["title"] == "Нота Карахана Иосидзаве"
    assert dvp["titleaddon"] == "[Karakhan's note to Yoshizawa]"
    assert (dvp["origdate"], dvp["date"], dvp["langid"]) == ("1924-11", "1963", "russian")
    assert elsewhere.title not in response.content.decode()


def test_bibtex_escapes_special_characters(api_client):
    source = f.SourceFactory(title="50% & {more} #1_a", title_en="")

    text = api_client.get(f"/api/v1/sources/{source.pk}/export.bib").content.decode()

    entry = bibtexparser.parse_string(text).entries[0]
    assert entry["title"] == r"50\% \& \{more\} \#1\_a"


def test_ris_export_has_translated_title_and_record_structure(api_client, dvp_document):
    response = api_client.get(f"/api/v1/sources/{dvp_document.pk}/export.ris")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    lines = response.content.decode().split("\r\n")
    assert lines[0] == "TY  - CHAP"
    assert "TI  - Нота Карахана Иосидзаве" in lines
    assert "TT  - Karakhan's note to Yoshizawa" in lines
    # The volume's year of publication is the RIS date; the document's goes to Extra.
    assert ("PY  - 1963", "DA  - 1963///") == (
        lines[lines.index("PY  - 1963")],
        lines[lines.index("PY  - 1963") + 1],
    )
    assert "M2  - original-date: 1924-11" in lines
    assert "CY  - Москва" in lines and "PB  - Госполитиздат" in lines
    assert not any(line.startswith("M1") for line in lines)
    assert "LA  - ru" in lines
    assert ("SP  - 45") in lines
    assert "ER  -" in lines


def test_csl_json_export_renders_with_citeproc(api_client, ngb_document, dvp_document):
    stage_sources(ngb_document, dvp_document)

    response = api_client.get(
        "/api/v1/sources/export/", {"format": "json", "stage": "peking-final"}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.citationstyles.csl+json"
    items = json.loads(response.content)
    assert {item["id"] for item in items} == {"ngb-t13-1-464", "dvp-07-12"}
    ngb = next(item for item in items if item["id"] == "ngb-t13-1-464")
    assert ngb["title"] == "芳沢公使ヨリ幣原外務大臣宛電報"
    assert ngb["original-date"] == {"date-parts": [[1924, 10, 6]]}
    assert "issued" not in ngb  # the volume's year of publication is not recorded
    assert ngb["author"] == [{"family": "Yoshizawa", "given": "Kenkichi", "static-ordering": True}]
    assert "English title: Yoshizawa to Shidehara" in ngb["note"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns about CSL variables it does not use
        source = CiteProcJSON(items)
        style = CitationStylesStyle("harvard-cite-them-right", validate=False)
        bibliography = CitationStylesBibliography(style, source, formatter.plain)
        for item in items:
            bibliography.register(Citation([CitationItem(item["id"])]))
        rendered = [str(entry) for entry in bibliography.bibliography()]
    assert any("芳沢公使ヨリ幣原外務大臣宛電報" in entry for entry in rendered)
    assert any("Нота Карахана Иосидзаве" in entry for entry in rendered)


def test_export_without_a_format_defaults_to_bibtex(api_client, ngb_document):
    response = api_client.get("/api/v1/sources/export/")

    assert response["Content-Type"].startswith("application/x-bibtex")
    assert response["Content-Disposition"] == 'inline; filename="kosho-sources.bib"'


def test_export_leaves_out_drafts_for_the_public(api_client):
    f.SourceFactory(status="draft", title="草稿")

    assert "草稿" not in api_client.get("/api/v1/sources/export.bib").content.decode()


def test_citation_keys_stay_unique(api_client):
    series = f.SeriesFactory(slug="ngb-t13-1")
    f.SourceFactory(series=series, number="464", pages="1")
    f.SourceFactory(series=series, number="464", pages="2")

    library = bibtexparser.parse_string(
        api_client.get("/api/v1/sources/export.bib").content.decode()
    )

    assert len({entry.key for entry in library.entries}) == 2


def test_the_english_citation_is_chicago_like(ngb_document):
    assert citations.citation_en(ngb_document) == (
        "Yoshizawa kōshi yori Shidehara gaimu daijin ate denpō (“芳沢公使ヨリ幣原外務大臣宛電報”) "
        "[Yoshizawa to Shidehara], 6 October 1924. In Nihon gaikō bunsho, Taishō 13, vol. 1, "
        "doc. 464, pp. 798–800."
    )


def test_the_japanese_citation_of_nihon_gaiko_bunsho(ngb_document):
    assert citations.citation_ja(ngb_document) == "『日本外交文書』大正十三年第一冊、四六四文書"


def test_the_japanese_citation_reads_the_volume_from_the_slug(db):
    series = f.SeriesFactory(slug="ngb-t14-1", title="日本外交文書")
    source = f.SourceFactory(series=series, number="105")

    assert citations.citation_ja(source) == "『日本外交文書』大正十四年第一冊、一〇五文書"


def test_the_japanese_citation_of_an_archival_file(db):
    archive = f.RepositoryFactory(name="外務省外交史料館")
    series = f.SeriesFactory(title="外務省記録", kind="record_group", repository=archive)
    source = f.SourceFactory(series=series, number="2.5.1.106-4-7", title="露国諸政治団体の請議")

    assert citations.citation_ja(source) == (
        "外務省記録「露国諸政治団体の請議」（2.5.1.106-4-7）、外務省外交史料館所蔵"
    )


def test_no_japanese_citation_for_a_russian_volume(dvp_document):
    assert citations.citation_ja(dvp_document) == ""


@pytest.mark.parametrize(
    "number,kanji", [(1, "一"), (10, "十"), (13, "十三"), (20, "二十"), (45, "四十五"), (100, "百")]
)
def test_kanji_numbers(number, kanji):
    assert citations.kanji_number(number) == kanji


def test_exports_keep_the_main_date_and_name_the_received_date_in_a_note(api_client, ngb_document):
    f.SourceDateFactory(
        source=ngb_document,
        role="received",
        date_start=datetime.date(1924, 10, 7),
        time=datetime.time(9, 40),
        date_original="十月七日着",
    )

    csl = json.loads(api_client.get(f"/api/v1/sources/{ngb_document.pk}/export.json").content)
    ris = api_client.get(f"/api/v1/sources/{ngb_document.pk}/export.ris").content.decode()

    assert csl[0]["original-date"] == {"date-parts": [[1924, 10, 6]]}
    assert "Received: 1924-10-07 09:40 (as written: 十月七日着)" in csl[0]["note"]
    assert "N1  - Received: 1924-10-07 09:40 (as written: 十月七日着)" in ris.split("\r\n")
