"""Item 2: the anonymous API limit holds against forged headers, across processes."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent.parent
API = "/api/v1/sectors/"


def test_an_invented_forwarded_for_buys_no_fresh_allowance(client, settings):
    settings.REGISTRY_API_ANON_RATE = "2/minute"
    statuses = [
        client.get(
            API, REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}"
        ).status_code
        for n in range(4)
    ]

    assert statuses == [200, 200, 429, 429]


def test_behind_one_trusted_proxy_the_visitor_is_counted(client, settings):
    settings.REGISTRY_API_ANON_RATE = "2/minute"
    settings.REGISTRY_TRUSTED_PROXIES = 1
    settings.REGISTRY_PROXY_ADDRESSES = ["10.0.0.1"]

    def get(forwarded):
        return client.get(
            API, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded
        ).status_code

    # The visitor forges the left part; the proxy appends the real address.
    forged = [get(f"192.0.2.{n}, 203.0.113.9") for n in range(3)]
    other_visitor = get("203.0.113.10")

    assert forged == [200, 200, 429]
    assert other_visitor == 200


SCRIPT = """
import django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="localhost")
print(" ".join(
    str(client.get("/api/v1/", REMOTE_ADDR=ADDRESS).status_code) for _ in range(2)
))
"""


def run_server_process(address: str) -> str:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "REDIS_URL": os.environ.get(
            "REGISTRY_TEST_REDIS_URL", "redis://127.0.0.1:6379/6"
        ),
        "REGISTRY_API_ANON_RATE": "3/hour",
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT.replace("ADDRESS", repr(address))],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    # The request log shares stdout; the statuses are the script's last line.
    return result.stdout.splitlines()[-1].split()


def test_with_redis_every_process_shares_the_count():
    # Two separate server processes; the second sees the first one's requests.
    address = f"198.18.{secrets.randbelow(250)}.{secrets.randbelow(250)}"

    first = run_server_process(address)
    second = run_server_process(address)

    assert first == ["200", "200"]
    assert second == ["200", "429"]
