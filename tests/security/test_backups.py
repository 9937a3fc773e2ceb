"""Finding 3: backups were readable by any local account; a restore undid erasures.

`manage.py backup` wrote its files 0644 in a 0755 folder, and the systemd units
set no UMask. A restore brought back every application an applicant had erased
since the backup (and the sessions of the day it was taken).
"""

import configparser
import datetime
import sqlite3
import stat
from pathlib import Path

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from registry.applications import privacy
from registry.models import Application
from registry.ops import backups
from tests.factories import ApplicationFactory
from tests.security.applicant import status_path

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
README = Path(__file__).resolve().parents[2] / "README.md"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def backup_dir(tmp_path):
    folder = tmp_path / "backups"
    with override_settings(REGISTRY_BACKUP_DIR=folder):
        yield folder


@pytest.mark.django_db(transaction=True)
def test_backups_are_private_to_their_owner(backup_dir):
    backup_dir.mkdir(mode=0o755)
    backup_dir.chmod(0o755)
    call_command("backup")
    (written,) = backups.list_backups()
    assert mode(backup_dir) == 0o700
    assert mode(written) == 0o600
    assert mode(backups.checksum_path(written)) == 0o600


def test_the_units_that_write_backups_set_a_private_umask():
    for name in ("registry-manage@.service", "registry-axes-reset-logs.service"):
        parser = configparser.ConfigParser(strict=False, interpolation=None)
        parser.optionxform = str
        parser.read(DEPLOY / "systemd" / name)
        assert parser["Service"].get("UMask") == "0077", name


def test_the_readme_says_how_to_encrypt_backups():
    section = README.read_text().split("**Backups.**", 1)[1].split("\n## ", 1)[0]
    assert "encrypt" in section.lower()
    assert "age" in section or "gpg" in section


def erase_on_the_status_page(client, application):
    response = client.post(
        status_path(application), {"action": "erase", "confirm": "on"}
    )
    assert response.status_code == 200


@pytest.mark.django_db(transaction=True)
def test_an_erasure_after_the_backup_survives_a_restore(backup_dir, client, program):
    erased = ApplicationFactory(program=program, contact_email="erase-me@example.com")
    withdrawn = ApplicationFactory(program=program, contact_email="gone@example.com")
    kept = ApplicationFactory(program=program, contact_email="kept@example.com")
    erased_url, withdrawn_url = status_path(erased), status_path(withdrawn)
    call_command("backup")
    (written,) = backups.list_backups()

    erase_on_the_status_page(client, erased)
    client.post(withdrawn_url, {"action": "withdraw"})
    # The record is kept beside the backups, and names the application only.
    ledger = privacy.erasures_path()
    assert ledger.parent == backup_dir and mode(ledger) == 0o600
    text = ledger.read_text()
    assert erased.reference in text and withdrawn.reference in text
    assert "@example.com" not in text and str(erased.token) not in text

    call_command("restore", str(written), "--force")

    assert client.get(erased_url).status_code == 404
    erased.refresh_from_db()
    assert erased.token is None and erased.contact_email == ""
    assert erased.anonymized_at is not None
    withdrawn.refresh_from_db()
    assert withdrawn.status == Application.Status.WITHDRAWN
    assert withdrawn.contact_email == ""
    kept.refresh_from_db()
    assert kept.contact_email == "kept@example.com"


@pytest.mark.django_db(transaction=True)
def test_a_restore_runs_the_retention_purge(backup_dir, program):
    old = ApplicationFactory(
        program=program,
        status="rejected",
        decided_at=timezone.now() - datetime.timedelta(days=400),
    )
    call_command("backup")
    (written,) = backups.list_backups()
    call_command("restore", str(written), "--force")
    old.refresh_from_db()
    assert old.token is None and old.contact_email == ""


@pytest.mark.django_db(transaction=True)
def test_sessions_are_left_out_of_backups_and_emptied_on_restore(backup_dir):
    store = SessionStore()
    store["staff"] = "signed in"
    store.create()
    call_command("backup")
    (written,) = backups.list_backups()
    if connection.vendor == "sqlite":
        copy = sqlite3.connect(written)
        table = Session._meta.db_table
        try:
            assert copy.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,)  # noqa: S608
        finally:
            copy.close()
        assert store.session_key.encode() not in written.read_bytes()
    SessionStore().create()  # a session of the database being replaced
    call_command("restore", str(written), "--force")
    assert Session.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_damaged_erasure_record_stops_the_restore_before_it_starts(backup_dir):
    call_command("backup")
    (written,) = backups.list_backups()
    privacy.erasures_path().write_text("not json\n")
    ApplicationFactory(contact_email="still-here@example.com")
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="erasures"):
        call_command("restore", str(written), "--force")
    assert Application.objects.filter(contact_email="still-here@example.com").exists()
