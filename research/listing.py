"""What the researchers' list pages share: lenient filtering and safe paging.

A page must never fail on a hand-edited URL: filters that cannot be read are reported on the
form and left out, the others still apply; a page number out of range shows the last page.
"""

from django.contrib import messages
from django.core.paginator import InvalidPage
from django.http import QueryDict
from django.utils.translation import gettext as _
from django_filters.views import FilterView

from core.forms import PartialDateField
from core.paginator import EstimatedCountPaginator


class LenientFilterView(FilterView):
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
        return filterset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = self.filterset.form
        context.update(
            form_fields=[form[name] for name in self.form_fields],
            hidden_fields=[form[name] for name in form.fields if name not in self.form_fields],
            nav=self.nav,
            applied_query=self.applied_query(),
        )
        return context
