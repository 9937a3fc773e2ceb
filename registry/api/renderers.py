"""CSV: UTF-8 with a byte-order mark, safe to open in Excel.

A record becomes a row by `registry.formats.tables`. Lists stream
(`RegistryViewSet.list`, through `registry.lists.streaming`); this renderer writes
what is left, a single record.
"""

from rest_framework.renderers import BaseRenderer

from registry.formats.tables import cells_of, columns_of
from registry.lists.streaming import csv_lines


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
