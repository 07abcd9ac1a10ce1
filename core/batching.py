"""Ids named a batch at a time, so that no query outgrows a database's parameter limit."""

from collections.abc import Iterable, Iterator
from itertools import islice

# Rows per lookup and per refresh: well below every database's limit on query parameters
# (SQLite's is 32,766, PostgreSQL's 65,535).
BATCH_SIZE = 1000


def batches(items: Iterable, size: int = BATCH_SIZE) -> Iterator[list]:
    """`items` in lists of `size`: what one query may name by id on every database."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch
