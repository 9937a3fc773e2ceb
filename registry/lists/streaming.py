"""Downloads that stream: the whole list, in chunks, in constant memory.

The one rule for every CSV download of a list, the pages' and the API's: the
records are read `CHUNK_ROWS` at a time and the file leaves in blocks of rows,
so a worker never holds more than one chunk, and the queries grow with the
chunks, never with the rows. The open-data dumps read their records the same
way (`chunks`).
"""

import contextlib
import contextvars
import csv
import itertools
from collections.abc import Callable, Iterable, Iterator

from django.db import connections, transaction
from django.db.models import prefetch_related_objects
from django.http import StreamingHttpResponse
from django.utils import translation

from registry.lists.cells import BOM, csv_cell

# The first chunk is short, so that the first rows leave at once; the others
# are long, so that each costs few queries.
FIRST_ROWS = 100
CHUNK_ROWS = 2000
CONTENT_TYPE = "text/csv; charset=utf-8"


def chunks(queryset, *, first: int = FIRST_ROWS, size: int = CHUNK_ROWS) -> Iterator:
    """The rows of `queryset` as lists, `first` rows and then `size` at a time.

    One query reads the rows, through a cursor (`iterator`); each list adds
    one query per `prefetch_related` lookup, run for that list alone, so the
    worker never holds more than one list of records.
    """
    lookups = queryset._prefetch_related_lookups
    with _reading(queryset.db):
        rows = queryset.prefetch_related(None).iterator(chunk_size=size)
        try:
            length = first
            while chunk := list(itertools.islice(rows, length)):
                prefetch_related_objects(chunk, *lookups)
                yield chunk
                del chunk  # before the next one is read: one in memory, not two
                length = size
        finally:
            rows.close()  # its cursor, inside the transaction it belongs to


def _reading(using: str):
    """What a long read needs around it, by database.

    PostgreSQL hands out a cursor's rows as they are asked for only inside a
    transaction (outside, the cursor outlives one, and PostgreSQL computes
    every row before handing out the first); the lists then also agree with
    each other. SQLite reads a cursor's rows as asked anyway, and the
    registry's SQLite transactions take the write lock: no transaction there,
    but the file's memory map is off for the read (`_unmapped`).
    """
    if connections[using].vendor == "postgresql":
        return transaction.atomic(using=using)
    return _unmapped(using)


@contextlib.contextmanager
def _unmapped(using: str):
    """SQLite's memory map off while the whole file is read, then back on.

    Settings map up to 256 MB of the file, which makes searches cheaper; a
    read of every record would touch all of it and count it in the worker's
    memory (an open-data dump reached 325 MB at 100,000 organizations).
    """
    with connections[using].cursor() as cursor:
        cursor.execute("PRAGMA mmap_size")
        mapped = cursor.fetchone()  # none for a database in memory
    if not mapped or not mapped[0]:
        yield
        return
    with connections[using].cursor() as cursor:
        cursor.execute("PRAGMA mmap_size=0")
    try:
        yield
    finally:
        with connections[using].cursor() as cursor:
            cursor.execute(f"PRAGMA mmap_size={int(mapped[0])}")


class _Line:
    """A file-like object whose `write` hands back what it is given."""

    def write(self, text: str) -> str:
        return text


def csv_lines(
    header: Iterable[str], chunks: Iterable[list], cells: Callable[[object], Iterable]
) -> Iterator[bytes]:
    """The CSV file, BOM and header first, as UTF-8 bytes a chunk of rows at a time.

    Every cell goes through `csv_cell`, so no formula reaches a spreadsheet.
    """
    writer = csv.writer(_Line())
    yield (BOM + writer.writerow([str(h) for h in header])).encode("utf-8")
    for chunk in chunks:
        lines = [writer.writerow([csv_cell(v) for v in cells(row)]) for row in chunk]
        del chunk  # the records may go while the block is sent
        yield "".join(lines).encode("utf-8")


def _as_in_the_view(blocks: Iterator[bytes]) -> Iterator[bytes]:
    """`blocks`, each made as the view that returned them would have: in the
    request's language, and reading from the database the request reads from
    (the replica for a public read, `db_routing`). The server has left both
    behind by the time it reads the response, so they are taken now, when the
    view calls this. Closed when the response is: a reader who hangs up ends
    the read and its transaction."""
    language = translation.get_language()
    view = contextvars.copy_context()

    def made_in_the_view():
        try:
            while True:
                with translation.override(language):
                    block = view.run(next, blocks, None)
                if block is None:
                    return
                yield block
        finally:
            blocks.close()

    return made_in_the_view()


def streaming_csv(
    queryset,
    *,
    filename: str,
    header: Iterable[str],
    cells: Callable,
    rows_of: Callable[[list], Iterable] | None = None,
) -> StreamingHttpResponse:
    """A CSV download of `queryset` that reads it in chunks as it is sent.

    The header leaves before the database is asked for a row, the first rows
    soon after (a short first chunk), and the worker never holds more than one
    chunk of records. `rows_of`, if given, turns each chunk of records into the
    rows `cells` reads (the API serializes a chunk at a time); by default the
    rows are the records themselves. Validate the request before calling this:
    once the response is returned, its status is sent. (Nothing is read for a
    HEAD request: `middleware.HeadWithoutBodyMiddleware`.)
    """
    records = chunks(queryset)
    rows = (list(rows_of(chunk)) for chunk in records) if rows_of else records
    response = StreamingHttpResponse(
        _as_in_the_view(csv_lines(header, rows, cells)),
        content_type=CONTENT_TYPE,
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
