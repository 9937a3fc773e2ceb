"""A record as a CSV row, the same way everywhere (API, pages' downloads, dumps):
one column per field of its serializer, a related record by its id, a list
"; "-joined."""

from collections.abc import Callable


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
