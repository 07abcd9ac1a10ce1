"""A refused stale save, made resolvable: who saved the record meanwhile and when, what each
field was when the archivist opened it, what it is now and what they typed, and per field a
choice between their input and the stored value.

The choices come back with the archivist's whole form; `resolved_data()` replaces the fields
they chose to keep as stored with the stored values and moves the form's opened version to
the one they resolved against, so the save that follows is the ordinary locked save: if the
record moved on yet again, it is refused again with a fresh comparison.
"""

from dataclasses import dataclass

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import QueryDict

MINE, STORED = "mine", "stored"
CHOICE_PREFIX = "_resolve-"
RESOLVE_BUTTON = "_resolve"
RESOLVE_VERSION = "_resolve_version"


@dataclass
class FieldConflict:
    name: str
    label: str
    opened: str
    stored: str
    mine: str
    choice: str

    @property
    def input_name(self) -> str:
        return f"{CHOICE_PREFIX}{self.name}"


def is_stale(form) -> bool:
    return form is not None and form.has_error(NON_FIELD_ERRORS, code="stale")


def _comparable(value) -> str | tuple:
    """Form values as one comparable shape: POSTed text, model instances and lists alike."""
    if isinstance(value, list | tuple | set):
        return tuple(sorted(str(_comparable(v)) for v in value))
    if value is None or value is False:
        return ""
    if value is True:
        return "on"
    return str(getattr(value, "pk", value)).strip()


def _shown(field: forms.Field, value) -> str:
    """A value as the archivist reads it: labels of choices and records, not their keys."""
    key = _comparable(value)
    keys = list(key) if isinstance(key, tuple) else [key]
    keys = [k for k in keys if k != ""]
    if not keys:
        return "—"
    if isinstance(field, forms.BooleanField):
        return "✓"
    queryset = getattr(field, "queryset", None)
    if queryset is not None:
        labels = {str(obj.pk): str(obj) for obj in queryset.filter(pk__in=keys)}
        return ", ".join(labels.get(k, k) for k in keys)
    choices = getattr(field, "choices", None)
    if choices:
        labels = {str(k): str(v) for k, v in field.choices}
        return ", ".join(labels.get(k, k) for k in keys)
    return ", ".join(keys)


def _prepared(form_class, instance) -> dict:
    """What each field of an unbound form on `instance` shows: the stored form of the values."""
    unbound = form_class(instance=instance)
    return {name: unbound[name].value() for name in unbound.fields}


def _editable(form) -> list[str]:
    return [name for name in form.fields if name not in ("opened_version", "change_reason")]


def field_conflicts(form, stored, opened) -> list[FieldConflict]:
    """The fields where the archivist's input and the stored record differ, with the values
    at opening (from the history row of that version; "—" where history has none)."""
    form_class = type(form)
    now = _prepared(form_class, stored)
    then = _prepared(form_class, opened) if opened is not None else {}
    rows = []
    for name in _editable(form):
        field = form.fields[name]
        if isinstance(field.widget, forms.HiddenInput):
            continue
        mine = form[name].value()
        if _comparable(mine) == _comparable(now[name]):
            continue
        # Many-to-many rows are not in the history: the opened value is not known for them.
        was = then.get(name) if not isinstance(field, forms.ModelMultipleChoiceField) else None
        rows.append(
            FieldConflict(
                name=name,
                label=str(field.label or name),
                opened=_shown(field, was) if opened is not None else "—",
                stored=_shown(field, now[name]),
                mine=_shown(field, mine),
                # What the archivist changed is theirs; what only the colleague changed is kept.
                choice=MINE if opened is None or _comparable(mine) != _comparable(was) else STORED,
            )
        )
    return rows


def conflict_context(form, model, pk) -> dict | None:
    """The conflict panel's context for a form refused as stale, or None."""
    if not is_stale(form):
        return None
    stored = model._default_manager.get(pk=pk)
    history = stored.history.all()
    latest = history.order_by("-history_date", "-history_id").first()
    opened_version = form.data.get("opened_version")
    opened_row = (
        history.filter(version=opened_version).order_by("-history_date").first()
        if str(opened_version or "").isdigit()
        else None
    )
    return {
        "saved_by": getattr(latest, "history_user", None),
        "saved_at": getattr(latest, "history_date", None),
        "version": stored.version,
        "opened_version": opened_version,
        "fields": field_conflicts(form, stored, opened_row.instance if opened_row else None),
    }


def resolved_data(form_class, data: QueryDict, stored) -> QueryDict:
    """The archivist's form with their per-field choices applied, set to save over `stored`
    at the version they resolved against."""
    resolved = data.copy()
    now = _prepared(form_class, stored)
    for key in data:
        if not key.startswith(CHOICE_PREFIX) or data[key] != STORED:
            continue
        name = key.removeprefix(CHOICE_PREFIX)
        if name not in now:
            continue
        value = now[name]
        if isinstance(value, list | tuple):
            resolved.setlist(name, [str(_comparable(v)) for v in value])
        elif value is True:
            resolved[name] = "on"
        elif value is False:
            # An unticked box is absent from a form.
            resolved.pop(name, None)
        elif value is None:
            resolved[name] = ""
        else:
            resolved[name] = str(_comparable(value))
    resolved["opened_version"] = data.get(RESOLVE_VERSION, "")
    return resolved
