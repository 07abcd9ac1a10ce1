"""Result counts per facet value for the sources page.

Each facet is counted over the sources the *other* active filters select, so each count says
how many results its link leads to. The number of queries is fixed (one grouping of the
sources for the series, repository, kind, side and language facets, one or two grouped counts
of the stage and strategy links, plus the names), whatever the filters, results or page length.
"""

import hashlib
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES

from catalogue.models import Language, Series, Side, Source
from catalogue.querysets import language_codes_key
from core.changes import data_version
from core.i18n import language_name, pick_language
from core.permissions import is_public
from negotiations.models import Stage, Strategy
from negotiations.source_links import (
    stage_and_strategy_counts,
    stage_counts,
    strategy_counts,
)
from research.templatetags.kosho import localized


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool
    query: str


@dataclass
class Facet:
    param: str
    label: str
    values: list[FacetValue]


# Facets over columns of the source row, all counted from one grouping by these columns.
ROW_FACETS = ("series", "repository", "kind", "side", "language")


def read_values(filterset) -> dict:
    """The values the filterset's form read; none for a page opened without parameters (an
    unbound form is never cleaned)."""
    return getattr(filterset.form, "cleaned_data", {}) if filterset.is_bound else {}


def applied(value) -> bool:
    """Whether a value the form read filters anything. An id list left empty reads as an empty
    queryset (`none()`), which is no filter, though it is not one of EMPTY_VALUES."""
    if isinstance(value, QuerySet):
        return not value.query.is_empty()
    return value not in EMPTY_VALUES


def narrowed(filterset, *skip: str):
    """The filterset's queryset under every active filter but those in `skip`, from the values
    the form already read: no filter is looked up again, so the queries do not grow with the
    filters."""
    qs = filterset.queryset
    for name, value in read_values(filterset).items():
        if name not in (*skip, "ordering"):
            qs = filterset.filters[name].filter(qs, value)
    return qs


def _row_tests(filterset, active: frozenset) -> dict:
    """For each active row facet, whether a (series id, kind, side, language codes) group passes
    its filter: the filters of SourceFilter, read on the grouping's key instead of in SQL."""
    values = read_values(filterset)
    tests = {}
    if "series" in active:
        series_ids = set(filterset.series_ids)
        tests["series"] = lambda key: key[0] in series_ids
    if "repository" in active:
        in_repository = set(
            Series.objects.filter(repository=values["repository"]).values_list("pk", flat=True)
        )
        tests["repository"] = lambda key: key[0] in in_repository
    if "kind" in active:
        tests["kind"] = lambda key: key[1] == values["kind"]
    if "side" in active:
        tests["side"] = lambda key: key[2] == values["side"]
    if "language" in active:
        code = language_codes_key([values["language"].code])
        tests["language"] = lambda key: code in key[3]
    return tests


def facet_counts(request, filterset, params) -> dict:
    """The counts behind the facets of the applied (valid) `filterset`, whose readable query
    string is `params`, and `total`, the number of sources the list holds: kept in the server's
    cache per filter set (see _cached_counts)."""
    active = frozenset(n for n, v in read_values(filterset).items() if applied(v))
    return _cached_counts(request, filterset, params, lambda: _counts(request, filterset, active))


def source_facets(params, counts: dict) -> list[Facet]:
    """The facets of the sources page whose readable query string is `params`, from the
    `counts` facet_counts() gave for it: the names of what they count are read here (series,
    languages, stages, strategies)."""

    def link(param, value):
        data = params.copy()
        data.pop("page", None)
        data[param] = value
        # Every value of a repeated parameter (agent=1&agent=2), not only the last.
        return urlencode(sorted((name, v) for name, values in data.lists() for v in values))

    def facet(param, label, counted, *, by_count=True):
        current = params.get(param)
        values = [
            FacetValue(str(value), label_text, count, str(value) == current, link(param, value))
            for value, label_text, count in counted
        ]
        if by_count:
            values.sort(key=lambda v: (-v.count, v.label))
        return Facet(param, label, values)

    all_series = {s.pk: s for s in Series.objects.select_related("repository")}
    repositories = Counter()
    for series_id, n in counts["repository"].items():
        repositories[all_series[series_id].repository] += n
    kinds, by_side = counts["kind"], counts["side"]
    # A series' link lists the sources of every series below it too, so its count holds them.
    series = Counter()
    for series_id, n in counts["series"].items():
        seen = set()
        while series_id is not None and series_id not in seen:
            seen.add(series_id)
            series[series_id] += n
            series_id = all_series[series_id].parent_id
    languages, by_stage, by_strategy = counts["language"], counts["stage"], counts["strategy"]
    # The counts hold codes (the grouping's key); their names are read here.
    names = {language.code: language for language in Language.objects.all()}
    kind_labels = dict(Source.Kind.choices)
    sides = dict(Side.choices)
    return [
        facet(
            "repository",
            _("Repository"),
            [(r.slug, pick_language(r.name, r.name_en), n) for r, n in repositories.items()],
        ),
        facet(
            "series",
            _("Series"),
            [
                (
                    all_series[pk].slug,
                    pick_language(all_series[pk].title, all_series[pk].title_en),
                    n,
                )
                for pk, n in series.items()
            ],
        ),
        facet(
            "kind",
            _("Kind"),
            [(v, kind_labels.get(v, v), n) for v, n in kinds.items()],
        ),
        facet(
            "side",
            _("Side"),
            [(v, sides[v], n) for v, n in by_side.items() if v],
        ),
        facet(
            "language",
            _("Language"),
            [
                (code, language_name(code, names[code].name, names[code].name_ja), n)
                for code, n in languages.items()
            ],
        ),
        facet(
            "stage",
            _("Stage supported"),
            [(s.slug, localized(s, "name"), by_stage.get(s.pk, 0)) for s in Stage.objects.all()],
            by_count=False,
        ),
        facet(
            "strategy",
            _("Strategy"),
            [
                (s.slug, localized(s, "name"), by_strategy.get(s.pk, 0))
                for s in Strategy.objects.all()
            ],
            by_count=False,
        ),
    ]


def _counts(request, filterset, active: frozenset) -> dict:
    """The counts behind the facets, as plain data: {facet: {value: count}}, and the total."""
    public = is_public(request)

    def without(param):
        return narrowed(filterset, param)

    def over(param) -> dict:
        """How to name the sources a link facet counts over: those the other filters select,
        or, when no other filter is active, every source but the few the reader may not see
        (PostgreSQL then checks each link against a small set instead of joining all sources)."""
        if active - {param, "ordering"}:
            return {"sources": without(param)}
        return {"hidden": Source.objects.hidden_from(request.user)}

    if active - {"ordering"} and not active & {"stage", "strategy"}:
        # Other filters, and neither of these: both count over the sources those select, and
        # one query selects them once for both (a search is then run once, not twice). Over
        # every visible source, two queries apart are quicker (each against the few hidden).
        stage, strategy = stage_and_strategy_counts(public=public, **over("stage"))
    else:
        stage = stage_counts(public=public, **over("stage"))
        strategy = strategy_counts(public=public, **over("strategy"))

    # Series, repository, kind, side and language come from one (series, kind, side, language
    # codes) grouping under the other filters; each is then counted under the row filters but
    # its own by reading the groups' keys, not by another grouping in the database.
    groups = {
        key[:4]: key[4]
        for key in narrowed(filterset, *ROW_FACETS)
        .order_by()
        .values_list("series_id", "kind", "side", "language_codes")
        .annotate(n=Count("pk"))
    }
    tests = _row_tests(filterset, active)

    def by_row(param, value_of) -> Counter:
        others = [test for name, test in tests.items() if name != param]
        counted = Counter()
        for key, n in groups.items():
            if all(test(key) for test in others):
                for value in value_of(key):
                    counted[value] += n
        return counted

    return {
        # Every filter applied: the list's own count, which needs no query of its own.
        "total": sum(n for key, n in groups.items() if all(test(key) for test in tests.values())),
        "series": by_row("series", lambda key: (key[0],)),
        # By series: the page maps each series to its repository.
        "repository": by_row("repository", lambda key: (key[0],)),
        "kind": by_row("kind", lambda key: (key[1],)),
        "side": by_row("side", lambda key: (key[2],)),
        # A source in two languages counts under each.
        "language": by_row("language", lambda key: key[3].split()),
        "stage": stage,
        "strategy": strategy,
    }


def _cached_counts(request, filterset, params, count) -> dict:
    """`count()`, kept in the server's cache for a public reader while the data do not change
    (the key holds the data version, core.changes): a repeated page of the same filters, or
    the sources page opened without any, costs no facet query."""
    seconds = settings.RESPONSE_CACHE_SECONDS
    # Signed-in readers (archivists among them, who see drafts) count afresh.
    if not seconds or request.user.is_authenticated:
        return count()
    version = data_version()
    if version is None:
        return count()
    chosen = sorted(
        (name, params.getlist(name))
        for name, value in read_values(filterset).items()
        if applied(value) and name != "ordering"
    )
    digest = hashlib.sha256(repr(chosen).encode()).hexdigest()
    cache = caches[settings.RESPONSE_CACHE_ALIAS]
    key = f"facets:{version}:{digest}"
    counts = cache.get(key)
    if counts is None:
        counts = count()
        cache.set(key, counts, seconds)
    return counts
