"""deploy/: the gunicorn settings, systemd timers and nginx site agree with the app."""

import configparser
import os
import re
import runpy
from pathlib import Path
from unittest import mock

from django.core.management import call_command, get_commands

from tests.paths import ROOT
from tests.servers import manage

DEPLOY = ROOT / "deploy"


def gunicorn_config(**env) -> dict:
    with mock.patch.dict(os.environ, env):
        return runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))


def test_gunicorn_trusts_forwarded_headers_only_with_trusted_proxies():
    assert gunicorn_config(REGISTRY_TRUSTED_PROXIES="0")["forwarded_allow_ips"] == ""
    behind_nginx = gunicorn_config(REGISTRY_TRUSTED_PROXIES="1")
    assert behind_nginx["forwarded_allow_ips"] == "127.0.0.1,::1"


def test_gunicorn_workers_follow_the_cores():
    config = gunicorn_config(GUNICORN_WORKERS="")
    assert config["workers"] == os.cpu_count() * 2 + 1
    assert config["timeout"] > 0
    assert "%(h)s" not in config["access_log_format"]


def timers() -> dict[str, str]:
    found = {}
    for path in (DEPLOY / "systemd").glob("*.timer"):
        parser = configparser.ConfigParser(strict=False, interpolation=None)
        parser.optionxform = str
        parser.read(path)
        found[path.name] = parser["Timer"]["Unit"]
    return found


def timer_command(unit: str) -> str:
    """The `manage.py` command line a timer's unit runs."""
    if unit.startswith("registry-manage@"):
        assert (DEPLOY / "systemd/registry-manage@.service").is_file()
        return unit.removeprefix("registry-manage@").removesuffix(".service")
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    assert parser.read(DEPLOY / "systemd" / unit), f"{unit} is not in deploy/systemd"
    exec_start = parser["Service"]["ExecStart"]
    assert exec_start.startswith("/srv/registry/.venv/bin/python manage.py ")
    return exec_start.removeprefix("/srv/registry/.venv/bin/python manage.py ")


def test_each_timer_runs_a_command_that_exists():
    command_lines = {timer_command(unit) for unit in timers().values()}
    assert command_lines == {
        "purge_applications",
        "backup",
        "sqlite_optimize",
        "clearsessions",
        # The sign-in log is kept 90 days, as SECURITY.md promises.
        "axes_reset_logs --age 90",
    }
    commands = {line.split()[0] for line in command_lines}
    assert commands <= set(get_commands())


def test_the_sign_in_log_timer_keeps_what_security_md_promises():
    promise = (DEPLOY.parent / "SECURITY.md").read_text()
    assert "axes_reset_logs --age 90" in promise
    assert timer_command("registry-axes-reset-logs.service") == (
        "axes_reset_logs --age 90"
    )


def proxy_ssl_header_behind_one_proxy() -> list[str]:
    """SECURE_PROXY_SSL_HEADER as the app sets it with REGISTRY_TRUSTED_PROXIES=1."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_DEBUG": "1",
        "REGISTRY_TRUSTED_PROXIES": "1",
    }
    code = "from django.conf import settings; print(*settings.SECURE_PROXY_SSL_HEADER)"
    return manage(env, "shell", "--no-imports", "-c", code).stdout.split()


def test_nginx_sends_the_headers_the_app_trusts():
    site = (DEPLOY / "nginx/registry.conf").read_text()
    header, value = proxy_ssl_header_behind_one_proxy()
    assert header == "HTTP_X_FORWARDED_PROTO" and value == "https"
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in site
    # One address, which REGISTRY_TRUSTED_PROXIES=1 reads as the visitor's.
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in site
    assert re.search(r"client_max_body_size 5m;", site)
    assert "immutable" in site and "listen 443 ssl" in site


def test_sqlite_optimize_runs(db, capsys):
    from django.db import connection

    call_command("sqlite_optimize")
    said = capsys.readouterr().out
    assert ("PRAGMA optimize done." in said) == (connection.vendor == "sqlite")


def requirement_names(path: Path) -> list[str]:
    """The package names a requirements file lists, lower-cased, in order."""
    names = []
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            names.append(re.split(r"[\[=<>!~ ;]", line, maxsplit=1)[0].lower())
    return names


def test_production_requirements_hold_what_the_units_run_once_each():
    production = requirement_names(DEPLOY.parent / "requirements.txt")
    assert len(production) == len(set(production)), sorted(
        name for name in set(production) if production.count(name) > 1
    )
    # registry.service runs gunicorn: a production install must have it.
    unit = (DEPLOY / "systemd/registry.service").read_text()
    assert "/.venv/bin/gunicorn " in unit
    assert "gunicorn" in production
    development = requirement_names(DEPLOY.parent / "requirements-dev.txt")
    assert not set(development) & set(production)
