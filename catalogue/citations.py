"""Citations of sources: the formatted strings the pages and the API show, and BibTeX, RIS and
CSL-JSON export.

Everything here reads only the source, its series and repository, and (for authors) its
prefetched `source_agents` with names, so formatting a page of sources runs no queries of its own.
Titles keep their original script (ヨッフェ, Иоффе); the romanised and English titles go
alongside it in the field each format has for them.
"""

import re
from datetime import date

import bibtexparser
from bibtexparser.model import Entry, Field

from catalogue.dates import PartialDate, format_partial_date, to_japanese_era

NGB_TITLE = "日本外交文書"
_KANJI_DIGITS = "〇一二三四五六七八九"
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
_ERA_YEAR = re.compile(r"(明治|大正|昭和)\s*(元|\d+)\s*年")
_NGB_SLUG = re.compile(r"^ngb-([mts])(\d+)(?:-(\d+))?$")
_VOLUME = re.compile(r"第\s*(\d+)\s*冊")
_ERAS = {"m": "明治", "t": "大正", "s": "昭和"}
_PAGE_RANGE = re.compile(r"\s*[-–—~〜]+\s*")

MEDIA_TYPES = {
    "bib": "application/x-bibtex",
    "ris": "application/x-research-info-systems",
    "json": "application/vnd.citationstyles.csl+json",
}


# Formatted citations ---------------------------------------------------------------------------


def citation_en(source) -> str:
    """A Chicago-like note citation in English, original-script title kept.

    “芳沢公使ヨリ幣原外務大臣宛電報” [Yoshizawa to Shidehara], 6 October 1924. In Nihon gaikō
    bunsho, Taishō 13, vol. 1, doc. 464, pp. 798–800.
    """
    series, repository = source.series, source.series.repository
    head = _title_en(source)
    when = format_partial_date(
        source.date_start, source.date_end, source.date_precision, source.date_approximate
    )
    sentences = [f"{head}, {when}" if when else head]
    container = [series.title_romanized or series.title_en or series.title]
    if series.published and series.kind != "record_group":
        container[0] += f" ({series.published})"  # publisher of a volume; archives come last
    container += _reference_en(source)
    sentences.append("In " + ", ".join(container))
    if series.kind == "record_group":
        sentences.append(repository.name_en or repository.name)
    if source.url:
        sentences.append(source.url)
    return ". ".join(part.rstrip(".") for part in sentences) + "."


def citation_ja(source) -> str:
    """The customary Japanese citation, or "" for sources not cited in Japanese.

    日本外交文書: 『日本外交文書』大正十三年第一冊、四六四文書. Other Japanese material:
    外務省記録「露国諸政治団体の請議」（2.5.1.106-4-7）、外務省外交史料館所蔵.
    """
    series = source.series
    if _is_ngb(series):
        return _citation_ngb(source)
    if not (_CJK.search(series.title) or _CJK.search(source.title)):
        return ""
    if series.kind == "record_group":
        number = f"（{source.number}）" if source.number else ""
        held = series.repository.name
        return f"{series.title}「{source.title}」{number}、{held}所蔵"
    parts = [f"「{source.title}」", f"『{series.title}』"]
    if when := _date_ja(source):
        parts.append(when)
    text = "".join(parts[:2]) + ("、" + parts[2] if len(parts) > 2 else "")
    if source.number:
        text += f"、{source.number}" + ("文書" if source.number.isdigit() else "")
    if source.pages:
        text += f"、{source.pages}頁"
    return text


def _citation_ngb(source) -> str:
    series = source.series
    era_year, volume = _ngb_volume(series)
    text = f"『{NGB_TITLE}』{era_year}" + (f"第{kanji_number(volume)}冊" if volume else "")
    if source.number:
        number = kanji_digits(source.number) if source.number.isdigit() else source.number
        text += f"、{number}文書"
    elif source.pages:
        text += f"、{kanji_digits(_PAGE_RANGE.sub('〜', source.pages))}頁"
    return text


def _is_ngb(series) -> bool:
    return series.title.startswith(NGB_TITLE) or bool(_NGB_SLUG.match(series.slug))


def _ngb_volume(series) -> tuple[str, int | None]:
    """The era year (大正十三年) and volume number of a 日本外交文書 volume, from its title,
    its year or its slug (ngb-t13-1), whichever says."""
    era_year, volume = "", None
    if match := _ERA_YEAR.search(series.title):
        year = 1 if match[2] == "元" else int(match[2])
        era_year = f"{match[1]}{'元' if year == 1 else kanji_number(year)}年"
    elif series.year:
        era_year = _era_year_kanji(to_japanese_era(date(series.year, 1, 1), "year"))
    elif match := _NGB_SLUG.match(series.slug):
        era_year = _era_year_kanji(f"{_ERAS[match[1]]}{int(match[2])}年")
    if match := _VOLUME.search(series.title):
        volume = int(match[1])
    elif (match := _NGB_SLUG.match(series.slug)) and match[3]:
        volume = int(match[3])
    return era_year, volume


def _era_year_kanji(text: str) -> str:
    """大正13年 → 大正十三年 (元年 stays)."""
    return re.sub(r"\d+", lambda m: kanji_number(int(m[0])), text)


def kanji_number(n: int) -> str:
    """A number as written in era years and volume numbers: 13 → 十三, 20 → 二十, 1 → 一."""
    if n == 0:
        return "〇"
    text = ""
    for value, unit in ((1000, "千"), (100, "百"), (10, "十")):
        count, n = divmod(n, value)
        if count:
            text += ("" if count == 1 else _KANJI_DIGITS[count]) + unit
    return text + (_KANJI_DIGITS[n] if n else "")


def kanji_digits(text: str) -> str:
    """Digit by digit, as document numbers are written: 464 → 四六四, 105 → 一〇五."""
    return "".join(_KANJI_DIGITS[int(c)] if c.isascii() and c.isdigit() else c for c in text)


def _title_en(source) -> str:
    """“original” (romanised) [English], leaving out what repeats the original."""
    text = f"“{source.title}”"
    if source.title_romanized and source.title_romanized != source.title:
        text = f"{source.title_romanized} ({text})"
    if source.title_en and source.title_en != source.title:
        text += f" [{source.title_en}]"
    return text


def _reference_en(source) -> list[str]:
    parts = []
    if source.number:
        parts.append(f"doc. {source.number}" if source.number.isdigit() else source.number)
    if source.pages:
        many = bool(_PAGE_RANGE.search(source.pages)) or "," in source.pages
        pages = _PAGE_RANGE.sub("–", source.pages)
        parts.append(f"{'pp.' if many else 'p.'} {pages}")
    return parts


def _date_ja(source) -> str:
    if source.date_start is None:
        return ""
    if source.date_precision in ("day", "month", "year"):
        try:
            text = to_japanese_era(source.date_start, source.date_precision)
        except ValueError:
            text = format_partial_date(
                source.date_start, source.date_end, source.date_precision, language="ja"
            )
        return f"{text}頃" if source.date_approximate else text
    return format_partial_date(
        source.date_start,
        source.date_end,
        source.date_precision,
        source.date_approximate,
        language="ja",
    )


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
    return PartialDate(source.date_start, source.date_end, source.date_precision or "day").iso()


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
            "pages": _bib(_PAGE_RANGE.sub("--", source.pages)),
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
            first, _, last = _PAGE_RANGE.sub("-", source.pages).partition("-")
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
            item["page"] = _PAGE_RANGE.sub("-", source.pages)
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
