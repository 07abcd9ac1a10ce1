"""Partial and Japanese-era dates: what archivists may type, what is refused, how it is shown."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from django.utils import translation

from core.dates import (
    DateParseError,
    PartialDate,
    format_partial_date,
    parse_partial_date,
    to_japanese_era,
)

D = date

ACCEPTED = [
    # ISO partial dates and their common variants
    ("1924", D(1924, 1, 1), D(1924, 12, 31), "year"),
    ("1924-12", D(1924, 12, 1), D(1924, 12, 31), "month"),
    ("1924-02", D(1924, 2, 1), D(1924, 2, 29), "month"),
    ("1923-02", D(1923, 2, 1), D(1923, 2, 28), "month"),
    ("1924-12-05", D(1924, 12, 5), D(1924, 12, 5), "day"),
    ("1924/12/05", D(1924, 12, 5), D(1924, 12, 5), "day"),
    ("1924.12.05", D(1924, 12, 5), D(1924, 12, 5), "day"),
    ("1924-2-5", D(1924, 2, 5), D(1924, 2, 5), "day"),
    ("  1924-12-05\n", D(1924, 12, 5), D(1924, 12, 5), "day"),
    ("１９２４－１２－０５", D(1924, 12, 5), D(1924, 12, 5), "day"),
    ("１９２４／１２", D(1924, 12, 1), D(1924, 12, 31), "month"),
    # ranges
    ("1923-06/1923-07", D(1923, 6, 1), D(1923, 7, 31), "range"),
    ("1923-06-28/1923-07-31", D(1923, 6, 28), D(1923, 7, 31), "range"),
    ("1923-06-28 – 1923-07-31", D(1923, 6, 28), D(1923, 7, 31), "range"),
    ("1923-06-28–1923-07-31", D(1923, 6, 28), D(1923, 7, 31), "range"),
    ("1923-06-28 — 1923-07-31", D(1923, 6, 28), D(1923, 7, 31), "range"),
    ("1923-06 to 1923-07", D(1923, 6, 1), D(1923, 7, 31), "range"),
    ("1923..1925", D(1923, 1, 1), D(1925, 12, 31), "range"),
    ("1923/1925", D(1923, 1, 1), D(1925, 12, 31), "range"),
    ("1923-1925", D(1923, 1, 1), D(1925, 12, 31), "range"),
    ("1924/05/1924/11", D(1924, 5, 1), D(1924, 11, 30), "range"),
    ("1923年〜1925年", D(1923, 1, 1), D(1925, 12, 31), "range"),
    ("1923年～1925年", D(1923, 1, 1), D(1925, 12, 31), "range"),
    ("大正12年6月〜7月", D(1923, 6, 1), D(1923, 7, 31), "range"),
    ("大正12年6月28日〜7月31日", D(1923, 6, 28), D(1923, 7, 31), "range"),
    ("大正12年6月28日〜30日", D(1923, 6, 28), D(1923, 6, 30), "range"),
    ("大正12年〜13年", D(1923, 1, 1), D(1924, 12, 31), "range"),
    ("大正15年12月〜昭和2年1月", D(1926, 12, 1), D(1927, 1, 31), "range"),
    ("1923年6月28日〜7月31日", D(1923, 6, 28), D(1923, 7, 31), "range"),
    # Japanese era, Arabic numerals
    ("大正13年12月5日", D(1924, 12, 5), D(1924, 12, 5), "day"),
    ("大正13年12月5", D(1924, 12, 5), D(1924, 12, 5), "day"),
    ("大正 13年 12月 5日", D(1924, 12, 5), D(1924, 12, 5), "day"),
    ("大正１３年１２月５日", D(1924, 12, 5), D(1924, 12, 5), "day"),
    ("大正13年12月", D(1924, 12, 1), D(1924, 12, 31), "month"),
    ("大正13年", D(1924, 1, 1), D(1924, 12, 31), "year"),
    ("昭和2年3月1日", D(1927, 3, 1), D(1927, 3, 1), "day"),
    ("明治38年9月5日", D(1905, 9, 5), D(1905, 9, 5), "day"),
    # Japanese era, kanji numerals: traditional and positional
    ("大正十三年十二月五日", D(1924, 12, 5), D(1924, 12, 5), "day"),
    ("大正十年", D(1921, 1, 1), D(1921, 12, 31), "year"),
    ("昭和二年三月二十日", D(1927, 3, 20), D(1927, 3, 20), "day"),
    ("昭和二年三月二十一日", D(1927, 3, 21), D(1927, 3, 21), "day"),
    ("大正十四年一月三十日", D(1925, 1, 30), D(1925, 1, 30), "day"),
    ("大正一三年", D(1924, 1, 1), D(1924, 12, 31), "year"),
    ("大正一三年一〇月二〇日", D(1924, 10, 20), D(1924, 10, 20), "day"),
    ("大正一三年一○月六日", D(1924, 10, 6), D(1924, 10, 6), "day"),
    ("大正元年8月1日", D(1912, 8, 1), D(1912, 8, 1), "day"),
    ("昭和元年12月25日", D(1926, 12, 25), D(1926, 12, 25), "day"),
    # Gregorian years written with 年月日
    ("一九二四年一〇月六日", D(1924, 10, 6), D(1924, 10, 6), "day"),
    ("一九二四年十二月", D(1924, 12, 1), D(1924, 12, 31), "month"),
    ("千九百二十四年", D(1924, 1, 1), D(1924, 12, 31), "year"),
    ("1924年12月5日", D(1924, 12, 5), D(1924, 12, 5), "day"),
    ("1924年", D(1924, 1, 1), D(1924, 12, 31), "year"),
    # abbreviated era letters
    ("T13.12.5", D(1924, 12, 5), D(1924, 12, 5), "day"),
    ("T13", D(1924, 1, 1), D(1924, 12, 31), "year"),
    ("t13-12", D(1924, 12, 1), D(1924, 12, 31), "month"),
    ("S2.3.1", D(1927, 3, 1), D(1927, 3, 1), "day"),
    ("M45.7.30", D(1912, 7, 30), D(1912, 7, 30), "day"),
]


@pytest.mark.parametrize(("text", "start", "end", "precision"), ACCEPTED)
def test_accepted_forms_give_the_days_they_cover(text, start, end, precision):
    parsed = parse_partial_date(text)
    assert (parsed.start, parsed.end, parsed.precision) == (start, end, precision)
    assert parsed.approximate is False


@pytest.mark.parametrize(
    "text", ["ca. 1924", "ca 1924", "c. 1924", "c.1924", "circa 1924", "~1924", "約1924年"]
)
def test_a_leading_circa_marks_the_date_approximate(text):
    parsed = parse_partial_date(text)
    assert parsed == PartialDate(D(1924, 1, 1), D(1924, 12, 31), "year", True, text)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("大正13年頃", D(1924, 1, 1), D(1924, 12, 31)),
        ("大正13年12月ごろ", D(1924, 12, 1), D(1924, 12, 31)),
        ("1924-12-05?", D(1924, 12, 5), D(1924, 12, 5)),
    ],
)
def test_a_trailing_koro_or_question_mark_marks_the_date_approximate(text, start, end):
    parsed = parse_partial_date(text)
    assert (parsed.start, parsed.end, parsed.approximate) == (start, end, True)


def test_an_approximate_range_is_approximate_as_a_whole():
    parsed = parse_partial_date("ca. 1923-06/1923-07")
    assert (parsed.start, parsed.end, parsed.precision) == (D(1923, 6, 1), D(1923, 7, 31), "range")
    assert parsed.approximate is True


def test_original_keeps_the_text_as_typed_but_stripped():
    assert parse_partial_date("  大正十三年十二月頃 ").original == "大正十三年十二月頃"
    assert parse_partial_date("１９２４－１２").original == "１９２４－１２"


REJECTED = [
    ("1924-13", ["1924-13", "no month 13"]),
    ("1924-00", ["1924-00", "no month 0"]),
    ("1924-02-30", ["1924-02-30", "February 1924", "no day 30", "29 days"]),
    ("1923-02-29", ["February 1923", "no day 29", "28 days"]),
    ("1924-04-31", ["April 1924", "no day 31"]),
    ("1924-12-00", ["no day 0"]),
    ("大正13年13月", ["no month 13"]),
    ("大正13年2月30日", ["February 1924", "no day 30"]),
    ("0000", ["year 0"]),
    ("24年", ["24年", "era", "in full"]),
    ("元年", ["元年", "era"]),
    ("大正", ["大正", "give the year"]),
]


@pytest.mark.parametrize(("text", "phrases"), REJECTED)
def test_impossible_dates_are_rejected_naming_the_problem(text, phrases):
    with pytest.raises(DateParseError) as error:
        parse_partial_date(text)
    for phrase in phrases:
        assert phrase in str(error.value)


def test_taisho_16_is_rejected_because_the_era_ended_in_its_15th_year():
    with pytest.raises(DateParseError) as error:
        parse_partial_date("大正16年")
    assert str(error.value) == (
        "大正16年 does not exist: the Taishō era ended in its 15th year (1926)."
    )


@pytest.mark.parametrize("text", ["大正十六年三月", "T16.3.1"])
def test_taisho_16_is_rejected_in_kanji_and_abbreviated_form_too(text):
    with pytest.raises(DateParseError, match="大正16年 does not exist.*15th year"):
        parse_partial_date(text)


def test_meiji_46_and_showa_65_are_rejected_naming_the_last_year_of_their_era():
    with pytest.raises(DateParseError, match="Meiji era ended in its 45th year \\(1912\\)"):
        parse_partial_date("明治46年")
    with pytest.raises(DateParseError, match="Shōwa era ended in its 64th year \\(1989\\)"):
        parse_partial_date("昭和65年")


def test_taisho_0_is_rejected_because_era_years_start_at_gannen():
    with pytest.raises(DateParseError) as error:
        parse_partial_date("大正0年")
    assert "大正0年 does not exist" in str(error.value)
    assert "元年" in str(error.value)


@pytest.mark.parametrize("text", ["平成", "平成2年3月1日", "令和元年", "H2.3.1", "慶応3年"])
def test_eras_outside_meiji_taisho_showa_are_rejected_naming_the_eras_understood(text):
    with pytest.raises(DateParseError) as error:
        parse_partial_date(text)
    message = str(error.value)
    assert "is not an era the catalogue reads" in message
    assert all(era in message for era in ("明治", "大正", "昭和"))


@pytest.mark.parametrize("text", ["", "   ", "ca.", "頃"])
def test_an_empty_date_is_rejected_with_the_accepted_forms(text):
    with pytest.raises(DateParseError) as error:
        parse_partial_date(text)
    assert str(error.value) == "No date was given."
    assert error.value.code == "date_empty"
    assert "YYYY-MM-DD" in error.value.hint
    assert "大正13年12月5日" in error.value.hint


@pytest.mark.parametrize(
    "text", ["next tuesday", "1924-12-05 noon", "19241205", "東京1924", "12月"]
)
def test_text_in_no_accepted_form_is_rejected_quoting_it_and_the_accepted_forms(text):
    with pytest.raises(DateParseError) as error:
        parse_partial_date(text)
    assert str(error.value) == f"“{text}” is not a date the catalogue can read."
    assert error.value.code == "date_unreadable"
    assert "YYYY, YYYY-MM or YYYY-MM-DD" in error.value.hint


@pytest.mark.parametrize(
    ("text", "end", "start"),
    [
        ("1923-07-31 – 1923-06-28", "28 June 1923", "31 July 1923"),
        ("1925/1923", "1923", "1925"),
        ("大正12年7月〜6月", "June 1923", "July 1923"),
    ],
)
def test_a_range_ending_before_it_starts_is_rejected(text, end, start):
    with pytest.raises(DateParseError) as error:
        parse_partial_date(text)
    assert str(error.value) == f"{text}: the range ends ({end}) before it starts ({start})."


def test_an_invalid_end_of_a_range_is_reported_as_itself():
    with pytest.raises(DateParseError, match="1923-13: there is no month 13"):
        parse_partial_date("1923-06/1923-13")
    with pytest.raises(DateParseError, match="平成 is not an era"):
        parse_partial_date("大正12年〜平成2年")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("1924-13", "date_month_out_of_range"),
        ("1924-02-30", "date_day_out_of_range"),
        ("0000", "date_year_out_of_range"),
        ("大正16年", "date_era_out_of_range"),
        ("大正0年", "date_era_out_of_range"),
        ("大正元年6月", "date_era_out_of_range"),
        ("平成2年", "date_era_unknown"),
        ("大正", "date_era_year_missing"),
        ("24年", "date_era_missing"),
        ("1925/1923", "date_range_reversed"),
        ("next tuesday", "date_unreadable"),
        ("", "date_empty"),
    ],
)
def test_each_kind_of_problem_has_a_stable_code(text, code):
    with pytest.raises(DateParseError) as error:
        parse_partial_date(text)
    assert error.value.code == code


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("1924-13", "1924-13：13月という月はありません。"),
        ("1924-02-30", "1924-02-30：1924年2月に30日はありません（29日までです）。"),
        ("大正16年", "大正16年はありません。大正は15年（1926年）で終わりました。"),
        ("大正元年6月", "大正元年6月は大正の始まり（1912年7月30日）より前です。"),
        ("1925/1923", "1925/1923：期間の終わり（1923年）が始まり（1925年）より前です。"),
    ],
)
def test_the_problem_and_the_hint_are_said_in_the_readers_language(text, problem):
    with pytest.raises(DateParseError) as error:
        parse_partial_date(text)
    with translation.override("ja"):
        assert str(error.value.problem) == problem
        assert str(error.value.hint).startswith("日付は")
    # The same error, shown again outside the Japanese request, is English again.
    assert str(error.value.problem).startswith(text)
    assert str(error.value.problem) != problem


# Era boundaries. On 30 July 1912 the Meiji emperor died and Taishō began: the day is both
# 明治45年7月30日 and 大正元年7月30日. Likewise 25 December 1926 is 大正15年 and 昭和元年.


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("明治45年7月30日", D(1912, 7, 30)),
        ("大正元年7月30日", D(1912, 7, 30)),
        ("大正15年12月25日", D(1926, 12, 25)),
        ("昭和元年12月25日", D(1926, 12, 25)),
        ("昭和64年1月7日", D(1989, 1, 7)),
    ],
)
def test_a_changeover_day_belongs_to_both_eras(text, day):
    assert parse_partial_date(text).start == day


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("大正元年7月29日", "before the Taishō era began (30 July 1912)"),
        ("大正元年6月", "before the Taishō era began (30 July 1912)"),
        ("昭和元年12月24日", "before the Shōwa era began (25 December 1926)"),
        ("明治45年7月31日", "after the Meiji era ended (30 July 1912)"),
        ("明治45年8月", "after the Meiji era ended (30 July 1912)"),
        ("大正15年12月26日", "after the Taishō era ended (25 December 1926)"),
        ("昭和64年1月8日", "after the Shōwa era ended (7 January 1989)"),
    ],
)
def test_a_date_outside_its_era_in_the_changeover_year_is_rejected(text, phrase):
    with pytest.raises(DateParseError) as error:
        parse_partial_date(text)
    assert str(error.value) == f"{text} is {phrase}."


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("大正元年", D(1912, 7, 30), D(1912, 12, 31)),
        ("大正元年7月", D(1912, 7, 30), D(1912, 7, 31)),
        ("明治45年", D(1912, 1, 1), D(1912, 7, 30)),
        ("明治45年7月", D(1912, 7, 1), D(1912, 7, 30)),
        ("昭和元年", D(1926, 12, 25), D(1926, 12, 31)),
        ("昭和64年", D(1989, 1, 1), D(1989, 1, 7)),
    ],
)
def test_a_year_or_month_in_a_changeover_year_covers_only_the_days_of_its_era(text, start, end):
    parsed = parse_partial_date(text)
    assert (parsed.start, parsed.end) == (start, end)


@pytest.mark.parametrize(
    ("parsed", "iso"),
    [
        (PartialDate(D(1924, 1, 1), D(1924, 12, 31), "year"), "1924"),
        (PartialDate(D(1924, 12, 1), D(1924, 12, 31), "month"), "1924-12"),
        (PartialDate(D(1924, 12, 5), D(1924, 12, 5), "day"), "1924-12-05"),
        (PartialDate(D(1923, 6, 28), D(1923, 7, 31), "range"), "1923-06-28/1923-07-31"),
        (PartialDate(D(1924, 5, 1), D(1924, 11, 30), "range"), "1924-05/1924-11"),
        (PartialDate(D(1923, 1, 1), D(1925, 12, 31), "range"), "1923/1925"),
        (PartialDate(D(1924, 1, 1), D(1924, 12, 31), "year", approximate=True), "~1924"),
    ],
)
def test_iso_gives_each_end_of_a_range_in_the_precision_both_share(parsed, iso):
    assert parsed.iso() == iso


@pytest.mark.parametrize(
    "text",
    [text for text, *_ in ACCEPTED] + ["ca. 1924", "大正13年12月頃", "c. 1923-06/1923-07"],
)
def test_parsing_the_iso_form_gives_the_same_date_back(text):
    parsed = parse_partial_date(text)
    again = parse_partial_date(parsed.iso())
    assert replace(again, original="") == replace(parsed, original="")


def test_iso_of_an_era_year_cut_short_by_a_changeover_is_the_whole_calendar_year():
    # ISO has no way to say "the Taishō part of 1912"; date_original keeps 大正元年 for that.
    assert parse_partial_date("大正元年").iso() == "1912"
    assert parse_partial_date("明治45年7月").iso() == "1912-07"


FORMATTED = [
    (D(1924, 12, 5), D(1924, 12, 5), "day", "5 December 1924", "1924年12月5日"),
    (D(1924, 12, 1), D(1924, 12, 31), "month", "December 1924", "1924年12月"),
    (D(1924, 1, 1), D(1924, 12, 31), "year", "1924", "1924年"),
    (D(1923, 6, 28), D(1923, 7, 31), "range", "28 June – 31 July 1923", "1923年6月28日〜7月31日"),
    (D(1923, 6, 28), D(1923, 6, 30), "range", "28 – 30 June 1923", "1923年6月28日〜30日"),
    (
        D(1923, 12, 28),
        D(1924, 1, 3),
        "range",
        "28 December 1923 – 3 January 1924",
        "1923年12月28日〜1924年1月3日",
    ),
    (D(1923, 6, 1), D(1923, 7, 31), "range", "June – July 1923", "1923年6月〜7月"),
    (
        D(1923, 12, 1),
        D(1924, 1, 31),
        "range",
        "December 1923 – January 1924",
        "1923年12月〜1924年1月",
    ),
    (D(1923, 1, 1), D(1925, 12, 31), "range", "1923 – 1925", "1923年〜1925年"),
    (D(1923, 6, 1), D(1923, 6, 30), "range", "June 1923", "1923年6月"),
]


@pytest.mark.parametrize(("start", "end", "precision", "english", "japanese"), FORMATTED)
def test_format_shows_the_date_in_english_and_japanese(start, end, precision, english, japanese):
    assert format_partial_date(start, end, precision) == english
    assert format_partial_date(start, end, precision, language="en") == english
    assert format_partial_date(start, end, precision, language="ja") == japanese


def test_format_marks_an_approximate_date_with_c_or_koro():
    december = (D(1924, 12, 1), D(1924, 12, 31), "month", True)
    assert format_partial_date(*december) == "c. December 1924"
    assert format_partial_date(*december, language="ja") == "1924年12月頃"


@pytest.mark.parametrize(
    ("start", "end", "precision", "russian"),
    [
        (D(1924, 12, 5), D(1924, 12, 5), "day", "5 декабря 1924"),
        (D(1924, 12, 1), D(1924, 12, 31), "month", "декабрь 1924"),
        (D(1924, 1, 1), D(1924, 12, 31), "year", "1924"),
        (D(1923, 6, 28), D(1923, 7, 31), "range", "28 июня – 31 июля 1923"),
        (D(1923, 6, 28), D(1923, 6, 30), "range", "28 – 30 июня 1923"),
        (D(1923, 6, 1), D(1923, 7, 31), "range", "июнь – июль 1923"),
    ],
)
def test_format_shows_the_date_in_russian_with_the_month_declined(start, end, precision, russian):
    assert format_partial_date(start, end, precision, language="ru") == russian


def test_format_marks_an_approximate_russian_date_without_declining_it():
    december = (D(1924, 12, 1), D(1924, 12, 31), "month", True)
    assert format_partial_date(*december, language="ru") == "декабрь 1924 (прибл.)"


def test_format_of_no_date_is_empty():
    assert format_partial_date(None, None, "") == ""
    assert format_partial_date(None, None, "day", language="ja") == ""


@pytest.mark.parametrize(
    ("day", "precision", "expected"),
    [
        (D(1924, 12, 5), "day", "大正13年12月5日"),
        (D(1924, 12, 5), "month", "大正13年12月"),
        (D(1924, 12, 5), "year", "大正13年"),
        (D(1912, 7, 29), "day", "明治45年7月29日"),
        (D(1912, 7, 30), "day", "大正元年7月30日"),
        (D(1912, 7, 30), "year", "大正元年"),
        (D(1912, 1, 1), "year", "明治45年"),
        (D(1912, 7, 1), "month", "明治45年7月"),
        (D(1926, 1, 1), "year", "大正15年"),
        (D(1926, 12, 25), "day", "昭和元年12月25日"),
        (D(1868, 1, 1), "day", "明治元年1月1日"),
        (D(1989, 1, 7), "day", "昭和64年1月7日"),
    ],
)
def test_to_japanese_era_names_the_era_in_force_on_the_day(day, precision, expected):
    assert to_japanese_era(day, precision) == expected


@pytest.mark.parametrize("day", [D(1867, 12, 31), D(1989, 1, 8)])
def test_to_japanese_era_refuses_days_outside_meiji_taisho_showa(day):
    with pytest.raises(ValueError, match="outside the eras"):
        to_japanese_era(day)


def test_to_japanese_era_refuses_an_unknown_precision():
    with pytest.raises(ValueError, match="precision"):
        to_japanese_era(D(1924, 12, 5), "range")


def test_every_day_of_1912_to_1926_survives_conversion_to_era_form_and_back():
    day = D(1912, 1, 1)
    while day <= D(1926, 12, 31):
        parsed = parse_partial_date(to_japanese_era(day))
        assert (parsed.start, parsed.end, parsed.precision) == (day, day, "day"), day
        day += timedelta(days=1)


def test_every_month_of_1912_to_1926_survives_conversion_to_era_form_and_back():
    for year in range(1912, 1927):
        for month in range(1, 13):
            first = D(year, month, 1)
            parsed = parse_partial_date(to_japanese_era(first, "month"))
            assert parsed.precision == "month"
            assert parsed.start == first, first


@pytest.mark.parametrize(
    "text", ["1924-07-11T17:00:00-04:00", "1924-07-11T17:00+09:00", "1924-07-11T17:00:00Z"]
)
def test_a_dateline_time_with_offset_is_read_as_the_day_written(text):
    parsed = parse_partial_date(text)
    assert (parsed.start, parsed.end, parsed.precision) == (
        date(1924, 7, 11),
        date(1924, 7, 11),
        "day",
    )
    assert parsed.original == text
