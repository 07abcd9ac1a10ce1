"""Reading a FRUS TEI volume (Office of the Historian encoding) into plain data; no database.

One FrusDocument per `div[@type="document"]`: its id, number, head, sender and recipient, the
dateline date, the pages it spans, the source note (file number), a kind and the opening
paragraph, with the headings of the compilation and chapter around it. Parsing never resolves
entities, loads a DTD or touches the network.
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from lxml import etree

from core.dates import MONTHS, DateParseError, PartialDate, parse_partial_date

TEI_NS = "http://www.tei-c.org/ns/1.0"
FRUS_NS = "http://history.state.gov/frus/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
NS = {"tei": TEI_NS, "frus": FRUS_NS}

_TEI = f"{{{TEI_NS}}}"
_DIV, _HEAD, _PB, _NOTE, _P = (f"{_TEI}{name}" for name in ("div", "head", "pb", "note", "p"))
_DOC_MIN, _DOC_MAX = f"{{{FRUS_NS}}}doc-dateTime-min", f"{{{FRUS_NS}}}doc-dateTime-max"
_AGENT_TAGS = {f"{_TEI}persName": "person", f"{_TEI}gloss": "office"}
# Elements whose own datelines belong to something else than the document (an enclosure, a quote).
_FOREIGN_DATELINE_ANCESTORS = {f"{_TEI}quote", f"{_TEI}note", f"{{{FRUS_NS}}}attachment"}
_WHEN = re.compile(
    r"(\d{4}(?:-\d{2}(?:-\d{2})?)?)"  # the calendar date as written, local to the dateline
    r"(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:\d{2})?"
)
SUMMARY_LENGTH = 600
# Historical documents only: editorial notes are the editors' prose, not sources.
_IMPORTED_SUBTYPES = {"", "historical-document"}


class TEIError(ValueError):
    """A file that is not a readable FRUS TEI volume; says why and at which line."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message, self.line = message, line

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


@dataclass(frozen=True)
class DocumentAgent:
    """A sender ("from") or recipient ("to") named in a document's head."""

    name: str
    role: str  # "from" or "to"
    kind: str  # "person" (persName) or "office" (gloss: "Secretary of State")


@dataclass(frozen=True)
class TransmissionDate:
    """When a document was sent (its dateline) or received ("[Received April 28—9:28 a.m.]")."""

    role: str  # "sent" or "received", as SourceDate.Role
    date: PartialDate
    time: dt.time | None = None
    place: str = ""


@dataclass(frozen=True)
class FrusDocument:
    xml_id: str
    number: str
    title: str
    kind: str
    source_note: str
    date: PartialDate | None
    dateline: str
    pages: str
    summary: str
    headings: tuple[tuple[str, str], ...]  # (div type, head), outermost first
    agents: tuple[DocumentAgent, ...]
    line: int
    warnings: tuple[str, ...] = ()
    transmission: tuple[TransmissionDate, ...] = ()


@dataclass(frozen=True)
class SkippedDocument:
    ref: str
    reason: str


@dataclass
class FrusVolume:
    volume_id: str
    title: str
    series_title: str
    publisher: str
    pub_place: str
    pub_date: str
    documents: list[FrusDocument] = field(default_factory=list)
    skipped: list[SkippedDocument] = field(default_factory=list)

    @property
    def year(self) -> int | None:
        match = re.match(r"frus(\d{4})", self.volume_id)
        return int(match[1]) if match else None


def frus_parser() -> etree.XMLParser:
    """The only parser used on uploaded XML: no entities, no DTD, no network, bounded nodes."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def parse_frus_volume(source: str | Path | bytes | IO[bytes]) -> FrusVolume:
    """Read a FRUS TEI file (path, bytes or binary file); raise TEIError if it is not one."""
    if hasattr(source, "read"):
        # From bytes, libxml2 reports a broken encoding as a syntax error with its line; while
        # streaming a file it raises a bare OSError.
        source = source.read()
    try:
        if isinstance(source, bytes):
            root = etree.fromstring(source, frus_parser())
        else:
            root = etree.parse(
                str(source) if isinstance(source, Path) else source, frus_parser()
            ).getroot()
    except etree.XMLSyntaxError as error:
        raise TEIError(f"The file is not well-formed XML: {error.msg}", error.lineno) from error
    if root.tag != f"{_TEI}TEI":
        raise TEIError(
            f"The file is not a TEI document: its root element is <{etree.QName(root).localname}>"
            f" in namespace {etree.QName(root).namespace or '(none)'}, not <TEI> in {TEI_NS}.",
            root.sourceline,
        )
    volume_id = _text(_first(root, "tei:teiHeader//tei:idno[@type='frus']")) or root.get(XML_ID, "")
    if not re.fullmatch(r"frus[A-Za-z0-9_-]+", volume_id):
        raise TEIError(
            'The file is TEI but not a FRUS volume: it has no <idno type="frus"> '
            "(or xml:id on <TEI>) of the form frus1924v02.",
            root.sourceline,
        )
    divs = root.xpath("//tei:div[@type='document']", namespaces=NS)
    if not divs:
        raise TEIError(
            f'The FRUS volume {volume_id} holds no <div type="document">.', root.sourceline
        )
    title_stmt = "tei:teiHeader/tei:fileDesc/tei:titleStmt"
    publication = "tei:teiHeader/tei:fileDesc/tei:publicationStmt"
    volume = FrusVolume(
        volume_id=volume_id,
        title=_text(_first(root, f"{title_stmt}/tei:title[@type='complete']"))
        or _text(_first(root, f"{title_stmt}/tei:title"))
        or volume_id,
        series_title=_text(_first(root, f"{title_stmt}/tei:title[@type='series']")),
        publisher=_text(_first(root, f"{publication}/tei:publisher")),
        pub_place=_text(_first(root, f"{publication}/tei:pubPlace")),
        pub_date=_text(_first(root, f"{publication}/tei:date[@type='publication-date']")),
    )
    pages = _page_spans(root)
    headings, persons = _Headings(), _Persons(root)
    seen: set[str] = set()
    for div in divs:
        xml_id, line = div.get(XML_ID, ""), div.sourceline
        ref = xml_id or f"line {line}"
        reason = ""
        if not xml_id:
            reason = "the document has no xml:id, so it cannot be given a stable identifier"
        elif xml_id in seen:
            reason = f"xml:id {xml_id} is used twice in the file; the first one was imported"
        elif div.get("subtype", "") not in _IMPORTED_SUBTYPES:
            reason = f"{div.get('subtype')}: not a historical document"
        elif (head := div.find(_HEAD)) is None or not (title := plain_text(head)):
            reason = "the document has no <head> to give it a title"
        if reason:
            volume.skipped.append(SkippedDocument(ref, reason))
            continue
        seen.add(xml_id)
        volume.documents.append(
            _document(div, head, title, pages.get(div, ""), headings(div), persons)
        )
    return volume


def plain_text(element, skip_notes: bool = True) -> str:
    """The text of an element with footnotes left out and whitespace collapsed."""
    if not len(element):  # most are leaves: a name, a date, a place
        return " ".join((element.text or "").split())
    parts: list[str] = []

    def walk(el):
        if el.text:
            parts.append(el.text)
        for child in el:
            if isinstance(child.tag, str) and not (skip_notes and child.tag == _NOTE):
                if child.tag == f"{_TEI}lb":
                    parts.append(" ")
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    return " ".join("".join(parts).split())


def _first(root, path: str):
    found = root.xpath(path, namespaces=NS)
    return found[0] if found else None


def _text(element) -> str:
    return plain_text(element) if element is not None else ""


class _Headings:
    """The headings of the divisions around a document, outermost first: read once per
    compilation and chapter, not once per document (finding the <head> of a chapter of 2,000
    documents makes lxml look past all of them)."""

    def __init__(self):
        self.known: dict = {}

    def __call__(self, div) -> tuple[tuple[str, str], ...]:
        parent = div.getparent()
        if parent is None:
            return ()
        if parent not in self.known:
            outer = self(parent)
            head = parent.find(_HEAD) if parent.tag == _DIV else None
            if head is not None:
                outer += ((parent.get("type", ""), plain_text(head).rstrip(":").strip()),)
            self.known[parent] = outer
        return self.known[parent]


def _document(div, head, title: str, pages: str, headings: tuple, persons) -> FrusDocument:
    warnings: list[str] = []
    note = div.find(f"{_NOTE}[@type='source']")
    source_note = plain_text(note) if note is not None else ""
    dateline = _dateline(div)
    dateline_text = _dateline_text(dateline)
    document_date = None
    if dateline is not None:
        document_date = _date_from_element(dateline, warnings)
    if document_date is None:
        document_date = _date_from_range(div.get(_DOC_MIN, ""), div.get(_DOC_MAX, ""), warnings)
    first_p = next((p for p in div.iterchildren(_P) if plain_text(p)), None)
    agents = _agents(head, persons)
    kind = _kind(title, source_note, div, agents)
    return FrusDocument(
        xml_id=div.get(XML_ID),
        number=div.get("n", "").strip(),
        title=title,
        kind=kind,
        source_note=source_note,
        date=document_date,
        dateline=dateline_text,
        pages=pages,
        summary=_shorten(plain_text(first_p)) if first_p is not None else "",
        headings=headings,
        agents=agents,
        line=div.sourceline,
        warnings=tuple(warnings),
        transmission=_transmission(dateline, dateline_text, document_date, kind, warnings),
    )


def _dateline(div):
    """The document's own dated <date> inside a <dateline> (not an enclosure's or a quote's)."""
    for element in div.iterdescendants(f"{_TEI}date"):
        parent = element.getparent()
        if not any(a.tag == f"{_TEI}dateline" for a in element.iterancestors()):
            continue
        ancestors = []
        for ancestor in parent.iterancestors():
            if ancestor is div:
                break
            ancestors.append(ancestor.tag)
        if _FOREIGN_DATELINE_ANCESTORS.intersection(ancestors):
            continue
        if element.get("when") or element.get("notBefore") or element.get("from"):
            return element
    return None


def _dateline_text(date_element) -> str:
    """The whole dateline as printed: "Tokyo, July 17, 1924. [Received August 7.]"."""
    if date_element is None:
        return ""
    line = next(date_element.iterancestors(f"{_TEI}dateline"))
    return plain_text(line)


def _date_part(value: str) -> str:
    match = _WHEN.fullmatch(value.strip())
    if not match:
        raise DateParseError(
            "date_unreadable", "“%(text)s” is not an ISO date or date-time.", text=value
        )
    return match[1]


def _date_from_element(element, warnings: list[str]) -> PartialDate | None:
    """@when as written (local time and offset kept in `original`), or a notBefore/from range."""
    when = element.get("when", "").strip()
    try:
        if when:
            parsed = parse_partial_date(_date_part(when))
            return PartialDate(parsed.start, parsed.end, parsed.precision, False, when)
        low = (element.get("notBefore") or element.get("from") or "").strip()
        high = (element.get("notAfter") or element.get("to") or "").strip()
        if low and high:
            return _range(low, high)
    except DateParseError as error:
        warnings.append(f"dateline date unreadable ({error}); fell back to frus:doc-dateTime-min")
    return None


def _date_from_range(low: str, high: str, warnings: list[str]) -> PartialDate | None:
    """frus:doc-dateTime-min (and -max where it falls on another day) of an undated document."""
    if not low:
        warnings.append("no dated dateline and no frus:doc-dateTime-min: imported without a date")
        return None
    try:
        return _range(low, high or low)
    except DateParseError as error:
        warnings.append(f"frus:doc-dateTime-min unreadable ({error}): imported without a date")
        return None


def _range(low: str, high: str) -> PartialDate:
    first, last = parse_partial_date(_date_part(low)), parse_partial_date(_date_part(high))
    if (first.start, first.end) == (last.start, last.end):
        return PartialDate(first.start, first.end, first.precision, False, low)
    if last.end < first.start:
        raise DateParseError(
            "date_range_reversed",
            "%(text)s: the range ends before it starts.",
            text=f"{low}/{high}",
        )
    return PartialDate(first.start, last.end, "range", False, f"{low}/{high}")


_DESPATCH = etree.XPath("tei:opener/tei:seg[starts-with(normalize-space(.), 'No.')]", namespaces=NS)


def _kind(title: str, source_note: str, div, agents: tuple) -> str:
    """The Source.Kind the head and source note suggest (FRUS says "Telegram" in the note)."""
    lowered = title.lower()
    if "telegram" in source_note.lower() or lowered.startswith("telegram"):
        return "telegram"
    if lowered.startswith(("memorandum", "aide-mémoire", "aide-memoire")):
        return "memorandum"
    if lowered.startswith(("minutes", "record of")):
        return "minutes"
    if re.search(r"\b(treaty|convention|agreement|protocol|exchange of notes)\b", lowered):
        return "treaty"
    if lowered.startswith(("statement", "declaration", "press release", "communiqué")):
        return "statement"
    if lowered.startswith(("report", "résumé", "resume")):
        return "report"
    if _DESPATCH(div):
        # A numbered despatch: from the Secretary of State an instruction, to him a report.
        sender = next((a for a in agents if a.role == "from"), None)
        if sender and "secretary of state" in sender.name.lower():
            return "instruction"
        return "report"
    return "letter"


class _Persons:
    """The elements of the volume by xml:id (its persons list), indexed on the first lookup:
    a volume of 2,000 documents naming people by @corresp would otherwise be searched whole
    for each name."""

    def __init__(self, root):
        self.root, self.by_id = root, None

    def get(self, xml_id: str):
        if self.by_id is None:
            self.by_id = {}
            for element in self.root.iter(etree.Element):
                if (key := element.get(XML_ID)) is not None:
                    self.by_id.setdefault(key, element)  # the first, as //*[@xml:id] finds
        return self.by_id.get(xml_id)


def _agents(head, persons: _Persons) -> tuple[DocumentAgent, ...]:
    found, seen = [], set()
    for element in head.iter(*_AGENT_TAGS):
        role = element.get("type", "")
        if role not in ("from", "to"):
            continue
        name = plain_text(element)
        corresp = element.get("corresp", "").lstrip("#")
        if corresp:
            # Later volumes point to a persons list: take the full name from it.
            target = persons.get(corresp)
            if target is not None and (full := plain_text(target)):
                name = _natural_order(full)
        name = name.strip(" ,.;:()")
        if name and (name, role) not in seen:
            seen.add((name, role))
            found.append(DocumentAgent(name, role, _AGENT_TAGS[element.tag]))
    return tuple(found)


def _natural_order(name: str) -> str:
    """ "Hughes, Charles Evans" → "Charles Evans Hughes"; other forms unchanged."""
    parts = [part.strip() for part in name.split(",")]
    return f"{parts[1]} {parts[0]}" if len(parts) == 2 and all(parts) else name


def _shorten(text: str, limit: int = SUMMARY_LENGTH) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return f"{cut}…"


def _page_spans(root) -> dict:
    """The pages each document div spans, from the <pb> elements before and inside it.

    A document runs from the page in force where it starts (the last <pb> before it) to the last
    <pb> inside it that text follows. A <pb> inside a document before any of its text means the
    document starts on that page. Where no <pb> precedes a document (an excerpt, the first
    page of a file), its first page is the one before the first <pb> inside it.
    """
    spans, current, open_doc = {}, None, None

    def saw_text():
        if open_doc is not None:
            open_doc["text"] = open_doc["text_since_pb"] = True

    for event, element in etree.iterwalk(root, events=("start", "end")):
        if not isinstance(element.tag, str):
            if event == "end" and element.tail and element.tail.strip():
                saw_text()
            continue
        if event == "start":
            if element.tag == _DIV and element.get("type") == "document":
                open_doc = {"div": element, "start": current, "pbs": [], "text": False}
                open_doc["text_since_pb"] = False
            elif element.tag == _PB:
                current = element.get("n") or current
                if open_doc is not None and current:
                    if not open_doc["text"]:
                        open_doc["start"] = current
                    else:
                        open_doc["pbs"].append(current)
                        open_doc["text_since_pb"] = False
            if element.text and element.text.strip():
                saw_text()
        else:
            if open_doc is not None and element is open_doc["div"]:
                spans[element] = _pages(open_doc)
                open_doc = None
            if element.tail and element.tail.strip():
                saw_text()
    return spans


def _pages(doc: dict) -> str:
    pbs, start = list(doc["pbs"]), doc["start"]
    if pbs and not doc["text_since_pb"]:
        pbs.pop()  # a page break after the document's last words: it ends on the page before
    if start is None and pbs:
        start = str(int(pbs[0]) - 1) if pbs[0].isdigit() else pbs[0]
    if start is None:
        return ""
    last = pbs[-1] if pbs else start
    return start if last == start else f"{start}–{last}"


# "[Received August 7.]", "[Received 3:22 p.m.]", "[Received July 18—2:36 p.m.]",
# "[Received October 16, 1924, 9:40 a.m.]": the note FRUS prints after a dateline.
_RECEIVED_NOTE = re.compile(r"\[\s*Received\s+([^\]]*?)\s*\]", re.I)
_MONTH_NAMES = {name[:3].lower(): number for number, name in enumerate(MONTHS, start=1)}
_CLOCK = r"\d{1,2}(?:[:.]\d{2})?\s*[ap]\.?\s*m\b\.?|noon|midnight"
_RECEIVED_TEXT = re.compile(
    rf"(?:(?P<month>[A-Za-z]{{3,9}})\.?\s+(?P<day>\d{{1,2}})(?:,\s*(?P<year>\d{{4}}))?)?"
    rf"\s*[—–\-,]?\s*(?P<clock>{_CLOCK})?\s*\.?",
    re.I,
)
_CLOCK_PARTS = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?\s*([ap])", re.I)
_WHEN_CLOCK = re.compile(r"T(\d{2}):(\d{2})")


def parse_received_note(
    text: str, sent: dt.date | None
) -> tuple[PartialDate, dt.time | None] | None:
    """The day and time of a FRUS "[Received …]" note; None if the note has neither.

    The note rarely gives a year: it is the sent date's, or the next one when the day falls
    before the sent date (sent December 28, received January 3). A received day one day before
    the sent day is the time difference (sent from Tokyo in the morning, received in Washington
    the evening before), not a year later. Without a year and a sent date the day cannot be
    placed, and a time alone is on the sent day.
    """
    match = _RECEIVED_NOTE.search(text)
    if not match:
        return None
    wording = match[1].strip()
    parts = _RECEIVED_TEXT.fullmatch(wording)
    if not parts or not (parts["month"] or parts["clock"]):
        return None
    clock = _clock(parts["clock"] or "")
    if parts["month"]:
        month = _MONTH_NAMES.get(parts["month"][:3].lower())
        if month is None:
            return None
        if parts["year"]:
            year = int(parts["year"])
        elif sent is not None:
            year = sent.year
        else:
            return None
        try:
            day = dt.date(year, month, int(parts["day"]))
        except ValueError:
            return None
        if not parts["year"] and sent is not None and sent - day > dt.timedelta(days=1):
            day = day.replace(year=year + 1)
    elif sent is not None:
        day = sent
    else:
        return None
    # The note's closing full stop is not part of the date; the one of "a.m." is.
    wording = re.sub(r"(?<![mM])\.$", "", wording).strip()
    # Through the catalogue's one date reader, as every stored date is; the wording is kept.
    parsed = parse_partial_date(day.isoformat())
    return PartialDate(parsed.start, parsed.end, parsed.precision, False, wording[:100]), clock


def _clock(text: str) -> dt.time | None:
    """ "9:40 a.m." → 09:40, "2 p.m." → 14:00, "noon" → 12:00; "midnight" is left to the
    wording (which day's end it closes is not said)."""
    text = text.strip().lower()
    if text == "noon":
        return dt.time(12, 0)
    match = _CLOCK_PARTS.match(text)
    if not match:
        return None
    hour, minute = int(match[1]), int(match[2] or 0)
    if not (1 <= hour <= 12 and minute < 60):
        return None
    hour = hour % 12 + (12 if match[3].lower() == "p" else 0)
    return dt.time(hour, minute)


def _transmission(
    date_element, line: str, document_date: PartialDate | None, kind: str, warnings: list[str]
) -> tuple[TransmissionDate, ...]:
    """The sent date (the dateline's, with its local time) and the received date of a telegram
    or of a document FRUS notes as received."""
    if date_element is None or document_date is None or document_date.precision != "day":
        return ()
    found: list[TransmissionDate] = []
    received = parse_received_note(line, document_date.start)
    if received is None and _RECEIVED_NOTE.search(line):
        warnings.append(f"received note not read: {_RECEIVED_NOTE.search(line)[0]}")
    if kind == "telegram" or received is not None:
        clock = _WHEN_CLOCK.search(date_element.get("when", ""))
        place = date_element.getparent().find(f"{_TEI}placeName")
        printed = plain_text(date_element) or document_date.original
        found.append(
            TransmissionDate(
                role="sent",
                date=PartialDate(
                    document_date.start, document_date.end, "day", False, printed[:100]
                ),
                time=dt.time(int(clock[1]), int(clock[2])) if clock else None,
                place=plain_text(place) if place is not None else "",
            )
        )
    if received is not None:
        found.append(TransmissionDate(role="received", date=received[0], time=received[1]))
    return tuple(found)
