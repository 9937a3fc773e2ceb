"""Downloads that stream: the whole list, in chunks, in constant memory.

The one rule for every CSV download of a list, the pages' and the API's: the
records are read `CHUNK_ROWS` at a time and the file leaves in blocks of rows,
so a worker never holds more than one chunk, and the queries grow with the
chunks, never with the rows. The open-data dumps read their records the same
way (`chunks`).
"""

import csv
import itertools
from collections.abc import Callable, Iterable, Iterator

from django.http import StreamingHttpResponse

from .spreadsheets import BOM, csv_cell

CHUNK_ROWS = 2000  # Records read, with their prefetched relations, at a time.
BLOCK_ROWS = 200  # CSV rows sent at a time.
CONTENT_TYPE = "text/csv; charset=utf-8"


def chunks(queryset) -> Iterator[list]:
    """The records of `queryset`, in lists of at most `CHUNK_ROWS`.

    `iterator` keeps `prefetch_related` working: each chunk costs one round
    of the prefetch queries.
    """
    records = queryset.iterator(chunk_size=CHUNK_ROWS)
    while chunk := list(itertools.islice(records, CHUNK_ROWS)):
        yield chunk


class _Line:
    """A file-like object whose `write` hands back what it is given."""

    def write(self, text: str) -> str:
        return text


def csv_lines(
    header: Iterable[str], rows: Iterable, cells: Callable[[object], Iterable]
) -> Iterator[bytes]:
    """The CSV file, BOM and header first, as UTF-8 bytes a block of rows at a time.

    Every cell goes through `csv_cell`, so no formula reaches a spreadsheet.
    """
    writer = csv.writer(_Line())
    yield (BOM + writer.writerow([str(h) for h in header])).encode("utf-8")
    block: list[str] = []
    for row in rows:
        block.append(writer.writerow([csv_cell(value) for value in cells(row)]))
        if len(block) >= BLOCK_ROWS:
            yield "".join(block).encode("utf-8")
            block = []
    if block:
        yield "".join(block).encode("utf-8")


def streaming_csv(
    queryset,
    *,
    filename: str,
    header: Iterable[str],
    cells: Callable,
    rows_of: Callable[[list], Iterable] | None = None,
) -> StreamingHttpResponse:
    """A CSV download of `queryset` that reads it in chunks as it is sent.

    The first bytes leave before the database has read the last rows.
    `rows_of`, if given, turns each chunk of records into the rows `cells`
    reads (the API serializes a chunk at a time); by default the rows are the
    records themselves. Validate the request before calling this: once the
    response is returned, its status is sent.
    """
    rows_of = rows_of or (lambda chunk: chunk)
    rows = (row for chunk in chunks(queryset) for row in rows_of(chunk))
    response = StreamingHttpResponse(
        csv_lines(header, rows, cells), content_type=CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
