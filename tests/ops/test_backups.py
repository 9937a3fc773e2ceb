"""manage.py backup and restore, and a restore drill on the database in use.

The drill runs on whatever DATABASE_URL names (SQLite by default, PostgreSQL in
CI's second pass): a populated registry serves applicants through gunicorn while
it is backed up; the backup is restored into an empty database, which must hold
the same records, except one an applicant erased after the backup: it stays erased.
"""

import json
import os
import threading
import time
from pathlib import Path

import dj_database_url
import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from registry.caching.version import bump_version
from registry.ops import backups
from tests.factories import member
from tests.servers import erase, free_port, gunicorn, manage, submit

# Tables the applicants write to while the drill's backup runs.
WRITTEN = {
    "registry.application",
    "registry.historicalapplication",
    "registry.applicationattempt",
    "sessions.session",
}

SNAPSHOT = """
import json
from django.apps import apps
from registry.models import Application
print(json.dumps({
    "counts": {m._meta.label_lower: m.objects.count() for m in apps.get_models()},
    "tokens": [str(t) for t in Application.objects.order_by("id").values_list(
        "token", flat=True)],
}))
"""

# What the erased application's status link answers, and whether its email is held.
ERASED = """
import json
from django.test import Client
from registry.models import Application
answer = Client(HTTP_HOST="localhost").get({path!r})
print(json.dumps({{
    "status": answer.status_code,
    "email": Application.objects.filter(contact_email={email!r}).exists(),
}}))
"""


@pytest.fixture
def backup_dir(tmp_path):
    folder = tmp_path / "backups"
    with override_settings(REGISTRY_BACKUP_DIR=folder):
        yield folder


@pytest.mark.django_db(transaction=True)
def test_backup_writes_a_timestamped_file_and_its_sha256(backup_dir):
    call_command("backup")
    (written,) = backups.list_backups()
    assert written.name.startswith("registry-")
    digest, name = backups.checksum_path(written).read_text().split()
    assert name == written.name
    assert digest == backups.sha256_of(written)


@pytest.mark.django_db(transaction=True)
def test_backup_keeps_only_the_newest(backup_dir):
    with override_settings(REGISTRY_BACKUP_KEEP=2):
        for _ in range(3):
            call_command("backup")
            time.sleep(0.01)
    kept = backups.list_backups()
    assert len(kept) == 2
    assert sorted(path.name for path in backup_dir.iterdir()) == sorted(
        [p.name for p in kept] + [backups.checksum_path(p).name for p in kept]
    )


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_with_records(backup_dir):
    call_command("backup")
    (written,) = backups.list_backups()
    member(name_en="Kept Firm")
    with pytest.raises(CommandError, match="not empty.*--force"):
        call_command("restore", str(written))


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_damaged_backup(backup_dir):
    call_command("backup")
    (written,) = backups.list_backups()
    with written.open("ab") as stream:
        stream.write(b"\0")
    with pytest.raises(CommandError, match="does not match its SHA-256"):
        call_command("restore", str(written), "--force")
    backups.checksum_path(written).unlink()
    with pytest.raises(CommandError, match="sha256 is missing"):
        call_command("restore", str(written), "--force")


def test_missing_postgresql_client_names_the_package(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(backups.BackupError, match="Debian package postgresql-client"):
        backups._client("pg_dump")


def drill_database_urls(folder: Path) -> tuple[str, str]:
    """A source and an empty target database of the engine the suite runs on."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return (
            f"sqlite:///{folder / 'source.sqlite3'}",
            f"sqlite:///{folder / 'restored.sqlite3'}",
        )
    import psycopg

    base = dj_database_url.parse(url)
    admin = url.rsplit("/", 1)[0] + "/postgres"
    urls = []
    with psycopg.connect(admin, autocommit=True) as connection:
        for role in ("drill_source", "drill_restored"):
            name = f"{base['NAME']}_{role}"
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{name}"')
            urls.append(url.rsplit("/", 1)[0] + "/" + name)
    return urls[0], urls[1]


def snapshot(env: dict) -> dict:
    return json.loads(manage(env, "shell", "--no-imports", "-c", SNAPSHOT).stdout)


def test_restore_drill_while_applicants_write(tmp_path):
    source_url, restored_url = drill_database_urls(tmp_path)
    base = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "REGISTRY_BACKUP_DIR": str(tmp_path / "backups"),
        "REGISTRY_APPLY_RATE_LIMIT": "100000",
    }
    source = {**base, "DATABASE_URL": source_url}
    restored = {**base, "DATABASE_URL": restored_url}
    manage(source, "migrate", "--noinput")
    manage(source, "load_seed")
    manage(restored, "migrate", "--noinput")

    confirmed: list[tuple[float, str]] = []
    stop = threading.Event()
    port = free_port()

    def applicants():
        n = 0
        while not stop.is_set():
            status, location = submit(port, n)
            assert status == 302, location[:300]
            confirmed.append((time.monotonic(), location))
            n += 1

    with gunicorn(
        source, port, tmp_path / "gunicorn.log", "--workers=2", "--threads=2"
    ):
        writer = threading.Thread(target=applicants)
        writer.start()
        try:
            while len(confirmed) < 5 and writer.is_alive():
                time.sleep(0.05)
            began = time.monotonic()
            manage(source, "backup")
            # The first applicant erases the application after the backup.
            erased_path = confirmed[0][1]
            assert erase(port, erased_path) == 200
            time.sleep(0.5)
        finally:
            stop.set()
            writer.join(timeout=60)
    assert len(confirmed) >= 5

    (backup,) = [
        path
        for path in (tmp_path / "backups").glob("registry-*")
        if path.suffix != ".sha256"
    ]
    result = manage(restored, "restore", str(backup), check=False)
    assert result.returncode == 0, result.stderr
    before, after = snapshot(source), snapshot(restored)

    # No application confirmed before the backup began is missing, but the one
    # erased after it stays erased: its link answers no more, its email is gone.
    tokens = set(after["tokens"])
    for at, location in confirmed[1:]:
        if at < began:
            assert location.split("/")[-2] in tokens
    assert erased_path.split("/")[-2] not in tokens
    check = ERASED.format(path=erased_path, email="applicant0@example.com")
    for env in (source, restored):
        output = manage(env, "shell", "--no-imports", "-c", check).stdout
        answer = json.loads(output.splitlines()[-1])  # after the request's log line
        assert answer == {"status": 404, "email": False}
    # The restored applications are the source's first ones, without a hole: one
    # consistent moment, whatever was written while the backup ran.
    assert after["tokens"] == before["tokens"][: len(after["tokens"])]
    assert len(before["tokens"]) == len(confirmed)
    # Every other table is identical in size.
    assert {k: v for k, v in after["counts"].items() if k not in WRITTEN} == {
        k: v for k, v in before["counts"].items() if k not in WRITTEN
    }
    assert after["counts"]["registry.organization"] > 0

    # The open data written from both is the same, file for file.
    sums = []
    for env, name in ((source, "source"), (restored, "restored")):
        folder = tmp_path / f"opendata-{name}"
        manage({**env, "REGISTRY_OPEN_DATA_DIR": str(folder)}, "export_open_data")
        (dump,) = [path for path in folder.iterdir() if path.is_dir()]
        sums.append((dump / "SHA256SUMS").read_text())
    assert sums[0] == sums[1]
    assert "organizations.json" in sums[0]


@pytest.mark.django_db(transaction=True)
def test_after_a_restore_no_page_cached_before_it_is_shown(
    backup_dir, client, settings
):
    """The backup brings back the version it was taken at; the pages cached
    for the writes after it carry the next numbers, and must not come back."""
    settings.REGISTRY_PAGE_CACHE_SECONDS = 300
    call_command("backup")
    (written,) = backups.list_backups()
    member(name_en="Written After The Backup Ltd")
    assert "Written After The Backup" in client.get("/members/").text  # cached

    call_command("restore", str(written), "--force")
    assert "Written After The Backup" not in client.get("/members/").text
    member(name_en="Written After The Restore Ltd")  # the next write
    page = client.get("/members/").text
    assert "Written After The Restore" in page
    assert "Written After The Backup" not in page


@pytest.mark.django_db(transaction=True)
def test_a_restore_into_a_new_database_shows_no_page_cached_before_it(
    backup_dir, client, settings
):
    """Disaster recovery: the old database is gone, a new one is migrated and
    the backup restored into it, while the cache still holds the old server's
    pages. The new database's version starts again from nothing, so the
    restore cannot count on it to move past the numbers those pages carry."""
    settings.REGISTRY_PAGE_CACHE_SECONDS = 300
    call_command("backup")
    (written,) = backups.list_backups()
    member(name_en="Written After The Backup Ltd")
    for _write in range(20):  # the old server goes on: a page per version
        bump_version()
        assert "Written After The Backup" in client.get("/members/").text

    call_command("flush", interactive=False)  # the new, empty database
    call_command("restore", str(written))
    member(name_en="Written After The Restore Ltd")
    for _write in range(20):
        page = client.get("/members/").text
        assert "Written After The Restore" in page
        assert "Written After The Backup" not in page
        bump_version()
