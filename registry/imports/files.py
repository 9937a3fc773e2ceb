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


def _too_many_rows() -> ImportFileError:
    return ImportFileError(
        _("The file has more than %(rows)d rows; split it into smaller files.")
        % {"rows": settings.REGISTRY_IMPORT_MAX_ROWS}
    )


def _too_many_columns() -> ImportFileError:
    return ImportFileError(
        _("The header has more than %(columns)d columns.")
        % {"columns": settings.REGISTRY_IMPORT_MAX_COLUMNS}
    )


def _csv_rows(text: str) -> list[list[str]]:
    rows = []
    try:
        for row in csv.reader(io.StringIO(text, newline="")):
            rows.append(row)
            if len(rows) > settings.REGISTRY_IMPORT_MAX_ROWS + 1:
                raise _too_many_rows()
    except csv.Error as error:
        raise ImportFileError(
            _("This is not a readable CSV file: %(error)s") % {"error": error}
        ) from None
    return rows


def check_archive(
    content: bytes, *, limit: int, what: str, not_a_zip: str | None = None
) -> zipfile.ZipFile:
    """The zip in `content`, once its members' sizes are known to be sane.

    Sizes are read from the zip's directory before anything is decompressed:
    the members together may expand to `limit` bytes at most, and a large
    member may not be compressed more than REGISTRY_ARCHIVE_MAX_RATIO times
    (a few kilobytes that expand to gigabytes are no spreadsheet and no dump).
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        raise ImportFileError(
            not_a_zip or _("%(what)s is not a readable zip file.") % {"what": what}
        ) from None
    ratio = settings.REGISTRY_ARCHIVE_MAX_RATIO
    if len(members) > 1000:
        raise ImportFileError(_("%(what)s holds too many files.") % {"what": what})
    if sum(member.file_size for member in members) > limit:
        raise ImportFileError(
            _("%(what)s expands to more than %(limit)s MB uncompressed.")
            % {"what": what, "limit": f"{limit / 1024 / 1024:g}"}
        )
    for member in members:
        if member.file_size > 1024 * 1024 and member.file_size > ratio * max(
            member.compress_size, 1
        ):
            raise ImportFileError(
                _(
                    "%(what)s is compressed more than %(ratio)d times, as no "
                    "real file is."
                )
                % {"what": what, "ratio": ratio}
            )
    return archive


def _xlsx_rows(content: bytes) -> list[list]:
    """The first sheet's rows, cut to the header's width.

    The sheet's declared range (its `dimension`) is not believed: openpyxl
    would pad every row to it, and A1:XFD1048576 is a few bytes. Rows are
    read as they are in the file, at most REGISTRY_IMPORT_MAX_COLUMNS cells
    wide and REGISTRY_IMPORT_MAX_ROWS long, empty rows included.
    """
    check_archive(
        content,
        limit=settings.REGISTRY_IMPORT_MAX_UNCOMPRESSED_BYTES,
        what=_("The XLSX file"),
        not_a_zip=_("This is not an XLSX file."),
    )
    max_rows = settings.REGISTRY_IMPORT_MAX_ROWS
    max_columns = settings.REGISTRY_IMPORT_MAX_COLUMNS
    try:
        # data_only=False: a formula is read as its text and never computed.
        book = openpyxl.load_workbook(
            io.BytesIO(content), read_only=True, data_only=False
        )
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError):
        raise ImportFileError(_("This is not an XLSX file.")) from None
    except (SyntaxError, ValueError, TypeError, AttributeError, IndexError):
        # SyntaxError: malformed XML, or an entity reference, in the standard
        # library's parser (ParseError) or in lxml's (XMLSyntaxError).
        raise ImportFileError(_("This is not a readable XLSX file.")) from None
    rows, width = [], None
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()
        # One column more than allowed: a header that reaches it is too wide.
        for row in sheet.iter_rows(max_col=max_columns + 1, values_only=True):
            if len(rows) > max_rows:
                raise _too_many_rows()
            if width is None:
                if not any(_cell(value).strip() for value in row):
                    rows.append([])
                    continue
                width = len(row)
                while width and not _cell(row[width - 1]).strip():
                    width -= 1
                if width > max_columns:
                    raise _too_many_columns()
            if any(_cell(value).strip() for value in row[width:]):
                raise ImportFileError(
                    _("A row has more cells than the header has columns.")
                )
            rows.append(list(row[:width]))
        if len(rows) > max_rows + 1:
            raise _too_many_rows()
    except ImportFileError:
        raise
    except (
        SyntaxError,
        zipfile.BadZipFile,
        KeyError,
        OSError,
        ValueError,
        TypeError,
        AttributeError,
        IndexError,
        EOFError,
    ):
        raise ImportFileError(_("This is not a readable XLSX file.")) from None
    finally:
        book.close()
    return rows


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
    if len(header) > settings.REGISTRY_IMPORT_MAX_COLUMNS:
        raise _too_many_columns()
    if len(body) > settings.REGISTRY_IMPORT_MAX_ROWS:
        raise _too_many_rows()
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
