"""Text that cannot hurt: one rule for the characters a record may hold, the same rule for what
XML can carry, and spreadsheet formulae neutralised on the way out of a CSV file.

A catalogue record is read by XML harvesters (OAI-PMH), spreadsheets and browsers. XML 1.0
cannot carry control characters other than tab, line feed and carriage return (not even as
character references), nor surrogates or U+FFFE/U+FFFF, so a title holding one would break
every harvest that reaches it. C1 controls and DEL are allowed by XML but never belong in a
catalogue and are invisible when read, so they are refused with the rest.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Tab, line feed and carriage return stay: browsers send textarea line breaks as CR LF.
_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

CONTROL_MESSAGE = _(
    "Remove the control character %(character)s: only tab and line breaks are allowed in text."
)

# What makes a spreadsheet read a cell as a formula (OWASP's list).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
FORMULA_GUARD = "'"


def refused_character(value: str) -> str | None:
    """The first character of `value` no record may hold, as U+XXXX, or None."""
    match = _REFUSED.search(value)
    return f"U+{ord(match.group()):04X}" if match else None


def control_character_error(value: str) -> ValidationError | None:
    """The validation error for text holding a refused character, or None when it is clean."""
    character = refused_character(value)
    if character is None:
        return None
    return ValidationError(
        CONTROL_MESSAGE, code="control_character", params={"character": character}
    )


def xml_text(value: str) -> str:
    """`value` without the characters XML 1.0 cannot carry (rows stored before the rule)."""
    return _NOT_XML.sub("", value)


def xml_unsafe(value: str) -> bool:
    """Whether `value` holds a character XML 1.0 cannot carry."""
    return _NOT_XML.search(value) is not None


def formula_safe(value):
    """A CSV cell a spreadsheet will show as text: a leading formula character gets a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return FORMULA_GUARD + value
    return value


def formula_unguarded(value):
    """The cell as it was before `formula_safe`, so an exported file imports back unchanged."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_GUARD)
        and value[1:].startswith(FORMULA_PREFIXES)
    ):
        return value[1:]
    return value
