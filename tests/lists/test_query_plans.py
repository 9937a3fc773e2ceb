"""The member list's query plan does not depend on luck, on either database.

At 20,000 organizations, asking each organization "are you a current member?"
must be an index lookup (or, on PostgreSQL, one semi-join), never a scan of
the program's memberships per organization: that plan once made one request
to /members/ take minutes on SQLite. A search finds its rows by index, then
sorts them: it never reads every organization's key, nor walks the sort index
testing row after row (which read nearly the whole table for "张江" on the
English page, whose matches sort late). The plan is asserted, never the time.
"""

import re
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry.caching import version as registry_version
from registry.installation import load_seed_data
from registry.lists.filters import order_by_reader_name
from registry.models import Organization, Program
from registry.search.index import PG_GRAMS_INDEX, PG_TRIGRAM_INDEX
from tests.conftest import rows_for_the_module
from tests.factories import demo_organizations

SEARCHES = ["zhangjiang", "zj", "李政", "張江", "量", "quantum"]


def fill_registry():
    """The seed and 20,000 demo organizations."""
    load_seed_data()
    demo_organizations(20000)


# Built once for the module: building it took 10 to 17 s, once per test.
large_registry_rows = rows_for_the_module(fill_registry)


@pytest.fixture
def large_registry(large_registry_rows, db):
    members = Organization.objects.published().current_members(
        Program.objects.get(code="GOI")
    )
    return [members, order_by_reader_name(members)[:25]]


def plans(querysets) -> list[str]:
    return [queryset.explain() for queryset in querysets]


def assert_members_by_index(plan: str) -> None:
    if connection.vendor == "sqlite":
        membership_lines = [line for line in plan.splitlines() if " U0" in line]
        assert membership_lines, plan
        for line in membership_lines:
            assert "USING COVERING INDEX registry_membership_current" in line, plan
    else:
        assert "SubPlan" not in plan, plan


def test_members_are_found_by_index_with_and_without_statistics(large_registry):
    as_migrated = plans(large_registry)  # statistics from `migrate`, before the data
    for plan in as_migrated:
        assert_members_by_index(plan)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    analyzed = plans(large_registry)
    for plan in analyzed:
        assert_members_by_index(plan)
    if connection.vendor == "sqlite":
        assert analyzed == as_migrated
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM sqlite_stat1")
        assert plans(large_registry) == as_migrated


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner only")
def test_a_page_sorted_by_name_reads_the_sort_index(large_registry):
    english = large_registry[1].explain()
    assert "USING INDEX registry_org_sort_en" in english
    assert "TEMP B-TREE" not in english


def search_plans(client) -> list[tuple[str, str, str]]:
    """(URL, word, plan) of each query that searches when the bench's searches
    are asked for, in English and Chinese and by the API."""
    urls = [
        (f"{prefix}/members/?q={quote(term)}", term)
        for term in SEARCHES
        for prefix in ("", "/zh-hans")
    ] + [("/api/v1/organizations/?q=quantum", "quantum")]
    found = []
    for url, term in urls:
        # A new registry version: no figure is known, so each URL counts too
        # (a list's count is shared by both languages).
        registry_version.bump_version()
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        searching = [q["sql"] for q in captured if "search_key" in q["sql"]]
        assert len(searching) == 2, url  # the count and the page
        found += [(url, term, explain(sql)) for sql in searching]
    return found


def explain(sql: str) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            return "\n".join(row[-1] for row in cursor.fetchall())
        cursor.execute("EXPLAIN " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def assert_found_first_then_sorted(term: str, plan: str) -> None:
    """The rows an index gives are read first (on PostgreSQL, where they lie in
    the table): the page sorts what was found."""
    assert "registry_org_sort_" not in plan, plan  # no walk through the sort index
    if connection.vendor == "sqlite":
        assert (
            "SEARCH registry_organization USING INTEGER PRIMARY KEY (rowid=?)" in plan
        ), plan
        assert not re.search(r"^SCAN registry_organization( |$)", plan, re.M), plan
    else:
        assert "Tid Scan on registry_organization" in plan, plan
        assert "TID Cond: (ctid = ANY ($" in plan, plan
        assert not re.search(r"Seq Scan on registry_organization$", plan, re.M), plan


def assert_candidates_by_index(term: str, plan: str) -> None:
    if connection.vendor == "sqlite":
        index = (
            "registry_organization_search VIRTUAL TABLE"
            if len(term) >= 3
            else "registry_organization_search_trigrams VIRTUAL TABLE"
        )
        assert f"SCAN {index}" in plan, plan
    else:
        index = PG_TRIGRAM_INDEX if len(term) >= 3 else PG_GRAMS_INDEX
        assert f"Bitmap Index Scan on {index}" in plan, plan


def test_searches_find_rows_by_index_then_sort_them(client, large_registry):
    for _url, term, plan in search_plans(client):  # statistics from generate_demo_data
        if connection.vendor == "sqlite":
            assert_candidates_by_index(term, plan)
        assert_found_first_then_sorted(term, plan)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    for _url, term, plan in search_plans(client):
        assert_found_first_then_sorted(term, plan)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM sqlite_stat1")
        for _url, term, plan in search_plans(client):
            assert_found_first_then_sorted(term, plan)
    else:
        # At 20,000 organizations PostgreSQL may rightly read the whole table
        # for the candidates (a fifth of the size where the index wins): with
        # sequential reads priced out, the plan shows the index serves them.
        with connection.cursor() as cursor:
            cursor.execute("SET enable_seqscan = off")
        try:
            plans = search_plans(client)
        finally:
            with connection.cursor() as cursor:
                cursor.execute("RESET enable_seqscan")
        for _url, term, plan in plans:
            assert_candidates_by_index(term, plan)
            assert_found_first_then_sorted(term, plan)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's JIT")
def test_postgresql_runs_queries_without_compiling_them_first(db):
    """A download of a whole list is costed high enough for PostgreSQL to
    compile it before it runs, which held its first rows back by up to half a
    second; the registry's short queries gain nothing from it."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_every_postgresql_connection_turns_compilation_off():
    from tests.env_settings import settings_with

    databases = settings_with(
        DATABASE_URL="postgresql://registry@db.internal/registry",
        DATABASE_REPLICA_URL="postgresql://registry@replica.internal/registry",
    )["DATABASES"]
    for alias in ("default", "replica"):
        assert databases[alias]["OPTIONS"]["options"] == "-c jit=off", alias
        assert databases[alias]["OPTIONS"]["connect_timeout"] == 5, alias
