"""Where in a source: a typed locator (page, document, annex…) and how it reads.

`locator_parse` reads the free-text locators entered before the type existed ("p. 798",
"pp. 802-804", "283", "付記一", "1924-02-28", "II-2 n.27"); the founding data was converted
with it once, and the migration that added the type uses it on existing rows.
"""

import re

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class LocatorType(models.TextChoices):
    PAGE = "page", _("page")
    DOCUMENT = "document", _("document")
    ANNEX = "annex", _("annex")
    DATE = "date", _("date")
    PARAGRAPH = "paragraph", _("paragraph")
    FOOTNOTE = "footnote", _("footnote")
    OTHER = "other", _("other")


_PAGES = re.compile(r"^pp?\.\s*(?P<value>\d+(?:\s*[-–]\s*\d+)?)$")
_DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
_FOOTNOTE = re.compile(r"^[IVX]+-\d+ n\.\d+(, n\.\d+)*$|^n\.\s*\S+$")
_VOLUME_NUMBER = re.compile(r"^[IVX]+-\d+$")
_ANNEX = re.compile(r"^付記[一二三四五六七八九十]+$")


def locator_parse(text: str, source_number: str = "") -> tuple[str, str, str]:
    """(type, value, rest) of a free-text locator; `rest` is what follows a `;` (a footnote of
    the citing work), left for a note. Unreadable text is `other`, kept as written."""
    text = text.strip()
    head, _sep, rest = (part.strip() for part in text.partition(";"))
    if not head:
        return "", "", rest
    if match := _PAGES.match(head):
        return LocatorType.PAGE, match["value"].replace(" ", ""), rest
    if _ANNEX.match(head):
        return LocatorType.ANNEX, head, rest
    if _DATE.match(head):
        return LocatorType.DATE, head, rest
    if _FOOTNOTE.match(head):
        return LocatorType.FOOTNOTE, head, rest
    if head.isdigit() or _VOLUME_NUMBER.match(head) or (source_number and head == source_number):
        return LocatorType.DOCUMENT, head, rest
    return LocatorType.OTHER, head, rest


def locator_label(locator_type: str, value: str) -> str:
    """The locator as a citation reads it: "p. 798", "pp. 802–804", "doc. 283", "annex 付記一"."""
    if not value:
        return ""
    if locator_type == LocatorType.PAGE:
        if re.search(r"[-–,]", value):
            return gettext("pp. %(value)s") % {"value": value.replace("-", "–")}
        return gettext("p. %(value)s") % {"value": value}
    if locator_type == LocatorType.DOCUMENT:
        return gettext("doc. %(value)s") % {"value": value}
    if locator_type == LocatorType.ANNEX:
        return gettext("annex %(value)s") % {"value": value}
    if locator_type == LocatorType.PARAGRAPH:
        return gettext("§ %(value)s") % {"value": value}
    if locator_type == LocatorType.FOOTNOTE and not value.startswith("n.") and " n." not in value:
        return gettext("n. %(value)s") % {"value": value}
    return value
