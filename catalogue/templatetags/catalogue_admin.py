"""The source changelist's date hierarchy without a scan of every source for its years."""

from django import template
from django.contrib.admin.templatetags.admin_list import date_hierarchy
from django.db.models import Max, Min

register = template.Library()


@register.inclusion_tag("admin/date_hierarchy.html")
def years_from_span(cl):
    """Django's date hierarchy, except its first level: the years from the first to the last
    date of the list, read from the MIN/MAX query Django makes anyway, instead of a DISTINCT
    over every row (75–100 ms at 100,000 sources). The catalogue spans a few years, so a year
    without sources inside the span is rare; its link lists none."""
    field = cl.date_hierarchy
    if any(f"{field}__{part}" in cl.params for part in ("year", "month", "day")):
        return date_hierarchy(cl)
    span = cl.queryset.aggregate(first=Min(field), last=Max(field))
    first, last = span["first"], span["last"]
    if first is None or first.year == last.year:
        return date_hierarchy(cl)  # no dates, or one year: Django opens its months
    return {
        "show": True,
        "back": None,
        "choices": [
            {
                "link": cl.get_query_string({f"{field}__year": str(year)}, [f"{field}__"]),
                "title": str(year),
            }
            for year in range(first.year, last.year + 1)
        ],
    }
