"""QuerySet bases shared by the archive and the analysis: dated, searchable, publishable."""

from collections.abc import Callable, Iterable

from django.db import connections, models
from django.db.models import Count, F, Func, Q, Value, Window
from django.db.models.functions import RowNumber

from core.batching import batches
from core.permissions import is_archivist
from core.postings import PostingsCount, rows_with_gram_sql
from core.text import build_search_text, normalise, short_cjk_word


class HasGram(Func):
    """The text has this CJK unigram or bigram (PostgreSQL only): `kosho_grams(search_text) @>
    ARRAY[word]`, which the table's gram index answers. Models with postings
    (SearchableModel.gram_postings) look a word up there instead (core.postings), unless it is
    one branch of an OR (`in_or`): a semi-join in an OR is checked row by row over the whole
    table, while the gram index keeps the OR a BitmapOr of index scans."""

    output_field = models.BooleanField()

    def __init__(self, *expressions, in_or: bool = False, **extra):
        super().__init__(*expressions, **extra)
        self.in_or = in_or

    def as_sql(self, compiler, connection, **extra_context):
        column, word = self.get_source_expressions()
        word_sql, word_params = compiler.compile(word)
        model = column.target.model
        if model.gram_postings and not self.in_or:
            table = compiler.quote_name_unless_alias(column.alias)
            return rows_with_gram_sql(model, table, connection), word_params
        column_sql, params = compiler.compile(column)
        return f"kosho_grams({column_sql}) @> ARRAY[{word_sql}]::text[]", [*params, *word_params]


# Word → other words that mean the same, registered by the apps that know them (the catalogue:
# every name of the agent a word names, so Karahan finds what カラハン finds).
SEARCH_SYNONYMS: list[Callable[[str], Iterable[str]]] = []


def search_synonyms(word: str) -> set[str]:
    """The normalised synonyms of a normalised query word, itself left out."""
    found = {synonym for provider in SEARCH_SYNONYMS for synonym in provider(word)}
    found.discard(word)
    return found


def first_in_each(queryset, group: str, n: int, order_by: Iterable[str]):
    """The first `n` rows of `queryset` for each value of `group`, in `order_by` order (field
    names, "-" for descending): one query. An overview that lists "the first 30 events of each
    stage" stays one page however many rows a group holds."""
    order = [F(name[1:]).desc() if name.startswith("-") else F(name).asc() for name in order_by]
    nth = Window(RowNumber(), partition_by=F(group), order_by=order)
    return queryset.annotate(nth_in_group=nth).filter(nth_in_group__lte=n)


def count_by(queryset, group: str) -> dict:
    """How many rows of `queryset` each value of `group` has: one grouped query."""
    return dict(queryset.order_by().values_list(group).annotate(n=Count("pk")))


class DatedQuerySet(models.QuerySet):
    """Filters of records with a partial date (PartialDateModel)."""

    def overlapping(self, start=None, end=None) -> "DatedQuerySet":
        """Records whose date range overlaps start…end (either end may be open)."""
        qs = self
        if start is not None:
            qs = qs.filter(date_end__gte=start)
        if end is not None:
            qs = qs.filter(date_start__lte=end)
        return qs


def any_of(conditions: Iterable[Q]) -> Q:
    """The rows any of `conditions` selects (an empty condition, selecting all, for none)."""
    found = Q()
    for condition in conditions:
        found |= condition
    return found


def _indexed_condition(term: str, in_or: bool) -> Q:
    """PostgreSQL's indexed condition for rows whose text contains a normalised `term`: its
    grams for one or two kana/kanji, else the LIKE the trigram index serves."""
    if short_cjk_word(term):
        return Q(HasGram(F("search_text"), Value(term), in_or=in_or))
    return Q(search_text__contains=term)


def _spellings(word: str, synonyms: Iterable[str]) -> tuple[str, ...]:
    """The word and its synonyms, less any that holds another: a text holding シンクレア石油会社
    holds 石油, so the longer adds nothing to an OR but another condition to check."""
    terms = (word, *sorted(set(synonyms) - {word}))
    return tuple(term for term in terms if not any(o != term and o in term for o in terms))


class SearchableQuerySet(models.QuerySet):
    """Named filters and the bulk refresh shared by every model with `search_text`.

    `refresh_search_text()`, `bulk_create()` and `bulk_update()` rebuild the text of the rows
    they are given and of no others; write paths call `core.derived.derived_refresh()`, which
    finds the rows whose text reads the changed ones (SearchableModel.search_depends_on) and
    calls `refresh_search_text()` on them.
    """

    # Set by search() where the postings can count its rows (core.postings); kept by clones,
    # and checked against the WHERE clause when counting.
    _postings_count: PostingsCount | None = None

    def _clone(self):
        clone = super()._clone()
        clone._postings_count = self._postings_count
        return clone

    def search(self, query: str, synonyms_of=search_synonyms) -> "SearchableQuerySet":
        """Rows whose normalised text contains every word of `query`, or a synonym of it
        (`synonyms_of` looks them up: a caller searching the same words again passes a memo)."""
        qs = self
        grams = connections[self.db].vendor == "postgresql"
        words = [
            _spellings(word, synonyms_of(word)) for word in dict.fromkeys(normalise(query).split())
        ]
        for terms in words:
            if grams and any(short_cjk_word(term) for term in terms):
                # Trigrams cannot serve one or two kana/kanji; the gram index can. One indexed
                # condition per spelling (grams for short CJK ones, the trigram-served LIKE for
                # the others) makes an OR of index scans (BitmapOr).
                in_or = len(terms) > 1
                qs = qs.filter(any_of(_indexed_condition(term, in_or) for term in terms))
                if self.model.gram_postings and not in_or:
                    continue
                # The postings alone are exact for such a word. The gram index is too, but
                # where PostgreSQL walks another index instead (a frequent word, the first
                # page) it computes each row's grams (~50 µs): the LIKE (~1 µs) is the check
                # it runs first.
            qs = qs.filter(any_of(Q(search_text__contains=term) for term in terms))
        qs._postings_count = self._postings_counter(qs, words) if grams else None
        return qs

    def _postings_counter(self, found, words) -> PostingsCount | None:
        """How the postings count `found`, the rows searching `self` for `words` left; None
        unless a spelling is a short kana/kanji word and `self` holds every row or every
        published row."""
        if not (
            self.model.gram_postings
            and any(short_cjk_word(term) for terms in words for term in terms)
        ):
            return None
        published = self._only_published()
        if published is None:
            return None
        return PostingsCount(self.model, tuple(words), published, found.query.where.clone())

    def _only_published(self) -> bool | None:
        """False for all the model's rows, None for any other selection."""
        return False if not self.query.where.children else None

    def count(self) -> int:
        counter = self._postings_count
        if counter is None or self._result_cache is not None or not counter.answers(self.query):
            return super().count()
        found = counter.count(self.db)
        low, high = self.query.low_mark, self.query.high_mark
        return max(0, min(found, found if high is None else high) - low)

    def refresh_search_text(self, batch_size: int = 1000) -> int:
        """Rebuild `search_text` for these rows, a batch at a time; returns how many changed."""
        pks = list(self.order_by("pk").values_list("pk", flat=True))
        prefetch = self.model.search_prefetch()
        changed = 0
        for chunk in batches(pks, batch_size):
            batch = self.model._default_manager.filter(pk__in=chunk)
            stale = []
            for obj in batch.prefetch_related(*prefetch):
                text = build_search_text(obj.search_parts())
                if text != obj.search_text:
                    obj.search_text = text
                    stale.append(obj)
            self.model._default_manager.bulk_update(stale, ["search_text"], batch_size=500)
            changed += len(stale)
        return changed

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)  # a generator would be spent before Django saw it
        for obj in objs:
            obj.search_text = build_search_text(obj.search_parts())
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        if "search_text" not in fields:
            for obj in objs:
                obj.search_text = build_search_text(obj.search_parts())
            fields = [*fields, "search_text"]
        return super().bulk_update(objs, fields, *args, **kwargs)


class PublishableQuerySet(SearchableQuerySet):
    def published(self) -> "PublishableQuerySet":
        """Rows visible to the public."""
        return self.filter(status="published")

    def _only_published(self) -> bool | None:
        """True for the published rows (what published() selects), False for all rows, None for
        any other selection."""
        if self.query.where == self.model._default_manager.published().query.where:
            return True
        return super()._only_published()

    def visible_to(self, user) -> "PublishableQuerySet":
        """Everything for archivists, published rows for everyone else."""
        return self if is_archivist(user) else self.published()

    def hidden_from(self, user) -> "PublishableQuerySet":
        """The rows visible_to(user) leaves out: none for archivists, the unpublished ones for
        everyone else (few, so "all but these" is a cheap way to count over the visible)."""
        return self.none() if is_archivist(user) else self.exclude(status="published")
