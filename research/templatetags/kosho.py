"""Template helpers for showing records in the reader's language."""

from django import template
from django.urls import reverse
from django.utils.text import capfirst

from core.dates import format_partial_date, to_japanese_era
from core.i18n import pick_language, reader_language
from core.permissions import is_archivist

register = template.Library()


@register.simple_tag
def localized(obj, field: str) -> str:
    """`field` in the reader's language (`name` or `name_en`, `title` or `title_en`, …)."""
    return pick_language(getattr(obj, field, ""), getattr(obj, f"{field}_en", ""))


@register.simple_tag
def partial_date(obj, prefix: str = "date") -> str:
    """A record's partial date in the reader's language, with the era form for Japanese readers
    (or the date as written in the source, where it was recorded in era form)."""
    return _dated(obj, prefix, format_partial_date)


@register.simple_tag
def source_date(row) -> str:
    """One of a source's other dates, as the page lists them: "Sent 14 July 1924, 2 p.m.
    (July 14, 1924—2 p.m.) — London"; in Japanese "発信 1924年7月14日 14:00 (…)"."""
    text = _dated(row, "date", lambda *args, language: row.display(language))
    text = f"{capfirst(row.get_role_display())} {text}"
    return f"{text} — {row.note}" if row.note else text


def _dated(obj, prefix: str, formatter) -> str:
    start, end = getattr(obj, f"{prefix}_start"), getattr(obj, f"{prefix}_end")
    precision = getattr(obj, f"{prefix}_precision")
    approximate = getattr(obj, f"{prefix}_approximate", False)
    language = reader_language()
    text = formatter(start, end, precision, approximate, language=language)
    original = getattr(obj, f"{prefix}_original", "")
    if language == "ja" and start and precision in ("day", "month", "year") and not original:
        try:
            original = to_japanese_era(start, precision)
        except ValueError:
            original = ""
    if original and original != text:
        return f"{text} ({original})"
    return text


@register.filter
def agent_name(agent) -> str:
    """The agent's preferred name in the reader's language (names are prefetched)."""
    return agent.preferred_name(reader_language())


@register.inclusion_tag("research/archivist_bar.html", takes_context=True)
def archivist_bar(context, obj) -> dict:
    """For an archivist, whether the record is a draft and a link to its admin form; for
    anyone else, nothing (the public never learns that drafts exist)."""
    request = context.get("request")
    if not is_archivist(getattr(request, "user", None)):
        return {"show": False}
    opts = obj._meta
    return {
        "show": True,
        "draft": getattr(obj, "status", "") == "draft",
        "edit_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]),
    }
