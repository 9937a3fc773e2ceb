"""Nothing lost under load: a real multi-process server on one SQLite file.

Gunicorn runs the site in four worker processes with four threads each, on a
fresh, migrated SQLite database in a temporary folder. Twenty clients at once
each fetch the form and send it, two hundred times in all, with different
valid codes. Every application must be stored, with its own reference, and no
request may fail with "database is locked".
"""

import os
import re
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.paths import ROOT
from tests.servers import free_port, gunicorn, manage, submit

BASE_DIR = ROOT
CLIENTS = 20
APPLICATIONS = 200
TIME_LIMIT = 120  # seconds for all the submissions


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("load")
    database = folder / "registry.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        # The flood limit would stop one address after a few forms; this test
        # is about the database, so it raises the limit.
        "REGISTRY_APPLY_RATE_LIMIT": str(APPLICATIONS * 10),
    }
    for command in (["migrate", "--noinput"], ["load_seed"]):
        manage(env, *command)
    port = free_port()
    log = folder / "gunicorn.log"
    options = ("--workers=4", "--threads=4", "--timeout=60")
    with gunicorn(env, port, log, *options):
        yield port, database, log


def test_two_hundred_concurrent_applications_are_all_stored(server):
    port, database, log = server
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=CLIENTS) as clients:
        results = list(clients.map(lambda n: submit(port, n), range(APPLICATIONS)))
    elapsed = time.monotonic() - started

    failures = [(status, detail[:300]) for status, detail in results if status != 302]
    assert failures == []
    assert all(
        re.match(r"^/apply/status/[\w-]{40,}/$", location) for _, location in results
    )
    assert "database is locked" not in log.read_text()
    assert elapsed < TIME_LIMIT

    with sqlite3.connect(database) as db:
        rows = db.execute(
            "SELECT reference, uscc, token FROM registry_application"
        ).fetchall()
        journal_mode = db.execute("PRAGMA journal_mode").fetchone()[0]
    assert len(rows) == APPLICATIONS
    references = {reference for reference, _, _ in rows}
    assert len(references) == APPLICATIONS
    assert all(re.match(r"^GOI-\d{4}-\d{6}$", reference) for reference in references)
    assert len({uscc for _, uscc, _ in rows}) == APPLICATIONS
    assert len({token for _, _, token in rows}) == APPLICATIONS
    # The settings put the file in write-ahead-log mode.
    assert journal_mode == "wal"


def test_sqlite_settings_prevent_database_is_locked():
    """WAL, a busy timeout and immediate transactions, whenever SQLite is used."""
    env = {**os.environ, "DATABASE_URL": "sqlite:////tmp/unused.sqlite3"}
    code = (
        "import json, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', "
        "'tests.settings'); from django.conf import settings; "
        "print(json.dumps(settings.DATABASES['default']['OPTIONS']))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert '"transaction_mode": "IMMEDIATE"' in output
    assert '"timeout": 30' in output
    assert "journal_mode=WAL" in output


def test_each_server_process_keeps_its_sqlite_connection():
    """Opening a connection reads the whole schema again, and closing the last
    one checkpoints the log while other processes wait: as on PostgreSQL, a
    process keeps its connection from one request to the next."""
    env = {**os.environ, "DATABASE_URL": "sqlite:////tmp/unused.sqlite3"}
    code = (
        "import os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', "
        "'tests.settings'); from django.conf import settings; "
        "print(settings.DATABASES['default']['CONN_MAX_AGE'])"
    )
    output = subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert int(output) > 0
