"""The lists' CSV downloads stream in chunks and hold what the list holds.

Each download is compared, byte for byte, with the file written the plain way:
every cell read from its record on its own (the labels through
`get_<field>_display`, the sectors through the relation, the page through
`get_absolute_url` and `build_absolute_uri`), whatever the chunks.
"""

import csv
import datetime
import io

import pytest
from django.core.handlers.base import BaseHandler
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from registry.installation import load_seed_data
from registry.lists import streaming
from registry.lists.cells import BOM, csv_cell
from registry.lists.filters import OrganizationFilterSet
from registry.models import Organization, Program, Recognition
from registry.views.lists import CSV_COLUMNS
from tests.factories import (
    AwardFactory,
    MembershipFactory,
    OrganizationFactory,
    RecognitionFactory,
    demo_organizations,
)

FIRST_ROWS, CHUNK_ROWS = 3, 7


@pytest.fixture
def short_chunks(monkeypatch):
    """Chunks of a few rows, so that a small registry streams in many."""
    monkeypatch.setattr(
        streaming.chunks, "__kwdefaults__", {"first": FIRST_ROWS, "size": CHUNK_ROWS}
    )


def grow(n: int) -> None:
    demo_organizations(n, seed=n)


@pytest.fixture
def registry(db):
    """The seed, synthetic organizations, and members whose cells are unusual."""
    load_seed_data()
    grow(60)
    goi = Program.objects.get(code="GOI")
    parent = OrganizationFactory(name_en="Parent Holding", name_zh="母公司")
    hidden = OrganizationFactory(name_en="Hidden Parent", is_published=False)
    award = AwardFactory(program=goi, name_zh="示范奖")
    for name, values in [
        ("=Formula Firm", {"parent": parent, "website": "https://example.com"}),
        ("Unit Of Hidden", {"parent": hidden, "kind": "innovation_unit"}),
        ("Awarded Firm", {"ownership": "foreign", "investor_country": "DE"}),
    ]:
        member = OrganizationFactory(name_en=name, **values)
        MembershipFactory(
            organization=member, program=goi, joined_on=datetime.date(2023, 5, 4)
        )
    RecognitionFactory(organization=member, award=award, year=2024)
    RecognitionFactory(
        organization=member,
        award=award,
        year=2025,
        publish_at=timezone.now() + datetime.timedelta(days=3),
    )


def plain_csv(path: str, language: str) -> bytes:
    """The download of `path` as written one record and one cell at a time."""
    data = dict(p.split("=") for p in path.partition("?")[2].split("&") if p)
    data.pop("format")
    with translation.override(language):
        published = Organization.objects.published()
        if "/members/" in path:
            listed = published.current_members(Program.objects.main())
        else:
            listed = published.institutions()
        stream = io.StringIO()
        writer = csv.writer(stream)
        writer.writerow([str(header) for header, _cell in CSV_COLUMNS])
        for o in OrganizationFilterSet(data=data, queryset=listed).qs.for_listing():
            recognitions = (
                Recognition.objects.published()
                .filter(organization=o)
                .order_by("-year", "award__name_en", "pk")
            )
            parent = o.parent if o.parent and o.parent.is_published else None
            cells = [
                o.name_en,
                o.name_zh,
                o.get_kind_display(),
                o.get_ownership_display(),
                "; ".join(s.name for s in o.sectors.all()),
                o.first_joined_on or "",
                "; ".join(f"{r.award.name} {r.year}" for r in recognitions),
                parent.name if parent else "",
                o.website,
                o.ror_id,
                o.wikidata_id,
                o.uscc,
                "http://testserver" + o.get_absolute_url(),
            ]
            writer.writerow([csv_cell(cell) for cell in cells])
    return (BOM + stream.getvalue()).encode("utf-8")


DOWNLOADS = [
    ("/members/?format=csv", "en"),
    ("/zh-hans/members/?format=csv", "zh-hans"),
    ("/members/?format=csv&ordering=-joined", "en"),
    ("/zh-hans/members/?format=csv&ordering=joined&sector=it", "zh-hans"),
    ("/institutions/?format=csv", "en"),
    ("/zh-hans/institutions/?format=csv&ordering=-name", "zh-hans"),
]


@pytest.mark.parametrize(("path", "language"), DOWNLOADS)
def test_a_download_holds_what_the_plain_file_holds(
    client, registry, short_chunks, path, language
):
    response = client.get(path)
    assert response.status_code == 200
    blocks = list(response.streaming_content)
    assert b"".join(blocks) == plain_csv(path, language)
    assert len(blocks) >= 3  # the header, a short first chunk, then the others


def test_the_header_leaves_before_any_row_is_read(client, registry, short_chunks):
    response = client.get("/members/?format=csv")
    blocks = iter(response.streaming_content)
    with CaptureQueriesContext(connection) as captured:
        header = next(blocks)
    assert header.decode("utf-8").startswith(BOM + "Name (English),")
    assert len(captured) == 0
    first_rows = next(blocks)
    assert len(first_rows.decode("utf-8").splitlines()) == FIRST_ROWS
    response.close()


def csv_queries(client) -> tuple[int, int]:
    """(queries, rows) of the members' download."""
    with CaptureQueriesContext(connection) as captured:
        body = b"".join(client.get("/members/?format=csv").streaming_content)
    return len(captured), body.count(b"\n") - 1


def test_a_download_adds_queries_per_chunk_never_per_row(
    client, registry, short_chunks
):
    small, small_rows = csv_queries(client)
    grow(90)
    large, large_rows = csv_queries(client)
    assert large_rows > small_rows + 3 * CHUNK_ROWS

    def chunk_count(rows):
        return 1 + -(-(rows - FIRST_ROWS) // CHUNK_ROWS)

    # Each chunk prefetches the sectors and the public recognitions.
    assert large - small == 2 * (chunk_count(large_rows) - chunk_count(small_rows))


def served(method: str, path: str) -> tuple[object, bytes, int]:
    """(response, body, queries) as a WSGI server serves it: the whole stack,
    and the body read to its end, which gunicorn does for HEAD too (it only
    leaves the bytes out). Not closed: closing a response ends the request,
    which would close the test's database connection."""
    handler = BaseHandler()
    handler.load_middleware()
    with CaptureQueriesContext(connection) as captured:
        response = handler.get_response(RequestFactory().generic(method, path))
        body = b"".join(response)
    return response, body, len(captured)


@pytest.mark.parametrize(
    "path", ["/members/?format=csv", "/api/v1/organizations/?format=csv"]
)
def test_a_head_request_gets_the_download_headers_without_reading_the_list(
    registry, path
):
    get, rows, read = served("GET", path)
    head, nothing, asked = served("HEAD", path)
    assert rows.count(b"\n") > 30
    assert nothing == b""
    assert asked < read - 1  # the rows and their sectors are never read
    for header in ("Content-Type", "Content-Disposition"):
        assert head[header] == get[header]
