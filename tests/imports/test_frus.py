"""Importing FRUS TEI volumes: the sample volume, re-imports, broken files, the command."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from catalogue.models import Agent, Repository, Series, Source, SourceAgent
from catalogue.services import frus_volume_import
from catalogue.tei import TEIError, parse_frus_volume
from tests.benchmarks.imports import synthetic_volume
from tests.factories import AgentFactory, AgentNameFactory, SeriesFactory, SourceFactory

pytestmark = pytest.mark.django_db

# Written by hand from frus1924v02-japan.xml (and its README), not from the importer:
# xml:id, n, dateline @when as written, pages, source note, kind, head.
SAMPLE_DOCUMENTS = [
    ("d314", "314", "1924-07-17", "411–413", "894.012/13", "report",
     "The Chargé in Japan (Caffery) to the Secretary of State"),
    ("d315", "315", "1925-03-24", "413", "894.012/15", "report",
     "The Ambassador in Japan (Bancroft) to the Secretary of State"),
    ("d316", "316", "1924-07-11T17:00:00-04:00", "414", "741.942/22: Telegram", "telegram",
     "The Secretary of State to the Ambassador in Great Britain (Kellogg)"),
    ("d317", "317", "1924-07-14T14:00:00+01:00", "414–415", "741.942/23: Telegram", "telegram",
     "The Ambassador in Great Britain (Kellogg) to the Secretary of State"),
    ("d318", "318", "1924-07-17T18:00:00-04:00", "415", "741.942/23: Telegram", "telegram",
     "The Acting Secretary of State to the Ambassador in Great Britain (Kellogg)"),
    ("d319", "319", "1924-07-18T18:00:00+01:00", "415–416", "741.942/25: Telegram", "telegram",
     "The Ambassador in Great Britain (Kellogg) to the Secretary of State"),
    ("d320", "320", "1924-07-26T15:00:00-04:00", "416–417", "741.942/25: Telegram", "telegram",
     "The Acting Secretary of State to the Ambassador in Great Britain (Kellogg)"),
    ("d321", "321", "1923-03-19", "417–418", "494.11 L 25/4", "instruction",
     "The Secretary of State to the Chargé in Japan (Wilson)"),
    ("d322", "322", "1923-08-11", "419", "494.11 L 25/6", "letter",
     "The Secretary of State to Senator Henry Cabot Lodge"),
    ("d323", "323", "1924-04-01T14:00:00+09:00", "420", "494.11 L 25/13: Telegram", "telegram",
     "The Ambassador in Japan (Woods) to the Secretary of State"),
    ("d324", "324", "1924-04-08T16:00:00-05:00", "420", "494.11 L 25/13: Telegram", "telegram",
     "The Secretary of State to the Ambassador in Japan (Woods)"),
    ("d325", "325", "1924-04-28T14:00:00+09:00", "421", "494.11 L 25/15: Telegram", "telegram",
     "The Ambassador in Japan (Woods) to the Secretary of State"),
    ("d326", "326", "1924-06-21T14:00:00-04:00", "421", "494.11 L 25/16: Telegram", "telegram",
     "The Secretary of State to the Ambassador in Japan (Woods)"),
]  # fmt: skip
# The calendar day of each dateline, as the document's place wrote it (d323: 2 p.m. in Tokyo
# on 1 April is still 1 April, although FRUS's Washington-time minimum is 00:00 that day).
SAMPLE_DAYS = {
    "d314": datetime.date(1924, 7, 17),
    "d315": datetime.date(1925, 3, 24),
    "d316": datetime.date(1924, 7, 11),
    "d317": datetime.date(1924, 7, 14),
    "d318": datetime.date(1924, 7, 17),
    "d319": datetime.date(1924, 7, 18),
    "d320": datetime.date(1924, 7, 26),
    "d321": datetime.date(1923, 3, 19),
    "d322": datetime.date(1923, 8, 11),
    "d323": datetime.date(1924, 4, 1),
    "d324": datetime.date(1924, 4, 8),
    "d325": datetime.date(1924, 4, 28),
    "d326": datetime.date(1924, 6, 21),
}
CHAPTERS = {
    "d314": "Japanese legislation to provide for the expatriation of children born to Japanese "
    "parents in the United States and in certain other countries",
    "d316": "Opposition by the United States and Great Britain to the Japanese proposal to "
    "assimilate the South Manchuria Railway Zone with Japanese territory for tariff purposes",
    "d326": "Financial settlement by Japan for the fatal shooting of Lieutenant Warren H. "
    "Langdon, U. S. Navy, at Vladivostok by a Japanese sentry, January 8, 1921",
}


def import_sample(path, **options):
    return frus_volume_import(source=path, **options)


def snapshot():
    """Everything an import writes, to compare before and after."""
    return {
        "sources": sorted(
            Source.objects.values_list("pk", "external_id", "version", "updated_at", "title")
        ),
        "agents": sorted(Agent.objects.values_list("pk", "slug", "version")),
        "links": sorted(SourceAgent.objects.values_list("source_id", "agent_id", "role")),
        "series": sorted(Series.objects.values_list("pk", "slug", "version")),
        "history": Source.history.count(),
    }


def test_importing_the_sample_creates_exactly_its_13_documents(sample_path):
    report = import_sample(sample_path)
    assert len(report.created) == 13
    assert (report.updated, report.unchanged, report.skipped) == ([], [], [])
    assert sorted(Source.objects.values_list("external_id", flat=True)) == [
        f"frus1924v02/{row[0]}" for row in SAMPLE_DOCUMENTS
    ]


@pytest.mark.parametrize(
    ("xml_id", "number", "when", "pages", "file", "kind", "head"), SAMPLE_DOCUMENTS
)
def test_each_sample_document_has_the_values_read_from_the_file(
    sample_path, xml_id, number, when, pages, file, kind, head
):
    import_sample(sample_path)
    source = Source.objects.get(external_id=f"frus1924v02/{xml_id}")
    assert source.series.slug == "frus1924v02"
    assert (source.number, source.pages, source.kind) == (number, pages, kind)
    assert (source.title, source.title_en) == (head, head)
    assert source.date_start == source.date_end == SAMPLE_DAYS[xml_id]
    assert source.date_precision == "day"
    assert source.date_original == when
    assert f"FRUS source note: {file}" in source.note.splitlines()
    assert source.url == f"https://history.state.gov/historicaldocuments/frus1924v02/{xml_id}"
    assert list(source.languages.values_list("code", flat=True)) == ["en"]
    assert source.status == "draft"


def test_chapter_and_compilation_headings_are_kept_in_the_note(sample_path):
    import_sample(sample_path)
    for xml_id, chapter in CHAPTERS.items():
        note = Source.objects.get(external_id=f"frus1924v02/{xml_id}").note.splitlines()
        assert "Compilation: Japan" in note
        assert f"Chapter: {chapter}" in note


def test_summary_is_the_opening_paragraph_as_plain_text_without_footnotes(sample_path):
    import_sample(sample_path)
    d314 = Source.objects.get(external_id="frus1924v02/d314")
    assert d314.summary.startswith(
        "Sir: I have the honor to enclose herewith a translation of a bill, which has recently "
        "passed both Houses of the Diet, amending the Law of Nationality."
    )
    assert "Not printed" not in d314.summary
    d320 = Source.objects.get(external_id="frus1924v02/d320")
    assert d320.summary == "238. Your telegram No. 265, July 18, 6 p.m."


def test_dateline_as_printed_is_kept_in_the_note(sample_path):
    import_sample(sample_path)
    d323 = Source.objects.get(external_id="frus1924v02/d323")
    assert "Dateline: Tokyo, April 1, 1924—2 p.m. [Received April 1—8:35 a.m.]" in d323.note


def test_volume_series_is_created_under_frus_in_the_office_of_the_historian(sample_path):
    import_sample(sample_path)
    volume = Series.objects.get(slug="frus1924v02")
    assert volume.title == (
        "Papers Relating to the Foreign Relations of the United States, 1924, Volume II"
    )
    assert (volume.kind, volume.year, volume.abbreviation) == ("volume", 1924, "FRUS")
    assert volume.parent.slug == "frus"
    assert volume.repository.slug == volume.parent.repository.slug == "us-office-of-the-historian"
    assert "1939" in volume.published


def test_existing_frus_series_and_repository_are_reused(sample_path):
    repository = Repository.objects.create(slug="us-office-of-the-historian", name="OH")
    parent = SeriesFactory(slug="frus", repository=repository)
    volume = SeriesFactory(slug="frus1924v02", repository=repository, parent=parent, title="Mine")
    import_sample(sample_path)
    assert Repository.objects.count() == 1
    assert Series.objects.count() == 2
    assert set(Source.objects.values_list("series", flat=True)) == {volume.pk}
    volume.refresh_from_db()
    assert volume.title == "Mine"  # the archivist's series is not overwritten


def test_senders_and_recipients_come_from_persname_and_gloss(sample_path):
    import_sample(sample_path)
    d316 = Source.objects.get(external_id="frus1924v02/d316")
    roles = {(link.agent.preferred_name(), link.role) for link in d316.source_agents.all()}
    assert roles == {("Secretary of State", "author"), ("Kellogg", "recipient")}
    lodge = Agent.objects.get(names__value="Henry Cabot Lodge")
    assert lodge.kind == "person"
    assert Agent.objects.get(names__value="Secretary of State").kind == "organisation"
    # Caffery, Bancroft, Kellogg, Wilson, Lodge, Woods, Secretary and Acting Secretary of State.
    assert Agent.objects.count() == 8


def test_agents_are_matched_to_existing_names_after_normalisation(sample_path):
    kellogg = AgentFactory(slug="kellogg-frank")
    AgentNameFactory(agent=kellogg, value="KELLOGG", language="en")
    AgentNameFactory(agent=kellogg, value="ケロッグ", language="ja", script="Jpan")
    import_sample(sample_path)
    assert not Agent.objects.filter(names__value="Kellogg").exclude(pk=kellogg.pk).exists()
    assert kellogg.sources.count() == 5  # d316–d320
    kellogg.refresh_from_db()
    assert Source.objects.search("ケロッグ").count() == 5


def test_new_agents_and_sources_are_findable_by_search(sample_path):
    import_sample(sample_path)
    assert Agent.objects.search("caffery").count() == 1
    assert list(Source.objects.search("caffery").values_list("number", flat=True)) == ["314"]
    assert Source.objects.search("Langdon").exists()


def test_imported_rows_hold_the_derived_data_a_refresh_would_write(sample_path):
    """The import writes each new source's search text and side once, complete (no refresh
    reads them back): a refresh of everything finds nothing to change."""
    kellogg = AgentFactory(slug="kellogg-frank", side="united-states")
    AgentNameFactory(agent=kellogg, value="KELLOGG", language="en")
    Agent.objects.all().refresh_search_text()
    import_sample(sample_path)
    assert Source.objects.all().refresh_search_text() == 0
    assert Agent.objects.all().refresh_search_text() == 0
    assert Source.objects.all().refresh_side() == 0
    assert Source.objects.all().refresh_language_codes() == 0
    assert Source.objects.filter(language_codes=" en ").exists()
    assert "united-states" in set(kellogg.sources.values_list("side", flat=True))


def test_publish_option_publishes_the_new_sources(sample_path):
    import_sample(sample_path, publish=True)
    assert set(Source.objects.values_list("status", flat=True)) == {"published"}


def test_reimport_changes_nothing_and_creates_no_duplicates(sample_path):
    import_sample(sample_path)
    before = snapshot()
    report = import_sample(sample_path)
    assert (len(report.created), len(report.updated), len(report.unchanged)) == (0, 0, 13)
    assert report.agents_created == []
    assert snapshot() == before


def test_reimport_keeps_a_published_source_published(sample_path):
    import_sample(sample_path)
    Source.objects.filter(number="314").update(status="published")
    import_sample(sample_path)
    assert Source.objects.get(number="314").status == "published"


def test_reimport_of_a_corrected_file_updates_only_the_changed_document(sample_path, sample_copy):
    import_sample(sample_path)
    corrected = sample_copy(
        '<date when="1923-08-11" calendar="gregorian">',
        '<date when="1923-08-12" calendar="gregorian">',
    )
    history = Source.history.count()
    report = import_sample(corrected)
    assert report.updated == ["d322"]
    assert len(report.unchanged) == 12
    d322 = Source.objects.get(number="322")
    assert (d322.date_start, d322.date_original) == (datetime.date(1923, 8, 12), "1923-08-12")
    assert d322.version == 2
    assert Source.history.count() == history + 1


def test_reimport_restores_senders_but_keeps_mentioned_agents(sample_path):
    import_sample(sample_path)
    d314 = Source.objects.get(number="314")
    SourceAgent.objects.filter(source=d314, role="author").delete()
    mentioned = AgentFactory()
    SourceAgent.objects.create(source=d314, agent=mentioned, role="mentioned")
    report = import_sample(sample_path)
    assert report.updated == ["d314"]
    roles = set(d314.source_agents.values_list("agent__names__value", "role"))
    assert ("Caffery", "author") in roles
    assert d314.source_agents.filter(agent=mentioned, role="mentioned").exists()


def test_a_source_entered_by_hand_is_taken_over_not_duplicated(sample_path):
    import_sample(sample_path)
    series = Series.objects.get(slug="frus1924v02")
    Source.objects.filter(number="314").delete()
    by_hand = SourceFactory(series=series, number="314", pages="411", title="Caffery despatch")
    report = import_sample(sample_path)
    assert report.updated == ["d314"]
    by_hand.refresh_from_db()
    assert (by_hand.external_id, by_hand.pages) == ("frus1924v02/d314", "411–413")
    assert Source.objects.count() == 13


def test_truncated_file_is_rejected_with_its_line_and_writes_nothing(sample_path, sample_copy):
    import_sample(sample_path)
    before = snapshot()
    text = sample_path.read_text(encoding="utf-8")
    broken = sample_copy(text[text.index('<div type="document" xml:id="d320"') :], "")
    with pytest.raises(TEIError) as error:
        import_sample(broken)
    assert "not well-formed" in str(error.value)
    assert error.value.line is not None and error.value.line > 100
    assert snapshot() == before


def test_broken_file_on_an_empty_database_writes_nothing(sample_copy):
    broken = sample_copy("</closer>", "</closer></p>")
    with pytest.raises(TEIError, match="not well-formed"):
        import_sample(broken)
    assert not Series.objects.exists()
    assert not Repository.objects.exists()


def test_failure_half_way_rolls_back_the_whole_file(sample_path, monkeypatch):
    from catalogue import services

    real, calls = services._frus_source_values, []

    def fail_on_the_tenth_document(*args):
        calls.append(args)
        if len(calls) == 10:
            raise RuntimeError("disk full")
        return real(*args)

    monkeypatch.setattr(services, "_frus_source_values", fail_on_the_tenth_document)
    with pytest.raises(RuntimeError):
        import_sample(sample_path)
    assert not Source.objects.exists()
    assert not Agent.objects.exists()
    assert not Series.objects.exists()


def test_file_that_is_not_tei_is_rejected(tmp_path):
    path = tmp_path / "ead.xml"
    path.write_text('<?xml version="1.0"?>\n<ead xmlns="urn:isbn:1-931666-22-9"/>')
    with pytest.raises(TEIError, match="not a TEI document") as error:
        import_sample(path)
    assert error.value.line == 2
    assert not Series.objects.exists()


def test_tei_file_that_is_not_frus_is_rejected(tmp_path):
    path = tmp_path / "letters.xml"
    path.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="letters"><teiHeader/>'
        '<text><body><div type="document" xml:id="d1"><head>A letter</head></div></body>'
        "</text></TEI>"
    )
    with pytest.raises(TEIError, match="not a FRUS volume"):
        import_sample(path)


def test_external_entities_are_not_resolved(sample_copy):
    path = sample_copy(
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<!DOCTYPE TEI [<!ENTITY secret SYSTEM "file:///etc/hostname">]>',
        '<hi rend="italic">Caffery</hi>',
        '<hi rend="italic">Caffery&secret;</hi>',
    )
    import_sample(path)
    d314 = Source.objects.get(number="314")
    assert d314.title == "The Chargé in Japan (Caffery) to the Secretary of State"


def test_undated_document_falls_back_to_doc_datetime_min(sample_copy):
    path = sample_copy(
        '<date when="1924-04-01T14:00:00+09:00" calendar="gregorian">',
        '<date calendar="gregorian">',
    )
    import_sample(path)
    d323 = Source.objects.get(number="323")
    assert (d323.date_start, d323.date_end) == (datetime.date(1924, 4, 1),) * 2
    assert d323.date_original == "1924-04-01T00:00:00-05:00"


def test_editorial_notes_are_skipped_with_a_reason(sample_copy):
    path = sample_copy(
        'xml:id="d322" n="322" subtype="historical-document"',
        'xml:id="d322" n="322" subtype="editorial-note"',
    )
    report = import_sample(path)
    assert report.skipped == [("d322", "editorial-note: not a historical document")]
    assert len(report.created) == 12


def test_command_reports_progress_and_summary(sample_path):
    out = StringIO()
    call_command("import_frus", str(sample_path), stdout=out)
    text = out.getvalue()
    assert "13/13 documents" in text
    assert "13 created, 0 updated, 0 unchanged, 0 skipped" in text
    out = StringIO()
    call_command("import_frus", str(sample_path), "--publish", stdout=out)
    assert "0 created, 13 updated, 0 unchanged, 0 skipped" in out.getvalue()


def test_command_rejects_a_bad_file_and_still_imports_the_good_one(sample_path, tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text("<TEI")
    err = StringIO()
    with pytest.raises(CommandError, match="1 of 2"):
        call_command("import_frus", str(bad), str(sample_path), stdout=StringIO(), stderr=err)
    assert "line 1" in err.getvalue()
    assert Source.objects.count() == 13


# --- the parser on encodings of other volumes ---------------------------------------------------

OTHER_VOLUME = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:frus="http://history.state.gov/frus/ns/1.0"
     xml:id="frus1925v02">
  <teiHeader><fileDesc><titleStmt>
    <title type="complete">Papers Relating to the Foreign Relations of the United States, 1925,
      Volume II</title></titleStmt>
    <publicationStmt><idno type="frus">frus1925v02</idno></publicationStmt></fileDesc>
    <profileDesc><textClass><keywords><term xml:id="t1">Russia</term></keywords></textClass>
    </profileDesc>
    <xenoData><frus:coverage notBefore="1925-01-01" notAfter="1925-12-31"/></xenoData>
  </teiHeader>
  <text><front><div type="section"><list type="participants"><item><persName
     xml:id="p_CF1">Coleman, Frederick W. B.</persName>, Minister in Latvia</item></list>
     </div></front><body>
    <div type="compilation" xml:id="comp1"><head>Russia:</head>
     <div type="chapter" xml:id="ch1"><head>Soviet–Japanese relations</head>
      <div type="document" xml:id="d562" n="562" subtype="historical-document"
           frus:doc-dateTime-min="1925-02-27T12:00:00-05:00"
           frus:doc-dateTime-max="1925-02-27T12:00:00-05:00">
        <pb n="690" xml:id="pg_690"/>
        <note rend="inline" type="source">761.94/100: Telegram</note>
        <head><hi rend="italic">The Minister in Latvia</hi> (<persName type="from"
          corresp="#p_CF1">Coleman</persName>) to the <gloss type="to">Secretary of
          State</gloss><note n="1" xml:id="d562fn1">Footnote in the head.</note></head>
        <opener><dateline><placeName>Riga</placeName>, <date when="1925-02-27T12:00:00"
          calendar="gregorian">February 27, 1925—noon</date>.</dateline></opener>
        <p>Treaty text <pb n="691" xml:id="pg_691"/>continues.</p>
        <pb n="692" xml:id="pg_692"/>
      </div>
      <div type="document" xml:id="d563" n="563" subtype="historical-document"
           frus:doc-dateTime-min="1925-03-01T00:00:00-05:00"
           frus:doc-dateTime-max="1925-03-31T23:59:59-05:00">
        <head>Memorandum by the Secretary of State</head>
        <p>Undated.</p>
      </div>
      <div type="document" n="564" subtype="historical-document"><head>No id</head></div>
     </div>
    </div>
  </body></text>
</TEI>"""


def test_parser_reads_local_times_without_offset_and_page_breaks_at_document_edges():
    volume = parse_frus_volume(OTHER_VOLUME.encode())
    assert (volume.volume_id, volume.year) == ("frus1925v02", 1925)
    d562, d563 = volume.documents
    # Starts with its own <pb n="690">; the <pb n="692"> after its last words is not its page.
    assert d562.pages == "690–691"
    assert d562.date.start == datetime.date(1925, 2, 27)
    assert d562.date.original == "1925-02-27T12:00:00"
    assert d562.title == "The Minister in Latvia (Coleman) to the Secretary of State"
    assert [(a.name, a.role) for a in d562.agents] == [
        ("Frederick W. B. Coleman", "from"),
        ("Secretary of State", "to"),
    ]
    assert d562.headings == (("compilation", "Russia"), ("chapter", "Soviet–Japanese relations"))
    assert (d563.kind, d563.pages) == ("memorandum", "692")
    # No dateline: the document's min…max, a month here, becomes a range.
    assert (d563.date.start, d563.date.end, d563.date.precision) == (
        datetime.date(1925, 3, 1),
        datetime.date(1925, 3, 31),
        "range",
    )
    assert volume.skipped[0].reason.startswith("the document has no xml:id")


def test_an_import_costs_the_same_queries_for_26_documents_or_260():
    def queries(documents: int) -> list[str]:
        with transaction.atomic(), CaptureQueriesContext(connection) as captured:
            report = frus_volume_import(source=synthetic_volume(documents), publish=True)
            assert len(report.created) == documents
            transaction.set_rollback(True)
        return [query["sql"] for query in captured.captured_queries]

    few, many = queries(26), queries(260)
    # Per file: series, language, stored documents and numbered sources (each with languages
    # and agent links), agent names; per agent of the file (found or new); per batch of 500 new
    # sources: rows, history, languages, agent links, dates and their history; the refreshes.
    if connection.vendor == "postgresql":
        assert len(many) == len(few)
    else:
        # SQLite takes at most 999 parameters a statement: its bulk inserts come in more parts.
        def without_inserts(sql):
            return [query for query in sql if not query.startswith("INSERT")]

        assert len(without_inserts(many)) == len(without_inserts(few))
