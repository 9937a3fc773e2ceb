"""Paging long lists: counts from the cache, the last page as cheap as the first."""

import hashlib
import json
from base64 import urlsafe_b64decode, urlsafe_b64encode

from django.core.exceptions import (
    EmptyResultSet,
    FieldDoesNotExist,
    ValidationError,
)
from django.core.paginator import Page, Paginator
from django.db.models import F, OrderBy, Q
from django.utils.functional import cached_property

from registry.caching.figures import cached_figure


class RegistryPaginator(Paginator):
    """A paginator for the registry's sorted lists of many thousand rows.

    - The row count is a cached figure (until the registry changes), so no
      request after the first counts 50,000 members again.
    - A page in the second half is read from the other end, in reverse order,
      and turned round: the last page costs what the first does, whatever the
      database (OFFSET reads and throws away every row before it).
    - A page far from both ends starts at a bookmark: the sort key of every
      `BOOKMARK_EVERY`th row, read once per registry version (as the count
      is), so the database walks the index from the bookmark instead of
      skipping every row before it (the middle of 50,000 members skipped
      25,000 rows, each tested for membership).
    - Any other page skips its OFFSET over primary keys alone (an index, for
      the sorted lists), then reads only its own rows.
    """

    BOOKMARK_EVERY = 1000

    def __init__(self, object_list, per_page, *args, count_key=None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.count_key = count_key

    def _digest(self) -> str | None:
        """What names this list's figures (None for a list that holds nothing)."""
        queryset = self.object_list
        if self.count_key is not None:
            # Hashed: the key holds a visitor's filter values as typed.
            return hashlib.sha256(self.count_key.encode()).hexdigest()
        try:
            sql, params = queryset.query.sql_with_params()
        except EmptyResultSet:  # a list that can hold nothing, such as `none()`
            return None
        return hashlib.sha256(f"{sql}\n{params!r}".encode()).hexdigest()

    @cached_property
    def count(self) -> int:
        """The number of rows, once per registry version.

        Named by `count_key` when the caller can say what the count depends
        on (the same in both languages); else by the query's own SQL, which
        costs compiling it.
        """
        queryset = self.object_list
        digest = self._digest()
        if digest is None:
            return 0
        # A count named by `count_key` is the same in both languages.
        translated = self.count_key is None
        return cached_figure(f"count:{digest}", queryset.count, translated=translated)

    def _bookmarks(self, keys) -> list:
        """The sort key of the row before every `BOOKMARK_EVERY`th row, in order."""
        step = self.BOOKMARK_EVERY
        queryset = self.object_list
        what = f"{self._digest()}:{step}:{keys!r}"
        figure = f"bookmarks:{hashlib.sha256(what.encode()).hexdigest()}"

        def read():
            values = queryset.values_list(*(name for name, _d in keys))
            return [list(row) for n, row in enumerate(values) if n % step == step - 1]

        return cached_figure(figure, read, translated=False)

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        if top + self.orphans >= self.count:
            top = self.count
        queryset = self.object_list
        if number == 1 or not queryset.ordered:
            return self._get_page(queryset[bottom:top], number, self)
        step = self.BOOKMARK_EVERY
        keys = keyset_order(queryset) if step <= bottom <= self.count - step else None
        if keys:
            mark = bottom // step
            start = after_cursor(queryset, keys, self._bookmarks(keys)[mark - 1])
            skip = bottom - mark * step
            ids = list(start.values_list("pk", flat=True)[skip : skip + top - bottom])
            return self._get_page(list(queryset.filter(pk__in=ids)), number, self)
        if number <= self.num_pages / 2:
            keys = list(queryset.values_list("pk", flat=True)[bottom:top])
            return self._get_page(list(queryset.filter(pk__in=keys)), number, self)
        # Rows [bottom, top) are rows [count - top, count - bottom) backwards.
        backwards = queryset.reverse()[self.count - top : self.count - bottom]
        rows = list(backwards)
        rows.reverse()
        return self._get_page(rows, number, self)


def keyset_order(queryset) -> list[tuple[str, bool]] | None:
    """(field, descending) of an ordering a cursor can follow, else None.

    A cursor follows an ordering of plain, non-null columns that ends with the
    primary key (so no two rows tie), such as the lists sorted by name.
    """
    model = queryset.model
    keys = []
    for item in queryset.query.order_by or model._meta.ordering:
        if isinstance(item, str):
            name, descending = item.lstrip("-"), item.startswith("-")
        elif isinstance(item, OrderBy) and isinstance(item.expression, F):
            name, descending = item.expression.name, item.descending
        else:
            return None
        name = model._meta.pk.name if name == "pk" else name
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return None
        if field.null or field.is_relation:
            return None
        keys.append((name, descending))
    if not keys or keys[-1][0] != model._meta.pk.name:
        return None
    return keys


def encode_cursor(row, keys) -> str:
    values = [getattr(row, name) for name, _descending in keys]
    return urlsafe_b64encode(json.dumps(values, ensure_ascii=False).encode()).decode()


# The range of the integer columns a cursor may name (the widest, BIGINT).
CURSOR_INTEGERS = range(-(2**63), 2**63)


def _cursor_value_fits(field, value) -> bool:
    """Whether a cursor value has its column's type, as encode_cursor wrote it.

    Never None (the keys are non-null columns), never a list or a mapping, and
    never a text with a NUL character, which no database column holds and
    PostgreSQL refuses with an error.
    """
    if field.get_internal_type() in (
        "AutoField",
        "BigAutoField",
        "SmallAutoField",
        "IntegerField",
        "BigIntegerField",
        "SmallIntegerField",
        "PositiveIntegerField",
        "PositiveBigIntegerField",
        "PositiveSmallIntegerField",
    ):
        return type(value) is int and value in CURSOR_INTEGERS
    return isinstance(value, str) and "\x00" not in value


def decode_cursor(cursor: str, queryset, keys) -> list | None:
    """The values a cursor holds, checked against the ordering; None if malformed."""
    if "\x00" in cursor:
        return None
    try:
        values = json.loads(urlsafe_b64decode(cursor.encode("ascii")))
    except (ValueError, UnicodeError):
        return None
    if not isinstance(values, list) or len(values) != len(keys):
        return None
    fields = [queryset.model._meta.get_field(name) for name, _descending in keys]
    if not all(map(_cursor_value_fits, fields, values)):
        return None
    try:
        return [
            field.to_python(value) for field, value in zip(fields, values, strict=True)
        ]
    except (ValidationError, TypeError):
        return None


def after_cursor(queryset, keys, values):
    """The rows that come after `values` in the ordering `keys`.

    The first key is also bounded on its own, so the database starts its walk
    through the index at the cursor instead of at the beginning.
    """
    (first, first_descending), later = keys[0], Q(pk__in=[])
    for i, (name, descending) in enumerate(keys):
        equal = {key: value for (key, _d), value in zip(keys[:i], values, strict=False)}
        later |= Q(**equal, **{f"{name}__{'lt' if descending else 'gt'}": values[i]})
    bound = {f"{first}__{'lte' if first_descending else 'gte'}": values[0]}
    return queryset.filter(Q(**bound) & later)
