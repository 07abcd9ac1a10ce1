"""The one normalisation used for `search_text` and for query text, so both sides match.

NFKC folds half-width katakana and full-width Latin; casefold handles Latin and Cyrillic case;
ё→е because Russian print omits the diaeresis; hiragana→katakana and small→large kana because
the paper's OCR writes ヨッフエ for ヨッフェ and readers type either.
"""

import unicodedata

from django.db import models
from django.utils.translation import gettext_lazy as _

_SMALL_KANA = str.maketrans("ァィゥェォッャュョヮヵヶ", "アイウエオツヤユヨワカケ")
_HIRAGANA_TO_KATAKANA = {code: code + 0x60 for code in range(0x3041, 0x3097)}


def normalise(text: str) -> str:
    """Fold `text` to the form stored in `search_text`."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    # Control characters never match anything, and PostgreSQL refuses NUL outright.
    text = "".join(" " if unicodedata.category(c) == "Cc" else c for c in text)
    text = text.replace("ё", "е").translate(_HIRAGANA_TO_KATAKANA).translate(_SMALL_KANA)
    return " ".join(text.split())


def build_search_text(parts) -> str:
    """Join the non-empty parts of a record and normalise them."""
    return normalise(" ".join(str(p) for p in parts if p))


class SearchableModel(models.Model):
    """A model with a `search_text` column rebuilt from `search_parts()` on every save.

    Related rows (agents' names, an event's actors) enter it too, so code that changes them
    calls `refresh_search_text()` on the querysets concerned; bulk paths do the same.
    """

    search_text = models.TextField(_("search text"), blank=True, editable=False, default="")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.search_text = build_search_text(self.search_parts())
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "search_text" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "search_text"]
        super().save(*args, **kwargs)

    def search_parts(self) -> list[str]:
        raise NotImplementedError
