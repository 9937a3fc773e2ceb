"""Paging long lists: counts from the cache, the last page as cheap as the first."""

import hashlib

from django.core.paginator import Page, Paginator
from django.utils.functional import cached_property

from .pagecache import cached_figure


class RegistryPaginator(Paginator):
    """A paginator for the registry's sorted lists of many thousand rows.

    - The row count is a cached figure (until the registry changes), so no
      request after the first counts 50,000 members again.
    - A page in the second half is read from the other end, in reverse order,
      and turned round: the last page costs what the first does, whatever the
      database (OFFSET reads and throws away every row before it).
    - Any other page skips its OFFSET over primary keys alone (an index, for
      the sorted lists), then reads only its own rows.
    """

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        sql, params = queryset.query.sql_with_params()
        digest = hashlib.sha256(f"{sql}\n{params!r}".encode()).hexdigest()
        return cached_figure(f"count:{digest}", queryset.count)

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        if top + self.orphans >= self.count:
            top = self.count
        queryset = self.object_list
        if number == 1 or not queryset.ordered:
            return self._get_page(queryset[bottom:top], number, self)
        if number <= self.num_pages / 2:
            keys = list(queryset.values_list("pk", flat=True)[bottom:top])
            return self._get_page(list(queryset.filter(pk__in=keys)), number, self)
        # Rows [bottom, top) are rows [count - top, count - bottom) backwards.
        backwards = queryset.reverse()[self.count - top : self.count - bottom]
        rows = list(backwards)
        rows.reverse()
        return self._get_page(rows, number, self)
