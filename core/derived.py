"""Derived data kept in step with the rows it is read from, declared once and refreshed by one
service that every write path calls.

A *refresher* keeps one kind of derived data on the rows of one model (`target`) and declares the
rows it reads: `depends_on` maps a model label to the lookup path from `target` to rows of that
model ("catalogue.AgentName" → "agents__names" on a source). The search text of every
SearchableModel is such a refresher, built from the model's `search_depends_on`; other kinds (a
table of links maintained from other rows) register with `derived_register()`.

`derived_refresh()` takes rows that changed (of any model), finds through the declarations every
row whose derived data reads them (one query per dependent model and thousand changed rows)
and refreshes those rows in batches. A row's own links (its many-to-many rows, its inline rows)
are part of the row: whoever changes them passes the row itself.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache

from django.db import models
from django.db.models import Q

from core.batching import batches
from core.models import SearchableModel
from core.querysets import any_of

SELF = "pk"


@dataclass(frozen=True, eq=False)
class Refresher:
    """One kind of derived data on the rows of `target`, and the rows it is read from."""

    name: str
    target: type[models.Model]
    # model label → lookup path from `target`, or several paths (any of them leads there)
    depends_on: Mapping[str, str | tuple[str, ...]]
    refresh: Callable[[models.QuerySet], int]


def search_text_refreshers() -> Iterator[Refresher]:
    """The search text of every installed SearchableModel: its own columns and what it declares."""
    for model in SearchableModel.searchable_models():
        yield Refresher(
            name="search_text",
            target=model,
            depends_on={model._meta.label: SELF, **model.search_depends_on},
            refresh=lambda queryset: queryset.refresh_search_text(),
        )


_providers: list[Callable[[], Iterable[Refresher]]] = [search_text_refreshers]


@cache
def _refreshers() -> list[Refresher]:
    return [refresher for provider in _providers for refresher in provider()]


@cache
def _dependencies() -> dict[str, list[tuple[Refresher, list[str]]]]:
    """Changed model label → the refreshers reading it, each with its lookup paths."""
    by_label: dict[str, list[tuple[Refresher, list[str]]]] = defaultdict(list)
    for refresher in _refreshers():
        paths: dict[str, list[str]] = defaultdict(list)
        for label, path in refresher.depends_on.items():
            paths[label].extend((path,) if isinstance(path, str) else path)
        for label, label_paths in paths.items():
            by_label[label].append((refresher, label_paths))
    return dict(by_label)


def derived_register(provider: Callable[[], Iterable[Refresher]]) -> None:
    """Add refreshers; `provider` is called once the app registry is ready."""
    _providers.append(provider)
    _refreshers.cache_clear()
    _dependencies.cache_clear()


def derived_unregister(provider: Callable[[], Iterable[Refresher]]) -> None:
    """Remove refreshers added with `derived_register()`."""
    _providers.remove(provider)
    _refreshers.cache_clear()
    _dependencies.cache_clear()


def _changed_rows(rows, pks) -> dict[type[models.Model], list]:
    """Group what a caller passes by model: a model with `pks`, a queryset, a mapping of models
    to pks, or instances of any models."""
    if isinstance(rows, type) and issubclass(rows, models.Model):
        # Ids may come as text (a CSV column): the SELF path sorts them with stored ids.
        return {rows: [rows._meta.pk.to_python(pk) for pk in pks]}
    if isinstance(rows, models.QuerySet):
        return {rows.model: list(rows.values_list("pk", flat=True))}
    if isinstance(rows, Mapping):
        return {model: list(model_pks) for model, model_pks in rows.items()}
    grouped: dict[type[models.Model], list] = defaultdict(list)
    for row in rows:
        if row is not None and row.pk is not None:
            grouped[row._meta.concrete_model].append(row.pk)
    return grouped


def _dependents(changed: Mapping[type[models.Model], list]) -> dict[Refresher, set]:
    """Every refresher's rows that read any of the changed rows."""
    found: dict[Refresher, set] = defaultdict(set)
    for model, pks in changed.items():
        if not pks:
            continue
        for refresher, paths in _dependencies().get(model._meta.label, ()):
            if paths == [SELF]:
                found[refresher].update(pks)
                continue
            for chunk in batches(dict.fromkeys(pks)):
                condition = any_of(Q(**{f"{path}__in": chunk}) for path in paths)
                found[refresher].update(
                    refresher.target._default_manager.filter(condition)
                    .order_by()
                    .values_list("pk", flat=True)
                    .distinct()
                )
    return found


def _refresh(dependents: Mapping[Refresher, set]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for refresher, pks in dependents.items():
        for chunk in batches(sorted(pks)):
            queryset = refresher.target._default_manager.filter(pk__in=chunk)
            key = f"{refresher.target._meta.label}.{refresher.name}"
            counts[key] += refresher.refresh(queryset)
    return dict(counts)


def derived_snapshot(rows, pks: Iterable | None = None) -> dict[Refresher, set]:
    """The rows whose derived data reads `rows` now, before a write that may move links (an
    evidence row given another source): pass it as `before` to derived_refresh() after the write,
    so the rows that read them before are refreshed as well as those that read them after."""
    return _dependents(_changed_rows(rows, pks))


def derived_refresh(
    rows, pks: Iterable | None = None, *, before: Mapping[Refresher, set] | None = None
) -> dict[str, int]:
    """Refresh the derived data of changed rows and of every row that reads them (and, with
    `before`, of every row that read them before the write).

    `rows` is a model (with `pks`), a queryset, a mapping of models to pks, or instances of any
    models.
    Returns the number of rows changed per `<model label>.<kind>`.
    """
    dependents = _dependents(_changed_rows(rows, pks))
    for refresher, pks_before in (before or {}).items():
        dependents.setdefault(refresher, set()).update(pks_before)
    return _refresh(dependents)


@contextmanager
def derived_deleting(rows, pks: Iterable | None = None):
    """Refresh what reads rows the block deletes: found before the delete, refreshed after."""
    dependents = _dependents(_changed_rows(rows, pks))
    yield
    _refresh(dependents)


def derived_refresh_all() -> dict[str, int]:
    """Refresh every kind of derived data on every row (after raw loads or SQL edits)."""
    return _refresh(
        {
            refresher: set(refresher.target._default_manager.values_list("pk", flat=True))
            for refresher in _refreshers()
        }
    )
