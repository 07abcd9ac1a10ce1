"""Choosing between a record's original-language and English text for the reader."""

from django.utils.translation import get_language, get_language_info


def reader_language() -> str:
    return (get_language() or "en").split("-")[0]


def pick_language(original: str, english: str) -> str:
    """The original (Japanese) text for Japanese readers, the English for others; either falls
    back to the other when empty."""
    if reader_language() == "ja":
        return original or english
    return english or original


def language_name(code: str, english: str, japanese: str) -> str:
    """The name of a language (of a source) in the reader's language: the record's Japanese
    or English name, else the name Django's own catalogues give it ("Японский" for a Russian
    reader), else the English one."""
    reader = reader_language()
    if reader == "ja":
        return japanese or english
    if reader != "en":
        try:
            return str(get_language_info(code)["name_translated"])
        except KeyError:
            pass
    return english or japanese
