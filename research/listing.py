"""What the researchers' list pages share: lenient filtering and safe paging.

A page must never fail on a hand-edited URL: filters that cannot be read are reported on the
form and left out, the others still apply; a page number out of range shows the last page.
"""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.paginator import InvalidPage
from django.db.models import prefetch_related_objects
from django.http import HttpResponseRedirect, QueryDict
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters.views import FilterView

from core.forms import PartialDateField
from core.i18n import reader_language
from core.paginator import EstimatedCountPaginator
from research.templatetags.kosho import localized

# What a select offers for "no filter", instead of Django's "---------".
ANY = gettext_lazy("Any")
DEFAULT_ORDER = gettext_lazy("Default order")
# Parameters that are not filters: no chip for them, and they survive "clear all".
NOT_FILTERS = ("ordering", "page")


def without_empty(query: QueryDict) -> QueryDict:
    """`query` without its empty values (`q=&series=` is no filter), in the same order."""
    kept = QueryDict(mutable=True)
    for name, values in query.lists():
        if values := [value for value in values if value.strip()]:
            kept.setlist(name, values)
    return kept


class CleanQueryMixin:
    """A GET with empty parameters (what a form without JavaScript submits: `?q=&series=…`)
    is redirected to the same URL without them, so that addresses stay short, shareable and
    one per result set. The page's script strips them before submitting, so this is the
    fallback."""

    def get(self, request, *args, **kwargs):
        query = without_empty(request.GET).urlencode()
        if query != request.GET.urlencode():
            return HttpResponseRedirect(f"{request.path}?{query}" if query else request.path)
        return super().get(request, *args, **kwargs)


def placeholder_labels(form) -> None:
    """The empty choice of every select says what it does ("Any", "Default order") rather
    than Django's `---------`."""
    for name, field in form.fields.items():
        if not isinstance(field, forms.ChoiceField):
            continue
        label = DEFAULT_ORDER if name == "ordering" else ANY
        if isinstance(field, forms.ModelChoiceField):
            # Its choices are read from the database as they are rendered, `empty_label` first.
            if field.empty_label is not None:
                field.empty_label = label
        else:
            # A fixed list: what the widget renders is relabelled (the field's iterator keeps
            # the label it was copied with).
            field.widget.choices = [
                (value, label if value == "" else text) for value, text in field.widget.choices
            ]


@dataclass
class Chip:
    """An applied filter value, with the URL of the same page without it."""

    label: str
    value: str
    url: str


def _shown(value) -> str:
    """A filter value as the reader knows it: a record's name or title in their language."""
    if hasattr(value, "preferred_name"):
        return value.preferred_name(reader_language())
    for field in ("title", "name", "text"):
        if hasattr(value, f"{field}_en"):
            return Truncator(localized(value, field)).chars(60)
    return str(value)


def filter_chips(path: str, applied: QueryDict, form) -> tuple[list[Chip], str]:
    """One chip per applied filter value (`applied`: the readable, non-empty parameters),
    each linking to `path` without that value, and the URL without any filter (the sort
    order stays). Labels come from the records the form already read; named agents add one
    query, for the names of them all."""
    cleaned = getattr(form, "cleaned_data", {})

    def url(query: QueryDict) -> str:
        query = query.copy()
        query.pop("page", None)
        encoded = query.urlencode()
        return f"{path}?{encoded}" if encoded else path

    chips = []
    for name, values in applied.lists():
        if name in NOT_FILTERS or name not in form.fields:
            continue
        field, read = form.fields[name], cleaned.get(name)
        if isinstance(field, forms.ModelMultipleChoiceField):
            # Records the filter has loaded already (`agent=1&agent=2`, or `agent=1,2`).
            records = {str(record.pk): record for record in read or ()}
            if any(hasattr(record, "preferred_name") for record in records.values()):
                prefetch_related_objects(list(records.values()), "names")
        for value in values:
            if isinstance(field, forms.ModelMultipleChoiceField):
                parts = [part.strip() for part in value.split(",")]
                shown = ", ".join(_shown(records[p]) if p in records else p for p in parts)
            elif isinstance(field, forms.ModelChoiceField):
                shown = value if read is None else _shown(read)
            elif isinstance(field, forms.ChoiceField):
                shown = str(dict(field.choices).get(value, value))
            elif name == "q":
                shown = f"“{value}”"
            else:
                shown = value
            rest = applied.copy()
            rest.setlist(name, [v for v in values if v != value])
            chips.append(Chip(str(field.label), shown, url(rest)))
    kept = QueryDict(mutable=True)
    for name in NOT_FILTERS:
        if name in applied:
            kept.setlist(name, applied.getlist(name))
    return chips, url(kept)


class LenientFilterView(CleanQueryMixin, FilterView):
    """django-filter's FilterView, not strict, plus the query string of what was applied.

    With `strict = False` FilterView lists `filterset.qs` even when the form is invalid, and
    `FilterSet.qs` filters by the form's `cleaned_data`, which holds only the fields that could
    be read: the readable filters apply, the others are left out and keep their errors for the
    form to show. What this class adds is what links need: `applied_query`, the filters that
    were applied (no unreadable, empty or unknown parameter, no page), so that the pager and the
    export links give the rows the page shows, and a page number that never fails.
    """

    strict = False
    paginate_by = 25
    # Exact counts up to 10,000 results, the planner's estimate beyond ("≈" on the page).
    paginator_class = EstimatedCountPaginator
    nav = ""
    # The filters the page's form shows; the others arrive by links and ride along hidden.
    form_fields: tuple[str, ...] = ()

    def applied_query(self) -> QueryDict:
        """The request's parameters the FilterSet read and applied, for building links."""
        applied = QueryDict(mutable=True)
        for name, values in self.request.GET.lists():
            if name in self.filterset.filters and name not in self.filterset.errors:
                if values := [value for value in values if value]:
                    applied.setlist(name, values)
        return applied

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = self.request.GET.get(self.page_kwarg) or 1
        try:
            number = int(page)
        except ValueError:
            messages.warning(self.request, _("“%(page)s” is not a page number.") % {"page": page})
            number = 1
        try:
            page_obj = paginator.page(number)
        except InvalidPage:
            page_obj = paginator.page(paginator.num_pages if number > 1 else 1)
        return paginator, page_obj, page_obj.object_list, page_obj.has_other_pages()

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        # The help texts document the API ("Slug of a series…"); on the page the labels say
        # enough, but for dates, whose forms a reader needs to know. Cleared before the form
        # is validated and its fields are bound.
        for field in filterset.form.fields.values():
            if not isinstance(field, PartialDateField):
                field.help_text = ""
        placeholder_labels(filterset.form)
        return filterset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.filterset.form
        applied = self.applied_query()
        chips, clear_url = filter_chips(self.request.path, applied, form)
        context.update(
            form=form,
            form_fields=[form[name] for name in self.form_fields],
            hidden_fields=[form[name] for name in form.fields if name not in self.form_fields],
            nav=self.nav,
            applied_query=applied,
            chips=chips,
            clear_url=clear_url,
        )
        return context
