import base64
import binascii

from django.core.paginator import InvalidPage
from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

CURSOR_HINT = "Enter the cursor of a `next` link, or an empty cursor for the first page."


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

    cursor_query_param = "cursor"

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.after = None
        if self.cursor_query_param in request.query_params:
            return self._cursor_page(queryset, request)
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

    # Cursor mode: `?cursor=` (empty) starts, each page's `next` carries the cursor on. Rows come
    # in id order and each page is one index range scan from the last id, so page 2,000 costs
    # what page 1 does; there is no count and no jumping to a page number.
    def _cursor_page(self, queryset, request):
        if request.query_params.get("ordering"):
            raise ValidationError(
                {"ordering": ["Cursor pages come in id order; leave out `ordering` or `cursor`."]}
            )
        raw = request.query_params[self.cursor_query_param]
        if raw:
            queryset = queryset.filter(pk__gt=_cursor_decode(raw))
        size = self.get_page_size(request)
        rows = list(queryset.order_by("pk")[: size + 1])
        self.after = rows[size - 1].pk if len(rows) > size else None
        return rows[:size]

    def get_paginated_response(self, data):
        if self.cursor_query_param not in self.request.query_params:
            return super().get_paginated_response(data)
        return Response({"next": self._cursor_next(), "previous": None, "results": data})

    def _cursor_next(self):
        if self.after is None:
            return None
        url = remove_query_param(self.request.build_absolute_uri(), self.page_query_param)
        return replace_query_param(url, self.cursor_query_param, _cursor_encode(self.after))

    def get_paginated_response_schema(self, schema):
        paged = super().get_paginated_response_schema(schema)
        paged["required"] = ["results"]
        paged["properties"]["count"]["description"] = "Total rows (page-number mode only)."
        return paged

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
        parameters.append(
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "Cursor mode for deep paging: send it empty for the first page, "
                "then follow `next`. Rows come in id order, without `count`; not with "
                "`ordering` or `page`.",
                "schema": {"type": "string"},
            }
        )
        return parameters


def _cursor_encode(pk: int) -> str:
    return base64.urlsafe_b64encode(f"id:{pk}".encode()).decode().rstrip("=")


def _cursor_decode(raw: str) -> int:
    try:
        text = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode()
        prefix, _, value = text.partition(":")
        if prefix == "id" and value.isdigit():
            return int(value)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        pass
    raise ValidationError({"cursor": [CURSOR_HINT]})
