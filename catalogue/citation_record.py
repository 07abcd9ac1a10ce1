"""One citation record per source, built once, from which every citation format, the pages'
metadata and the linked data are written (research.exports, research.linked_data,
research.page_metadata, research.oai.mods).

The record separates what reference managers keep apart and the catalogue's rows mix:
- the document's own date (only its known parts, a range as a range, approximation flagged)
  from the printed volume's year of publication;
- persons (family and given name, Japanese names family first) from organisations (one
  literal name);
- the container's data as printed (title, editor, publisher, place, year) from the archive
  that holds an archival file (archive and archival location);
- the digitised original (`url`) from this catalogue's record of it (`record_url`).

Like catalogue.citations it reads only the source, its series (with parent and repository),
languages and the prefetched `source_agents` with names: building records for a page of sources
runs no queries of its own.
"""

import re
from dataclasses import dataclass, field, replace

from catalogue.citations import PAGE_RANGE
from core.text import has_cjk

# Agents whose Japanese name is written in kanji are Japanese: their romanised names are in
# Japanese order, family name first (Yoshizawa Kenkichi), and are never inverted with a comma.
_KANJI_ONLY = re.compile(r"^[\u3400-\u9fff\u3005々〆ヶ]+$")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# The kind of document, as the genre a citation names (CSL `genre`, RIS M3, biblatex `type`).
GENRES = {
    "telegram": "telegram",
    "note": "diplomatic note",
    "memorandum": "memorandum",
    "minutes": "minutes",
    "instruction": "instruction",
    "report": "report",
    "letter": "letter",
    "treaty": "treaty",
    "regulation": "regulation",
    "statement": "statement",
    "article": "",  # the container (a newspaper) already says what it is
    "file": "archival file",
    "other": "",
}


@dataclass(frozen=True)
class Name:
    """A creator: a person with family and given names, or an organisation as one literal.

    `family_first` marks names written family name first (Japanese): styles print them in that
    order without a comma. `original` is the name in its own script (芳沢謙吉, Лев Карахан).
    """

    family: str = ""
    given: str = ""
    literal: str = ""
    family_first: bool = False
    original: str = ""

    @property
    def is_person(self) -> bool:
        return not self.literal

    @property
    def display(self) -> str:
        """As read in running text: Lev Karakhan, Yoshizawa Kenkichi, Gaimushō."""
        if self.literal:
            return self.literal
        parts = (self.family, self.given) if self.family_first else (self.given, self.family)
        return " ".join(part for part in parts if part)

    @property
    def inverted(self) -> str:
        """As sorted and as RIS and BibTeX want it: Karakhan, Lev — Yoshizawa, Kenkichi."""
        if self.literal:
            return self.literal
        return ", ".join(part for part in (self.family, self.given) if part)


@dataclass(frozen=True)
class DocumentDate:
    """The document's date with only its known parts: (1924,), (1924, 10) or (1924, 10, 6);
    `end` only for a range, in the same unit as `start`."""

    start: tuple[int, ...]
    end: tuple[int, ...] | None = None
    approximate: bool = False
    original: str = ""

    @property
    def is_range(self) -> bool:
        return self.end is not None

    @staticmethod
    def _iso(parts: tuple[int, ...]) -> str:
        return "-".join([f"{parts[0]:04d}", *(f"{p:02d}" for p in parts[1:])])

    def iso(self) -> str:
        """ISO 8601 without approximation: 1924-10-06, 1924-10, 1918/1923."""
        text = self._iso(self.start)
        return f"{text}/{self._iso(self.end)}" if self.end else text

    def edtf(self) -> str:
        """EDTF (ISO 8601-2), as biblatex reads it: 1924-10~, 1918~/1923~."""
        mark = "~" if self.approximate else ""
        text = self._iso(self.start) + mark
        return f"{text}/{self._iso(self.end)}{mark}" if self.end else text

    def w3cdtf(self) -> list[str]:
        """W3CDTF values (the profile of ISO 8601 that OAI-PMH's Dublin Core expects): one
        for a single date, the first and last for a range."""
        return [self._iso(self.start), *([self._iso(self.end)] if self.end else [])]

    def date_parts(self) -> list[list[int]]:
        """CSL `date-parts`: [[1924, 10, 6]] or, for a range, [[1918], [1923]]."""
        return [list(self.start), *([list(self.end)] if self.end else [])]

    @property
    def year(self) -> int:
        return self.start[0]


@dataclass(frozen=True)
class Container:
    """Where the document is printed (a volume, a newspaper) or filed (a record group)."""

    kind: str
    slug: str
    title: str
    title_romanized: str = ""
    title_en: str = ""
    abbreviation: str = ""
    series_title: str = ""  # the documentary series a volume belongs to (日本外交文書)
    series_title_romanized: str = ""
    volume: str = ""
    editor: Name | None = None
    publisher: str = ""
    place: str = ""
    publication_year: int | None = None
    url: str = ""  # this catalogue's record of the series

    @property
    def volume_apart(self) -> str:
        """The volume, where the title does not already say it (日本外交文書 大正13年 第1冊
        does; a format that prints both would repeat it)."""
        title = "".join(self.title.split())
        return "" if "".join(self.volume.split()) in title else self.volume

    @property
    def is_archival(self) -> bool:
        return self.kind == "record_group"

    @property
    def is_periodical(self) -> bool:
        return self.kind == "newspaper"


@dataclass(frozen=True)
class OtherDate:
    """One of the document's other dates (SourceDate): role, the date's known parts, the local
    time ("15:22") and the wording."""

    role: str
    date: DocumentDate
    time: str = ""

    def text(self) -> str:
        """In words, for the notes of formats that have no field for it: "Received: 1924-07-14
        15:22 (as written: 3:22 p.m.)"."""
        text = " ".join(part for part in (self.date.iso(), self.time) if part)
        if self.date.original and self.date.original != text:
            text += f" (as written: {self.date.original})"
        return f"{self.role.capitalize()}: {text}"


@dataclass(frozen=True)
class CitationRecord:
    """Everything a citation of one source says, in one place."""

    pk: int
    key: str
    identifier: str  # this catalogue's identifier of the source: kosho:source:47
    kind: str  # Source.Kind
    genre: str
    title: str
    title_romanized: str
    title_en: str
    authors: tuple[Name, ...]
    recipients: tuple[Name, ...]
    date: DocumentDate | None
    container: Container
    number: str  # document number in a volume, issue number of a periodical
    pages: str  # with an en dash between first and last page
    archive: str  # the holding repository of an archival file
    archive_en: str
    archive_location: str  # series and classification of an archival file
    languages: tuple[str, ...]
    url: str  # the digitised original, where there is one
    record_url: str  # this catalogue's page of the source
    external_id: str
    summary: str = ""
    subjects: tuple[Name, ...] = field(default=())
    # Written, sent, received, published: the main date stays the one cited.
    other_dates: tuple["OtherDate", ...] = field(default=())
    # Its identifiers in other systems: (type, label, value, link), the FRUS id among them.
    identifiers: tuple[tuple[str, str, str, str], ...] = field(default=())

    @property
    def first_page(self) -> str:
        return self.pages.partition("–")[0]

    @property
    def last_page(self) -> str:
        return self.pages.partition("–")[2]

    @property
    def language(self) -> str:
        return self.languages[0] if self.languages else ""

    @property
    def publication_year(self) -> int | None:
        """The year the container was published: the printed volume's (never the
        document's), or the document's own for a newspaper issue."""
        if self.container.is_periodical:
            return self.date.year if self.date else None
        return self.container.publication_year


# Building ----------------------------------------------------------------------------------


def citation_key(source) -> str:
    """A readable, stable key: series slug and document number (ngb-t13-1-464), else the id."""
    tail = re.sub(r"[^0-9A-Za-z.]+", "-", source.number).strip("-") if source.number else ""
    return f"{source.series.slug}-{tail or f'id{source.pk}'}"


def citation_records(sources, base_url: str = "") -> list[CitationRecord]:
    """Records for `sources`, keys made unique within the list; `base_url` (scheme and host)
    makes the catalogue's own links absolute."""
    seen, records = set(), []
    for source in sources:
        key = citation_key(source)
        if key in seen:
            key = f"{key}-id{source.pk}"
        seen.add(key)
        records.append(citation_record(source, base_url, key=key))
    return records


def citation_record(source, base_url: str = "", *, key: str = "") -> CitationRecord:
    series = source.series
    repository = series.repository
    links = _agent_links(source)
    container = _container(series, base_url)
    archival = container.is_archival
    number = source.number
    if container.is_periodical and _ISO_DAY.match(number):
        number = ""  # a newspaper issue "numbered" by its date: the date says it already
    return CitationRecord(
        pk=source.pk,
        key=key or citation_key(source),
        identifier=f"kosho:source:{source.pk}",
        kind=source.kind,
        genre=GENRES.get(source.kind, ""),
        title=source.title,
        title_romanized=_differs(source.title_romanized, source.title),
        title_en=_differs(source.title_en, source.title),
        authors=tuple(name_of(link.agent) for link in links if link.role == "author"),
        recipients=tuple(name_of(link.agent) for link in links if link.role == "recipient"),
        subjects=tuple(name_of(link.agent) for link in links if link.role == "mentioned"),
        date=document_date(source),
        container=container,
        number="" if archival else number,
        pages=PAGE_RANGE.sub("–", source.pages.strip()),
        archive=repository.name if archival else "",
        archive_en=(repository.name_en or "") if archival else "",
        archive_location=" ".join(p for p in (series.title, source.number) if p)
        if archival
        else "",
        languages=tuple(language.code for language in source.languages.all()),
        # The digitised original: the first identifier that opens the document (JACAR, NDL,
        # FRUS…), else the URL recorded on the source.
        url=source.digitised_url(),
        record_url=_absolute(base_url, source.get_absolute_url()),
        external_id=source.external_id,
        summary=source.summary,
        other_dates=tuple(_other_date(row) for row in _prefetched_dates(source)),
        identifiers=tuple(
            (row.type, str(row.get_type_display()), row.value, row.link)
            for row in source.identifier_list()
        ),
    )


def document_date(dated) -> DocumentDate | None:
    """The known parts of a PartialDateModel's date; a range whose ends are whole years or
    months is given in years or months (1918/1923, not 1918-01-01/1923-12-31)."""
    partial = dated.partial_date
    if partial is None:
        return None
    text = replace(partial, approximate=False).iso()
    ends = [tuple(int(part) for part in end.split("-")) for end in text.split("/")]
    return DocumentDate(
        start=ends[0],
        end=ends[1] if len(ends) > 1 and ends[1] != ends[0] else None,
        approximate=dated.date_approximate,
        original=dated.date_original,
    )


def name_of(agent) -> Name:
    """An agent as a creator. Persons are split by the order their names are written in:
    a Japanese person's romanised name is family name first, everyone else's (Russian names
    romanised, Western names) family name last; organisations and governments stay whole."""
    names = list(agent.names.all())
    latin = _preferred(names, "en") or agent.preferred_name()
    own = _own_script(names)
    if agent.kind != "person":
        return Name(literal=latin, original=own if own != latin else "")
    japanese = any(n.language == "ja" and _KANJI_ONLY.match(n.value) for n in names if n.preferred)
    words = latin.split()
    if len(words) == 1:
        return Name(family=latin, original=own)
    if japanese:
        return Name(family=words[0], given=" ".join(words[1:]), family_first=True, original=own)
    return Name(family=words[-1], given=" ".join(words[:-1]), original=own)


def _preferred(names, language: str) -> str:
    return next((n.value for n in names if n.preferred and n.language == language), "")


def _own_script(names) -> str:
    """The name in the agent's own script: kanji for a Japanese, Cyrillic for a Russian."""
    for name in names:
        if name.preferred and name.language == "ja" and _KANJI_ONLY.match(name.value):
            return name.value
    return _preferred(names, "ru") or _preferred(names, "ja")


def _container(series, base_url: str) -> Container:
    parent = series.parent
    # Publication data not recorded on a volume is the documentary series' (the publisher of
    # ДВП is Госполитиздат throughout); the year never is: each volume has its own.
    inherited = parent if parent is not None else series
    editor = series.editor or inherited.editor
    return Container(
        kind=series.kind,
        slug=series.slug,
        title=series.title,
        title_romanized=_differs(series.title_romanized, series.title),
        title_en=_differs(series.title_en, series.title),
        abbreviation=series.abbreviation,
        series_title=parent.title if parent else "",
        series_title_romanized=parent.title_romanized if parent else "",
        volume=series.volume,
        editor=_editor(editor) if editor else None,
        publisher=series.publisher or inherited.publisher,
        place=series.place or inherited.place,
        publication_year=series.publication_year,
        url=_absolute(base_url, f"/api/v1/series/{series.pk}/"),
    )


def _editor(text: str) -> Name:
    """An editor as recorded on a series: a person (Jane Degras) or a body (外務省)."""
    words = text.split()
    if len(words) == 2 and not has_cjk(text) and all(w[:1].isupper() for w in words):
        return Name(family=words[1], given=words[0])
    return Name(literal=text)


def _agent_links(source) -> list:
    """The prefetched agent links; a source without them (a bare instance) has none here
    rather than a query per source."""
    cache = getattr(source, "_prefetched_objects_cache", {})
    if "source_agents" in cache:
        return list(cache["source_agents"])
    return []


def _prefetched_dates(source) -> list:
    cache = getattr(source, "_prefetched_objects_cache", {})
    return list(cache["dates"]) if "dates" in cache else []


def _other_date(row) -> OtherDate:
    return OtherDate(
        role=row.role,
        date=document_date(row),
        time=f"{row.time:%H:%M}" if row.time is not None else "",
    )


def _differs(value: str, original: str) -> str:
    return value if value and value != original else ""


def _absolute(base_url: str, path: str) -> str:
    return f"{base_url.rstrip('/')}{path}" if base_url else path
