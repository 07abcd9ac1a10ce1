"""Citation export for reference managers: BibTeX, RIS and CSL-JSON.

Everything here reads only the source, its series and repository, and (for authors) its
prefetched `source_agents` with names, so exporting a page of sources runs no queries of its own.
Titles keep their original script (ヨッフェ, Иоффе); the romanised and English titles go
alongside it in the field each format has for them.
"""

import re
from dataclasses import replace
from datetime import date

import bibtexparser
from bibtexparser.model import Entry, Field

from catalogue.citations import PAGE_RANGE

MEDIA_TYPES = {
    "bib": "application/x-bibtex",
    "ris": "application/x-research-info-systems",
    "json": "application/vnd.citationstyles.csl+json",
}


# Export ---------------------------------------------------------------------------------------


def citation_key(source) -> str:
    """A readable, stable key: series slug and document number (ngb-t13-1-464), else the id."""
    tail = re.sub(r"[^0-9A-Za-z.]+", "-", source.number).strip("-") if source.number else ""
    return f"{source.series.slug}-{tail or f'id{source.pk}'}"


def _keys(sources) -> list[tuple[str, object]]:
    """(key, source) pairs with keys made unique within one export."""
    seen, pairs = set(), []
    for source in sources:
        key = citation_key(source)
        if key in seen:
            key = f"{key}-id{source.pk}"
        seen.add(key)
        pairs.append((key, source))
    return pairs


def _authors(source) -> list[str]:
    """Authors' preferred names, Latin script first as citation managers expect."""
    links = getattr(source, "_prefetched_objects_cache", {}).get("source_agents")
    if links is None:
        return []
    return [link.agent.preferred_name("en") for link in links if link.role == "author"]


def _date_parts(source) -> list[list[int]]:
    unit = source.date_precision if source.date_precision in ("year", "month", "day") else None
    count = {"year": 1, "month": 2, "day": 3}.get(unit or "day")

    def parts(d: date) -> list[int]:
        return [d.year, d.month, d.day][:count]

    if unit:
        return [parts(source.date_start)]
    return [parts(source.date_start), parts(source.date_end)]


def _iso_date(source) -> str:
    # Citation managers read a plain ISO date; the approximation is said in `note`.
    return replace(source.partial_date, approximate=False).iso()


def _languages(source) -> list[str]:
    return [language.code for language in source.languages.all()]


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
_BIB_LANGIDS = {"ja": "japanese", "ru": "russian", "en": "english", "zh": "chinese"}


def _bib(text: str) -> str:
    return " ".join(str(text).split()).translate(_BIB_ESCAPES)


def bibtex(sources) -> str:
    """BibTeX (biblatex-friendly) entries: `title` in the original script, `titleaddon` with
    the romanised and English titles, `booktitle`/`journal` the series, `date` in ISO form."""
    library = bibtexparser.Library()
    for key, source in _keys(sources):
        series = source.series
        if series.kind == "record_group":
            entry_type, container = "misc", "howpublished"
        elif series.kind == "newspaper":
            entry_type, container = "article", "journal"
        else:
            entry_type, container = "incollection", "booktitle"
        fields = {
            "author": " and ".join(f"{{{_bib(name)}}}" for name in _authors(source)),
            "title": _bib(source.title),
            "titleaddon": _bib(_addon(source)),
            container: _bib(series.title),
            "number": _bib(source.number),
            "pages": _bib(PAGE_RANGE.sub("--", source.pages)),
            "publisher": _bib(series.repository.name),
            "date": _iso_date(source) if source.date_start else "",
            "year": str(source.date_start.year) if source.date_start else "",
            "langid": _BIB_LANGIDS.get(next(iter(_languages(source)), ""), ""),
            "note": _bib(source.date_original),
            "eprint": _bib(source.external_id),
            "url": source.url,
        }
        library.add(
            Entry(entry_type, key, [Field(name, value) for name, value in fields.items() if value])
        )
    return bibtexparser.write_string(library)


def _addon(source) -> str:
    parts = []
    if source.title_romanized and source.title_romanized != source.title:
        parts.append(source.title_romanized)
    if source.title_en and source.title_en != source.title:
        parts.append(f"[{source.title_en}]")
    return " ".join(parts)


def ris(sources) -> str:
    """RIS records: TI the original title, TT the English one, the romanised title in a note."""
    lines = []
    for key, source in _keys(sources):
        series = source.series
        kind = {"record_group": "MANSCPT", "newspaper": "NEWS"}.get(series.kind, "CHAP")
        record = [("TY", kind), ("ID", key)]
        record += [("AU", name) for name in _authors(source)]
        record.append(("TI", source.title))
        if source.title_en and source.title_en != source.title:
            record.append(("TT", source.title_en))
        if source.title_romanized:
            record.append(("N1", f"Romanised title: {source.title_romanized}"))
        record += [("T2", series.title), ("PB", series.repository.name)]
        if source.date_start:
            parts = _date_parts(source)[0]
            padded = [f"{parts[0]:04d}", *(f"{p:02d}" for p in parts[1:])]
            record += [("PY", padded[0]), ("DA", "/".join(padded + [""] * (3 - len(padded))) + "/")]
        if source.date_original:
            record.append(("N1", f"Date as written: {source.date_original}"))
        if source.number:
            record.append(("CN" if series.kind == "record_group" else "M1", source.number))
        if source.pages:
            first, _, last = PAGE_RANGE.sub("-", source.pages).partition("-")
            record.append(("SP", first))
            if last:
                record.append(("EP", last))
        record += [("LA", code) for code in _languages(source)]
        if source.external_id:
            record.append(("AN", source.external_id))
        if source.url:
            record.append(("UR", source.url))
        record.append(("ER", ""))
        lines += [f"{tag}  - {' '.join(str(value).split())}".rstrip() for tag, value in record]
        lines.append("")
    return "\r\n".join(lines)


def csl_json(sources) -> list[dict]:
    """CSL-JSON items: `title` in the original script, the English and romanised titles in
    `note` (CSL has no translated-title variable), `issued` with the known date parts."""
    items = []
    for key, source in _keys(sources):
        series = source.series
        kind = {"record_group": "manuscript", "newspaper": "article-newspaper"}.get(
            series.kind, "chapter"
        )
        item = {"id": key, "type": kind, "title": source.title}
        if authors := _authors(source):
            item["author"] = [{"literal": name} for name in authors]
        if series.kind == "record_group":
            item["archive"] = series.repository.name
            item["archive_collection"] = series.title
            if source.number:
                item["archive_location"] = source.number
        else:
            item["container-title"] = series.title
            item["publisher"] = series.repository.name
            if source.number:
                item["number"] = source.number
        if source.pages:
            item["page"] = PAGE_RANGE.sub("-", source.pages)
        if source.date_start:
            item["issued"] = {"date-parts": _date_parts(source)}
            if source.date_approximate:
                item["issued"]["circa"] = True
        if languages := _languages(source):
            item["language"] = languages[0]
        notes = []
        if source.title_en and source.title_en != source.title:
            notes.append(f"English title: {source.title_en}")
        if source.title_romanized:
            notes.append(f"Romanised title: {source.title_romanized}")
        if source.date_original:
            notes.append(f"Date as written: {source.date_original}")
        if notes:
            item["note"] = "; ".join(notes)
        if source.url:
            item["URL"] = source.url
        items.append(item)
    return items
