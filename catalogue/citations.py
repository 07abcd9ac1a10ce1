"""Citations of sources: the formatted strings the pages and the API show (Chicago-like in
English, the customary form in Japanese). Export formats for reference managers are
research.exports, written from catalogue.citation_record.

Everything here reads only the source, its series and repository, and (for authors) its
prefetched `source_agents` with names, so formatting a page of sources runs no queries of its own.
Titles keep their original script (ヨッフェ, Иоффе); the romanised and English titles go
alongside it in the field each format has for them.
"""

import re
from datetime import date

from core.dates import format_partial_date, to_japanese_era
from core.text import has_cjk

NGB_TITLE = "日本外交文書"
_KANJI_DIGITS = "〇一二三四五六七八九"
_ERA_YEAR = re.compile(r"(明治|大正|昭和)\s*(元|\d+)\s*年")
_NGB_SLUG = re.compile(r"^ngb-([mts])(\d+)(?:-(\d+))?$")
_VOLUME = re.compile(r"第\s*(\d+)\s*冊")
_ERAS = {"m": "明治", "t": "大正", "s": "昭和"}
PAGE_RANGE = re.compile(r"\s*[-–—~〜]+\s*")


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
    if not (has_cjk(series.title) or has_cjk(source.title)):
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
        text += f"、{kanji_digits(PAGE_RANGE.sub('〜', source.pages))}頁"
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
        many = bool(PAGE_RANGE.search(source.pages)) or "," in source.pages
        pages = PAGE_RANGE.sub("–", source.pages)
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
