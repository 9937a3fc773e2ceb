"""Ports and private servers for tests that start their own processes."""

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from base64 import b32decode
from contextlib import contextmanager
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from django_otp.oath import totp

# The ports this checkout may use for servers it starts (TEST_PORT_RANGE=first-last).
FIRST_PORT, LAST_PORT = (
    int(part) for part in os.environ.get("TEST_PORT_RANGE", "8100-8199").split("-")
)
_handed_out: set[int] = set()


def free_port() -> int:
    """A port of the range that nothing listens on and no other test was given."""
    for port in range(FIRST_PORT, LAST_PORT + 1):
        if port in _handed_out:
            continue
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        _handed_out.add(port)
        return port
    raise RuntimeError(f"no free port in {FIRST_PORT}-{LAST_PORT}")


BASE_DIR = Path(__file__).resolve().parent.parent


def manage(env: dict, *arguments: str, check: bool = True):
    """Run `manage.py` with `env` as the whole environment; its output is captured.

    With `check`, a failure raises with the command's own error output.
    """
    done = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if check and done.returncode:
        raise RuntimeError(
            f"manage.py {' '.join(arguments)} failed:\n{done.stderr[-3000:]}"
        )
    return done


@dataclass
class Officer:
    """An officer as `create_local_officer` prints it: password and TOTP secret."""

    username: str
    password: str
    secret: str

    @classmethod
    def create(cls, env: dict, username: str) -> "Officer":
        printed = manage(env, "create_local_officer", "--username", username).stdout
        return cls(
            username=username,
            password=re.search(r"password: (\S+)", printed).group(1),
            secret=re.search(r"secret into the app: (\S+)", printed).group(1),
        )

    def code(self) -> str:
        """The authenticator app's current six-digit code, by django-otp's TOTP."""
        key = b32decode(self.secret + "=" * (-len(self.secret) % 8))
        return f"{totp(key):06d}"


def wait_until_up(port: int, process, log: Path, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            raise RuntimeError(f"the server on {port} did not start: see {log}")
        time.sleep(0.2)


@contextmanager
def gunicorn(env: dict, port: int, log: Path, *options: str):
    """A gunicorn server of the site on `port`, stopped on leaving."""
    with log.open("w") as stream:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                f"--bind=127.0.0.1:{port}",
                *options,
                "pudong_registry.wsgi:application",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=stream,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until_up(port, process, log)
            yield process
        finally:
            process.terminate()
            process.wait(timeout=20)


def application_form(n: int) -> dict[str, str]:
    """The fields an applicant fills in, with a valid, distinct code for each `n`."""
    from tests.factories import valid_uscc  # needs Django set up

    return {
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


def submit(port: int, n: int, headers: dict | None = None) -> tuple[int, str]:
    """One applicant: fetch the form, fill it in, send it. The status and the
    redirect (or the page) that answered."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", "/apply/", headers=headers or {})
    response = connection.getresponse()
    page = response.read().decode()
    # The CSRF cookie, and the session cookie that keeps a double click one record.
    cookies = SimpleCookie()
    for header in response.msg.get_all("Set-Cookie") or []:
        cookies.load(header)
    cookie_header = "; ".join(f"{k}={v.value}" for k, v in cookies.items())

    def field(name):
        return re.search(rf'name="{name}" value="([^"]+)"', page).group(1)

    body = urlencode(
        {
            "csrfmiddlewaretoken": field("csrfmiddlewaretoken"),
            "submission_id": field("submission_id"),
            "sectors": field("sectors"),
            **application_form(n),
        }
    )
    connection.request(
        "POST",
        "/apply/",
        body=body,
        headers={
            **(headers or {}),
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie_header,
        },
    )
    response = connection.getresponse()
    text = response.read().decode(errors="replace")
    connection.close()
    return response.status, (response.getheader("Location") or text)


def erase(port: int, status_path: str) -> int:
    """The applicant erases the application on its status page; the answer's status."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", status_path)
    response = connection.getresponse()
    page = response.read().decode()
    cookies = SimpleCookie()
    for header in response.msg.get_all("Set-Cookie") or []:
        cookies.load(header)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    connection.request(
        "POST",
        status_path,
        body=urlencode(
            {"csrfmiddlewaretoken": token, "action": "erase", "confirm": "on"}
        ),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{k}={v.value}" for k, v in cookies.items()),
        },
    )
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status
