"""CSV: UTF-8 with a byte-order mark, safe to open in Excel.

A record becomes a row the same way everywhere: one column per field of its
serializer, a related record by its id, a list "; "-joined. Lists stream
(`RegistryViewSet.list`, through `registry.lists.streaming`); this renderer writes
what is left, a single record.
"""

from collections.abc import Callable

from rest_framework.renderers import BaseRenderer

from registry.lists.streaming import csv_lines


def flatten(row: dict) -> dict:
    """One cell per field: a related record by its id, a list "; "-joined."""
    return {key: _cell_value(value) for key, value in row.items()}


def _cell_value(value):
    if isinstance(value, dict):
        return value.get("id", "")
    if isinstance(value, list):
        return "; ".join(str(_cell_value(item)) for item in value)
    return value


def columns_of(serializer_class) -> list[str]:
    """The CSV header of a resource: its serializer's fields, in order."""
    return list(serializer_class().fields)


def cells_of(columns: list[str]) -> Callable[[dict], list]:
    """How a serialized record fills the row under `columns`."""

    def cells(row: dict) -> list:
        flat = flatten(row)
        return [flat.get(column) for column in columns]

    return cells


class CSVRenderer(BaseRenderer):
    """`?format=csv` of a single record (and of the API's root)."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        rows = data if isinstance(data, list) else [data]
        view = (renderer_context or {}).get("view")
        serializer_class = getattr(view, "serializer_class", None)
        if serializer_class:
            columns = columns_of(serializer_class)
        else:
            columns = list(rows[0]) if rows else []
        return b"".join(csv_lines(columns, [rows], cells_of(columns)))
