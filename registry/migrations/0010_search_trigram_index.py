"""Indexes for search: FTS5 trigrams on SQLite, pg_trgm and short pieces on PostgreSQL.

Indexes every organization there is. The statements are this migration's own,
as they were when it was written: `registry/search/index.py` describes the
index and keeps its SQLite triggers repaired after later migrations.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

SQLITE_TABLES = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS registry_organization_search USING fts5("
    "search_key, content='', tokenize='trigram', detail='none')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS registry_organization_search_trigrams "
    "USING fts5vocab(registry_organization_search, 'instance')",
]
SQLITE_TRIGGERS = {
    "registry_organization_search_insert": """
        CREATE TRIGGER IF NOT EXISTS registry_organization_search_insert
        AFTER INSERT ON registry_organization BEGIN
            INSERT INTO registry_organization_search(rowid, search_key)
            VALUES (new.id, replace(new.search_key, char(0), '') || char(10, 10));
        END""",
    "registry_organization_search_update": """
        CREATE TRIGGER IF NOT EXISTS registry_organization_search_update
        AFTER UPDATE ON registry_organization
        WHEN old.search_key IS NOT new.search_key OR old.id IS NOT new.id BEGIN
            INSERT INTO registry_organization_search(
                registry_organization_search, rowid, search_key
            ) VALUES (
                'delete', old.id, replace(old.search_key, char(0), '') || char(10, 10)
            );
            INSERT INTO registry_organization_search(rowid, search_key)
            VALUES (new.id, replace(new.search_key, char(0), '') || char(10, 10));
        END""",
    "registry_organization_search_delete": """
        CREATE TRIGGER IF NOT EXISTS registry_organization_search_delete
        AFTER DELETE ON registry_organization BEGIN
            INSERT INTO registry_organization_search(
                registry_organization_search, rowid, search_key
            ) VALUES (
                'delete', old.id, replace(old.search_key, char(0), '') || char(10, 10)
            );
        END""",
}
SQLITE_REINDEX = [
    "INSERT INTO registry_organization_search(registry_organization_search) "
    "VALUES ('delete-all')",
    "INSERT INTO registry_organization_search(rowid, search_key) "
    "SELECT id, replace(search_key, char(0), '') || char(10, 10) "
    "FROM registry_organization",
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS registry_organization_search_insert",
    "DROP TRIGGER IF EXISTS registry_organization_search_update",
    "DROP TRIGGER IF EXISTS registry_organization_search_delete",
    "DROP TABLE IF EXISTS registry_organization_search_trigrams",
    "DROP TABLE IF EXISTS registry_organization_search",
]
PG_CREATE_FUNCTION = """
    CREATE OR REPLACE FUNCTION registry_search_grams(key text) RETURNS text[]
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT array_agg(DISTINCT substr(key, i, n))
        FROM generate_series(1, length(key)) AS i, generate_series(1, 2) AS n
    $$"""
PG_DROP_FUNCTION = "DROP FUNCTION IF EXISTS registry_search_grams(text)"
PG_CREATE_INDEXES = [
    "CREATE INDEX registry_org_search_trgm ON registry_organization "
    "USING gin (search_key gin_trgm_ops)",
    "CREATE INDEX registry_org_search_grams ON registry_organization "
    "USING gin ((registry_search_grams(search_key)))",
]
PG_DROP_INDEXES = [
    "DROP INDEX IF EXISTS registry_org_search_trgm",
    "DROP INDEX IF EXISTS registry_org_search_grams",
]


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = SQLITE_TABLES + SQLITE_REINDEX + list(SQLITE_TRIGGERS.values())
    elif vendor == "postgresql":
        statements = [PG_CREATE_FUNCTION, *PG_CREATE_INDEXES]
    else:
        statements = []
    for statement in statements:
        schema_editor.execute(statement)


def remove(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = SQLITE_REMOVE
    elif vendor == "postgresql":
        statements = [*PG_DROP_INDEXES, PG_DROP_FUNCTION]
    else:
        statements = []
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0009_hist_organization_sectors_history"),
    ]

    operations = [
        TrigramExtension(),  # PostgreSQL only; a no-op elsewhere
        migrations.RunPython(install, remove),
    ]
