"""In-process probe of the bench database: the URLs to measure and their queries.

Run by bench/run.py with the bench's environment (DATABASE_URL names the
scratch database). Prints JSON: the URLs (which depend on the data: the last
page, an organization's address) and, for each, the number of SQL queries one
request makes, the time the database spends on them and the CPU time the
request costs this process (each the fastest of three). The floor's CPU time
too: a page at 0.10× the floor may cost about ten times it.

Among the URLs: the plain-Django peer of /members/ (bench/peer.py, served by
bench.settings), and pages in the middle of the lists, not only the last.
"""

import json
import os
import sys
import time
from urllib.parse import quote

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from registry.models import Membership, Organization, Program  # noqa: E402

HTML_PAGE_SIZE = 25  # the public lists' page size
API_PAGE_SIZE = 50  # REGISTRY_API_PAGE_SIZE
# The pages measured besides the first and the last, at 100,000 organizations
# (about 2,000 pages of members, and of the API's organizations). A smaller run
# reads the pages at the same places in its shorter lists.
PAGE_NUMBERS = (2, 100, 1000, 1999)
FULL_PAGES = 2000
PEER = "/bench-peer/members/"  # bench/peer.py
# The streamed CSV downloads: the pages' and the API's, each the whole list.
DOWNLOADS = {
    "csv": "/members/?format=csv",
    "api_csv": "/api/v1/organizations/?format=csv",
}
FLOOR = "/robots.txt"  # bench/run.py's floor
SEARCHES = ["zhangjiang", "zj", "李政", "張江", "量", "quantum"]


def data_dependent() -> dict:
    program = Program.objects.filter(code="GOI").first()
    members = Organization.objects.published().current_members(program).count()
    organization = (
        Organization.objects.published()
        .filter(
            memberships__status=Membership.Status.ACTIVE, recognitions__isnull=False
        )
        .order_by("-pk")
        .first()
    ) or Organization.objects.published().order_by("-pk").first()
    api_pages = max(1, -(-Organization.objects.published().count() // API_PAGE_SIZE))
    return {
        "last_page": max(1, -(-members // HTML_PAGE_SIZE)),
        "api_last_page": api_pages,
        "slug": organization.slug,
        "members": members,
    }


def page_at(number: int, pages: int) -> int:
    """Page `number` of a full-size list, or the page at the same place in a
    shorter one: the paginator reads a page in the first half forwards and one
    in the second half backwards, so both sizes read it the same way."""
    if pages >= FULL_PAGES:
        return number
    return max(2, min(pages - 1, round(number * pages / FULL_PAGES)))


def middle_pages(name: str, path: str, pages: int) -> list[tuple[str, str]]:
    """(name, path) of the pages PAGE_NUMBERS names, named by their full-size
    number (the path says which page it is at this size)."""
    return [
        (f"{name}, page {n}", f"{path}?page={page_at(n, pages)}") for n in PAGE_NUMBERS
    ]


def urls(facts: dict) -> list[dict]:
    """Every URL the issue names; pages in English and Chinese."""
    last, api_last = facts["last_page"], facts["api_last_page"]
    pages = [
        ("members", "/members/"),
        ("members, last page", f"/members/?page={last}"),
        ("members, sector, by joined", "/members/?sector=it&ordering=-joined"),
        ("institutions", "/institutions/"),
        ("home", "/"),
        ("program", "/programs/goi/"),
        ("awards", "/awards/"),
        ("organization", f"/organizations/{facts['slug']}/"),
    ] + [(f"search {q}", f"/members/?q={quote(q)}") for q in SEARCHES]
    found = []
    for name, path in pages:
        found.append({"name": name, "lang": "en", "path": path, "kind": "page"})
        found.append(
            {"name": name, "lang": "zh", "path": "/zh-hans" + path, "kind": "page"}
        )
    for name, path in middle_pages("members", "/members/", last):
        found.append({"name": name, "lang": "en", "path": path, "kind": "page"})
    api = "/api/v1/organizations/"
    for name, path in [
        ("API organizations", api),
        *middle_pages("API organizations", api, api_last),
        ("API organizations, last page", f"{api}?page={api_last}"),
        ("API search quantum", f"{api}?q=quantum"),
        ("API memberships", "/api/v1/memberships/"),
        ("feed of new members", "/feeds/members/"),
    ]:
        found.append({"name": name, "lang": "", "path": path, "kind": "api"})
    # The plain-Django peer: the same members, 25 a page, in English.
    for name, path in [
        ("peer members", PEER),
        *middle_pages("peer members", PEER, last),
        ("peer members, last page", f"{PEER}?page={last}"),
    ]:
        found.append({"name": name, "lang": "en", "path": path, "kind": "peer"})
    return found


def measure(path: str, runs: int = 3) -> tuple[int, float, int, float]:
    """Queries, DB ms, status and CPU ms (in this process) of one request."""
    client = Client()
    best, cpu, queries, status = None, None, 0, 0
    for _ in range(runs):
        started = time.process_time()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
            if getattr(response, "streaming", False):
                b"".join(response.streaming_content)
        spent_cpu = time.process_time() - started
        status = response.status_code
        queries = len(captured)
        spent = sum(float(q.get("time") or 0) for q in captured.captured_queries)
        best = spent if best is None else min(best, spent)
        cpu = spent_cpu if cpu is None else min(cpu, spent_cpu)
    return queries, round(best * 1000, 1), status, round(cpu * 1000, 1)


def main() -> None:
    assert "testserver" in settings.ALLOWED_HOSTS or "*" in settings.ALLOWED_HOSTS
    facts = data_dependent()
    found = urls(facts)
    for url in found:
        url["queries"], url["db_ms"], url["status"], url["cpu_ms"] = measure(
            url["path"]
        )
    floor_cpu_ms = measure(FLOOR, runs=20)[3]
    downloads = {}
    for key, path in DOWNLOADS.items():
        queries, db_ms, status, _cpu_ms = measure(path, runs=1)
        downloads[key] = {
            "path": path,
            "queries": queries,
            "db_ms": db_ms,
            "status": status,
        }
    json.dump(
        {
            "facts": facts,
            "urls": found,
            "floor_cpu_ms": floor_cpu_ms,
            **downloads,
        },
        sys.stdout,
        ensure_ascii=False,
    )


if __name__ == "__main__":
    main()
