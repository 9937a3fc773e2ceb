"""Two app servers behind one load balancer share one PostgreSQL and one Redis.

Two gunicorn servers (A and B, deploy/gunicorn.conf.py, DEBUG off) run on two
ports against a private PostgreSQL cluster and a private Redis that the tests
stop and restart. Nothing of ours may assume a single process.
"""

import itertools
import os
import re
import threading
import time
from html.parser import HTMLParser
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import psycopg
import pytest

from tests.private_services import PrivatePostgreSQL, PrivateRedis
from tests.servers import (
    BASE_DIR,
    Officer,
    application_form,
    free_port,
    gunicorn,
    manage,
)

pytestmark = pytest.mark.cluster

RATE_LIMIT = 3
API_RATE = 4
LOCKOUT_PAGE = ("Sign-in is locked for a while", "登录已暂时锁定")
OUTAGE_PAGE = ("The registry is briefly unavailable", "浦东创新名录暂时无法访问")


class Visitor:
    """One browser: its own cookies and address (sent as the proxy would)."""

    def __init__(self, address: str):
        self.address = address
        self.cookies: dict[str, str] = {}

    def request(self, port: int, method: str, path: str, form=None, timeout=10):
        headers = {"X-Forwarded-For": self.address}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = HTTPConnection("127.0.0.1", port, timeout=timeout)
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode(errors="replace")
        connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(header)
            self.cookies.update({name: morsel.value for name, morsel in cookie.items()})
        return response.status, response.headers, text

    def get(self, port, path, **kwargs):
        return self.request(port, "GET", path, **kwargs)

    def post(self, port, path, form, **kwargs):
        return self.request(port, "POST", path, form=form, **kwargs)

    def sign_in(self, port: int, username: str, password: str, code: str = ""):
        """The admin's sign-in form sent: the status and the page that answered."""
        _, _, page = self.get(port, "/admin/login/")
        status, _, text = self.post(
            port,
            "/admin/login/",
            {
                "csrfmiddlewaretoken": hidden(page, "csrfmiddlewaretoken"),
                "username": username,
                "password": password,
                "otp_token": code,
                "next": "/admin/",
            },
        )
        return status, text

    def apply(self, port: int, n: int) -> tuple[int, str]:
        _, _, page = self.get(port, "/apply/")
        status, headers, text = self.post(
            port,
            "/apply/",
            {
                "csrfmiddlewaretoken": hidden(page, "csrfmiddlewaretoken"),
                "submission_id": hidden(page, "submission_id"),
                "sectors": hidden(page, "sectors"),
                **application_form(n),
            },
        )
        return status, headers.get("Location") or text


def hidden(page: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]+)"', page).group(1)


class FormFields(HTMLParser):
    """What a browser sends for the first form of a page that posts: every
    field with its current value (checked boxes, selected options, text)."""

    def __init__(self):
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "file"):
            if attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs:
                self.fields.append((name, attrs.get("value") or ""))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields.append((self._select, attrs.get("value") or ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields.append((name, ""))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            name, text = self.fields.pop()
            self.fields.append((name, text + data.removeprefix("\n")))


def form_fields(page: str) -> list[tuple[str, str]]:
    parser = FormFields()
    parser.feed(page)
    return parser.fields


_readers = itertools.count(1)


def read(port: int, path: str) -> tuple[int, str]:
    """An anonymous reader, each from its own address (the API throttle counts
    per address, and this is about the cache)."""
    reader = Visitor(f"203.0.113.{next(_readers) % 250 + 1}")
    status, _, text = reader.get(port, path)
    return status, text


class Cluster:
    def __init__(self, folder: Path):
        self.folder = folder
        self.postgresql = PrivatePostgreSQL(free_port())
        self.redis = PrivateRedis(free_port())
        self.ports = {"A": free_port(), "B": free_port()}

    def query(self, sql: str, *params):
        with psycopg.connect(self.postgresql.url("registry"), autocommit=True) as db:
            return db.execute(sql, params).fetchall()

    def log(self, server: str) -> str:
        return (self.folder / f"{server}.log").read_text()


def wait_for(condition, seconds: float, message: str):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(message)
        time.sleep(0.25)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    cluster = Cluster(tmp_path_factory.mktemp("cluster"))
    cluster.postgresql.start()
    cluster.redis.start()
    try:
        with psycopg.connect(cluster.postgresql.url("postgres"), autocommit=True) as db:
            db.execute("CREATE DATABASE registry")
        env = {
            "PATH": os.environ["PATH"],
            "DJANGO_SETTINGS_MODULE": "tests.settings",
            "DJANGO_SECRET_KEY": "cluster-test-key-" + "x" * 40,
            "DATABASE_URL": cluster.postgresql.url("registry"),
            "REDIS_URL": cluster.redis.url,
            "REGISTRY_TRUSTED_PROXIES": "1",
            "REGISTRY_APPLY_RATE_LIMIT": str(RATE_LIMIT),
            "REGISTRY_API_ANON_RATE": f"{API_RATE}/hour",
            "REGISTRY_OPEN_DATA_DIR": str(cluster.folder / "opendata"),
            "REGISTRY_READY_TIMEOUT": "1",
            "GUNICORN_WORKERS": "2",
            # As in production: staff sign in with a TOTP code too, and
            # anonymous readers get pages from the shared cache.
            "REGISTRY_REQUIRE_2FA": "1",
            "REGISTRY_PAGE_CACHE_SECONDS": "300",
        }
        cluster.env = env
        manage(env, "migrate", "--noinput")
        manage(env, "load_seed")
        cluster.officer = Officer.create(env, "officer")
        config = ("--config", str(BASE_DIR / "deploy/gunicorn.conf.py"))
        a, b = cluster.ports["A"], cluster.ports["B"]
        with (
            gunicorn(
                {**env, "REGISTRY_BIND": f"127.0.0.1:{a}"},
                a,
                cluster.folder / "A.log",
                *config,
            ),
            gunicorn(
                {**env, "REGISTRY_BIND": f"127.0.0.1:{b}"},
                b,
                cluster.folder / "B.log",
                *config,
            ),
        ):
            yield cluster
    finally:
        cluster.redis.stop()
        cluster.postgresql.remove()


@pytest.fixture(scope="module")
def officer(cluster):
    """Signed in once for the module: a TOTP code is good for one sign-in only."""
    visitor = Visitor("198.51.100.10")
    account = cluster.officer
    status, page = visitor.sign_in(
        cluster.ports["A"], account.username, account.password, account.code()
    )
    assert status == 302, page[-2000:]
    return visitor


def test_officer_signed_in_on_a_is_signed_in_on_b(cluster, officer):
    status, _, page = officer.get(cluster.ports["B"], "/admin/")
    assert status == 200
    assert "officer" in page and "/admin/logout/" in page
    anonymous_status, headers, _ = Visitor("198.51.100.11").get(
        cluster.ports["B"], "/admin/"
    )
    assert anonymous_status == 302 and "/admin/login/" in headers["Location"]


def test_application_on_a_is_seen_and_accepted_once_from_both(cluster, officer):
    applicant = Visitor("198.51.100.20")
    status, location = applicant.apply(cluster.ports["A"], 501)
    assert status == 302, location[:300]
    uscc = application_form(501)["uscc"]

    # A reviewer on B sees it.
    status, _, page = officer.get(cluster.ports["B"], "/admin/registry/application/")
    assert status == 200 and "Example Firm 501" in page
    ((pk,),) = cluster.query(
        "SELECT id FROM registry_application WHERE uscc = %s", uscc
    )

    # Accepted at the same moment on A and on B.
    _, _, change = officer.get(
        cluster.ports["A"], f"/admin/registry/application/{pk}/change/"
    )
    form = {"csrfmiddlewaretoken": hidden(change, "csrfmiddlewaretoken")}
    start = threading.Barrier(2)
    statuses = {}

    def accept(server):
        start.wait()
        statuses[server] = officer.post(
            cluster.ports[server], f"/admin/registry/application/{pk}/accept/", form
        )[0]

    threads = [threading.Thread(target=accept, args=(server,)) for server in "AB"]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert statuses == {"A": 302, "B": 302}
    organizations = cluster.query(
        "SELECT id FROM registry_organization WHERE uscc = %s", uscc
    )
    assert len(organizations) == 1
    memberships = cluster.query(
        "SELECT count(*) FROM registry_membership WHERE organization_id = %s",
        organizations[0][0],
    )
    assert memberships == [(1,)]
    assert cluster.query(
        "SELECT status FROM registry_application WHERE id = %s", pk
    ) == [("accepted",)]


def test_password_alone_opens_no_session_on_either_server(cluster):
    account = cluster.officer
    for server in "AB":
        visitor = Visitor("198.51.100.12")
        status, page = visitor.sign_in(
            cluster.ports[server], account.username, account.password
        )
        assert status == 200 and "six-digit code" in page
        assert visitor.get(cluster.ports[server], "/admin/")[0] == 302


def test_login_lockout_counts_across_both_servers(cluster):
    account = cluster.officer
    guesser = Visitor("198.51.100.60")
    attempts = [
        guesser.sign_in(cluster.ports[server], account.username, "wrong password")
        for server in "ABAB"
    ]
    assert [status for status, _ in attempts] == [200] * 4
    assert not any(LOCKOUT_PAGE[0] in page for _, page in attempts)

    # The fifth failure, on A after two there and two on B, locks the account
    # for this address on both servers, even with the right password.
    assert guesser.sign_in(cluster.ports["A"], account.username, "wrong")[0] == 429
    for port in cluster.ports.values():
        status, page = guesser.sign_in(port, account.username, account.password)
        assert status == 429 and all(text in page for text in LOCKOUT_PAGE)

    # Per username and address: the officer elsewhere is not locked out.
    status, page = Visitor("198.51.100.61").sign_in(
        cluster.ports["B"], account.username, "wrong password"
    )
    assert status == 200 and LOCKOUT_PAGE[0] not in page


def probe_pages(slug: str) -> list[str]:
    return [
        "/institutions/",
        "/zh-hans/institutions/",
        f"/organizations/{slug}/",
        f"/api/v1/organizations/{slug}/",
        "/api/v1/organizations/?kind=incubator",
    ]


def import_file(cluster, name: str, content: str):
    source = cluster.folder / name
    source.write_text(content)
    manage(cluster.env, "import_records", "organizations", str(source))


def unpublish_by_admin(cluster, officer, slug):
    ((pk,),) = cluster.query(
        "SELECT id FROM registry_organization WHERE slug = %s", slug
    )
    path = f"/admin/registry/organization/{pk}/change/"
    status, _, page = officer.get(cluster.ports["A"], path)
    assert status == 200
    fields = [(k, v) for k, v in form_fields(page) if k != "is_published"]
    status, _, page = officer.post(cluster.ports["A"], path, fields + [("_save", "")])
    assert status == 302, page[-3000:]


def unpublish_by_api(cluster, officer, slug):
    key = manage(
        cluster.env,
        "shell",
        "--no-imports",
        "-c",
        "from django.contrib.auth import get_user_model; "
        "from knox.models import AuthToken; "
        "print(AuthToken.objects.create("
        "user=get_user_model().objects.get(username='officer'))[1])",
    ).stdout.strip()
    connection = HTTPConnection("127.0.0.1", cluster.ports["A"], timeout=10)
    connection.request(
        "PATCH",
        f"/api/v1/organizations/{slug}/",
        body='{"is_published": false}',
        headers={
            "Authorization": f"Token {key}",
            "Content-Type": "application/json",
            "X-Forwarded-For": "198.51.100.70",
        },
    )
    response = connection.getresponse()
    assert response.status == 200, response.read()[:2000]
    connection.close()


def unpublish_by_import(cluster, officer, slug):
    import_file(
        cluster,
        f"{slug}-unpublish.csv",
        f"slug,is_published\n{slug},false\n",
    )


@pytest.mark.parametrize(
    "unpublish", [unpublish_by_admin, unpublish_by_api, unpublish_by_import]
)
def test_page_cached_on_b_is_fresh_after_unpublishing_through_a(
    cluster, officer, unpublish
):
    how = unpublish.__name__.removeprefix("unpublish_by_")
    slug, name = f"aaa-cache-probe-{how}", f"AAA Cache Probe {how}"
    import_file(cluster, f"{slug}.csv", f"slug,kind,name_en\n{slug},incubator,{name}\n")
    b = cluster.ports["B"]
    for path in probe_pages(slug):
        first = read(b, path)
        assert first[0] == 200 and name in first[1], path
        assert read(b, path) == first, path  # the second reader: from the cache
    assert cluster.redis.client().keys("*registry:page:*")

    unpublish(cluster, officer, slug)

    # At once, on every page and in either language: no page on B shows it.
    for path in probe_pages(slug):
        status, page = read(b, path)
        assert name not in page, path
        assert status == (404 if slug in path else 200), path


def test_application_rate_limit_counts_across_both_servers(cluster):
    applicant = Visitor("198.51.100.30")
    statuses = [
        applicant.apply(cluster.ports[server], 600 + n)[0]
        for n, server in enumerate("ABAB")
    ]
    assert statuses == [302] * RATE_LIMIT + [429]


def test_api_throttle_counts_across_both_servers(cluster):
    client = Visitor("198.51.100.35")
    statuses = [
        client.get(cluster.ports[server], "/api/v1/sectors/")[0] for server in "ABABA"
    ]
    assert statuses == [200] * API_RATE + [429]


def test_redis_outage_leaves_both_serving_and_caching_resumes(cluster):
    visitor = Visitor("198.51.100.40")
    a, b = cluster.ports["A"], cluster.ports["B"]
    assert visitor.get(a, "/api/v1/sectors/")[0] == 200
    assert cluster.redis.client().keys("*throttle*")

    cluster.redis.stop()
    try:
        for port in (a, b):
            for path in ("/", "/members/", "/api/v1/sectors/"):
                assert visitor.get(port, path)[0] == 200, (port, path)
        status, _, body = visitor.get(a, "/readyz")
        assert status == 503 and '"failing": ["redis"]' in body
        assert '"logger": "registry.cache"' in cluster.log("A")
    finally:
        cluster.redis.start()

    wait_for(lambda: visitor.get(b, "/readyz")[0] == 200, 10, "/readyz stays 503")
    assert cluster.redis.client().keys("*") == []
    assert visitor.get(b, "/api/v1/sectors/")[0] == 200
    assert cluster.redis.client().keys("*throttle*"), "caching did not resume"


def test_postgresql_outage_gives_a_friendly_503_and_both_recover(cluster):
    visitor = Visitor("198.51.100.50")
    a, b = cluster.ports["A"], cluster.ports["B"]
    cluster.postgresql.stop()
    try:
        started = time.monotonic()
        status, _, body = visitor.get(a, "/readyz")
        assert time.monotonic() - started < 2
        assert status == 503 and '"database"' in body
        for port in (a, b):
            for path in ("/", "/zh-hans/members/"):
                status, headers, page = visitor.get(port, path)
                assert status == 503, (port, path)
                assert all(text in page for text in OUTAGE_PAGE)
                assert "Traceback" not in page and headers["Retry-After"] == "30"
    finally:
        cluster.postgresql.start()

    for port in (a, b):
        wait_for(
            lambda port=port: (
                visitor.get(port, "/")[0] == 200
                and visitor.get(port, "/readyz")[0] == 200
            ),
            20,
            f"the server on {port} did not recover",
        )
