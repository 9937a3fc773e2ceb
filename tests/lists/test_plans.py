"""Sorted lists read their rows in the order of an index, on either database.

At 20,000 organizations each test asks for a page as a reader does, takes the
SQL the page ran and reads the database's plan for it (EXPLAIN): the list must
walk an index in its own order and stop at the page's last row, never sort
every member first. On SQLite the plans must also be the same without any
statistics, as `make run` leaves them. The plan is asserted, never the time.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry.database import refresh_planner_statistics
from registry.installation import load_seed_data
from tests.conftest import rows_for_the_module
from tests.factories import demo_organizations

SQLITE = connection.vendor == "sqlite"
# The API's page size: a deep page lies in the first half of 401 pages, where
# the paginator skips its offset over primary keys alone.
DEEP_API_PAGE = "/api/v1/organizations/?page=200"


def fill_registry():
    load_seed_data()
    demo_organizations(20000)


# Built once for the module: building it took 10 to 17 s, once per test.
large_registry_rows = rows_for_the_module(fill_registry)


@pytest.fixture
def large_registry(large_registry_rows, db):
    """The seed and 20,000 demo organizations."""


def plan_of(client, path: str, marker: str) -> str:
    """The plan of the first query `path` runs whose SQL holds `marker`."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    sql = next(q["sql"] for q in captured.captured_queries if marker in q["sql"])
    with connection.cursor() as cursor:
        cursor.execute(("EXPLAIN QUERY PLAN " if SQLITE else "EXPLAIN ") + sql)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


def assert_read_in_order(plan: str, index: str) -> None:
    """The rows come from `index` in the list's order; at most the rows that
    tie on its columns are put in order among themselves."""
    assert re.search(index, plan), plan
    if SQLITE:
        assert "USE TEMP B-TREE FOR ORDER BY" not in plan, plan
    else:
        # A Sort node, not an Incremental Sort's "Sort Key" line.
        assert not re.search(r"^\s*(->\s*)?Sort\s+\(", plan, re.M), plan


# SQLite reads either date index backwards as well as forwards.
NEWEST = (
    "registry_membership_(newest|oldest)" if SQLITE else "registry_membership_newest"
)
OLDEST = (
    "registry_membership_(newest|oldest)" if SQLITE else "registry_membership_oldest"
)
LISTS = [
    # (path, marker of the list's query, the index it reads in order)
    ("/members/?sector=it&ordering=-joined", " LIMIT 25", NEWEST),
    ("/members/?ordering=-joined&page=3", " LIMIT 25", NEWEST),
    ("/zh-hans/members/?ordering=joined", " LIMIT 25", OLDEST),
    ("/feeds/members/", " LIMIT 50", "registry_membership_created"),
]


def test_lists_sorted_by_date_read_an_index_in_their_order(client, large_registry):
    for path, marker, index in LISTS:
        assert_read_in_order(plan_of(client, path, marker), index)
    if SQLITE:  # As a registry that `make run` made has them: no statistics.
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM sqlite_stat1")
        for path, marker, index in LISTS:
            assert_read_in_order(plan_of(client, path, marker), index)


def test_the_api_reads_memberships_program_by_program(client, large_registry):
    plan = plan_of(client, "/api/v1/memberships/", " LIMIT 50")
    assert_read_in_order(plan, NEWEST)


@pytest.mark.skipif(not SQLITE, reason="PostgreSQL: see the test below")
def test_a_deep_api_page_skips_its_offset_in_the_sort_index(client, large_registry):
    plan = plan_of(client, DEEP_API_PAGE, "OFFSET")
    assert_read_in_order(plan, "USING INDEX registry_org_sort_en")


@pytest.mark.skipif(SQLITE, reason="PostgreSQL's visibility map")
@pytest.mark.django_db(transaction=True)
def test_a_deep_api_page_reads_the_sort_index_alone_after_big_writes(client):
    # As after `generate_demo_data` or `migrate`, outside any transaction:
    # without VACUUM the planner sorted every organization for a deep page.
    fill_registry()
    refresh_planner_statistics()
    plan = plan_of(client, DEEP_API_PAGE, "OFFSET")
    assert "Index Only Scan using registry_org_sort_en" in plan, plan
