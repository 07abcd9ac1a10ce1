"""A record's history with the history of its inline rows: evidence added to a claim, a name
removed from an agent, each with its values, interleaved by date with the record's own changes.

Each admin names the child models it shows inline (`history_children`: model and the foreign
key to the parent); their historical rows are read here, so the parent's history tells what an
archivist did on its form, not only that the parent's version moved on.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext_lazy as _

SKIPPED = {"id", "version", "search_text", "created_at", "updated_at"}
ACTIONS = {"+": _("added"), "-": _("removed"), "~": _("changed")}
OWN_ACTIONS = {"+": _("created"), "-": _("deleted"), "~": _("changed")}
STORY_LENGTH = 200


@dataclass
class ChildChange:
    date: datetime
    user: object
    reason: str
    label: str
    action: str
    record: str
    details: list[str]


def _value(record, field) -> str:
    if field.is_relation:
        try:
            target = getattr(record, field.name)
        except ObjectDoesNotExist:
            return f"#{getattr(record, field.attname)}"
        return str(target) if target is not None else "—"
    display = getattr(record, f"get_{field.name}_display", None)
    value = display() if display else getattr(record, field.attname)
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    return str(value) if value not in (None, "") else "—"


def _fields(model, parent_fk: str) -> list:
    # Only what the history records: derived columns left out of it (excluded_fields) have no
    # past values to show.
    recorded = {field.name for field in model.history.model._meta.concrete_fields}
    return [
        field
        for field in model._meta.concrete_fields
        if field.name not in SKIPPED and field.name != parent_fk and field.name in recorded
    ]


def _details(record, fields) -> list[str]:
    if record.history_type == "~" and record.prev_record is not None:
        names = {field.name: field for field in fields}
        delta = record.diff_against(record.prev_record, included_fields=list(names))
        return [
            f"{names[change.field].verbose_name}: "
            f"{_value(record.prev_record, names[change.field])} → "
            f"{_value(record, names[change.field])}"
            for change in delta.changes
        ]
    return [f"{field.verbose_name}: {_value(record, field)}" for field in fields]


def child_changes(obj, children) -> list[ChildChange]:
    """The historical rows of `obj`'s inline rows, newest first, each with readable values
    (all of them for an addition or removal, what moved for a change)."""
    changes = []
    for model, parent_fk in children:
        fields = _fields(model, parent_fk)
        rows = (
            model.history.filter(**{f"{parent_fk}_id": obj.pk})
            .select_related("history_user")
            .order_by("-history_date")
        )
        for record in rows:
            changes.append(
                ChildChange(
                    date=record.history_date,
                    user=record.history_user,
                    reason=record.history_change_reason or "",
                    label=str(model._meta.verbose_name),
                    action=str(ACTIONS[record.history_type]),
                    record=str(record.instance),
                    details=_details(record, fields),
                )
            )
    return sorted(changes, key=lambda change: change.date, reverse=True)


def record_story(obj, children) -> list[ChildChange]:
    """The record's own changes and its inline rows' changes, newest first, each readable."""
    model = type(obj)
    fields = _fields(model, parent_fk="")
    own = []
    for record in obj.history.select_related("history_user").order_by("-history_date")[
        :STORY_LENGTH
    ]:
        own.append(
            ChildChange(
                date=record.history_date,
                user=record.history_user,
                reason=record.history_change_reason or "",
                label=str(model._meta.verbose_name),
                action=str(OWN_ACTIONS[record.history_type]),
                record=str(record.instance),
                details=_details(record, fields) if record.history_type == "~" else [],
            )
        )
    story = own + child_changes(obj, children)
    return sorted(story, key=lambda change: change.date, reverse=True)[:STORY_LENGTH]
