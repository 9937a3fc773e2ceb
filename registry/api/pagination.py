"""Page-number paging with a cap, where a malformed page is a 400, not a 404."""

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError

from registry.paging import RegistryPaginator


def _positive_int(request, name: str) -> int | None:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
        raise ValidationError({name: [_("Enter a whole number of 1 or more.")]})
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
            f"Rows per page: {self.page_size} unless given; larger values are cut "
            f"to {self.max_page_size}."
        )

    def get_page_size(self, request) -> int:
        size = _positive_int(request, self.page_size_query_param)
        return min(size or self.page_size, self.max_page_size)

    def check_parameters(self, request) -> None:
        """A malformed `page` or `page_size` is a 400, even where unused."""
        _positive_int(request, self.page_query_param)
        _positive_int(request, self.page_size_query_param)

    def paginate_queryset(self, queryset, request, view=None):
        self.check_parameters(request)
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound as exc:
            raise ValidationError({self.page_query_param: [exc.detail]}) from None

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
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
