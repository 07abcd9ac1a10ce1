"""Text folding and script detection: the one normalisation used for `search_text` and for
query text, so both sides match, and the one answer to "which script is this written in".

NFKC folds half-width katakana and full-width Latin; casefold handles Latin and Cyrillic case;
ё→е because Russian print omits the diaeresis; hiragana→katakana and small→large kana because
the paper's OCR writes ヨッフエ for ヨッフェ and readers type either.
"""

import re
import unicodedata

_SMALL_KANA = str.maketrans("ァィゥェォッャュョヮヵヶ", "アイウエオツヤユヨワカケ")
# Unicode category Cc is exactly these two ranges; translate() maps them in C.
_CONTROL_TO_SPACE = dict.fromkeys([*range(0x20), *range(0x7F, 0xA0)], " ")
_HIRAGANA_TO_KATAKANA = {code: code + 0x60 for code in range(0x3041, 0x3097)}


def normalise(text: str) -> str:
    """Fold `text` to the form stored in `search_text`."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    # Control characters never match anything, and PostgreSQL refuses NUL outright.
    text = text.translate(_CONTROL_TO_SPACE)
    text = text.replace("ё", "е").translate(_HIRAGANA_TO_KATAKANA).translate(_SMALL_KANA)
    return " ".join(text.split())


def build_search_text(parts) -> str:
    """Join the non-empty parts of a record and normalise them."""
    return normalise(" ".join(str(p) for p in parts if p))


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
