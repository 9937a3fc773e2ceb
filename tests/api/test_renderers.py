"""The API's `?format=csv`: the same file, filters and headers as it always had.

tests/data/api-csv-before.json holds each download below as the API answered it
before lists were streamed, for the seed records with a few sectors added.
"""

import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from knox.models import AuthToken

from registry.lists import streaming
from registry.models import Organization, Sector
from tests.factories import MembershipFactory, OrganizationFactory, SectorFactory
from tests.paths import DATA
from tests.responses import body

SNAPSHOT = DATA / "api-csv-before.json"
LISTS = [
    "organizations",
    "programs",
    "sectors",
    "memberships",
    "awards",
    "recognitions",
    "events",
    "reported-figures",
]
# Each download: its path, and the headers it is asked with.
DOWNLOADS = [
    *[{"path": f"/api/v1/{name}/?format=csv"} for name in LISTS],
    {"path": "/api/v1/organizations/?q=nokia&format=csv"},
    {"path": "/api/v1/organizations/?q=%E8%AF%BA%E5%9F%BA%E4%BA%9A&format=csv"},
    {"path": "/api/v1/organizations/?sector=it&format=csv"},
    {"path": "/api/v1/organizations/?sector=healthcare&ordering=-name&format=csv"},
    {"path": "/api/v1/organizations/?kind=incubator&format=csv"},
    {"path": "/api/v1/organizations/?award=goi-exemplar&format=csv"},
    {"path": "/api/v1/organizations/?ordering=-name&format=csv"},
    {"path": "/api/v1/organizations/?ordering=-joined&format=csv"},
    {"path": "/api/v1/organizations/?page=2&page_size=5&format=csv"},
    {"path": "/api/v1/organizations/?updated_since=2000-01-01&format=csv"},
    {
        "path": "/api/v1/organizations/?ordering=name&format=csv",
        "headers": {"accept-language": "zh-hans"},
    },
    {"path": "/api/v1/memberships/?status=active&format=csv"},
    {"path": "/api/v1/recognitions/?year=2024&award=goi-exemplar&format=csv"},
    {"path": "/api/v1/recognitions/?ordering=-year,created&format=csv"},
    {"path": "/api/v1/programs/?ordering=-name&format=csv"},
    {"path": "/api/v1/sectors/", "headers": {"accept": "text/csv"}},
    {"path": "/api/v1/sectors.csv"},
]


@pytest.fixture
def catalogue(db):
    """The seed records, three of them in sectors."""
    call_command("loaddata", "registry", verbosity=0)
    sectors = {sector.slug: sector for sector in Sector.objects.all()}
    for slug, names in [
        ("microsoft-ai-iot-insider-lab", ["it"]),
        ("chemexpress-shanghai-rd-center", ["healthcare", "advanced-materials"]),
        ("xnode", ["it", "new-energy"]),
    ]:
        Organization.objects.get(slug=slug).sectors.add(*(sectors[n] for n in names))


def snapshot() -> dict[str, str]:
    saved = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    return {json.dumps([d["path"], d.get("headers", {})]): d["body"] for d in saved}


@pytest.mark.parametrize(
    "download", DOWNLOADS, ids=[json.dumps(d, ensure_ascii=False) for d in DOWNLOADS]
)
def test_each_download_holds_the_same_bytes_as_before(client, catalogue, download):
    before = snapshot()[json.dumps([download["path"], download.get("headers", {})])]

    response = client.get(download["path"], headers=download.get("headers", {}))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert body(response).decode("utf-8") == before


def test_the_download_keeps_its_headers(client, catalogue):
    response = client.get(
        "/api/v1/organizations/", {"format": "csv", "kind": "incubator"}
    )

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="organization.csv"'
    )
    assert response["Vary"] == "Accept, Accept-Language, Cookie"
    assert response["Allow"] == "GET, POST, HEAD, OPTIONS"
    assert response["Content-Language"] == "en"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    # Streamed: its length is not known when the headers leave, nor hashed.
    assert "Content-Length" not in response
    assert "ETag" not in response


def test_a_signed_in_client_gets_the_same_file(client, catalogue, officer):
    path = "/api/v1/organizations/?sector=it&format=csv"
    anonymous = body(client.get(path))
    _token, key = AuthToken.objects.create(user=officer)

    response = client.get(path, headers={"authorization": f"Token {key}"})

    assert response.streaming
    assert body(response) == anonymous


def queries_of_download(client, path: str) -> tuple[int, list[str]]:
    """The queries a download makes, read to its end, and its lines."""
    with CaptureQueriesContext(connection) as captured:
        text = body(client.get(path)).decode("utf-8-sig")
    return len(captured), text.splitlines()


def organizations(n: int) -> None:
    """`n` more published organizations, each in a sector and a member."""
    for _ in range(n):
        MembershipFactory(organization=OrganizationFactory(sectors=[SectorFactory()]))


@pytest.mark.parametrize(
    "path",
    ["/api/v1/organizations/?format=csv", "/api/v1/memberships/?format=csv"],
)
def test_queries_grow_with_the_chunks_read_never_with_the_rows(
    client, db, monkeypatch, path
):
    monkeypatch.setattr(streaming.chunks, "__kwdefaults__", {"first": 10, "size": 10})
    organizations(10)
    one_chunk, lines = queries_of_download(client, path)
    assert len(lines) == 1 + 10

    organizations(15)
    three_chunks, lines = queries_of_download(client, path)
    assert len(lines) == 1 + 25
    organizations(4)
    three_fuller_chunks, lines = queries_of_download(client, path)
    assert len(lines) == 1 + 29

    # The bench's rule: at most one round of queries per chunk.
    assert three_chunks <= one_chunk * 3
    assert three_fuller_chunks == three_chunks


def test_the_first_rows_leave_before_the_last_are_read(client, db, monkeypatch):
    monkeypatch.setattr(streaming.chunks, "__kwdefaults__", {"first": 10, "size": 10})
    organizations(30)
    response = client.get("/api/v1/organizations/?format=csv")
    parts = iter(response.streaming_content)

    header, first_rows = next(parts), next(parts)
    with CaptureQueriesContext(connection) as rest:
        remaining = b"".join(parts)

    assert header.decode("utf-8-sig").startswith("id,name_en")
    assert len(first_rows.decode().splitlines()) == 10
    assert len(remaining.decode().splitlines()) == 20
    # The sectors of the two later chunks are read only as they are sent (on
    # PostgreSQL the read's transaction, a savepoint in the test's, ends too;
    # on SQLite the memory map comes back on).
    sectors = [
        q
        for q in rest.captured_queries
        if "SAVEPOINT" not in q["sql"] and "PRAGMA" not in q["sql"]
    ]
    assert len(sectors) == 2
