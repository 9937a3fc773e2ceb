"""What the database needs to plan the registry's queries well."""

from django.db import DEFAULT_DB_ALIAS, connections


def refresh_planner_statistics(*, using: str = DEFAULT_DB_ALIAS) -> None:
    """Refresh the statistics the query planner chooses indexes by.

    Without them SQLite guesses, and can pick an index that makes the member
    list scan memberships once per organization. Run after migrations and
    after big writes; PostgreSQL's autovacuum would get there too, later.

    On PostgreSQL, outside a transaction, VACUUM comes with it: it marks the
    table's pages that every transaction sees (the visibility map), and only
    then is reading a sorted index alone cheap. A deep page skips its offset
    that way; before it, the planner sorted every organization instead.
    """
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            cursor.execute("VACUUM (ANALYZE)")
        else:
            cursor.execute("ANALYZE")
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA optimize")
