"""Rows written in bulk with their first history entry, which the database copies.

simple_history's `bulk_create_with_history` builds a historical instance per row in Python and
sends every value back to the database that has just stored it; for a FRUS volume of 2,000
documents that was a fifth of the import. Here the database copies the rows it holds
(`INSERT … SELECT`, one statement per batch) into the same columns, with the same entry: `+`,
the history user simple_history would take (the request's), no change reason.
"""

from django.conf import settings
from django.db import connections, router, transaction
from django.utils import timezone

from core.batching import batches

_ENTRY = ("history_date", "history_change_reason", "history_type", "history_user")


def history_bulk_create(model, objs: list, *, batch_size: int = 500) -> list:
    """Insert `objs` (`model.objects.bulk_create`) and record their creation; returns them with
    their primary keys."""
    with transaction.atomic(using=router.db_for_write(model), savepoint=False):
        created = model._default_manager.bulk_create(objs, batch_size=batch_size)
        history_record_created(model, created, batch_size=batch_size)
    return created


def history_record_created(model, objs: list, *, batch_size: int = 500) -> None:
    """Record the creation of `objs`, rows of `model` already written, as simple_history's
    `bulk_history_create` would: one entry for all of them (the first row's history user, as
    the request gives it; no change reason)."""
    if not objs or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    history = model.history.model
    fields = {field.name: field for field in history._meta.concrete_fields}
    copied = {field.name for field in history.tracked_fields}
    if set(fields) != copied | {"history_id", *_ENTRY} or not fields["history_id"].db_returning:
        # A history with columns of its own (extra fields, a UUID history_id made in Python):
        # simple_history knows how to fill them.
        model.history.bulk_history_create(objs, batch_size=batch_size)
        return
    connection = connections[router.db_for_write(history)]
    quote = connection.ops.quote_name
    targets = [quote(fields[field.name].column) for field in history.tracked_fields]
    selected = [quote(field.column) for field in history.tracked_fields]
    user = history.get_default_history_user(objs[0])
    entry = {
        "history_date": timezone.now(),
        "history_change_reason": None,
        "history_type": "+",
        "history_user": user.pk if user is not None else None,
    }
    params = []
    # A bare parameter in a SELECT list has no type on PostgreSQL (a NULL would be text).
    cast = connection.vendor == "postgresql"
    for name, value in entry.items():
        field = fields[name]
        targets.append(quote(field.column))
        selected.append(f"CAST(%s AS {field.cast_db_type(connection)})" if cast else "%s")
        params.append(field.get_db_prep_value(value, connection))
    pk = quote(model._meta.pk.column)
    statement = (
        f"INSERT INTO {quote(history._meta.db_table)} ({', '.join(targets)}) "
        f"SELECT {', '.join(selected)} FROM {quote(model._meta.db_table)} WHERE {pk} IN "
    )
    pks = [obj.pk for obj in objs]
    with connection.cursor() as cursor:
        for chunk in batches(pks, batch_size):
            # In the order the rows were written, as bulk_history_create records them.
            placeholders = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"{statement}({placeholders}) ORDER BY {pk}", [*params, *chunk])
