"""CSV for every list: UTF-8 with a byte-order mark, safe to open in Excel."""

import csv
import io

from rest_framework.renderers import BaseRenderer

# A cell starting with one of these is a formula to a spreadsheet.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    """A value as text; formulas are neutralized with a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    if text.startswith(FORMULA_PREFIXES) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def flatten(row: dict) -> dict:
    """One cell per field: a related record by its id, a list "; "-joined."""
    return {key: _cell_value(value) for key, value in row.items()}


def _cell_value(value):
    if isinstance(value, dict):
        return value.get("id", "")
    if isinstance(value, list):
        return "; ".join(str(_cell_value(item)) for item in value)
    return value


def write_csv(rows: list[dict], stream) -> None:
    """Write `rows` (serialized records) to a text stream, header first."""
    writer = csv.writer(stream)
    for number, row in enumerate(rows):
        flat = flatten(row)
        if number == 0:
            writer.writerow(flat)
        writer.writerow(csv_cell(value) for value in flat.values())


class CSVRenderer(BaseRenderer):
    """`?format=csv`: the rows of a list (every filtered row, unpaged)."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        rows = data if isinstance(data, list) else [data]
        stream = io.StringIO()
        stream.write("\ufeff")
        write_csv(rows, stream)
        return stream.getvalue().encode("utf-8")
