"""Citation export for reference managers: BibTeX (biblatex), RIS and CSL-JSON, each written
from the one citation record per source (catalogue.citation_record) and mapped to the fields
Zotero's import translators read:

| record                | CSL-JSON                 | RIS            | biblatex                  |
|-----------------------|--------------------------|----------------|---------------------------|
| kind                  | genre                    | M3             | type                      |
| document's date       | issued¹ / original-date² | DA, PY¹ / M2²  | date¹ / origdate²         |
| volume's publication  | issued²                  | DA, PY²        | date²                     |
| persons               | family, given            | AU Family, Giv | author Family, Given      |
| editor                | editor                   | A2             | editor                    |
| volume, series        | volume, collection-title | VL, T3         | volume, series            |
| publisher, place      | publisher(-place)        | PB, CY         | publisher, location       |
| archive, location     | archive(_location)       | DB, AN, AV     | library, howpublished     |
| digitised original    | URL                      | UR             | url                       |
| Kōshō record          | note                     | L2, N1         | note                      |

¹ archival files and newspapers, whose date is the document's; ² documents printed in a volume,
whose date as a publication is the volume's. Dates keep only their known parts (1918/1923,
never 1918-01-01/1923-12-31), and a circa is flagged where the format can say it.
"""

import bibtexparser
from bibtexparser.model import Entry, Field

from catalogue.citation_record import CitationRecord, DocumentDate, Name, citation_records

MEDIA_TYPES = {
    "bib": "application/x-bibtex",
    "ris": "application/x-research-info-systems",
    "json": "application/vnd.citationstyles.csl+json",
}
_BIB_LANGIDS = {"ja": "japanese", "ru": "russian", "en": "english", "zh": "chinese"}
_BIB_ESCAPES = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        "{": r"\{",
        "}": r"\}",
        "&": r"\&",
        "%": r"\%",
        "$": r"\$",
        "#": r"\#",
        "_": r"\_",
    }
)

# A filtered export (citations or CSV) holds at most this many sources, in list order: a
# download is one request, and the whole catalogue in one would hold a worker for minutes.
# Narrow the filters for more.
EXPORT_LIMIT = 2000


def _bib(text: str) -> str:
    return " ".join(str(text).split()).translate(_BIB_ESCAPES)


def _notes(record: CitationRecord) -> list[str]:
    """What no field of any format holds, said in words."""
    notes = []
    if record.title_en:
        notes.append(f"English title: {record.title_en}")
    if record.title_romanized:
        notes.append(f"Romanised title: {record.title_romanized}")
    if record.date and record.date.original:
        notes.append(f"Date as written: {record.date.original}")
    if record.date and record.date.is_range:
        circa = "approximately " if record.date.approximate else ""
        notes.append(f"Dated {circa}{record.date.iso()}")
    notes += [other.text() for other in record.other_dates]
    notes.append(f"Kōshō record {record.identifier}: {record.record_url}")
    return notes


# BibTeX (biblatex) --------------------------------------------------------------------------


def _bib_name(name: Name) -> str:
    # An organisation in braces, so that BibTeX does not split it into family and given names.
    return f"{{{_bib(name.literal)}}}" if name.literal else _bib(name.inverted)


def _bib_names(names) -> str:
    return " and ".join(_bib_name(name) for name in names)


def bibtex_entry(record: CitationRecord) -> Entry:
    container = record.container
    date = record.date
    fields = {
        "author": _bib_names(record.authors),
        "title": _bib(record.title),
        "titleaddon": _bib(_addon(record)),
        "type": _bib(record.genre),
    }
    if container.is_archival:
        entry_type = "unpublished"
        fields["date"] = date.edtf() if date else ""
        # biblatex's `library` is the holding institution and call number; `howpublished`
        # is what Zotero reads for an unpublished item.
        fields["library"] = _bib(f"{record.archive}, {record.archive_location}")
        fields["howpublished"] = _bib(f"{record.archive_location}, {record.archive}")
    elif container.is_periodical:
        entry_type = "article"
        fields |= {
            "journaltitle": _bib(container.title),
            "journal": _bib(container.title),
            "number": _bib(record.number),
            "date": date.edtf() if date else "",
        }
    else:
        entry_type = "incollection"
        year = container.publication_year
        fields |= {
            "booktitle": _bib(container.title),
            "booktitleaddon": _bib(container.title_romanized),
            "editor": _bib_names([container.editor] if container.editor else []),
            "series": _bib(container.series_title),
            "volume": _bib(container.volume_apart),
            "publisher": _bib(container.publisher),
            "location": _bib(container.place),
            "date": str(year) if year else "",
            "origdate": date.edtf() if date else "",
        }
    fields |= {
        "pages": _bib(record.pages.replace("–", "--")),
        "langid": _BIB_LANGIDS.get(record.language, ""),
        # biblatex's hyphenation language is `langid`; Zotero's import reads `language`.
        "language": _BIB_LANGIDS.get(record.language, ""),
        "note": _bib(
            "; ".join(
                (
                    [f"Doc. {record.number}"]
                    if record.number and entry_type == "incollection"
                    else []
                )
                + _notes(record)
            )
        ),
        "eprint": _bib(record.external_id),
        "url": record.url or record.record_url,
    }
    return Entry(
        entry_type, record.key, [Field(name, value) for name, value in fields.items() if value]
    )


def bibtex(sources, base_url: str = "") -> str:
    """biblatex entries: `title` in the original script, `titleaddon` with the romanised and
    English titles, `date`/`origdate` as EDTF with only the known parts."""
    library = bibtexparser.Library()
    for record in citation_records(sources, base_url):
        library.add(bibtex_entry(record))
    return bibtexparser.write_string(library)


def _addon(record: CitationRecord) -> str:
    parts = [record.title_romanized] if record.title_romanized else []
    if record.title_en:
        parts.append(f"[{record.title_en}]")
    return " ".join(parts)


# RIS -----------------------------------------------------------------------------------------


def _ris_date(date: DocumentDate) -> str:
    """RIS DA: YYYY/MM/DD/ with unknown parts left empty (1918///), never invented."""
    parts = [f"{date.start[0]:04d}", *(f"{p:02d}" for p in date.start[1:])]
    return "/".join(parts + [""] * (3 - len(parts))) + "/"


def ris_record(record: CitationRecord) -> list[tuple[str, str]]:
    container, date = record.container, record.date
    kind = "MANSCPT" if container.is_archival else "NEWS" if container.is_periodical else "CHAP"
    tags = [("TY", kind), ("ID", record.key)]
    tags += [("AU", name.inverted) for name in record.authors]
    tags.append(("TI", record.title))
    if record.title_en:
        tags.append(("TT", record.title_en))
    if record.genre:
        tags.append(("M3", record.genre))
    if kind == "CHAP":
        tags += [("T2", container.title)]
        if container.editor:
            tags.append(("A2", container.editor.inverted))
        tags += [("T3", container.series_title), ("VL", container.volume_apart)]
        tags += [("CY", container.place), ("PB", container.publisher)]
        if year := container.publication_year:
            tags += [("PY", str(year)), ("DA", f"{year}///")]
        if date:
            # Zotero reads CSL variables from Extra: the document's date beside the volume's.
            tags.append(("M2", f"original-date: {date.iso()}"))
        if record.number:
            # Not M1, which Zotero reads as the number of volumes of a book section.
            tags.append(("N1", f"Document no. {record.number}"))
    else:
        if kind == "NEWS":
            tags += [("T2", container.title), ("IS", record.number)]
            tags += [("CY", container.place), ("PB", container.publisher)]
        else:
            tags += [("DB", record.archive), ("AN", record.archive_location)]
            tags.append(("AV", record.archive_location))
        if date:
            tags += [("PY", f"{date.year:04d}"), ("DA", _ris_date(date))]
    if record.pages:
        tags.append(("SP", record.first_page))
        if record.last_page:
            tags.append(("EP", record.last_page))
    tags += [("LA", code) for code in record.languages]
    tags += [("N1", note) for note in _notes(record)]
    if record.url:
        tags.append(("UR", record.url))
    tags.append(("L2", record.record_url))
    return [(tag, value) for tag, value in tags if value] + [("ER", "")]


def ris(sources, base_url: str = "") -> str:
    """RIS records: TI the original title, TT the English one, the romanised title in a note."""
    lines = []
    for record in citation_records(sources, base_url):
        lines += [
            f"{tag}  - {' '.join(str(value).split())}".rstrip() for tag, value in ris_record(record)
        ]
        lines.append("")
    return "\r\n".join(lines)


# CSL-JSON ------------------------------------------------------------------------------------


def csl_name(name: Name) -> dict:
    if name.literal:
        return {"literal": name.literal}
    item = {"family": name.family}
    if name.given:
        item["given"] = name.given
    if name.family_first:
        item["static-ordering"] = True  # Yoshizawa Kenkichi, never "Kenkichi Yoshizawa"
    return item


def csl_date(date: DocumentDate) -> dict:
    value: dict = {"date-parts": date.date_parts()}
    if date.approximate:
        value["circa"] = True
    return value


def csl_item(record: CitationRecord) -> dict:
    container, date = record.container, record.date
    if container.is_archival:
        kind = "manuscript"
    elif container.is_periodical:
        kind = "article-newspaper"
    else:
        kind = "chapter"
    item: dict = {"id": record.key, "type": kind, "title": record.title}
    if record.authors:
        item["author"] = [csl_name(name) for name in record.authors]
    if record.recipients:
        item["recipient"] = [csl_name(name) for name in record.recipients]
    if record.genre:
        item["genre"] = record.genre
    if kind == "manuscript":
        item["archive"] = record.archive
        item["archive_location"] = record.archive_location
        if date:
            item["issued"] = csl_date(date)
    else:
        item["container-title"] = container.title
        if container.publisher:
            item["publisher"] = container.publisher
        if container.place:
            item["publisher-place"] = container.place
        if record.number:
            item["number"] = record.number
        if kind == "article-newspaper":
            if date:
                item["issued"] = csl_date(date)
        else:
            if container.series_title:
                item["collection-title"] = container.series_title
            if container.volume_apart:
                item["volume"] = container.volume_apart
            if container.editor:
                item["editor"] = [csl_name(container.editor)]
            if year := container.publication_year:
                item["issued"] = {"date-parts": [[year]]}
            if date:
                item["original-date"] = csl_date(date)
    if record.pages:
        item["page"] = record.pages
    if record.language:
        item["language"] = record.language
    item["note"] = "\n".join(_notes(record))
    item["URL"] = record.url or record.record_url
    return item


def csl_json(sources, base_url: str = "") -> list[dict]:
    """CSL-JSON items: `title` in the original script, the English and romanised titles in
    `note` (CSL has no translated-title variable)."""
    return [csl_item(record) for record in citation_records(sources, base_url)]
