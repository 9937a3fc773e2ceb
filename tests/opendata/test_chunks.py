"""An open-data dump, written a chunk at a time, holds what the API shows.

Each resource's files are compared, byte for byte, with the files written the
plain way: every published record serialized on its own by the API's
serializer, the JSON as `json.dumps(rows, indent=1)` lays out the whole list,
the CSV as the API's CSV renderer writes it. Each record's links are also
checked against `get_absolute_url` and `reverse`. Synthetic records stay out
unless asked for.
"""

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from registry.api.resources import RESOURCES
from registry.formats.tables import cells_of, columns_of
from registry.installation import load_seed_data
from registry.lists import streaming
from registry.models import Organization, Sector
from registry.models.base import real_records
from registry.opendata import dumps as opendata
from tests.factories import OrganizationFactory, demo_organizations

FIRST_ROWS, CHUNK_ROWS = 3, 7


@pytest.fixture(autouse=True)
def dump_dir(tmp_path, settings):
    settings.REGISTRY_OPEN_DATA_DIR = tmp_path / "opendata"
    return settings.REGISTRY_OPEN_DATA_DIR


@pytest.fixture
def short_chunks(monkeypatch):
    """Chunks of a few records, so that a small registry is written in many,
    and the JSON of each in parts of two."""
    monkeypatch.setattr(
        streaming.chunks, "__kwdefaults__", {"first": FIRST_ROWS, "size": CHUNK_ROWS}
    )
    monkeypatch.setattr(opendata, "JSON_ROWS", 2)


@pytest.fixture
def registry(db):
    """The seed, synthetic organizations, and an innovation unit of a firm."""
    load_seed_data()
    demo_organizations(40)
    parent = Organization.objects.exclude_synthetic().published().first()
    unit = OrganizationFactory(name_en="Example Unit", parent=parent)
    unit.sectors.set(Sector.objects.all()[:2])


def plain_files(name: str, include_synthetic: bool) -> tuple[str, bytes]:
    """The resource's JSON and CSV, written one record at a time."""
    entry = RESOURCES[name]
    records = entry.queryset()
    records = records if include_synthetic else real_records(records)
    records = records.order_by(*records.model._meta.ordering, "pk")
    rows = [entry.serializer(record).data for record in records]
    columns = columns_of(entry.serializer)
    csv_file = b"".join(streaming.csv_lines(columns, [rows], cells_of(columns)))
    text = json.dumps(rows, ensure_ascii=False, indent=1)
    return text, csv_file.replace(b"\r\n", b"\n")  # as read back as text


def dumped(dump_dir, include_synthetic: bool) -> opendata.Dump:
    out = io.StringIO()
    args = ["--include-synthetic"] if include_synthetic else []
    call_command("export_open_data", *args, stdout=out)
    return opendata.list_dumps(directory=dump_dir)[0]


@pytest.mark.parametrize("include_synthetic", [False, True])
def test_each_file_holds_what_the_api_shows_record_by_record(
    registry, short_chunks, dump_dir, include_synthetic
):
    dump = dumped(dump_dir, include_synthetic)
    folder = dump_dir / dump.version
    for name in RESOURCES:
        text, csv_bytes = plain_files(name, include_synthetic)
        assert (folder / f"{name}.json").read_text(encoding="utf-8") == text, name
        written = (folder / f"{name}.csv").read_bytes().replace(b"\r\n", b"\n")
        assert written == csv_bytes, name
    organizations = Organization.objects.published()
    synthetic = organizations.synthetic().count()
    real = organizations.exclude_synthetic().count()
    assert dump.counts["organizations"] == real + (
        synthetic if include_synthetic else 0
    )


def test_each_record_links_to_its_page_and_its_api_address(
    registry, short_chunks, dump_dir
):
    folder = dump_dir / dumped(dump_dir, include_synthetic=True).version
    rows = json.loads((folder / "organizations.json").read_text(encoding="utf-8"))
    by_slug = {o.slug: o for o in Organization.objects.published()}
    assert len(rows) == len(by_slug) > 3 * CHUNK_ROWS
    with translation.override("en"):
        for row in rows:
            organization = by_slug[row["id"]]
            assert row["html_url"] == row["url"] == organization.get_absolute_url()
            assert row["api_url"] == reverse(
                "api:organization-detail", kwargs={"slug": organization.slug}
            )
            for sector in row["sectors"]:
                assert sector["api_url"] == reverse(
                    "api:sector-detail", kwargs={"slug": sector["id"]}
                )
    memberships = json.loads((folder / "memberships.json").read_text("utf-8"))
    with translation.override("en"):  # a dump links to the English pages
        for row in memberships:
            assert row["api_url"] == f"/api/v1/memberships/{row['id']}/"
            organization = by_slug[row["organization"]["id"]]
            assert row["html_url"] == organization.get_absolute_url()


def test_the_dump_reads_each_chunk_in_a_few_queries(registry, short_chunks, dump_dir):
    with CaptureQueriesContext(connection) as small:
        dumped(dump_dir, include_synthetic=True)
    demo_organizations(60)
    with CaptureQueriesContext(connection) as large:
        dumped(dump_dir, include_synthetic=True)
    # Organizations and memberships grow by 60 and about 30 rows: a few more
    # chunks, each read with its prefetched rows (the sectors), never per row.
    assert len(large) - len(small) <= 2 * (60 + 30) // CHUNK_ROWS + 4
