"""CSV for every list: UTF-8 with a byte-order mark, safe to open in Excel."""

import csv
import io

from rest_framework.renderers import BaseRenderer

from registry.spreadsheets import BOM, csv_cell


def flatten(row: dict) -> dict:
    """One cell per field: a related record by its id, a list "; "-joined."""
    return {key: _cell_value(value) for key, value in row.items()}


def _cell_value(value):
    if isinstance(value, dict):
        return value.get("id", "")
    if isinstance(value, list):
        return "; ".join(str(_cell_value(item)) for item in value)
    return value


def write_csv(rows: list[dict], stream, columns: list[str] | None = None) -> None:
    """Write `rows` (serialized records) to a text stream, header first.

    `columns` names the header when there may be no rows to take it from.
    """
    writer = csv.writer(stream)
    if columns is None:
        columns = list(rows[0]) if rows else []
    writer.writerow(columns)
    for row in rows:
        flat = flatten(row)
        writer.writerow(csv_cell(flat.get(column)) for column in columns)


class CSVRenderer(BaseRenderer):
    """`?format=csv`: the rows of a list (every filtered row, unpaged)."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        rows = data if isinstance(data, list) else [data]
        view = (renderer_context or {}).get("view")
        serializer_class = getattr(view, "serializer_class", None)
        columns = list(serializer_class().fields) if serializer_class else None
        stream = io.StringIO()
        stream.write(BOM)
        write_csv(rows, stream, columns)
        return stream.getvalue().encode("utf-8")
