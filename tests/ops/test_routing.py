"""DATABASE_REPLICA_URL: public reads from the replica, the rest from the primary.

The replica alias points at the same database (tests/settings.py): these tests
check where each query goes, not that replication works.
"""

import pytest
from django.db import connections, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from registry.models import Organization
from tests.env_settings import settings_with
from tests.factories import member

pytestmark = [
    pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
]


@pytest.fixture(autouse=True)
def router():
    with override_settings(
        DATABASE_ROUTERS=["registry.ops.routing.PrimaryReplicaRouter"]
    ):
        yield


def queries_by_alias(action) -> dict[str, int]:
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        action()
    return {"default": len(primary), "replica": len(replica)}


def test_public_pages_and_api_read_from_the_replica(client):
    firm = member(name_en="Replicated Firm")
    for path in (
        "/members/",
        "/zh-hans/members/",
        firm.get_absolute_url(),
        "/api/v1/organizations/",
    ):
        counts = queries_by_alias(lambda path=path: client.get(path))
        assert counts["default"] == 0, path
        assert counts["replica"] > 0, path


def test_a_streamed_download_reads_its_rows_from_the_replica(client):
    """The rows of a whole-list CSV are read while the response is sent, after
    the view has returned: still a public read, still from the replica."""
    member(name_en="Replicated Firm")
    for path in ("/members/?format=csv", "/api/v1/organizations/?format=csv"):

        def download(path=path):
            response = client.get(path)
            assert b"Replicated Firm" in b"".join(response.streaming_content)

        counts = queries_by_alias(download)
        assert counts["default"] == 0, path
        assert counts["replica"] > 0, path


def test_back_office_reads_from_the_primary(client, officer):
    client.force_login(officer)
    counts = queries_by_alias(lambda: client.get("/admin/registry/organization/"))
    assert counts == {"default": counts["default"], "replica": 0}
    assert counts["default"] > 0


def test_application_form_reads_from_the_primary(client):
    counts = queries_by_alias(lambda: client.get("/apply/"))
    assert counts["replica"] == 0


def test_writes_and_reads_inside_them_go_to_the_primary(client, officer):
    firm = member(name_en="Written Firm")
    client.force_login(officer)

    responses = []

    def patch():
        responses.append(
            client.patch(
                f"/api/v1/organizations/{firm.slug}/",
                {"name_en": "Renamed Firm"},
                content_type="application/json",
            )
        )

    counts = queries_by_alias(patch)
    assert responses[0].status_code == 200
    assert responses[0].json()["name_en"] == "Renamed Firm"
    assert counts["replica"] == 0
    assert counts["default"] > 0


def test_read_inside_a_transaction_goes_to_the_primary():
    from registry.ops.routing import PrimaryReplicaRouter, _has_written, _public_read

    token, written = _public_read.set(True), _has_written.set(False)
    try:
        assert PrimaryReplicaRouter().db_for_read(Organization) == "replica"
        with transaction.atomic():
            assert PrimaryReplicaRouter().db_for_read(Organization) == "default"
    finally:
        _public_read.reset(token)
        _has_written.reset(written)


def test_outside_a_request_everything_reads_from_the_primary():
    counts = queries_by_alias(lambda: list(Organization.objects.all()))
    assert counts == {"default": 1, "replica": 0}


def test_replica_url_adds_the_alias_and_the_router():
    built = settings_with(
        DATABASE_REPLICA_URL="postgresql://reader@replica.internal:5432/registry"
    )
    assert built["DATABASES"]["replica"]["HOST"] == "replica.internal"
    assert built["DATABASE_ROUTERS"] == ["registry.ops.routing.PrimaryReplicaRouter"]
    assert settings_with()["DATABASE_ROUTERS"] == []
