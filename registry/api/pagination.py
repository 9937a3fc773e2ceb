"""Page-number paging with a cap, where a malformed page is a 400, not a 404."""

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from registry.lists.paging import (
    RegistryPaginator,
    after_cursor,
    decode_cursor,
    encode_cursor,
    keyset_order,
)

# The largest value any integer parameter takes: enough for every real page,
# and short of the digits that would make int() itself refuse.
MAX_INTEGER = 1_000_000


def _positive_int(request, name: str) -> int | None:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    digits = raw.isascii() and raw.isdigit() and len(raw) <= len(str(MAX_INTEGER))
    if not digits or not 1 <= int(raw) <= MAX_INTEGER:
        raise ValidationError(
            {
                name: [
                    _("Enter a whole number from 1 to %(max)s.") % {"max": MAX_INTEGER}
                ]
            }
        )
    return int(raw)


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=` and `?page_size=`; the default and the cap are settings."""

    # Cached counts; deep pages skip their offset over keys, or read from the end.
    django_paginator_class = RegistryPaginator

    page_size_query_param = "page_size"
    page_query_description = "The page to return, from 1."

    @property
    def page_size(self) -> int:
        return settings.REGISTRY_API_PAGE_SIZE

    @property
    def max_page_size(self) -> int:
        return settings.REGISTRY_API_MAX_PAGE_SIZE

    @property
    def page_size_query_description(self) -> str:
        return (
            f"Rows per page: {self.page_size} unless given; values up to "
            f"{MAX_INTEGER} are cut to {self.max_page_size}, larger ones refused."
        )

    def get_page_size(self, request) -> int:
        size = _positive_int(request, self.page_size_query_param)
        return min(size or self.page_size, self.max_page_size)

    def check_parameters(self, request) -> None:
        """A malformed `page` or `page_size` is a 400, even where unused."""
        _positive_int(request, self.page_query_param)
        _positive_int(request, self.page_size_query_param)

    cursor_query_param = "cursor"

    def paginate_queryset(self, queryset, request, view=None):
        self.check_parameters(request)
        self.cursor_keys = None
        if self.cursor_query_param in request.query_params:
            return self.paginate_after_cursor(queryset, request)
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound as exc:
            raise ValidationError({self.page_query_param: [exc.detail]}) from None

    def paginate_after_cursor(self, queryset, request):
        """`?cursor=`: the rows after the last one a client has (keyset paging).

        Each page costs the same however deep it is: the database starts at the
        cursor in its index instead of counting past every earlier row. An empty
        cursor starts at the beginning; `next` carries on.
        """
        keys = keyset_order(queryset)
        if keys is None:
            raise ValidationError(
                {self.cursor_query_param: [_("This list cannot be paged by cursor.")]}
            )
        raw = request.query_params[self.cursor_query_param]
        if raw:
            values = decode_cursor(raw, queryset, keys)
            if values is None:
                raise ValidationError(
                    {self.cursor_query_param: [_("This cursor is not valid.")]}
                )
            rows_queryset = after_cursor(queryset, keys, values)
        else:
            rows_queryset = queryset
        size = self.get_page_size(request)
        self.request = request
        self.cursor_keys = keys
        self.cursor_count = RegistryPaginator(queryset, size).count
        rows = list(rows_queryset[: size + 1])
        self.cursor_next = (
            encode_cursor(rows[size - 1], keys) if len(rows) > size else None
        )
        return rows[:size]

    def get_paginated_response(self, data):
        if self.cursor_keys is None:
            return super().get_paginated_response(data)
        url = remove_query_param(
            self.request.build_absolute_uri(), self.page_query_param
        )
        next_url = (
            replace_query_param(url, self.cursor_query_param, self.cursor_next)
            if self.cursor_next
            else None
        )
        return Response(
            {
                "count": self.cursor_count,
                "next": next_url,
                "previous": None,
                "results": data,
            }
        )

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            parameter["schema"]["maximum"] = MAX_INTEGER
        parameters.append(
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": (
                    "Keyset paging, for lists sorted by name: empty for the first "
                    "rows, then the cursor in `next`. Every page costs the same, "
                    "however deep."
                ),
                "schema": {"type": "string"},
            }
        )
        return parameters

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        descriptions = {
            "count": "How many rows match, on all pages.",
            "next": "The next page, or null on the last.",
            "previous": "The previous page, or null on the first.",
            "results": "The rows of this page.",
        }
        for name, description in descriptions.items():
            paginated["properties"][name]["description"] = description
        return paginated
