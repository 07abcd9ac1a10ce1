"""Choosing between a record's original-language and English text for the reader."""

from django.utils.translation import get_language


def reader_language() -> str:
    return (get_language() or "en").split("-")[0]


def pick_language(original: str, english: str) -> str:
    """The original (Japanese) text for Japanese readers, the English for others; either falls
    back to the other when empty."""
    if reader_language() == "ja":
        return original or english
    return english or original
