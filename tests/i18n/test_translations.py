"""The Japanese and Russian catalogues: complete, compiled, and what the pages show to a Japanese
or a Russian reader.

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

LOCALE = Path(settings.LOCALE_PATHS[0])
# Each translated language, with the plural forms its catalogue must declare: one in Japanese,
# three in Russian (1 источник, 2 источника, 5 источников; 21 like 1, 11–14 like 5).
PLURAL_FORMS = {
    "ja": "nplurals=1; plural=0;",
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);",
}
LANGUAGES = sorted(PLURAL_FORMS)


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "django.po"


def mo_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "django.mo"


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


def messages(language: str = "ja") -> list[dict]:
    """The catalogue's messages, without the header."""
    return [entry for entry in read_po(po_path(language)) if entry["msgid"] != ""]


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


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalogue_has_messages_and_its_language_header(language):
    header = next(entry for entry in read_po(po_path(language)) if entry["msgid"] == "")
    assert f"Language: {language}\n" in header["msgstr"][0]
    assert f"Plural-Forms: {PLURAL_FORMS[language]}\n" in header["msgstr"][0]
    assert "fuzzy" not in header["flags"]
    assert len(messages(language)) > 100


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    entries = messages(language)
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"].values())]
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    assert untranslated == []
    assert fuzzy == []


def test_the_russian_catalogue_translates_every_message_of_the_japanese_one():
    """Russian is not behind Japanese: whatever a Japanese reader sees translated, so does a
    Russian one (the Russian catalogue may hold more, never less)."""
    keys = {language: {mo_key(e) for e in messages(language)} for language in LANGUAGES}
    assert keys["ja"] - keys["ru"] == set()


@pytest.mark.parametrize("language", LANGUAGES)
def test_plural_messages_have_every_form_of_the_language(language):
    forms = int(PLURAL_FORMS[language].split(";")[0].split("=")[1])
    plurals = [e for e in messages(language) if e["msgid_plural"] is not None]
    assert plurals, "the templates and the admin use plural messages"
    assert [e["msgid"] for e in plurals if sorted(e["msgstr"]) != list(range(forms))] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_placeholders_and_markup(language):
    def same(pattern, source, translated):
        return Counter(pattern.findall(source)) == Counter(pattern.findall(translated))

    wrong = []
    for entry in messages(language):
        source = entry["msgid_plural"] or entry["msgid"]
        for translated in entry["msgstr"].values():
            formatted = "python-format" in entry["flags"]
            if formatted and not same(_PLACEHOLDER, source, translated):
                wrong.append(entry["msgid"])
            if not same(_TAG, source, translated):
                wrong.append(entry["msgid"])
    assert wrong == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_is_the_po_compiled(language):
    """The committed .mo holds exactly the .po's translations, so it was compiled after the
    last translation was changed, and it is not older than the .po."""
    compiled = read_mo(mo_path(language))
    expected = {
        mo_key(e): "\0".join(e["msgstr"][i] for i in sorted(e["msgstr"]))
        for e in messages(language)
    }
    assert {key: value for key, value in compiled.items() if key != ""} == expected
    # Git keeps no modification times: a checkout writes both files moments apart, in either
    # order. A .mo more than a few seconds older than its .po was not compiled after the edit.
    assert mo_path(language).stat().st_mtime >= po_path(language).stat().st_mtime - 5


def test_the_compiled_catalogue_loads():
    with translation.override("ja"):
        sources = gettext("Sources")
        published = ngettext("%d record published.", "%d records published.", 3) % 3
    assert sources not in ("", "Sources")
    assert "3" in published and published != "3 records published."
    with translation.override("en"):
        assert gettext("Sources") == "Sources"


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1, "1 источник"),
        (2, "2 источника"),
        (4, "4 источника"),
        (5, "5 источников"),
        (11, "11 источников"),
        (12, "12 источников"),
        (21, "21 источник"),
        (22, "22 источника"),
        (111, "111 источников"),
    ],
)
def test_the_russian_catalogue_declines_counts_in_its_three_plural_forms(count, expected):
    with translation.override("ru"):
        text = ngettext("%(counter)s source", "%(counter)s sources", count) % {"counter": count}
    assert text == expected


def test_the_language_switcher_offers_russian(client, db):
    html = client.get("/sources/").content.decode()
    assert '<option value="ru" lang="ru">Русский</option>' in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_choosing_a_language_shows_the_pages_in_it(client, db, language):
    response = client.post(
        "/i18n/setlang/", {"language": language, "next": "/sources/"}, follow=True
    )
    assert response.redirect_chain == [("/sources/", 302)]
    html = response.content.decode()
    with translation.override(language):
        sources, stages = gettext("Sources"), gettext("Stages")
    assert (sources, stages) != ("Sources", "Stages")
    assert f'<html lang="{language}">' in html
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
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_renders_in_the_language_of_the_cookie(client, db, path, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    with translation.override(language):
        claims = gettext("Claims")
    assert f'<html lang="{language}">' in html
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


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_noun_in_a_filter_message_is_in_the_catalogue(language):
    """Slug and id filters name what they expect with a model's verbose name, translated at
    run time: a noun missing from the catalogue would leave English in a Japanese sentence."""
    nouns = {
        flt.label_noun
        for filterset in _filtersets()
        for flt in filterset.base_filters.values()
        if hasattr(flt, "label_noun")
    }
    assert {"series", "stage", "agent"} <= nouns
    with translation.override(language):
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


def test_filter_messages_are_russian_for_a_russian_reader(db):
    from research.filters import SourceFilter

    form = SourceFilter({"stage": "nope", "ordering": "colour", "kind": "poem"}).form
    with translation.override("ru"):
        assert not form.is_valid()
        messages = [str(m) for name in ("stage", "ordering", "kind") for m in form.errors[name]]
    assert messages[0] == "Введите слаг существующего объекта «этап» (например, peking-final)."
    assert messages[1].startswith("Сортировка возможна по: date, -date")
    assert messages[2].startswith("Введите одно из значений: ")


def test_a_russian_reader_sees_dates_and_agents_in_russian(client, founding_data, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    html = client.get("/chronology/").content.decode()
    assert "июня 1923" in html or "июнь 1923" in html
    assert " June " not in html
    html = client.get("/agents/").content.decode()
    assert "Карахан" in html


def test_a_russian_reader_sees_the_languages_of_the_sources_in_russian(client, founding_data, db):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    html = client.get("/sources/?language=ja").content.decode()
    assert "Снять фильтр: Язык: Японский" in html
    assert ">Русский</a>" in html
