"""Nothing lost under load: a real multi-process server on one SQLite file.

Gunicorn runs the site in four worker processes with four threads each, on a
fresh, migrated SQLite database in a temporary folder. Twenty clients at once
each fetch the form and send it, two hundred times in all, with different
valid codes. Every application must be stored, with its own reference, and no
request may fail with "database is locked".
"""

import http.client
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest

from .factories import valid_uscc

BASE_DIR = Path(__file__).resolve().parent.parent
CLIENTS = 20
APPLICATIONS = 200
TIME_LIMIT = 120  # seconds for all the submissions


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "--noinput"], ["load_seed"]):
        subprocess.run(
            manage + command, cwd=BASE_DIR, env=env, check=True, capture_output=True
        )
    port = free_port()
    log = (folder / "gunicorn.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers=4",
            "--threads=4",
            f"--bind=127.0.0.1:{port}",
            "--timeout=60",
            "pudong_registry.wsgi:application",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                pytest.fail("The server did not start: see " + str(log.name))
            time.sleep(0.2)
        yield port, database, folder / "gunicorn.log"
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def submit(port: int, n: int) -> tuple[int, str]:
    """One applicant: fetch the form, fill it in, send it."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", "/apply/")
    response = connection.getresponse()
    page = response.read().decode()
    # The CSRF cookie, and the session cookie that keeps a double click one record.
    cookies = SimpleCookie()
    for header in response.msg.get_all("Set-Cookie"):
        cookies.load(header)
    cookie_header = "; ".join(f"{k}={v.value}" for k, v in cookies.items())

    def field(name):
        return re.search(rf'name="{name}" value="([^"]+)"', page).group(1)

    body = urlencode(
        {
            "csrfmiddlewaretoken": field("csrfmiddlewaretoken"),
            "submission_id": field("submission_id"),
            "sectors": field("sectors"),
            "name_en": f"Example Firm {n}",
            "uscc": valid_uscc(10_000 + n),
            "ownership": "domestic",
            "district": "pudong",
            "contact_name": "Example Contact",
            "contact_email": f"applicant{n}@example.com",
            "contact_phone": "13812345678",
            "interest": "Pilot projects with member firms.",
            "consent": "on",
        }
    )
    connection.request(
        "POST",
        "/apply/",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie_header,
        },
    )
    response = connection.getresponse()
    text = response.read().decode(errors="replace")
    connection.close()
    return response.status, (response.getheader("Location") or text)


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
