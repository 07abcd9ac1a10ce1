from django.core.paginator import InvalidPage
from rest_framework import pagination
from rest_framework.exceptions import ValidationError


class PageNumberPagination(pagination.PageNumberPagination):
    """Page-number pages; clients may ask for up to 100 rows a page (more is capped at 100).

    A page that does not exist, or a page size that is not a whole number, is a 400 naming the
    parameter (DRF's own class answers 404 for the first and ignores the second).
    """

    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw in (None, ""):
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if size < 1:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        f"Enter a whole number of rows per page, from 1 to {self.max_page_size}."
                    ]
                },
                code="page_size_invalid",
            )
        return min(size, self.max_page_size)

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        paginator = self.django_paginator_class(queryset, self.get_page_size(request))
        page_number = self.get_page_number(request, paginator)
        try:
            self.page = paginator.page(page_number)
        except InvalidPage as error:
            raise ValidationError(
                {
                    self.page_query_param: [
                        f"Enter a page number from 1 to {paginator.num_pages} (or 'last')."
                    ]
                },
                code="page_out_of_range",
            ) from error
        if paginator.num_pages > 1 and self.template is not None:
            self.display_page_controls = True
        return list(self.page)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["description"] = (
                    f"Rows per page (default {self.page_size}; more than "
                    f"{self.max_page_size} is capped at {self.max_page_size})."
                )
            else:
                parameter["description"] = "Page number, from 1; a page past the last is a 400."
        return parameters
