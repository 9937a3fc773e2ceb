"""The member list's query plan does not depend on luck, on either database.

At 20,000 organizations, asking each organization "are you a current member?"
must be an index lookup (or, on PostgreSQL, one semi-join), never a scan of
the program's memberships per organization: that plan once made one request
to /members/ take minutes on SQLite. The plan is asserted, never the time.
"""

import pytest
from django.core.management import call_command
from django.db import connection

from registry.filters import order_by_reader_name
from registry.models import Organization, Program
from registry.services import load_seed_data


@pytest.fixture
def large_registry(db):
    load_seed_data()
    call_command(
        "generate_demo_data",
        "--organizations",
        "20000",
        "--allow-production",
        verbosity=0,
    )
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
