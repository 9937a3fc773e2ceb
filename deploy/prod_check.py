"""`make prod-check`: start the registry as production does, then check it.

Production here means: DEBUG off, a secret key, gunicorn with
deploy/gunicorn.conf.py, PostgreSQL (DATABASE_URL) and Redis (REDIS_URL) from
the environment, whitenoise's compressed manifest storage, one trusted proxy.
The checks: `check --deploy` is clean, /healthz and /readyz answer, the security
headers are present, static files are served compressed with a hash in their
name, and an officer signs in to the admin through the proxy's headers with
the password and a current code from the authenticator secret that
`create_local_officer` prints, as two-factor sign-in requires in production.
"""

import http.client
import os
import re
import secrets
import sys
import tempfile
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.servers import Officer, free_port, gunicorn, manage  # noqa: E402

HOST = "registry.example.cn"
# What nginx (deploy/nginx/registry.conf) sends with every request.
PROXY = {"Host": HOST, "X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
SECURITY_HEADERS = {
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class Failed(Exception):
    pass


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise Failed(message)


def production_environment(workdir: Path) -> dict[str, str]:
    database, redis = os.environ.get("DATABASE_URL", ""), os.environ.get("REDIS_URL")
    if not database.startswith("postgres") or not redis:
        sys.exit(
            "make prod-check needs PostgreSQL and Redis, as production does: set "
            "DATABASE_URL=postgresql://… and REDIS_URL=redis://…"
        )
    keep = ("PATH", "HOME", "LANG", "TEST_PORT_RANGE", "DATABASE_URL", "REDIS_URL")
    return {
        **{name: os.environ[name] for name in keep if name in os.environ},
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        # The load balancer's probes name the server by its address.
        "DJANGO_ALLOWED_HOSTS": f"{HOST},127.0.0.1,localhost",
        "DJANGO_CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
        # Production refuses to start without these: links emailed to
        # applicants travel over https, and their mail goes to a real server
        # (none is sent during the check). Two-factor sign-in is on, its default.
        "REGISTRY_SITE_URL": f"https://{HOST}",
        "EMAIL_HOST": "smtp.example.cn",
        "EMAIL_PORT": "587",
        "EMAIL_USE_TLS": "1",
        "REGISTRY_TRUSTED_PROXIES": "1",
        "REGISTRY_OPEN_DATA_DIR": str(workdir / "opendata"),
        "REGISTRY_BACKUP_DIR": str(workdir / "backups"),
        "GUNICORN_WORKERS": "2",
    }


def request(port, method, path, *, headers=None, body=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request(method, path, body=body, headers={**PROXY, **(headers or {})})
    response = connection.getresponse()
    content = response.read()
    connection.close()
    return response, content


def check_health(port):
    for path in ("/healthz", "/readyz"):
        response, content = request(port, "GET", path)
        expect(
            response.status == 200, f"{path} answered {response.status}: {content!r}"
        )
    # A load balancer probes over plain HTTP, without the proxy's headers.
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/healthz", headers={"Host": HOST})
    status = connection.getresponse().status
    expect(status == 200, f"/healthz over plain HTTP answered {status}")


def check_security_headers(port):
    response, _ = request(port, "GET", "/")
    expect(response.status == 200, f"/ answered {response.status}")
    for name, value in SECURITY_HEADERS.items():
        got = response.getheader(name)
        expect(got == value, f"{name} is {got!r}, expected {value!r}")
    response, _ = request(port, "GET", "/", headers={"X-Forwarded-Proto": "http"})
    location = response.getheader("Location") or ""
    expect(
        response.status == 301 and location.startswith("https://"),
        f"plain HTTP is not redirected to HTTPS ({response.status} {location})",
    )


def check_static(port):
    _, page = request(port, "GET", "/")
    stylesheets = re.findall(r'href="(/static/[^"]+\.css)"', page.decode())
    expect(bool(stylesheets), "the home page links no stylesheet")
    for path in stylesheets:
        expect(
            re.search(r"\.[0-9a-f]{12}\.css$", path) is not None,
            f"{path} has no content hash in its name",
        )
        response, content = request(
            port, "GET", path, headers={"Accept-Encoding": "gzip"}
        )
        expect(response.status == 200, f"{path} answered {response.status}")
        expect(
            response.getheader("Content-Encoding") == "gzip",
            f"{path} is not served compressed",
        )
        expect(
            "immutable" in (response.getheader("Cache-Control") or ""),
            f"{path} has no long cache header",
        )


def post_login(port, fields: dict):
    """The login form, filled in with `fields` and sent as a browser would."""
    response, page = request(port, "GET", "/admin/login/")
    expect(response.status == 200, f"/admin/login/ answered {response.status}")
    csrf = SimpleCookie(response.getheader("Set-Cookie"))["csrftoken"].value
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urlencode(
        {"csrfmiddlewaretoken": token.decode(), "next": "/admin/", **fields}
    )
    return request(
        port,
        "POST",
        "/admin/login/",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf}",
            "Origin": f"https://{HOST}",
            "Referer": f"https://{HOST}/admin/login/",
        },
    )


def check_admin_login(port, officer: Officer):
    password = {"username": officer.username, "password": officer.password}
    # Two-factor sign-in is on, as production's default: the password alone
    # opens no session.
    response, _ = post_login(port, password)
    expect(
        response.status == 200 and "sessionid=" not in str(response.headers),
        f"the password alone was accepted ({response.status})",
    )
    response, _ = post_login(port, {**password, "otp_token": officer.code()})
    cookies = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        cookies.load(header)
    expect(
        response.status == 302 and "sessionid" in cookies,
        f"the sign-in was refused ({response.status})",
    )
    expect(bool(cookies["sessionid"]["secure"]), "the session cookie is not Secure")
    response, page = request(
        port,
        "GET",
        "/admin/",
        headers={"Cookie": f"sessionid={cookies['sessionid'].value}"},
    )
    expect(
        response.status == 200 and officer.username.encode() in page,
        f"the signed-in admin answered {response.status}",
    )


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="prod-check-") as folder:
        workdir = Path(folder)
        env = production_environment(workdir)
        manage(env, "migrate", "--noinput")
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        deploy = manage(
            env, "check", "--deploy", "--fail-level", "WARNING", check=False
        )
        results = [("check --deploy is clean", deploy.returncode == 0, deploy.stderr)]
        username = f"prodcheck-{secrets.token_hex(4)}"
        officer = Officer.create(env, username)
        port = free_port()
        env["REGISTRY_BIND"] = f"127.0.0.1:{port}"
        log = workdir / "gunicorn.log"
        checks = [
            ("/healthz and /readyz answer", check_health, ()),
            ("security headers are present", check_security_headers, ()),
            ("static files are compressed, hashed, cached", check_static, ()),
            (
                "admin sign-in works behind the proxy",
                check_admin_login,
                (officer,),
            ),
        ]
        with gunicorn(
            env, port, log, "--config", str(ROOT / "deploy/gunicorn.conf.py")
        ):
            for title, check, arguments in checks:
                try:
                    check(port, *arguments)
                    results.append((title, True, ""))
                except (Failed, OSError, AttributeError, KeyError) as failure:
                    results.append((title, False, str(failure)))
        manage(env, "shell", "-c", DELETE_ACCOUNT.format(username=username))
        for title, passed, detail in results:
            print(
                f"{'ok  ' if passed else 'FAIL'} {title}"
                + (f": {detail}" if detail and not passed else "")
            )
        if not all(passed for _, passed, _ in results):
            print(f"--- gunicorn log\n{log.read_text()[-4000:]}")
            return 1
    return 0


DELETE_ACCOUNT = (
    "from django.contrib.auth import get_user_model; "
    "get_user_model().objects.filter(username='{username}').delete()"
)

if __name__ == "__main__":
    sys.exit(main())
