"""The public data in data/sources/ that tests run on: real credit codes and ROR ids."""

import csv
from pathlib import Path

SOURCES = Path(__file__).resolve().parent.parent / "data" / "sources"


def _column(path: Path, name: str) -> list[str]:
    with path.open(encoding="utf-8") as rows:
        return [row[name] for row in csv.DictReader(rows)]


USCC_CODES = _column(SOURCES / "uscc" / "shanghai-listed-companies.csv", "uscc")
ROR_IDS = _column(SOURCES / "ror-shanghai" / "ror_shanghai_subset.csv", "ror_id")
