"""What the database needs to plan the registry's queries well."""

from django.db import DEFAULT_DB_ALIAS, connections


def refresh_planner_statistics(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """Refresh the statistics the query planner chooses indexes by.

    Without them SQLite guesses, and can pick an index that makes the member
    list scan memberships once per organization. Run after migrations and
    after big writes; PostgreSQL's autovacuum would get there too, later.
    """
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA optimize")
