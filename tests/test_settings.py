"""Settings from the environment: safe defaults, and production fails loudly."""

import os
from pathlib import Path

import pytest
from django.urls import reverse

from tests.servers import manage

ROOT = Path(__file__).resolve().parent.parent

# What an operator sets in production (SECURITY.md lists it).
PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "a-long-random-production-key-" + "k3y" * 20,
    "DJANGO_ALLOWED_HOSTS": "registry.example.cn",
    "REGISTRY_SITE_URL": "https://registry.example.cn",
    "EMAIL_HOST": "smtp.example.cn",
}


def run_manage(*args, **env):
    # A bare environment, as on a fresh server: no DJANGO_* variables, no terminal.
    clean = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **env}
    return manage(clean, *args, check=False)


@pytest.mark.parametrize(
    "command",
    [["check"], ["makemigrations", "--check", "--dry-run"], ["migrate"], ["shell"]],
)
def test_production_refuses_to_start_without_a_secret_key(command):
    result = run_manage(*command, DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_debug_is_off_unless_set():
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.DEBUG)",
        **PRODUCTION_ENV,
    )
    assert result.stdout.strip() == "False"


def test_deploy_check_is_clean_with_production_settings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **PRODUCTION_ENV,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db
def test_healthz_answers_when_the_database_does(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.text == "ok\n"


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    from django.db import OperationalError
    from django.db.backends.utils import CursorWrapper

    def broken(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
