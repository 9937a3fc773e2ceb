"""An embargoed recognition goes public when its time comes, with no restart.

The querysets the API and the dump writer hold are built once, when their
modules are imported; the embargo must be judged by the database's clock at
each query, not frozen at import. The database's clock cannot be moved from
Python (a patched `time.time()` does not reach SQLite's or PostgreSQL's own
clock), so the test sets an embargo of a few seconds, then moves its end
into the past as that clock passing it would.
"""

import datetime
import json

import pytest
from django.utils import timezone

from registry.opendata import dumps as opendata
from tests.conftest import let_the_embargoes_pass
from tests.factories import RecognitionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def dump_dir(tmp_path, settings):
    settings.REGISTRY_OPEN_DATA_DIR = tmp_path / "opendata"
    return settings.REGISTRY_OPEN_DATA_DIR


EMBARGO_SECONDS = 3


@pytest.fixture
def embargoed():
    """A recognition kept from the public for a few more seconds."""
    return RecognitionFactory(
        organization__name_en="Example Firm Embargoed",
        publish_at=timezone.now() + datetime.timedelta(seconds=EMBARGO_SECONDS),
    )


def api_organizations(client) -> list[str]:
    response = client.get("/api/v1/recognitions/")
    assert response.status_code == 200
    return [row["organization"]["name_en"] for row in response.json()["results"]]


def dump_organizations(dump_dir) -> list[str]:
    dump = opendata.export_dump()
    rows = json.loads((dump_dir / dump.version / "recognitions.json").read_text())
    return [row["organization"]["name_en"] for row in rows]


def test_the_embargo_lifts_everywhere_without_a_restart(client, embargoed, dump_dir):
    award_page = embargoed.award.get_absolute_url()
    assert "Example Firm Embargoed" not in api_organizations(client)
    assert "Example Firm Embargoed" not in dump_organizations(dump_dir)
    assert "Example Firm Embargoed" not in client.get(award_page).content.decode()

    # Let the embargo run out, then ask again. Its end moves to 10 ms
    # ago: still after the recognition was made, so after every module was
    # imported, and a time frozen at import would still hide it.
    let_the_embargoes_pass()
    embargoed.refresh_from_db()
    assert embargoed.created_at < embargoed.publish_at < timezone.now()
    assert "Example Firm Embargoed" in api_organizations(client)
    assert "Example Firm Embargoed" in dump_organizations(dump_dir)
    assert "Example Firm Embargoed" in client.get(award_page).content.decode()
