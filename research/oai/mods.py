"""MODS 3.4 records for OAI-PMH (metadataPrefix `mods`), written from the citation record.

Why MODS beside Dublin Core: simple DC has one flat `date`, no way to say that a document sits
in a volume of a series (with its own editor, publisher, place and year), no name parts, and
no archival location. MODS has all of these (`originInfo` with `dateCreated` point="start"/"end"
and `qualifier="approximate"`, `relatedItem type="host"` with `part/detail`, `name/namePart
type="family"/"given"`, `location/physicalLocation` and `shelfLocator`), is the Library of
Congress's schema that library and archival harvesters (and Zotero's MODS translator) read,
and is the usual second format of OAI-PMH repositories. Version 3.4 because its schema is the
one the tests can validate offline (tests/oai/schemas/README.md); nothing here needs a later one.
"""

from lxml import etree

from catalogue.citation_record import CitationRecord, Name

MODS_NS = "http://www.loc.gov/mods/v3"
MODS_SCHEMA = "http://www.loc.gov/standards/mods/v3/mods-3-4.xsd"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
XLINK_NS = "http://www.w3.org/1999/xlink"


def _m(parent, tag: str, text: str | None = None, **attributes):
    element = etree.SubElement(parent, f"{{{MODS_NS}}}{tag}")
    for name, value in attributes.items():
        if value:
            element.set(name, value)
    if text:
        element.text = text
    return element


def _title_info(parent, title: str, romanized: str, english: str, language: str) -> None:
    _m(_m(parent, "titleInfo", lang=language), "title", title)
    if romanized:
        info = _m(parent, "titleInfo", type="translated", transliteration="romanised")
        _m(info, "title", romanized)
    if english:
        _m(_m(parent, "titleInfo", type="translated", lang="eng"), "title", english)


def _name(parent, name: Name, role: str) -> None:
    element = _m(parent, "name", type="personal" if name.is_person else "corporate")
    if name.is_person:
        _m(element, "namePart", name.family, type="family")
        if name.given:
            _m(element, "namePart", name.given, type="given")
    else:
        _m(element, "namePart", name.literal)
    if name.original:
        _m(element, "displayForm", name.original)
    role_element = _m(element, "role")
    _m(role_element, "roleTerm", role, type="text", authority="marcrelator")


def mods(parent, record: CitationRecord) -> None:
    """Append the MODS record of one source to `parent` (an OAI <metadata> element)."""
    root = etree.SubElement(
        parent, f"{{{MODS_NS}}}mods", nsmap={None: MODS_NS, "xsi": XSI_NS, "xlink": XLINK_NS}
    )
    root.set("version", "3.4")
    root.set(f"{{{XSI_NS}}}schemaLocation", f"{MODS_NS} {MODS_SCHEMA}")
    _title_info(
        root, record.title, record.title_romanized, record.title_en, _iso639_2(record.language)
    )
    for name in record.authors:
        _name(root, name, "author")
    for name in record.recipients:
        _name(root, name, "addressee")
    _m(root, "typeOfResource", "text", manuscript="yes" if record.container.is_archival else "")
    if record.genre:
        _m(root, "genre", record.genre)
    if date := record.date:
        origin = _m(root, "originInfo")
        qualifier = "approximate" if date.approximate else ""
        values = date.w3cdtf()
        if len(values) == 1:
            _m(
                origin,
                "dateCreated",
                values[0],
                encoding="w3cdtf",
                keyDate="yes",
                qualifier=qualifier,
            )
        else:
            for point, value in zip(("start", "end"), values, strict=True):
                _m(
                    origin,
                    "dateCreated",
                    value,
                    encoding="w3cdtf",
                    point=point,
                    keyDate="yes" if point == "start" else "",
                    qualifier=qualifier,
                )
        if date.original:
            _m(origin, "dateOther", date.original, type="as written")
    if record.other_dates:
        origin = root.find(f"{{{MODS_NS}}}originInfo")
        if origin is None:
            origin = _m(root, "originInfo")
        for other in record.other_dates:
            # MODS names no sent or received date: dateOther with the role as its type.
            if other.date.is_range:
                _m(origin, "dateOther", other.date.edtf(), type=other.role, encoding="edtf")
            else:
                _m(origin, "dateOther", other.date.iso(), type=other.role, encoding="w3cdtf")
    if record.languages:
        language = _m(root, "language")
        for code in record.languages:
            _m(language, "languageTerm", _iso639_2(code), type="code", authority="iso639-2b")
    if record.summary:
        _m(root, "abstract", record.summary)
    _host(root, record)
    _m(root, "identifier", record.identifier, type="local")
    _m(root, "identifier", record.record_url, type="uri")
    if record.external_id:
        _m(root, "identifier", record.external_id, type="local")
    location = _m(root, "location")
    if record.container.is_archival:
        _m(location, "physicalLocation", record.archive)
        _m(location, "shelfLocator", record.archive_location)
    if record.url:
        _m(location, "url", record.url, usage="primary display", access="raw object")
    _m(location, "url", record.record_url, access="object in context")
    info = _m(root, "recordInfo")
    _m(info, "recordContentSource", "Kōshō")
    _m(info, "recordIdentifier", record.identifier)


def _host(root, record: CitationRecord) -> None:
    """The volume, newspaper or record group the document is in, with where in it."""
    container = record.container
    host = _m(root, "relatedItem", type="host")
    info = _m(host, "titleInfo")
    _m(info, "title", container.title)
    if container.volume_apart:
        _m(info, "partNumber", container.volume_apart)
    if container.title_romanized:
        translated = _m(host, "titleInfo", type="translated", transliteration="romanised")
        _m(translated, "title", container.title_romanized)
    if container.editor:
        _name(host, container.editor, "editor")
    if container.is_archival:
        _m(host, "typeOfResource", "text", collection="yes", manuscript="yes")
    if container.publisher or container.place or container.publication_year:
        origin = _m(host, "originInfo")
        if container.place:
            _m(_m(origin, "place"), "placeTerm", container.place, type="text")
        if container.publisher:
            _m(origin, "publisher", container.publisher)
        if container.publication_year:
            _m(origin, "dateIssued", str(container.publication_year), encoding="w3cdtf")
    if container.series_title:
        series = _m(host, "relatedItem", type="series")
        _m(_m(series, "titleInfo"), "title", container.series_title)
    if record.number or record.pages:
        part = _m(host, "part")
        if record.number:
            detail = _m(part, "detail", type="issue" if container.is_periodical else "document")
            _m(detail, "number", record.number)
        if record.pages:
            extent = _m(part, "extent", unit="pages")
            _m(extent, "start", record.first_page)
            if record.last_page:
                _m(extent, "end", record.last_page)


_ISO639_2 = {"ja": "jpn", "ru": "rus", "en": "eng", "zh": "chi"}


def _iso639_2(code: str) -> str:
    return _ISO639_2.get(code, code)
