"""Every message the code marks for translation is in both catalogues.

`makemessages` needs the gettext tools, which CI and the Docker image may lack; this reads the
marked strings itself: literal arguments of the gettext functions in Python (ast) and the
`{% translate "…" %}` tags of the templates. `{% blocktranslate %}` bodies are left to
`makemessages` (their placeholders are rewritten, so they cannot be compared as written).
"""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.i18n.test_translations import LANGUAGES, messages

ROOT = Path(settings.BASE_DIR)
APPS = ("config", "core", "catalogue", "negotiations", "research")
# name → (index of msgctxt or None, index of msgid)
_FUNCTIONS = {
    "_": (None, 0),
    "gettext": (None, 0),
    "gettext_lazy": (None, 0),
    "pgettext": (0, 1),
    "pgettext_lazy": (0, 1),
    "ngettext": (None, 0),
    "ngettext_lazy": (None, 0),
}
_TAG = re.compile(r"""\{%\s*(?:translate|trans)\s+(["'])(.*?)\1(?:\s+context\s+(["'])(.*?)\3)?""")


def _literal(node) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def python_messages() -> set[tuple[str | None, str, Path]]:
    found = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call):
                    continue
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name not in _FUNCTIONS:
                    continue
                context_at, msgid_at = _FUNCTIONS[name]
                if len(node.args) <= msgid_at:
                    continue
                msgid = _literal(node.args[msgid_at])
                context = _literal(node.args[context_at]) if context_at is not None else None
                if msgid:
                    found.add((context, msgid, path.relative_to(ROOT)))
    return found


def template_messages() -> set[tuple[str | None, str, Path]]:
    found = set()
    for path in (ROOT / "templates").rglob("*.html"):
        for match in _TAG.finditer(path.read_text(encoding="utf-8")):
            # Django doubles a template message's percent signs before looking it up.
            found.add((match[4], match[2].replace("%", "%%"), path.relative_to(ROOT)))
    return found


def test_the_scan_finds_the_marked_messages():
    marked = {(context, msgid) for context, msgid, _path in python_messages()}
    assert (None, "Sources") in {(c, m) for c, m, _p in template_messages()}
    assert ("date of a source", "received") in marked
    assert len(marked) > 200


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_marked_message_is_in_the_catalogue(language):
    catalogue = {(entry["msgctxt"], entry["msgid"]) for entry in messages(language)}
    missing = sorted(
        f"{path}: {msgid!r}" + (f" (context {context!r})" if context else "")
        for context, msgid, path in python_messages() | template_messages()
        if (context, msgid) not in catalogue
    )
    assert missing == []
