"""Searches of short kana/kanji words answered by a table's gram postings (PostgreSQL).

core.migration_ops.gram_postings keeps `<table>_gram` (gram, row_id, published) for the models
that set SearchableModel.gram_postings. A word of one or two kana/kanji is exactly one gram, so
the rows holding it are the rows whose text contains it, and a search made of such words alone
can be counted from the postings' primary key without reading the table: 0.6 ms for 交渉's
4,281 sources among 100,000, where counting the table's rows takes 4–8.
"""

from dataclasses import dataclass

from django.db import connections

from core.text import short_cjk_word


def postings_table(model) -> str:
    return f"{model._meta.db_table}_gram"


def rows_with_gram_sql(model, table: str, connection) -> str:
    """SQL for "the row of `table` (a quoted name or alias) holds the gram %s": a semi-join,
    which PostgreSQL can run as probes of the postings while it walks another index (a first
    page in date order) or as a hash of the gram's rows."""
    column = f"{table}.{connection.ops.quote_name(model._meta.pk.column)}"
    return f"{column} IN (SELECT row_id FROM {postings_table(model)} WHERE gram = %s)"


@dataclass(frozen=True)
class PostingsCount:
    """How to count a search from the postings: each word's spellings, whether only published
    rows count, and the WHERE clause the search left, which a later filter would change (the
    count then falls back to the table). Short kana/kanji spellings are looked up in the
    postings; any other spelling (a name's Latin form) by the trigram-served LIKE, over the
    few rows it matches."""

    model: type
    words: tuple[tuple[str, ...], ...]
    published: bool
    where: object

    def answers(self, query) -> bool:
        return (
            query.where == self.where
            and not query.distinct
            and query.combinator is None
            and query.group_by is None
            and not any(
                getattr(annotation, "contains_aggregate", False)
                for annotation in query.annotations.values()
            )
        )

    def count(self, using: str) -> int:
        connection = connections[using]
        if len(self.words) == 1 and len(self.words[0]) == 1:
            # One gram: the sum of its counts (a few rows), not a walk of its postings.
            published = " AND published" if self.published else ""
            sql = (
                f"SELECT coalesce(sum(rows), 0)::bigint FROM {postings_table(self.model)}_count "
                f"WHERE gram = %s{published}"
            )
            params = [self.words[0][0]]
        else:
            every, params = [], []
            for spellings in self.words:
                rows, rows_params = self._rows(spellings, connection)
                every.append(f"({rows})")  # INTERSECT binds tighter than UNION
                params += rows_params
            # UNION and INTERSECT count a row once however many spellings it holds.
            sql = f"SELECT count(*) FROM ({' INTERSECT '.join(every)}) AS found"
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()[0]

    def _rows(self, spellings: tuple[str, ...], connection) -> tuple[str, list]:
        """SQL for the ids of the rows holding any of a word's spellings."""
        short = [term for term in spellings if short_cjk_word(term)]
        other = [term for term in spellings if not short_cjk_word(term)]
        parts, params = [], []
        if short:
            published = " AND published" if self.published else ""
            parts.append(
                f"SELECT DISTINCT row_id FROM {postings_table(self.model)} "
                f"WHERE gram = ANY(%s){published}"
            )
            params.append(short)
        if other:
            quote = connection.ops.quote_name
            likes = " OR ".join(["search_text LIKE %s"] * len(other))
            published = " AND status = 'published'" if self.published else ""
            parts.append(
                f"SELECT {quote(self.model._meta.pk.column)} FROM "
                f"{quote(self.model._meta.db_table)} WHERE ({likes}){published}"
            )
            params += [f"%{connection.ops.prep_for_like_query(term)}%" for term in other]
        return " UNION ".join(f"({part})" for part in parts), params
