"""The Japanese catalogue: complete, compiled, and what the pages show to a Japanese reader.

The .po file is read with the small parser below (polib is not a dependency) and the .mo file
with a reader of the GNU format, so these tests need no gettext tools: CI and the Docker image
may lack them, which is why the compiled .mo is committed next to the .po.
"""

import ast
import re
import struct
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, ngettext
from django_filters import FilterSet

CATALOGUE = Path(settings.LOCALE_PATHS[0]) / "ja" / "LC_MESSAGES"
PO = CATALOGUE / "django.po"
MO = CATALOGUE / "django.mo"

_KEYWORD = re.compile(r"^(msgctxt|msgid|msgid_plural|msgstr)(?:\[(\d+)\])?\s+(\".*\")$")
# Python-format placeholders (%(name)s, %d, %s) and the escaped percent sign.
_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|%%")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def read_po(path: Path) -> list[dict]:
    """The entries of a .po file: flags, msgctxt, msgid, msgid_plural and msgstr by index.

    Obsolete entries (`#~`) and comments are skipped; the header is the entry whose msgid is
    empty.
    """
    entries, entry, field, flags = [], None, None, set()
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            entry, field, flags = None, None, set()
        elif line.startswith("#,"):
            flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif match := _KEYWORD.match(line):
            keyword, index, value = match[1], match[2], ast.literal_eval(match[3])
            if entry is None or (keyword in ("msgctxt", "msgid") and "msgid" in entry):
                entry = {"flags": flags, "msgctxt": None, "msgid_plural": None, "msgstr": {}}
                entries.append(entry)
            if keyword == "msgstr":
                field = ("msgstr", int(index or 0))
                entry["msgstr"][field[1]] = value
            else:
                field = (keyword, None)
                entry[keyword] = value
        elif line.startswith('"') and entry is not None and field is not None:
            name, index = field
            if name == "msgstr":
                entry["msgstr"][index] += ast.literal_eval(line)
            else:
                entry[name] += ast.literal_eval(line)
    return entries


def read_mo(path: Path) -> dict[str, str]:
    """The original → translation table of a GNU .mo file (either byte order)."""
    data = path.read_bytes()
    order = "<" if struct.unpack("<I", data[:4])[0] == 0x950412DE else ">"
    _revision, count, originals_at, translations_at = struct.unpack(order + "4I", data[4:20])

    def table(start: int) -> list[str]:
        strings = []
        for i in range(count):
            length, offset = struct.unpack(order + "2I", data[start + 8 * i : start + 8 * i + 8])
            strings.append(data[offset : offset + length].decode("utf-8"))
        return strings

    return dict(zip(table(originals_at), table(translations_at), strict=True))


def messages() -> list[dict]:
    """The catalogue's messages, without the header."""
    return [entry for entry in read_po(PO) if entry["msgid"] != ""]


def mo_key(entry: dict) -> str:
    key = entry["msgid"]
    if entry["msgid_plural"] is not None:
        key += "\0" + entry["msgid_plural"]
    if entry["msgctxt"] is not None:
        key = entry["msgctxt"] + "\x04" + key
    return key


@pytest.fixture(autouse=True)
def _reader_language_reset():
    """LocaleMiddleware activates the request's language for the thread and never undoes it;
    without this, a Japanese request here would leave later tests speaking Japanese."""
    yield
    translation.deactivate()


def test_the_catalogue_has_messages_and_a_japanese_header():
    header = next(entry for entry in read_po(PO) if entry["msgid"] == "")
    assert "Language: ja\n" in header["msgstr"][0]
    assert "Plural-Forms: nplurals=1; plural=0;\n" in header["msgstr"][0]
    assert "fuzzy" not in header["flags"]
    assert len(messages()) > 100


def test_every_message_is_translated_and_none_is_fuzzy():
    entries = messages()
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"].values())]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert untranslated == []
    assert fuzzy == []


def test_plural_messages_have_the_one_japanese_form():
    plurals = [e for e in messages() if e["msgid_plural"] is not None]
    assert plurals, "the templates and the admin use plural messages"
    assert [e["msgid"] for e in plurals if sorted(e["msgstr"]) != [0]] == []


def test_translations_keep_placeholders_and_markup():
    def same(pattern, source, translated):
        return Counter(pattern.findall(source)) == Counter(pattern.findall(translated))

    wrong = []
    for entry in messages():
        source = entry["msgid_plural"] or entry["msgid"]
        for translated in entry["msgstr"].values():
            formatted = "python-format" in entry["flags"]
            if formatted and not same(_PLACEHOLDER, source, translated):
                wrong.append(entry["msgid"])
            if not same(_TAG, source, translated):
                wrong.append(entry["msgid"])
    assert wrong == []


def test_the_compiled_catalogue_is_the_po_compiled():
    """The committed .mo holds exactly the .po's translations, so it was compiled after the
    last translation was changed, and it is not older than the .po."""
    compiled = read_mo(MO)
    expected = {
        mo_key(e): "\0".join(e["msgstr"][i] for i in sorted(e["msgstr"])) for e in messages()
    }
    assert {key: value for key, value in compiled.items() if key != ""} == expected
    # Git keeps no modification times: a checkout writes both files moments apart, in either
    # order. A .mo more than a few seconds older than its .po was not compiled after the edit.
    assert MO.stat().st_mtime >= PO.stat().st_mtime - 5


def test_the_compiled_catalogue_loads():
    with translation.override("ja"):
        sources = gettext("Sources")
        published = ngettext("%d record published.", "%d records published.", 3) % 3
    assert sources not in ("", "Sources")
    assert "3" in published and published != "3 records published."
    with translation.override("en"):
        assert gettext("Sources") == "Sources"


def test_choosing_japanese_shows_the_pages_in_japanese(client, db):
    response = client.post("/i18n/setlang/", {"language": "ja", "next": "/sources/"}, follow=True)
    assert response.redirect_chain == [("/sources/", 302)]
    html = response.content.decode()
    with translation.override("ja"):
        sources, stages = gettext("Sources"), gettext("Stages")
    assert (sources, stages) != ("Sources", "Stages")
    assert '<html lang="ja">' in html
    assert f' aria-current="page">{sources}</a>' in html
    assert f">{stages}</a>" in html
    assert ">Sources</a>" not in html


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/sources/",
        "/claims/",
        "/stages/",
        "/positions/",
        "/agents/",
        "/chronology/",
        "/abbreviations/",
    ],
)
def test_every_page_renders_in_japanese_with_the_language_cookie(client, db, path):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ja"
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    with translation.override("ja"):
        claims = gettext("Claims")
    assert '<html lang="ja">' in html
    assert f">{claims}</a>" in html
    assert "Skip to content" not in html


def test_english_stays_the_default(client, db):
    html = client.get("/sources/").content.decode()
    assert '<html lang="en">' in html
    assert ' aria-current="page">Sources</a>' in html


def _filtersets():
    import catalogue.filters
    import negotiations.filters
    import research.filters

    modules = (catalogue.filters, negotiations.filters, research.filters)
    return [
        value
        for module in modules
        for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, FilterSet) and value is not FilterSet
    ]


def test_every_noun_in_a_filter_message_is_in_the_catalogue():
    """Slug and id filters name what they expect with a model's verbose name, translated at
    run time: a noun missing from the catalogue would leave English in a Japanese sentence."""
    nouns = {
        flt.label_noun
        for filterset in _filtersets()
        for flt in filterset.base_filters.values()
        if hasattr(flt, "label_noun")
    }
    assert {"series", "stage", "agent"} <= nouns
    with translation.override("ja"):
        assert [noun for noun in sorted(nouns) if gettext(noun) == noun] == []


def test_filter_messages_are_japanese_for_a_japanese_reader(db):
    from research.filters import SourceFilter

    form = SourceFilter({"stage": "nope", "ordering": "colour", "kind": "poem"}).form
    with translation.override("ja"):
        assert not form.is_valid()
        messages = [str(m) for name in ("stage", "ordering", "kind") for m in form.errors[name]]
    assert messages[0] == "既存の段階のスラッグを入力してください（例：peking-final）。"
    assert messages[1].startswith("並べ替えは次のいずれかで指定してください：date, -date")
    assert messages[2].startswith("次のいずれかを入力してください：")
