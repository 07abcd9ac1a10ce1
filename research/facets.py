"""Result counts per facet value for the sources page.

Each facet is counted over the sources the *other* active filters select, so each count says
how many results its link leads to. The number of queries is fixed (one per facet, one per
stage and strategy), whatever the number of results or the page length.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from catalogue.models import Side, Source
from core.i18n import pick_language
from core.permissions import is_public
from negotiations.models import Stage, Strategy
from negotiations.source_links import sources_in_stage, sources_supporting_strategy
from research.filters import SourceFilter
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


def _grouped(qs, value_field: str, label_fields: tuple[str, ...]):
    rows = (
        qs.order_by()
        .values(value_field, *label_fields)
        .annotate(n=Count("pk", distinct=True))
        .filter(n__gt=0)
    )
    for row in rows:
        if row[value_field] is not None:
            yield row[value_field], [row[f] for f in label_fields], row["n"]


def source_facets(request, base_queryset, params) -> list[Facet]:
    """The facets of the sources page for the query string `params` (a QueryDict)."""
    public = is_public(request)

    def without(param):
        data = params.copy()
        for name in (param, "page"):
            data.pop(name, None)
        filterset = SourceFilter(data, queryset=base_queryset, request=request)
        return filterset.qs if filterset.is_valid() else base_queryset.none()

    def link(param, value):
        data = params.copy()
        data.pop("page", None)
        data[param] = value
        return urlencode(sorted(data.items()))

    def facet(param, label, counted, *, by_count=True):
        current = params.get(param)
        values = [
            FacetValue(str(value), label_text, count, str(value) == current, link(param, value))
            for value, label_text, count in counted
        ]
        if by_count:
            values.sort(key=lambda v: (-v.count, v.label))
        return Facet(param, label, values)

    series = _grouped(without("series"), "series__slug", ("series__title", "series__title_en"))
    repositories = _grouped(
        without("repository"),
        "series__repository__slug",
        ("series__repository__name", "series__repository__name_en"),
    )
    kinds = dict(Source.Kind.choices)
    sides = dict(Side.choices)
    stage_qs, strategy_qs = without("stage"), without("strategy")
    return [
        facet(
            "repository",
            _("Repository"),
            [(v, pick_language(*labels), n) for v, labels, n in repositories],
        ),
        facet("series", _("Series"), [(v, pick_language(*labels), n) for v, labels, n in series]),
        facet(
            "kind",
            _("Kind"),
            [(v, kinds.get(v, v), n) for v, _labels, n in _grouped(without("kind"), "kind", ())],
        ),
        facet(
            "side",
            _("Side"),
            [
                (v, sides[v], n)
                for v, _labels, n in _grouped(without("side").with_side(), "side", ())
                if v
            ],
        ),
        facet(
            "language",
            _("Language"),
            [
                (v, pick_language(labels[1], labels[0]), n)
                for v, labels, n in _grouped(
                    without("language"),
                    "languages__code",
                    ("languages__name", "languages__name_ja"),
                )
            ],
        ),
        facet(
            "stage",
            _("Stage supported"),
            [
                (
                    s.slug,
                    localized(s, "name"),
                    sources_in_stage(stage_qs, s.slug, public=public).count(),
                )
                for s in Stage.objects.all()
            ],
            by_count=False,
        ),
        facet(
            "strategy",
            _("Strategy"),
            [
                (
                    s.slug,
                    localized(s, "name"),
                    sources_supporting_strategy(strategy_qs, s.slug, public=public).count(),
                )
                for s in Strategy.objects.all()
            ],
            by_count=False,
        ),
    ]
