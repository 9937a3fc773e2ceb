"""/readyz: 200 when every part answers, 503 naming the part that does not."""

import threading
import time

import pytest
from django.db.migrations.recorder import MigrationRecorder
from django.test import override_settings

from registry.ops import health
from tests.env_settings import TEST_REDIS_URL, cache_overrides
from tests.servers import free_port

pytestmark = pytest.mark.django_db(transaction=True)


def test_ready_when_database_migrations_and_open_data_folder_are_fine(client, tmp_path):
    with override_settings(REGISTRY_OPEN_DATA_DIR=tmp_path):
        response = client.get("/readyz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok"
    assert body["failing"] == []
    assert body["checks"] == {
        "database": "ok",
        "migrations": "ok",
        "redis": "not configured",
        "open_data": "ok",
    }


def test_redis_is_checked_when_configured(client, tmp_path):
    with override_settings(
        REGISTRY_OPEN_DATA_DIR=tmp_path, **cache_overrides(TEST_REDIS_URL)
    ):
        response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["redis"] == "ok"


def test_stopped_redis_is_named(client, tmp_path):
    down = cache_overrides(f"redis://127.0.0.1:{free_port()}/0")
    with override_settings(REGISTRY_OPEN_DATA_DIR=tmp_path, **down):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["redis"]


def test_unwritable_open_data_folder_is_named(client, tmp_path):
    # A file where the folder should be: nothing can be written beneath it.
    blocked = tmp_path / "opendata"
    blocked.write_text("not a folder")
    with override_settings(REGISTRY_OPEN_DATA_DIR=blocked):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["open_data"]


def test_unapplied_migration_is_named(client, tmp_path):
    latest = MigrationRecorder.Migration.objects.filter(app="registry").latest("id")
    latest.delete()
    try:
        with override_settings(REGISTRY_OPEN_DATA_DIR=tmp_path):
            response = client.get("/readyz")
    finally:
        MigrationRecorder.Migration.objects.create(app=latest.app, name=latest.name)
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["migrations"]
    assert body["checks"]["migrations"] == "1 migration(s) not applied"


def test_database_failure_is_named_without_its_detail(client, tmp_path, monkeypatch):
    from django.db import OperationalError
    from django.db.backends.utils import CursorWrapper

    def refused(*args, **kwargs):
        raise OperationalError("password authentication failed for user registry")

    monkeypatch.setattr(CursorWrapper, "execute", refused)
    with override_settings(REGISTRY_OPEN_DATA_DIR=tmp_path):
        response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert set(body["failing"]) == {"database", "migrations"}
    assert "password" not in response.text


def test_a_hanging_check_answers_within_its_timeout(client, tmp_path, monkeypatch):
    release = threading.Event()

    def hangs() -> str:
        # Hangs until the test has its answer (at most 5 s), then lets go.
        release.wait(5)
        return health.OK

    monkeypatch.setitem(health.CHECKS, "open_data", hangs)
    started = time.monotonic()
    with override_settings(REGISTRY_READY_TIMEOUT=0.3):
        response = client.get("/readyz")
    elapsed = time.monotonic() - started
    release.set()
    assert elapsed < 2
    assert response.status_code == 503
    assert response.json()["checks"]["open_data"] == "no answer within 0.3 s"
