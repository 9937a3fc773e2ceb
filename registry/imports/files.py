"""Reading the officers' spreadsheets, and writing ones that read back the same.

CSV comes in UTF-8 (with or without the BOM Excel writes) or in GB18030, which
is what Excel in Chinese saves; XLSX is read with openpyxl without evaluating
anything, so a formula is kept as its text. Headers may be the field names or
their English or Chinese labels.
"""

import csv
import io
import zipfile

import openpyxl
import tablib
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl.utils.exceptions import InvalidFileException

from registry.lists.cells import BOM, FORMULA_PREFIXES, csv_cell

ENCODINGS = ("utf-8", "gb18030")
FORMATS = ("csv", "xlsx")
XLSX_MAGIC = b"PK\x03\x04"


class ImportFileError(Exception):
    """The file cannot be imported at all; the message says why, to the officer."""


def file_format(file_name: str, content: bytes) -> str:
    name = file_name.lower()
    if name.endswith(".xlsx"):
        return "xlsx"
    if name.endswith((".csv", ".txt")):
        return "csv"
    return "xlsx" if content.startswith(XLSX_MAGIC) else "csv"


def check_size(size: int) -> None:
    if size == 0:
        raise ImportFileError(_("The file is empty."))
    limit = settings.REGISTRY_IMPORT_MAX_BYTES
    if size > limit:
        raise ImportFileError(
            _("The file is larger than %(limit)s MB; split it into smaller files.")
            % {"limit": f"{limit / 1024 / 1024:g}"}
        )


def decode(content: bytes, encoding: str | None = None) -> str:
    """The text of a CSV file: UTF-8 if it is valid UTF-8, else GB18030."""
    if b"\x00" in content or content.startswith(XLSX_MAGIC):
        raise ImportFileError(_("This is not a CSV file."))
    candidates = [encoding] if encoding else list(ENCODINGS)
    for candidate in candidates:
        try:
            # "utf-8-sig" drops the BOM Excel writes; strict decoding fails on
            # GB18030 bytes, so a Chinese Excel file is never read as mojibake.
            codec = "utf-8-sig" if candidate == "utf-8" else candidate
            return content.decode(codec)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(
        _("The file is neither UTF-8 nor GB18030 text; save it as CSV UTF-8.")
        if not encoding
        else _("The file is not valid %(encoding)s text.") % {"encoding": encoding}
    )


def _cell(value):
    """A cell as text; a number that Excel stored as 2024.0 reads as 2024."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool):
        return "1" if value else "0"
    text = value if isinstance(value, str) else str(value)
    # Undo the apostrophe our exports put before a formula-like text.
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text


def _csv_rows(text: str) -> list[list[str]]:
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise ImportFileError(
            _("This is not a readable CSV file: %(error)s") % {"error": error}
        ) from None


def _xlsx_rows(content: bytes) -> list[list]:
    try:
        # data_only=False: a formula is read as its text and never computed.
        book = openpyxl.load_workbook(
            io.BytesIO(content), read_only=True, data_only=False
        )
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError):
        raise ImportFileError(_("This is not an XLSX file.")) from None
    try:
        sheet = book.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def column_names(resource) -> dict[str, str]:
    """Every accepted header (field name, English or Chinese label) → field name."""
    names = {}
    model = resource._meta.model
    for field in resource.get_import_fields():
        name = field.column_name
        names[name.casefold()] = name
        try:
            model_field = model._meta.get_field(field.attribute)
        except FieldDoesNotExist:  # a column without a model field
            continue
        for language in ("en", "zh-hans"):
            with translation.override(language):
                names[str(model_field.verbose_name).strip().casefold()] = name
    return names


def header_label(resource, column: str) -> str:
    """The column's label in the reader's language, for exports and the preview."""
    model = resource._meta.model
    field = resource.fields[column]
    try:
        return str(model._meta.get_field(field.attribute).verbose_name)
    except Exception:  # noqa: BLE001
        return column


def read_dataset(resource, *, content: bytes, file_name: str, encoding=None):
    """The rows of the file as a tablib Dataset whose headers are field names."""
    check_size(len(content))
    if file_format(file_name, content) == "xlsx":
        if not content.startswith(XLSX_MAGIC):
            raise ImportFileError(_("This is not an XLSX file."))
        rows = _xlsx_rows(content)
    else:
        rows = _csv_rows(decode(content, encoding))
    rows = [[_cell(value) for value in row] for row in rows]
    rows = [row for row in rows if any(value.strip() for value in row)]
    if not rows:
        raise ImportFileError(_("The file has no rows."))
    header, *body = rows
    while header and not header[-1].strip():
        header.pop()
    known = column_names(resource)
    mapped, unknown = [], []
    for title in header:
        name = known.get(title.strip().casefold())
        if name is None:
            unknown.append(title.strip() or "?")
        mapped.append(name)
    if unknown:
        raise ImportFileError(
            _("Unknown columns: %(columns)s. Use the columns of an export.")
            % {"columns": ", ".join(unknown)}
        )
    repeated = sorted({name for name in mapped if mapped.count(name) > 1})
    if repeated:
        raise ImportFileError(
            _("Columns given twice: %(columns)s.")
            % {"columns": ", ".join(header_label(resource, n) for n in repeated)}
        )
    width = len(mapped)
    dataset = tablib.Dataset(headers=mapped)
    for row in body:
        extra = [value for value in row[width:] if value.strip()]
        if extra:
            raise ImportFileError(
                _("A row has more cells than the header has columns.")
            )
        dataset.append((row + [""] * width)[:width])
    return dataset


def write_csv(dataset: tablib.Dataset) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(dataset.headers)
    for row in dataset:
        writer.writerow([csv_cell(value) for value in row])
    return (BOM + out.getvalue()).encode("utf-8")


def write_xlsx(dataset: tablib.Dataset, *, sheet_title: str) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = sheet_title[:31]
    sheet.append(list(dataset.headers))
    for row in dataset:
        # Text, neutralized like the CSV: no cell of an export is a formula.
        sheet.append([csv_cell(value) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
