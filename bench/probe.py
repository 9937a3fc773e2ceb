"""In-process probe of the bench database: the URLs to measure and their queries.

Run by bench/run.py with the bench's environment (DATABASE_URL names the
scratch database). Prints JSON: the URLs (which depend on the data: the last
page, an organization's address) and, for each, the number of SQL queries one
request makes, the time the database spends on them and the CPU time the
request costs this process (each the fastest of three). The floor's CPU time
too: a page at 0.10× the floor may cost about ten times it.
"""

import json
import os
import sys
import time
from urllib.parse import quote

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pudong_registry.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from registry.models import Membership, Organization, Program  # noqa: E402

HTML_PAGE_SIZE = 25  # the public lists' page size
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
    api_pages = max(1, -(-Organization.objects.published().count() // 50))
    return {
        "last_page": max(1, -(-members // HTML_PAGE_SIZE)),
        "slug": organization.slug,
        # Page 1000 of 2,000 at full size; at the small size the page at the
        # same place in the list (its middle), so both sizes read it one way.
        "api_deep_page": max(1, min(1000, api_pages // 2)),
        "members": members,
    }


def urls(facts: dict) -> list[dict]:
    """Every URL the issue names; pages in English and Chinese."""
    pages = [
        ("members", "/members/"),
        ("members, last page", f"/members/?page={facts['last_page']}"),
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
    deep = facts["api_deep_page"]
    for name, path in [
        ("API organizations", "/api/v1/organizations/"),
        ("API organizations, deep page", f"/api/v1/organizations/?page={deep}"),
        ("API search quantum", "/api/v1/organizations/?q=quantum"),
        ("API memberships", "/api/v1/memberships/"),
        ("feed of new members", "/feeds/members/"),
    ]:
        found.append({"name": name, "lang": "", "path": path, "kind": "api"})
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
