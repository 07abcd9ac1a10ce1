"""Partial and Japanese-era dates: reading what archivists type, displaying what is stored."""

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from django.utils import dates as month_names
from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

MONTHS = (
    "January February March April May June July August September October November December"
).split()
# Russian month names: nominative alone ("июнь 1923"), genitive after a day ("28 июня 1923").
RU_MONTHS = (
    "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь"
).split()
RU_MONTHS_OF = (
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря"
).split()
HINT = _("Enter a date as YYYY, YYYY-MM or YYYY-MM-DD (or 大正13年12月5日).")
PRECISIONS = ("year", "month", "day")


class DateParseError(ValueError):
    """A date the catalogue cannot read.

    `code` is stable and machine-readable (the API reports it); `problem` says what is wrong
    with this text and `hint` what the catalogue reads, both in the language active when they
    are shown (they are lazy: an error raised in a request is often displayed after it).
    `str(error)` is the problem.
    """

    def __init__(self, code: str, problem: str, hint: str = HINT, **params):
        super().__init__(code)
        self.code = code
        self.hint = hint
        self.params = params
        self._problem = problem
        self.problem = lazy(self._render, str)()

    def _render(self) -> str:
        language = get_language() or "en"
        return str(self._problem) % {
            name: _shown(value, language) for name, value in self.params.items()
        }

    def __str__(self) -> str:
        return self._render()


def _shown(value, language: str):
    """A date (or a (start, end, precision) triple) as the reader's language writes it."""
    if isinstance(value, date):
        return format_partial_date(value, value, "day", language=language)
    if isinstance(value, tuple):
        return format_partial_date(*value, language=language)
    return value


@dataclass(frozen=True)
class PartialDate:
    """A date known to a day, a month or a year, or a range between two such dates."""

    start: date
    end: date
    precision: str
    approximate: bool = False
    original: str = ""

    def iso(self) -> str:
        """ISO 8601 text: 1924, 1924-12, 1924-12-05, 1924-05/1924-11; "~" leads if approximate."""
        if self.precision in PRECISIONS:
            text = _iso(self.start, self.precision)
        else:
            unit = _span_unit(self.start, self.end)
            text = f"{_iso(self.start, unit)}/{_iso(self.end, unit)}"
        return f"~{text}" if self.approximate else text


@dataclass(frozen=True)
class _Era:
    name: str
    romaji: str  # lazy: 大正 again for a Japanese reader
    start: date
    end: date

    @property
    def years(self) -> int:
        return self.end.year - self.start.year + 1


ERAS = (
    # Meiji was proclaimed in October 1868 but counted from the start of that year. Dates
    # before 明治6年 were lunisolar; they are read as Gregorian, as converting them needs tables
    # this collection (1918–1925) can do without.
    _Era("明治", _("Meiji"), date(1868, 1, 1), date(1912, 7, 30)),
    # Each changeover day belongs to both eras: 明治45年7月30日 and 大正元年7月30日 are one day.
    _Era("大正", _("Taishō"), date(1912, 7, 30), date(1926, 12, 25)),
    _Era("昭和", _("Shōwa"), date(1926, 12, 25), date(1989, 1, 7)),
)
_BY_NAME = {era.name: era for era in ERAS}
_LETTERS = {"M": "明治", "T": "大正", "S": "昭和", "H": "平成", "R": "令和"}
_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {str(i): i for i in range(10)}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUMERALS = "〇一二三四五六七八九十百千"
_NUM = f"[0-9{_NUMERALS}]+"

_ISO = re.compile(r"(\d{4})(?:([-/.])(\d{1,2})(?:\2(\d{1,2}))?)?")
# A dateline's local time as FRUS encodes it: the calendar day written there is the date.
_ISO_DATETIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?"
)
_ABBREVIATED = re.compile(r"([MTSHR])\s*(\d{1,2})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?", re.I)
_KANJI = re.compile(
    rf"(?:(?P<era>明治|大正|昭和)\s*)?(?:(?P<year>元|{_NUM})\s*年)?\s*"
    rf"(?:(?P<month>{_NUM})\s*月)?\s*(?:(?P<day>{_NUM})\s*(?P<nichi>日)?)?"
)
_OTHER_ERA = re.compile(
    rf"((?:(?![元年月日{_NUMERALS}])[\u3400-\u9fff]){{2,4}})\s*(?:(?:元|{_NUM})\s*年|$)"
)
_APPROXIMATE = re.compile(r"^(?:circa|ca\.?|c\.|~|約)\s*|\s*(?:頃|ごろ|ころ|\?)$", re.I)
# Tried only where the whole text is not one date, so 1924-12-05 is never split at its hyphens.
_RANGE_SEPARATOR = re.compile(r"\s*(?:/|-|–|—|〜|~|\.\.)\s*|\s+to\s+", re.I)


class _Part(NamedTuple):
    """One end of what was typed, with what a year-less range end borrows from it."""

    start: date
    end: date
    precision: str
    era: _Era | None
    year: int  # counted in `era` when there is one
    month: int | None


def parse_partial_date(text: str) -> PartialDate:
    """Read a date as an archivist types it; raise DateParseError saying what is wrong."""
    original = text.strip()
    body = unicodedata.normalize("NFKC", original).replace("○", "〇")
    body, markers = _APPROXIMATE.subn("", body)
    body = body.strip()
    if not body:
        raise DateParseError("date_empty", _("No date was given."))
    if part := _parse_part(body):
        return PartialDate(part.start, part.end, part.precision, markers > 0, original)
    for separator in _RANGE_SEPARATOR.finditer(body):
        left, right = body[: separator.start()], body[separator.end() :]
        if not (left and right and (first := _parse_part(left))):
            continue
        if not (last := _parse_part(right, previous=first)):
            continue
        if last.end < first.start:
            raise DateParseError(
                "date_range_reversed",
                _("%(text)s: the range ends (%(last)s) before it starts (%(first)s)."),
                text=original,
                last=tuple(last[:3]),
                first=tuple(first[:3]),
            )
        return PartialDate(first.start, last.end, "range", markers > 0, original)
    raise DateParseError(
        "date_unreadable", _("“%(text)s” is not a date the catalogue can read."), text=original
    )


def format_partial_date(
    start: date | None,
    end: date | None,
    precision: str,
    approximate: bool = False,
    language: str = "en",
) -> str:
    """Display text: "5 December 1924", "28 June – 31 July 1923", "1923年6月28日〜7月31日"."""
    if start is None:
        return ""
    language = language.split("-")[0]
    if precision in PRECISIONS:
        text = _display(start, start, precision, language)
    else:
        text = _display(start, end or start, _span_unit(start, end or start), language)
    if approximate:
        # Russian "ок." would want the genitive of a lone month: a suffix needs no declension.
        return {"ja": f"{text}頃", "ru": f"{text} (прибл.)"}.get(language, f"c. {text}")
    return text


def to_japanese_era(d: date, precision: str = "day") -> str:
    """The era form of `d` ("大正13年12月5日"), cut to `precision` ("大正13年12月", "大正13年").

    The era is the one in force on `d` itself, the later one on a changeover day: pass the first
    day of a month or year (as PartialDate.start is) to name it by the era it began in, so 1912
    is 明治45年 and 1926 is 大正15年, while the clipped start of 大正元年 gives 大正元年.
    """
    if precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {', '.join(PRECISIONS)}, not {precision!r}")
    era = next((era for era in reversed(ERAS) if era.start <= d <= era.end), None)
    if era is None:
        raise ValueError(f"{d.isoformat()} is outside the eras 明治, 大正 and 昭和 (1868–1989).")
    year = d.year - era.start.year + 1
    pieces = (f"{era.name}{'元' if year == 1 else year}年", f"{d.month}月", f"{d.day}日")
    return "".join(pieces[: PRECISIONS.index(precision) + 1])


def _parse_part(text: str, previous: _Part | None = None) -> _Part | None:
    """One date in any accepted form; None if the text is in none of them."""
    if match := _ISO.fullmatch(text):
        return _build(text, None, int(match[1]), _number(match[3]), _number(match[4]))
    if match := _ISO_DATETIME.fullmatch(text):
        return _build(text, None, int(match[1]), int(match[2]), int(match[3]))
    if match := _ABBREVIATED.fullmatch(text):
        era = _era(_LETTERS[match[1].upper()])
        return _build(text, era, int(match[2]), _number(match[3]), _number(match[4]))
    if (match := _KANJI.fullmatch(text)) and any(match.group("era", "year", "month", "nichi")):
        return _parse_kanji(text, match, previous)
    if (match := _OTHER_ERA.match(text)) and match[1] not in _BY_NAME:
        _era(match[1])  # raises, naming the eras that are read
    return None


def _parse_kanji(text: str, match: re.Match[str], previous: _Part | None) -> _Part | None:
    """大正13年12月5日, 一九二四年十二月; as a range end also 13年, 7月31日 or 31日."""
    year_text, month, day = match["year"], _number(match["month"]), _number(match["day"])
    if match["era"] and not year_text:
        raise DateParseError(
            "date_era_year_missing",
            _("%(text)s: give the year in the era too, e.g. %(era)s13年."),
            text=text,
            era=match["era"],
        )
    if day is not None and month is None and (year_text or not match["nichi"]):
        return None
    if year_text:
        era = _BY_NAME.get(match["era"] or "")
        year = 1 if year_text == "元" else _number(year_text)
        if era is None and year < 1000:
            if not (previous and previous.era):
                raise DateParseError(
                    "date_era_missing",
                    _(
                        "%(text)s: give the year with its era (大正13年, 大正元年) "
                        "or in full (1924年)."
                    ),
                    text=text,
                )
            era = previous.era  # 大正12年〜13年: the end is counted in the start's era
        return _build(text, era, year, month, day)
    if previous is None or (month is None and previous.month is None):
        return None
    return _build(text, previous.era, previous.year, month or previous.month, day)


def _build(text: str, era: _Era | None, year: int, month: int | None, day: int | None) -> _Part:
    """Check a year (in `era` if given), month and day, and give the days they cover."""
    gregorian = year
    if era:
        if year < 1:
            raise DateParseError(
                "date_era_out_of_range",
                _("%(era)s%(year)s年 does not exist: era years are counted from 元年 (year 1)."),
                era=era.name,
                year=year,
            )
        if year > era.years:
            raise DateParseError(
                "date_era_out_of_range",
                # 45th, 15th, 64th: all take "th"
                _(
                    "%(era)s%(year)s年 does not exist: the %(era_name)s era ended in its "
                    "%(years)sth year (%(end_year)s)."
                ),
                era=era.name,
                year=year,
                era_name=era.romaji,
                years=era.years,
                end_year=era.end.year,
            )
        gregorian = era.start.year + year - 1
    if not 1 <= gregorian <= 9999:
        raise DateParseError(
            "date_year_out_of_range",
            _("%(text)s: the year %(year)s is out of range."),
            text=text,
            year=gregorian,
        )
    if month is not None and not 1 <= month <= 12:
        raise DateParseError(
            "date_month_out_of_range",
            _("%(text)s: there is no month %(month)s."),
            text=text,
            month=month,
        )
    last_day = calendar.monthrange(gregorian, month or 12)[1]
    if day is not None and not 1 <= day <= last_day:
        raise DateParseError(
            "date_day_out_of_range",
            _("%(text)s: %(month_name)s %(year)s has no day %(day)s (it has %(last_day)s days)."),
            text=text,
            month_name=month_names.MONTHS[month],  # Django's own, translated: 2月
            year=gregorian,
            day=day,
            last_day=last_day,
        )
    start = date(gregorian, month or 1, day or 1)
    end = date(gregorian, month or 12, day or last_day)
    precision = "day" if day is not None else "month" if month is not None else "year"
    if era:
        if end < era.start:
            raise DateParseError(
                "date_era_out_of_range",
                _("%(text)s is before the %(era_name)s era began (%(day)s)."),
                text=text,
                era_name=era.romaji,
                day=era.start,
            )
        if start > era.end:
            raise DateParseError(
                "date_era_out_of_range",
                _("%(text)s is after the %(era_name)s era ended (%(day)s)."),
                text=text,
                era_name=era.romaji,
                day=era.end,
            )
        start, end = max(start, era.start), min(end, era.end)
    return _Part(start, end, precision, era, year, month)


def _era(name: str) -> _Era:
    if name not in _BY_NAME:
        raise DateParseError(
            "date_era_unknown",
            _(
                "%(era)s is not an era the catalogue reads: use 明治, 大正 or 昭和, "
                "or a Western year such as 1924."
            ),
            era=name,
        )
    return _BY_NAME[name]


def _number(text: str | None) -> int | None:
    """Arabic or kanji numerals, positional (一九二四, 一〇) or with units (二十一, 千九百)."""
    if text is None:
        return None
    total = current = 0
    for c in text:
        if c in _UNITS:
            total, current = total + (current or 1) * _UNITS[c], 0
        else:
            current = current * 10 + _DIGITS[c]
    return total + current


def _span_unit(start: date, end: date) -> str:
    """The coarsest unit in which both ends of a range can be written exactly."""
    if start.day != 1 or end.day != calendar.monthrange(end.year, end.month)[1]:
        return "day"
    return "year" if (start.month, end.month) == (1, 12) else "month"


def _iso(d: date, unit: str) -> str:
    return {"year": f"{d.year:04d}", "month": f"{d.year:04d}-{d.month:02d}"}.get(unit, str(d))


def _pieces(d: date, unit: str, language: str) -> list[str]:
    """Year, month and day as displayed, down to `unit`."""
    if language == "ja":
        pieces = [f"{d.year}年", f"{d.month}月", f"{d.day}日"]
    elif language == "ru":
        months = RU_MONTHS_OF if unit == "day" else RU_MONTHS
        pieces = [str(d.year), months[d.month - 1], str(d.day)]
    else:
        pieces = [str(d.year), MONTHS[d.month - 1], str(d.day)]
    return pieces[: PRECISIONS.index(unit) + 1]


def _display(start: date, end: date, unit: str, language: str) -> str:
    """A date, or a range giving once what its ends share: "28 June – 31 July 1923"."""
    ja = language == "ja"
    first, last = _pieces(start, unit, language), _pieces(end, unit, language)
    shared = 0
    while shared < len(first) and first[shared] == last[shared]:
        shared += 1
    if shared == len(first):
        return "".join(first) if ja else " ".join(reversed(first))
    if ja:
        return "".join(first) + "〜" + "".join(last[shared:])
    return " ".join(reversed(first[shared:])) + " – " + " ".join(reversed(last))
