"""Identifier schemes: what an identifier of each type looks like, how it is written when an
archivist pastes a URL instead of the bare value, and the link that opens the record it names.

One table, read by the models' validation, the pages, the API and linked data, so a new scheme
(or a moved website) is one entry here.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class IdentifierType(models.TextChoices):
    JACAR = "jacar", _("JACAR reference code")
    NGB = "ngb", _("日本外交文書 volume and page")
    NDL = "ndl", _("NDL Digital Collections persistent id")
    FRUS = "frus", _("FRUS document (Office of the Historian)")
    URL = "url", _("digitised copy (URL)")
    WIKIDATA = "wikidata", _("Wikidata item")
    VIAF = "viaf", _("VIAF cluster")
    NDLNA = "ndlna", _("NDL name authority")


@dataclass(frozen=True)
class Scheme:
    pattern: str
    example: str
    # Prefixes a pasted URL or URI may carry: cut off before the pattern is checked.
    prefixes: tuple[str, ...] = ()
    # The page that opens the record, `{value}` the normalised value; "" where none is stable.
    link: str = ""
    # The URI that names the same thing elsewhere (schema.org sameAs), for authority files.
    same_as: str = ""
    # Whether the link opens the document itself (a scan, an edition online).
    digitised: bool = False
    upper: bool = False
    applies_to: frozenset = field(default_factory=frozenset)

    def normalise(self, value: str) -> str:
        value = unicodedata.normalize("NFKC", value or "").strip()
        for prefix in self.prefixes:
            if value.lower().startswith(prefix.lower()):
                value = value[len(prefix) :]
                break
        value = value.strip().rstrip("/") if self.prefixes else value
        return value.upper() if self.upper else value


SOURCE, AGENT = "source", "agent"

SCHEMES: dict[str, Scheme] = {
    # Japan Center for Asian Historical Records: a letter for the holding archive (B = 外務省外交
    # 史料館, C = 防衛研究所, A = 国立公文書館) and eleven digits.
    IdentifierType.JACAR: Scheme(
        pattern=r"[A-Z]\d{11}",
        example="B03041045300",
        prefixes=(
            "https://www.jacar.archives.go.jp/aj/meta/listPhoto?LANG=default&REFCODE=",
            "https://www.jacar.archives.go.jp/aj/meta/listPhoto?REFCODE=",
            "REFCODE=",
            "Ref.",
        ),
        link="https://www.jacar.archives.go.jp/aj/meta/listPhoto?LANG=default&REFCODE={value}",
        digitised=True,
        upper=True,
        applies_to=frozenset({SOURCE}),
    ),
    # The printed volume and page, as cited; the Ministry's scans are whole-volume files with
    # no stable address per volume, so no link is made from it.
    IdentifierType.NGB: Scheme(
        pattern=r"(明治|大正|昭和)\d{1,2}年第\d{1,2}冊(上|下)? p\. ?\d+(-\d+)?",
        example="大正13年第1冊 p. 464",
        applies_to=frozenset({SOURCE}),
    ),
    IdentifierType.NDL: Scheme(
        pattern=r"info:ndljp/pid/\d{1,9}",
        example="info:ndljp/pid/1234567",
        link="https://dl.ndl.go.jp/pid/{number}",
        digitised=True,
        applies_to=frozenset({SOURCE}),
    ),
    IdentifierType.FRUS: Scheme(
        pattern=r"frus\d{4}[A-Za-z0-9-]*(/(d\d+|pg_\d+|ch\d+[a-z0-9]*))?",
        example="frus1924v02/d585",
        prefixes=(
            "https://history.state.gov/historicaldocuments/",
            "http://history.state.gov/historicaldocuments/",
        ),
        link="https://history.state.gov/historicaldocuments/{value}",
        digitised=True,
        applies_to=frozenset({SOURCE}),
    ),
    IdentifierType.URL: Scheme(
        pattern=r"https?://\S+",
        example="https://example.org/scan/123",
        link="{value}",
        digitised=True,
        applies_to=frozenset({SOURCE}),
    ),
    IdentifierType.WIKIDATA: Scheme(
        pattern=r"Q[1-9]\d*",
        example="Q42",
        prefixes=(
            "https://www.wikidata.org/wiki/",
            "http://www.wikidata.org/entity/",
            "https://www.wikidata.org/entity/",
            "wd:",
        ),
        link="https://www.wikidata.org/wiki/{value}",
        same_as="http://www.wikidata.org/entity/{value}",
        upper=True,
        applies_to=frozenset({SOURCE, AGENT}),
    ),
    IdentifierType.VIAF: Scheme(
        pattern=r"[1-9]\d{0,21}",
        example="102333412",
        prefixes=("https://viaf.org/viaf/", "http://viaf.org/viaf/"),
        link="https://viaf.org/viaf/{value}",
        same_as="http://viaf.org/viaf/{value}",
        applies_to=frozenset({AGENT}),
    ),
    IdentifierType.NDLNA: Scheme(
        pattern=r"\d{8}",
        example="00012345",
        prefixes=("https://id.ndl.go.jp/auth/ndlna/", "http://id.ndl.go.jp/auth/ndlna/"),
        link="https://id.ndl.go.jp/auth/ndlna/{value}",
        same_as="http://id.ndl.go.jp/auth/ndlna/{value}",
        applies_to=frozenset({AGENT}),
    ),
}

_NDL_FORMS = re.compile(
    r"(?:https?://dl\.ndl\.go\.jp/(?:info:ndljp/)?pid/|info:ndljp/pid/|pid/)?(\d{1,9})/?",
    re.IGNORECASE,
)


def types_for(kind: str) -> list[str]:
    """The identifier types a source or an agent may have."""
    return [code for code, scheme in SCHEMES.items() if kind in scheme.applies_to]


def identifier_normalise(type: str, value: str) -> str:
    """`value` in its canonical form for `type`, or a ValidationError saying what it should be."""
    scheme = SCHEMES.get(type)
    if scheme is None:
        raise ValidationError(_("Unknown identifier type."), code="identifier_type")
    if type == IdentifierType.NDL:
        # Every form NDL has printed: the info: URI, the old and new viewer URLs, a bare number.
        match = _NDL_FORMS.fullmatch(unicodedata.normalize("NFKC", value or "").strip())
        value = f"info:ndljp/pid/{match.group(1)}" if match else value
    else:
        value = scheme.normalise(value)
    if type == IdentifierType.URL:
        try:
            URLValidator(schemes=["http", "https"])(value)
        except ValidationError:
            value = ""
    if not re.fullmatch(scheme.pattern, value or ""):
        raise ValidationError(
            _("Enter a %(type)s in the form %(example)s."),
            code="identifier_format",
            params={"type": IdentifierType(type).label, "example": scheme.example},
        )
    return value


def _fill(template: str, value: str) -> str:
    return template.format(value=value, number=value.rsplit("/", 1)[-1]) if template else ""


def identifier_link(type: str, value: str) -> str:
    """The page that opens what the identifier names, or "" where there is none."""
    scheme = SCHEMES.get(type)
    return _fill(scheme.link, value) if scheme and value else ""


def identifier_same_as(type: str, value: str) -> str:
    """The authority URI of the identifier (Wikidata entity, VIAF cluster), or ""."""
    scheme = SCHEMES.get(type)
    return _fill(scheme.same_as, value) if scheme and value else ""


def is_digitised(type: str) -> bool:
    """Whether the link of this type opens the document itself."""
    scheme = SCHEMES.get(type)
    return bool(scheme and scheme.digitised)
