"""Text folding and script detection: the one normalisation used for `search_text` and for
query text, so both sides match, and the one answer to "which script is this written in".

NFKC folds half-width katakana and full-width Latin; casefold handles Latin and Cyrillic case;
ё→е because Russian print omits the diaeresis; hiragana→katakana and small→large kana because
the paper's OCR writes ヨッフエ for ヨッフェ and readers type either.
"""

import re
import unicodedata

_SMALL_KANA = str.maketrans("ァィゥェォッャュョヮヵヶ", "アイウエオツヤユヨワカケ")
# Unicode category Cc is exactly these two ranges.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_HIRAGANA_TO_KATAKANA = {code: code + 0x60 for code in range(0x3041, 0x3097)}
# What the two kana tables change. Text with none (an English or Russian record) skips them:
# translate() looks every character of a non-ASCII text up in the table, which made folding a
# FRUS document's text four to six times slower than this search.
_KANA_TO_FOLD = re.compile(r"[\u3041-\u3096ァィゥェォッャュョヮヵヶ]")


def normalise(text: str) -> str:
    """Fold `text` to the form stored in `search_text`."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    # Control characters never match anything, and PostgreSQL refuses NUL outright.
    text = _CONTROL.sub(" ", text).replace("ё", "е")
    if _KANA_TO_FOLD.search(text):
        text = text.translate(_HIRAGANA_TO_KATAKANA).translate(_SMALL_KANA)
    # The long-vowel mark is written or left out at will: チチェーリン and チチェリン.
    text = text.replace("ー", "")
    return " ".join(text.split())


# Places under every name the sources and readers use; a record naming one is found by all.
GAZETTEER = (
    ("nikolaevsk", "nikolayevsk", "尼港", "николаевск-на-амуре", "николаевск", "ニコラエフスク"),
    ("sakhalin", "saghalien", "樺太", "サハリン", "сахалин", "karafuto"),
    ("peking", "beijing", "peiping", "北京", "пекин", "ペキン"),
    ("tokyo", "tōkyō", "東京", "токио", "トウキョウ"),
)
_PLACES = [tuple(dict.fromkeys(normalise(name) for name in names)) for names in GAZETTEER]


def build_search_text(parts) -> str:
    """Join the non-empty parts of a record and normalise them, with the other names of the
    places it mentions."""
    text = normalise(" ".join(str(p) for p in parts if p))
    extra = [
        name
        for names in _PLACES
        if any(name in text for name in names)
        for name in names
        if name not in text
    ]
    return " ".join([text, *extra]) if extra else text


# Romanisation and transliteration: what a reader may type for a name written otherwise.
_MACRONS = str.maketrans("āīūēōâîûêô", "aiueoaiueo")
_KUNREI = (
    ("sha", "sya"), ("shu", "syu"), ("sho", "syo"), ("shi", "si"),
    ("cha", "tya"), ("chu", "tyu"), ("cho", "tyo"), ("chi", "ti"),
    ("tsu", "tu"), ("fu", "hu"), ("ja", "zya"), ("ju", "zyu"), ("jo", "zyo"), ("ji", "zi"),
)  # fmt: skip
_LOC = dict(zip(
    "абвгдежзийклмнопрстуфхцчшщъыьэюя",
    "a b v g d e zh z i i k l m n o p r s t u f kh ts ch sh shch  y  e iu ia".split(" "),
    strict=True,
))  # fmt: skip
_ISO9 = dict(
    zip(
        "абвгдежзийклмнопрстуфхцчшщъыьэюя",
        "a b v g d e z z i j k l m n o p r s t u f h c c s s  y  e ju ja".split(" "),
        strict=True,
    )
)  # fmt: skip (ISO 9 with its diacritics folded: ж ž → z, ч č → c)
_FRENCH = {**_LOC, "ж": "j", "у": "ou", "х": "kh", "ч": "tch", "ш": "ch", "щ": "chtch"}
_VOWELS = set("аеёиоуыэюя")


def _transliterate(word: str, table: dict[str, str]) -> str:
    return "".join(table.get(char, char) for char in word)


def _customary(word: str) -> str:
    """English/German habit for a few names: initial И before a vowel is J (Иоффе → Joffe)."""
    if len(word) > 1 and word[0] == "и" and word[1] in _VOWELS:
        return "j" + _transliterate(word[1:], _LOC)
    return _transliterate(word, _LOC)


def _french(word: str) -> str:
    latin = _transliterate(word, _FRENCH)
    return latin + "e" if word.endswith("ин") else latin  # Чичерин → Tchitcherine


def spelling_variants(name: str) -> list[str]:
    """Other spellings of a name, normalised: Hepburn without macrons and Kunrei for romanised
    Japanese (Yoshizawa → yosizawa, Sentarō → sentaro), and for Russian in Cyrillic the Library
    of Congress, ISO 9 (diacritics folded), customary and French forms (Иоффе → ioffe, joffe;
    Карахан → karakhan, karahan; Чичерин → tchitcherine); Karakhan → karahan for romanised
    Russian. The name itself is not repeated."""
    folded = normalise(name)
    variants: list[str] = []
    for word in folded.split():
        if _CYRILLIC.search(word):
            forms = [
                _transliterate(word, _LOC),
                _transliterate(word, _ISO9),
                _customary(word),
                _french(word),
            ]
        elif word.isascii() or word.translate(_MACRONS).isascii():
            plain = word.translate(_MACRONS)
            kunrei = plain
            for hepburn, kunrei_form in _KUNREI:
                kunrei = kunrei.replace(hepburn, kunrei_form)
            forms = [plain, plain.replace("ō", "ou"), kunrei, plain.replace("kh", "h")]
            forms.append(word.replace("ō", "ou").replace("ū", "uu"))
        else:
            continue
        variants += [form for form in forms if form and form != word and form not in folded]
    return list(dict.fromkeys(variants))


# Unicode blocks that tell a script apart: enough for the catalogue's Japanese, Russian and
# English (and the odd Chinese) text.
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_KANA = re.compile(r"[\u3040-\u30ff\uff66-\uff9f]")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def script_of(value: str) -> str:
    """The ISO 15924 script of a name or title ("Jpan", "Cyrl" or "Latn"), from the first
    letter that tells; Latin when nothing does."""
    for char in value or "":
        if _CYRILLIC.match(char):
            return "Cyrl"
        if _KANA.match(char) or _HAN.match(char):
            return "Jpan"
        if char.isalpha():
            return "Latn"
    return "Latn"


# The kana and kanji blocks whose unigrams and bigrams PostgreSQL indexes (kosho_grams() in
# core.migration_ops reads the same ones).
_CJK_RUN = re.compile(r"[\u3005\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]+")


def cjk_grams(text: str) -> set[str]:
    """The CJK unigrams and bigrams of a normalised text, as kosho_grams() computes them."""
    grams = set()
    for run in _CJK_RUN.findall(text):
        grams.update(run)
        grams.update(run[i : i + 2] for i in range(len(run) - 1))
    return grams


def short_cjk_word(word: str) -> bool:
    """Whether a query word is one or two kana or kanji: the words trigrams cannot serve and
    the gram index does."""
    return len(word) <= 2 and _CJK_RUN.fullmatch(word) is not None


def has_cjk(value: str) -> bool:
    """Whether the text has kana or kanji (is cited in Japanese style)."""
    return bool(_KANA.search(value or "") or _HAN.search(value or ""))


def language_of_title(title: str, codes: list[str]) -> str:
    """The language tag of an original-script title, from its script and the record's
    languages (Han without kana is Chinese only where the record says it is Chinese)."""
    if _CYRILLIC.search(title):
        return "ru"
    if _KANA.search(title) or (_HAN.search(title) and "zh" not in codes):
        return "ja"
    if _HAN.search(title):
        return "zh"
    if "en" in codes or not codes:
        return "en"
    return codes[0]
