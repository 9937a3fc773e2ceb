"""Finding 4: one imported file cannot take a worker's memory or hold it for
long, and every malformed file gets a clear message, never a 500."""

import io
import json
import re
import time
import tracemalloc
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from registry.imports.files import ImportFileError, read_dataset
from registry.imports.resources import OrganizationResource
from registry.imports.ror import RorFileError, parse

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/registry/organization/import/"
ROR_URL = "/admin/registry/organization/import-ror/"
SHEET = "xl/worksheets/sheet1.xml"


def xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rewrite(content: bytes, member: str, change) -> bytes:
    """The same zip with one member's text changed."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == member:
                data = change(data.decode()).encode()
            target.writestr(info.filename, data)
    return out.getvalue()


def declared(content: bytes, ref: str) -> bytes:
    return rewrite(
        content,
        SHEET,
        lambda xml: re.sub(r'<dimension ref="[^"]*"', f'<dimension ref="{ref}"', xml),
    )


def small_sheet() -> bytes:
    return xlsx([["slug", "kind", "name_en"], ["one", "enterprise", "One Ltd."]])


def read(content: bytes, name="firms.xlsx"):
    return read_dataset(OrganizationResource(), content=content, file_name=name)


def peak_mb(work) -> float:
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1] / 1024 / 1024
    finally:
        tracemalloc.stop()


def test_a_declared_range_of_two_thousand_full_rows_costs_nothing():
    rows = [["slug", "kind", "name_en"]] + [
        [f"firm-{n}", "enterprise", f"Firm {n}"] for n in range(400)
    ]
    content = declared(xlsx(rows), "A1:XFD2000")
    assert len(content) < 20_000

    peak = peak_mb(lambda: read(content))

    assert peak < 20
    assert len(read(content)) == 400


def test_the_largest_declared_range_is_read_at_once():
    content = declared(small_sheet(), "A1:XFD1048576")

    started = time.monotonic()
    dataset = read(content)

    assert time.monotonic() - started < 5
    assert len(dataset) == 1


def test_rows_over_the_cap_are_refused(settings):
    settings.REGISTRY_IMPORT_MAX_ROWS = 5
    rows = [["slug", "kind", "name_en"]] + [
        [f"firm-{n}", "enterprise", f"Firm {n}"] for n in range(6)
    ]

    for content, name in (
        (xlsx(rows), "firms.xlsx"),
        ("\n".join(",".join(r) for r in rows).encode(), "firms.csv"),
    ):
        with pytest.raises(ImportFileError, match="5 rows"):
            read(content, name)


def test_a_row_far_below_the_data_is_refused_without_reading_the_gap(settings):
    content = rewrite(
        small_sheet(),
        SHEET,
        lambda xml: xml.replace(
            "</sheetData>",
            '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'
            "</sheetData>",
        ),
    )
    started = time.monotonic()

    with pytest.raises(ImportFileError, match="rows"):
        read(content)
    assert time.monotonic() - started < 5


def test_a_header_wider_than_the_cap_is_refused(settings):
    settings.REGISTRY_IMPORT_MAX_COLUMNS = 3
    content = xlsx([["slug", "kind", "name_en", "name_zh"], ["a", "b", "c", "d"]])

    with pytest.raises(ImportFileError, match="3 columns"):
        read(content)


def with_cell(ref: str) -> bytes:
    return rewrite(
        small_sheet(),
        SHEET,
        lambda xml: xml.replace(
            "</row></sheetData>",
            f'<c r="{ref}" t="inlineStr"><is><t>far</t></is></c></row></sheetData>',
        ),
    )


def test_a_cell_right_of_the_header_is_refused():
    with pytest.raises(ImportFileError, match="more cells"):
        read(with_cell("E2"))


def test_a_cell_past_the_column_cap_costs_nothing():
    """Cells past REGISTRY_IMPORT_MAX_COLUMNS are not read at all: a row is
    never widened to the column a cell names."""
    peak = peak_mb(lambda: read(with_cell("XFD2")))

    assert peak < 5


def test_a_sheet_that_expands_past_the_cap_is_refused_before_reading(settings):
    settings.REGISTRY_IMPORT_MAX_UNCOMPRESSED_BYTES = 1024 * 1024
    padding = "<!--" + " " * (3 * 1024 * 1024) + "-->"
    content = rewrite(
        small_sheet(),
        SHEET,
        lambda xml: xml.replace("<sheetData>", padding + "<sheetData>"),
    )
    assert len(content) < 100_000

    with pytest.raises(ImportFileError, match="(?i)uncompressed|expands"):
        read(content)


def test_a_member_compressed_beyond_the_ratio_is_refused(settings):
    padding = "<!--" + " " * (20 * 1024 * 1024) + "-->"
    content = rewrite(
        small_sheet(),
        SHEET,
        lambda xml: xml.replace("<sheetData>", padding + "<sheetData>"),
    )

    with pytest.raises(ImportFileError, match="(?i)compress"):
        read(content)


ENTITY = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]>'
LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
    + "".join(
        f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">' for n in range(8)
    )
    + "]>"
)


def undefined_entity(xml: str) -> str:
    return re.sub(r"(?<!\?)><", ">&undefined;<", xml, count=1)


def declared_entity(prologue: str, name: str):
    def change(xml: str) -> str:
        body = xml.split("?>", 1)[1] if xml.startswith("<?xml") else xml
        return prologue + re.sub(r"(?<!\?)><", f">&{name};<", body, count=1)

    return change


@pytest.mark.parametrize(
    "change",
    [undefined_entity, lambda xml: xml[: len(xml) // 2]],
    ids=["undefined-entity", "truncated"],
)
@pytest.mark.parametrize("member", [SHEET, "xl/sharedStrings.xml", "xl/workbook.xml"])
def test_malformed_xml_in_an_xlsx_is_a_clear_error(change, member):
    content = small_sheet()
    names = zipfile.ZipFile(io.BytesIO(content)).namelist()
    if member not in names:
        pytest.skip(f"openpyxl wrote no {member}")

    with pytest.raises(ImportFileError):
        read(rewrite(content, member, change))


@pytest.mark.parametrize(
    "change",
    [declared_entity(ENTITY, "e"), declared_entity(LAUGHS, "i")],
    ids=["entity", "billion-laughs"],
)
@pytest.mark.parametrize("member", [SHEET, "xl/workbook.xml"])
def test_entities_in_an_xlsx_are_read_or_refused_never_a_crash(change, member):
    content = rewrite(small_sheet(), member, change)
    started = time.monotonic()
    try:
        read(content)
    except ImportFileError:
        pass
    assert time.monotonic() - started < 5


def test_the_admin_import_answers_a_malformed_xlsx_with_a_form_error(officer_client):
    content = rewrite(
        small_sheet(), SHEET, lambda xml: xml.replace("One Ltd.", "&undefined;")
    )

    response = officer_client.post(
        IMPORT_URL, {"file": SimpleUploadedFile("firms.xlsx", content)}
    )

    assert response.status_code == 200
    assert "not a readable XLSX file" in response.content.decode()


# ROR files ------------------------------------------------------------------

RECORD = {
    "id": "https://ror.org/013q1eq08",
    "name": "Fudan University",
    "types": ["Education"],
    "status": "active",
    "labels": [],
    "aliases": [],
    "links": [],
    "relationships": [],
    "external_ids": {},
}


def zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_a_ror_zip_that_expands_past_the_cap_is_refused(settings):
    settings.REGISTRY_ROR_MAX_BYTES = 1024 * 1024
    big = json.dumps([RECORD] * 20_000).encode()
    content = zipped({"v1.json": big})
    assert len(content) < 200_000

    with pytest.raises(RorFileError, match="(?i)uncompressed|larger"):
        parse([("dump.zip", content)])


def test_a_ror_zip_compressed_beyond_the_ratio_is_refused():
    content = zipped({"v1.json": b"[" + b" " * (30 * 1024 * 1024) + b"]"})

    peak = peak_mb(lambda: pytest.raises(RorFileError, parse, [("dump.zip", content)]))

    assert peak < 20


def test_zips_inside_a_ror_zip_are_not_opened():
    inner = zipped({"v1.json": json.dumps([RECORD]).encode()})
    for name in ("inner.json", "inner.zip"):
        with pytest.raises(RorFileError, match="(?i)zip"):
            parse([("dump.zip", zipped({name: inner}))])


def test_a_ror_zip_of_json_still_imports():
    content = zipped({"v1.json": json.dumps([RECORD]).encode()})

    assert [r.ror_id for r in parse([("dump.zip", content)])] == [RECORD["id"]]


def test_the_ror_page_refuses_a_file_over_the_cap(officer_client, settings):
    settings.REGISTRY_ROR_MAX_BYTES = 1024
    content = json.dumps([RECORD] * 10).encode()

    response = officer_client.post(
        ROR_URL, {"file": SimpleUploadedFile("ror.json", content), "dry_run": "on"}
    )

    assert response.status_code == 200
    assert "larger than" in response.content.decode()


@pytest.mark.parametrize(
    "content",
    [b"PK\x03\x04broken", b"[" * 100_000, b'{"id": 1, "names": 3}', b"\xff\xfe"],
    ids=["bad-zip", "nested", "odd-record", "not-text"],
)
def test_the_ror_page_answers_a_malformed_file_with_a_message(officer_client, content):
    response = officer_client.post(
        ROR_URL, {"file": SimpleUploadedFile("ror.json", content), "dry_run": "on"}
    )

    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
