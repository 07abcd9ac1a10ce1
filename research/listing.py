"""What the researchers' list pages share: lenient filtering and safe paging.

A page must never fail on a hand-edited URL: filters that cannot be read are reported on the
form and left out, the others still apply; a page number out of range shows the last page.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import InvalidPage
from django.utils.translation import gettext as _
from django_filters.views import FilterView

from core.paginator import EstimatedCountPaginator


class LenientFilterView(FilterView):
    paginate_by = 25
    # Exact counts up to 10,000 results, the planner's estimate beyond ("≈" on the page).
    paginator_class = EstimatedCountPaginator
    nav = ""
    # The filters the page's form shows; the others arrive by links and ride along hidden.
    form_fields: tuple[str, ...] = ()

    def get_base_queryset(self):
        raise NotImplementedError

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["queryset"] = self.get_base_queryset()
        return kwargs

    def get(self, request, *args, **kwargs):
        filterset_class = self.get_filterset_class()
        self.filterset = self.get_filterset(filterset_class)
        # What could be read applies; the form shows the rest with its messages.
        self.readable_params = self.filterset.data.copy()
        # The filterset whose queryset the page lists (facets reuse what it read).
        self.applied = self.filterset
        if not self.filterset.is_valid():
            for name in self.filterset.errors:
                self.readable_params.pop(name, None)
            self.applied = filterset_class(
                self.readable_params, queryset=self.get_base_queryset(), request=request
            )
        self.object_list = self.applied.qs if self.applied.is_valid() else self.applied.queryset
        context = self.get_context_data(filter=self.filterset, object_list=self.object_list)
        return self.render_to_response(context)

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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = sorted(
            (key, value) for key, value in self.request.GET.items() if value and key != "page"
        )
        form = self.filterset.form
        for field in form.fields.values():
            # The help texts document the API; on the page the labels say enough.
            field.help_text = ""
        context.update(
            form_fields=[form[name] for name in self.form_fields],
            hidden_fields=[form[name] for name in form.fields if name not in self.form_fields],
            nav=self.nav,
            # The filter state without the page: export links and the pager add to it.
            querystring=urlencode(params),
        )
        return context
