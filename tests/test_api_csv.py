"""The API's `?format=csv`: the same file, filters and headers as it always had.

tests/data/api-csv-before.json holds each download below as the API answered it
before lists were streamed, for the seed records with a few sectors added.
"""

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from registry.models import Organization, Sector

from .responses import body

SNAPSHOT = Path(__file__).parent / "data" / "api-csv-before.json"
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
